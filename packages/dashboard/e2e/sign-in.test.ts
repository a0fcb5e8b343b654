import { expect, it } from 'vitest';
import { expectAccessible } from './a11y.js';
import { ADMIN, newPage, POLL, scenario, screenshot, signIn, unnamedControls } from './support.js';

const { server, browser } = scenario();

it('an admin signs in through the login page (code + PKCE) and lands on the users table with the seat meter', async () => {
  const { page } = await newPage(browser());
  await signIn(page, server().url, ADMIN.email, ADMIN.password);
  await expect.poll(() => new URL(page.url()).pathname, POLL).toBe('/users');
  await page.getByRole('table').getByRole('link', { name: ADMIN.email }).waitFor();
  expect(await page.getByTestId('seat-meter').innerText()).toContain('1 of 5 seats used — Community');
  // A reload keeps the session (sessionStorage), with no second trip to the login page.
  await page.reload();
  await page.getByRole('table').getByRole('link', { name: ADMIN.email }).waitFor();
  expect(new URL(page.url()).pathname).toBe('/users');
  await screenshot(page, 'sign-in');
  await expectAccessible(page, 'sign-in');
  expect(await unnamedControls(page)).toEqual([]);

  // Keyboard: the skip link comes first, and a column sorts from the keyboard.
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to the page');
  const header = page.getByRole('columnheader', { name: 'Last login' });
  await header.getByRole('button').focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => header.getAttribute('aria-sort'), POLL).toBe('ascending');
  await page.keyboard.press('Enter');
  await expect.poll(() => header.getAttribute('aria-sort'), POLL).toBe('descending');
});
