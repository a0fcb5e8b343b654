import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { openDatabase } from '../../server/src/db/database.js';
import { tempDir } from '../../server/test/support/process.js';
import { atBothWidths } from './a11y.js';
import { ADMIN, adminClient, newPage, POLL, RESULTS, scenario, signIn } from './support.js';

const DAY = 24 * 60 * 60 * 1000;
/** The README's picture of the Seats page: replaced only with PADDOCK_UPDATE_SCREENSHOT=1 (see readme-screenshot.test.ts). */
const README_PNG = fileURLToPath(new URL('../../../docs/dashboard-seats.png', import.meta.url));
const dataDir = tempDir();
const { server, browser } = scenario({ PADDOCK_DATA_DIR: dataDir });

/**
 * Makes a user look as a server that has run for months holds them: invited `invitedDaysAgo` days
 * ago and last signed in `signedInDaysAgo` days ago (null: never). Written in the server's SQLite
 * file, since the running server's clock cannot be moved.
 */
async function backdate(email: string, invitedDaysAgo: number, signedInDaysAgo: number | null): Promise<void> {
  const db = openDatabase({ url: path.join(dataDir, 'paddock.sqlite') });
  const now = Date.now();
  const signedIn = signedInDaysAgo === null ? null : now - signedInDaysAgo * DAY;
  try {
    await db.kysely
      .updateTable('users')
      .set({ created_at: now - invitedDaysAgo * DAY, last_login_at: signedIn, last_active_at: signedIn })
      .where('email', '=', email)
      .execute();
  } finally {
    await db.destroy();
  }
}

it('the Seats view, reached from the seat meter, lists idle users (admins listed, not chosen) and frees their seats in one step', async () => {
  // Community: 5 seats, all taken; four of the five have not signed in for months.
  const admin = adminClient(server().url);
  for (const [email, first, last] of [['ann@example.com', 'Ann', 'Lee'], ['bob@example.com', 'Bob', 'Marsh'], ['carol@example.com', 'Carol', 'Ngata']] as const) {
    await admin.inviteUser(email, undefined, { firstName: first, lastName: last });
  }
  await admin.inviteUser('dan@example.com', undefined, { firstName: 'Dan', lastName: 'Okafor', role: 'admin' });
  await backdate('ann@example.com', 200, null);
  await backdate('bob@example.com', 300, 120);
  await backdate('carol@example.com', 300, 95);
  await backdate('dan@example.com', 300, 100);

  const { page } = await newPage(browser());
  await signIn(page, server().url, ADMIN.email, ADMIN.password);
  const meter = page.getByTestId('seat-meter');
  await expect.poll(() => meter.innerText(), POLL).toContain('5 of 5 seats used — Community');
  await meter.click();
  await page.getByRole('heading', { level: 1, name: 'Seats' }).waitFor();
  expect(new URL(page.url()).pathname).toBe('/seats');

  const table = page.getByRole('table', { name: /idle for more than 90 days/ });
  await expect.poll(() => table.locator('caption').innerText(), POLL).toBe('4 users idle for more than 90 days, 1 of them an admin');
  const rows = page.getByTestId('idle-user');
  // The most recently active first; the admin is listed but not chosen.
  await expect.poll(async () => rows.getByRole('link').allInnerTexts(), POLL).toEqual(['carol@example.com', 'dan@example.com', 'bob@example.com', 'ann@example.com']);
  expect(await rows.filter({ hasText: 'ann@example.com' }).innerText()).toContain('never (invited');
  expect(await page.getByLabel('Select dan@example.com').isChecked()).toBe(false);
  for (const email of ['ann@example.com', 'bob@example.com', 'carol@example.com']) expect(await page.getByLabel(`Select ${email}`).isChecked()).toBe(true);
  await page.getByText('3 selected: frees 3 seats').waitFor();
  await atBothWidths(page, 'seats-idle');
  if (process.env['PADDOCK_UPDATE_SCREENSHOT'] === '1') copyFileSync(path.join(RESULTS, 'seats-idle-1280.png'), README_PNG);

  await page.getByRole('button', { name: 'Deactivate selected' }).click();
  const dialog = page.getByRole('dialog');
  expect(await dialog.innerText()).toContain('Deactivate 3 users? Their sessions end at once and 3 seats come back (0 free now, 3 after).');
  await atBothWidths(page, 'seats-confirm');
  await dialog.getByRole('button', { name: 'Deactivate 3 users' }).click();

  await page.getByTestId('reclaim-outcome').filter({ hasText: 'Deactivated 3 users: 3 seats freed. 2 of 5 seats used, 3 free.' }).waitFor();
  await expect.poll(() => meter.innerText(), POLL).toContain('2 of 5 seats used — Community');
  await expect.poll(async () => rows.getByRole('link').allInnerTexts(), POLL).toEqual(['dan@example.com']);
  const users = await admin.listUsers({ status: 'inactive' });
  expect([...users].map((u) => u.email).sort()).toEqual(['ann@example.com', 'bob@example.com', 'carol@example.com']);
  await atBothWidths(page, 'seats-freed');

  // The policy: off until saved; its preview never takes an admin.
  const policy = page.getByRole('form', { name: 'Idle-seat policy' });
  await policy.getByLabel('Deactivate idle users automatically').check();
  await policy.getByRole('button', { name: 'Preview' }).click();
  await policy.getByTestId('policy-preview').filter({ hasText: 'If it ran now, it would deactivate no one.' }).waitFor();
  await policy.getByRole('button', { name: 'Save policy' }).click();
  await policy.getByRole('status').filter({ hasText: 'Saved: users idle for more than 90 days are deactivated automatically.' }).waitFor();
  expect(await admin.getSeatPolicy()).toMatchObject({ enabled: true, days: 90 });
  await atBothWidths(page, 'seats-policy');
});
