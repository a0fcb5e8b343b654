import { Client, PaddockError } from '@paddock/sdk';
import { expect, it } from 'vitest';
import { expectAccessible } from './a11y.js';
import { ADMIN, adminClient, newPage, POLL, scenario, screenshot, signIn, unnamedControls } from './support.js';

const { server, browser } = scenario();
const ANN = { email: 'ann@example.com', password: 'ann-password-123' };

it("a non-admin sees their own workspaces, manages those they own, and reads 'you need the admin role' on admin pages (390 px wide)", async () => {
  const api = adminClient(server().url);
  await api.inviteUser(ANN.email, ANN.password);
  await api.inviteUser('bob@example.com');
  const shared = await api.createWorkspace('shared');
  await shared.addUser(ANN.email);
  await api.createWorkspace('admins-only');

  const { page } = await newPage(browser(), 390);
  await signIn(page, server().url, ANN.email, ANN.password);
  await expect.poll(() => new URL(page.url()).pathname, POLL).toBe('/workspaces');
  const nav = page.getByRole('navigation', { name: 'Sections' });
  expect(await nav.getByRole('link').allInnerTexts()).toEqual(['Workspaces']);
  expect(await page.getByTestId('seat-meter').count()).toBe(0);
  const names = page.locator('tbody tr td:first-child');
  await expect.poll(() => names.allInnerTexts(), POLL).toEqual([`${ANN.email} - Default Workspace`, 'shared']);
  await screenshot(page, 'non-admin-workspaces-390');
  await expectAccessible(page, 'non-admin-workspaces-390');
  expect(await unnamedControls(page)).toEqual([]);

  // A workspace she collaborates on: read-only.
  await page.getByRole('link', { name: 'shared' }).click();
  await page.getByRole('heading', { name: 'shared' }).waitFor();
  expect(await page.getByRole('form', { name: 'Add a member' }).count()).toBe(0);
  expect(await page.getByRole('button', { name: /^Remove/ }).count()).toBe(0);
  await expectAccessible(page, 'a workspace she collaborates on');

  // One she owns: she manages its members.
  await page.getByRole('link', { name: '← Workspaces' }).click();
  await page.getByRole('link', { name: `${ANN.email} - Default Workspace` }).click();
  await page.getByRole('form', { name: 'Add a member' }).getByLabel('Member email').fill('bob@example.com');
  await page.getByRole('button', { name: 'Add member' }).click();
  await page.getByLabel('Role of bob@example.com').waitFor();
  await expectAccessible(page, 'a workspace she owns');

  // The API refuses her the audit log and the licence (it lets her list users, with fewer fields, which
  // the dashboard leaves to the CLI and the SDK); each admin page says so, and shows nothing of anyone else's.
  const asAnn = new Client({ url: server().url, auth: { type: 'password', username: ANN.email, password: ANN.password } });
  const codeOf = async (call: () => Promise<unknown>) => call().then(() => 'allowed', (err: unknown) => (err instanceof PaddockError ? err.code : String(err)));
  expect([await codeOf(async () => asAnn.queryAudit()), await codeOf(async () => asAnn.getLicense())]).toEqual(['FORBIDDEN', 'FORBIDDEN']);
  for (const [path, what] of [['/users', 'users'], ['/audit', 'audit log'], ['/license', 'licence']] as const) {
    await page.goto(`${server().url}${path}`);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect([await alert.getAttribute('data-code'), await alert.innerText()]).toEqual(['FORBIDDEN', expect.stringContaining(`You need the admin role to see ${what}`)]);
    expect(await page.getByRole('main').getByRole('table').count()).toBe(0);
    expect(await page.getByRole('main').innerText()).not.toContain('bob@example.com');
    await expectAccessible(page, `${path} as a non-admin`);
  }
  await screenshot(page, 'non-admin-admin-page-390');
  // Signed in as Ann, not as the admin who set the scenario up.
  const banner = await page.getByRole('banner').innerText();
  expect(banner).toContain(ANN.email);
  expect(banner).not.toContain(ADMIN.email);
});
