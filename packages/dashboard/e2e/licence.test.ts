import { expect, it } from 'vitest';
import { licence, licenceKeys } from './licences.js';
import { expectAccessible } from './a11y.js';
import { ADMIN, newPage, POLL, scenario, screenshot, signIn, unnamedControls } from './support.js';

/** A key pair of our own, configured as the trusted licence key, and another that forges. */
const keys = licenceKeys();
const foreign = licenceKeys();

const { server, browser } = scenario({ PADDOCK_LICENSE_PUBLIC_KEY: keys.publicPem });

it('uploads a licence file: a forged one is refused in place, a signed one raises the seats at once', async () => {
  const { page } = await newPage(browser());
  await signIn(page, server().url, ADMIN.email, ADMIN.password, '/license');
  const form = page.getByRole('form', { name: 'Install a licence' });
  const upload = async (document: string) => {
    await form.getByLabel('Licence file').setInputFiles({ name: 'paddock.license', mimeType: 'text/plain', buffer: Buffer.from(document) });
    await form.getByRole('button', { name: 'Install licence' }).click();
  };

  await upload(licence({ edition: 'enterprise', sub: 'Acme', seats: 10 }, foreign.privateKey));
  const refusal = form.getByRole('alert');
  await refusal.waitFor();
  expect(await refusal.getAttribute('data-code')).toBe('LICENSE_INVALID');

  await upload(licence({ edition: 'enterprise', sub: 'Acme', seats: 10 }, keys.privateKey));
  await form.getByRole('status').filter({ hasText: 'Installed: Enterprise, 10 seats, for Acme.' }).waitFor();
  await expect.poll(() => page.getByTestId('seat-meter').innerText(), POLL).toContain('1 of 10 seats used — Enterprise');
  await screenshot(page, 'licence');
  await expectAccessible(page, 'licence');
  expect(await unnamedControls(page)).toEqual([]);
});
