import { copyFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Client } from '@paddock/sdk';
import { expect, it } from 'vitest';
import { licence, licenceKeys } from './licences.js';
import { expectAccessible } from './a11y.js';
import { ADMIN, adminClient, newPage, POLL, scenario, screenshot, signIn } from './support.js';

/**
 * The README's picture of the users page, made here rather than copied by hand. Every run makes it
 * (test-results/readme-users-1280.png); it replaces the committed docs/dashboard-users.png only when
 * PADDOCK_UPDATE_SCREENSHOT=1, since its last-login times, and the fonts of whichever machine ran
 * it, differ from run to run.
 */
const README_PNG = fileURLToPath(new URL('../../../docs/dashboard-users.png', import.meta.url));
const UPDATE_README = process.env['PADDOCK_UPDATE_SCREENSHOT'] === '1';
const keys = licenceKeys();
const { server, browser } = scenario({ PADDOCK_LICENSE_PUBLIC_KEY: keys.publicPem });
const PEOPLE = [
  ['amara.okafor@acme.example', 'Amara', 'Okafor', 'admin'],
  ['ben.schultz@acme.example', 'Ben', 'Schultz', 'user'],
  ['chen.wei@acme.example', 'Chen', 'Wei', 'user'],
  ['diego.ramos@acme.example', 'Diego', 'Ramos', 'user'],
  ['elif.demir@acme.example', 'Elif', 'Demir', 'user'],
  ['farah.haddad@acme.example', 'Farah', 'Haddad', 'user'],
  ['grace.lindqvist@acme.example', 'Grace', 'Lindqvist', 'user'],
] as const;
const PASSWORD = 'a-password-123';

it('the users page just after deactivating a user, with the seat meter, at 1280 px: docs/dashboard-users.png', async () => {
  const api = adminClient(server().url);
  await api.uploadLicense(licence({ edition: 'enterprise', sub: 'Acme', seats: 25 }, keys.privateKey));
  for (const [email, firstName, lastName, role] of PEOPLE) await api.inviteUser(email, PASSWORD, { firstName, lastName, role });
  // Most have signed in once, so that Last login says when.
  for (const [email] of PEOPLE.slice(0, 5)) await new Client({ url: server().url, auth: { type: 'password', username: email, password: PASSWORD } }).login();

  const { page } = await newPage(browser(), 1280);
  await signIn(page, server().url, ADMIN.email, ADMIN.password, '/users');
  await page.getByLabel('Select diego.ramos@acme.example').check();
  await page.getByRole('button', { name: 'Deactivate selected' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Deactivate' }).click();
  await page.getByRole('status').filter({ hasText: 'Deactivated 1 of 1.' }).waitFor();
  await page.getByRole('cell', { name: 'diego.ramos@acme.example (inactive)' }).waitFor();
  await expect.poll(() => page.getByTestId('seat-meter').innerText(), POLL).toContain('7 of 25 seats used');
  await page.mouse.move(0, 0); // no hover styles in the picture
  await expectAccessible(page, 'users after a deactivation');
  const made = await screenshot(page, 'readme-users-1280');
  if (UPDATE_README) copyFileSync(made, README_PNG);
});
