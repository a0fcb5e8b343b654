import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { tempDir } from '../../server/test/support/process.js';
import type { ServerProcess } from '../../server/test/support/process.js';
import { licence, licenceKeys } from './licences.js';
import { expectAccessible } from './a11y.js';
import { ADMIN, adminClient, launchBrowser, newPage, POLL, screenshot, signIn, startPaddock } from './support.js';

const oldKey = licenceKeys();
const newKey = licenceKeys();
let server: ServerProcess | undefined;
let browser: Browser | undefined;

/** An uploaded 10-seat licence and 7 active users; then a restart under another trusted key. */
beforeAll(async () => {
  const dataDir = tempDir();
  const before = await startPaddock({ PADDOCK_DATA_DIR: dataDir, PADDOCK_LICENSE_PUBLIC_KEY: oldKey.publicPem });
  try {
    const admin = adminClient(before.url);
    await admin.uploadLicense(licence({ edition: 'enterprise', sub: 'Acme', seats: 10 }, oldKey.privateKey));
    for (let i = 1; i <= 6; i++) await admin.inviteUser(`u${i}@example.com`);
  } finally {
    await before.stop();
  }
  [server, browser] = await Promise.all([startPaddock({ PADDOCK_DATA_DIR: dataDir, PADDOCK_LICENSE_PUBLIC_KEY: newKey.publicPem }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

it('after a restart under a new licence key, the licence page says the uploaded licence is not used and why, and the meter shows the over-use', async () => {
  const { page } = await newPage(browser!);
  await signIn(page, server!.url, ADMIN.email, ADMIN.password, '/license');
  const meter = page.getByTestId('seat-meter');
  await expect.poll(() => meter.innerText(), POLL).toContain('7 of 5 seats used: 2 over the licence — Community');
  expect(await meter.getAttribute('class')).toBe('seats over');
  const setAside = page.getByRole('alert').filter({ hasText: 'The uploaded licence is not used' });
  expect(await setAside.getAttribute('data-reason')).toBe('BAD_SIGNATURE');
  expect(await page.getByTestId('over-by').innerText()).toMatch(/^2\b/);
  await screenshot(page, 'licence-set-aside');
  await expectAccessible(page, 'licence-set-aside');
});
