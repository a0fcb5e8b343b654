import { expect, it } from 'vitest';
import { licence, licenceKeys } from './licences.js';
import { expectAccessible } from './a11y.js';
import { ADMIN, adminClient, newPage, POLL, scenario, screenshot, signIn } from './support.js';

const keys = licenceKeys();
const { server, browser } = scenario({ PADDOCK_LICENSE_PUBLIC_KEY: keys.publicPem });

it('a licence with fewer seats than active users: the upload warns in place, the meter says how many are over, and an invitation is refused', async () => {
  const admin = adminClient(server().url);
  for (const email of ['ann@example.com', 'bob@example.com', 'carol@example.com', 'dan@example.com']) await admin.inviteUser(email);
  const { page } = await newPage(browser());
  await signIn(page, server().url, ADMIN.email, ADMIN.password, '/license');
  const meter = page.getByTestId('seat-meter');
  await expect.poll(() => meter.innerText(), POLL).toContain('5 of 5 seats used — Community');

  const form = page.getByRole('form', { name: 'Install a licence' });
  await form.getByLabel('Licence file').setInputFiles({
    name: 'small.license',
    mimeType: 'text/plain',
    buffer: Buffer.from(licence({ edition: 'enterprise', sub: 'Acme', seats: 2 }, keys.privateKey)),
  });
  await form.getByRole('button', { name: 'Install licence' }).click();
  await form.getByRole('status').filter({ hasText: 'Installed: Enterprise, 2 seats, for Acme.' }).waitFor();
  await form.getByTestId('licence-warning').waitFor();

  await expect.poll(() => meter.innerText(), POLL).toContain('5 of 2 seats used: 3 over the licence — Enterprise');
  expect(await meter.getAttribute('class')).toBe('seats over');
  expect(await page.getByTestId('over-by').innerText()).toMatch(/^3\b/);
  await screenshot(page, 'seat-overuse');
  await expectAccessible(page, 'seat-overuse');

  await page.getByRole('link', { name: 'Users' }).click();
  await page.getByRole('button', { name: 'Invite user' }).click();
  const invite = page.getByRole('form', { name: 'Invite a user' });
  await invite.getByLabel('Email').fill('erin@example.com');
  await invite.getByRole('button', { name: 'Invite' }).click();
  const refusal = invite.getByRole('alert');
  await refusal.waitFor();
  expect(await refusal.getAttribute('data-code')).toBe('SEAT_LIMIT_REACHED');
  expect(await meter.getAttribute('class')).toBe('seats over');
});
