import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { licence, licenceKeys } from './licences.js';
import { atBothWidths, expectAccessible, focusedControl } from './a11y.js';
import { ADMIN, adminClient, newPage, POLL, scenario, screenshot, signIn } from './support.js';

const keys = licenceKeys();
const { server, browser } = scenario({ PADDOCK_LICENSE_PUBLIC_KEY: keys.publicPem });

const focused = async (page: Page) => page.evaluate(() => `${document.activeElement?.tagName ?? ''} ${document.activeElement?.textContent ?? ''}`);

it('each page names the tab and takes focus on its heading; searches announce their count; big numbers have separators', async () => {
  const api = adminClient(server().url);
  await api.uploadLicense(licence({ edition: 'enterprise', sub: 'Acme', seats: 10_000 }, keys.privateKey));
  await api.inviteUser('ann@example.com');
  await (await api.createWorkspace('fraud-models')).addUser('ann@example.com');
  for (let i = 1; i <= 25; i++) await api.inviteUser(`user${String(i).padStart(2, '0')}@example.com`); // 27 users: two pages
  const { page } = await newPage(browser());
  await signIn(page, server().url, ADMIN.email, ADMIN.password, '/users');

  await expect.poll(() => page.title(), POLL).toBe('Users — Paddock');
  await expect.poll(() => page.getByTestId('seat-meter').innerText(), POLL).toContain('27 of 10,000 seats used — Enterprise');

  // The count's status region is there before the search, so that its change is announced.
  const found = page.locator('#users-found');
  expect(await found.getAttribute('role')).toBe('status');
  expect(await found.textContent()).toBe('');
  await page.getByLabel('Search users').fill('ann');
  await expect.poll(() => found.textContent(), POLL).toBe('1 user found');

  // The invite panel opens on its Email field and Esc closes it, back on the button that opened it.
  const inviteButton = page.getByRole('button', { name: 'Invite user' });
  await inviteButton.click();
  const form = page.getByRole('form', { name: 'Invite a user' });
  await expect.poll(() => form.getByLabel('Email').evaluate((el) => el === document.activeElement), POLL).toBe(true);
  expect(await form.getByRole('status').count()).toBe(1); // the outcome's region, empty until an invitation
  await expectAccessible(page, 'invite panel');
  await page.keyboard.press('Escape');
  await form.waitFor({ state: 'detached' });
  expect(await inviteButton.evaluate((el) => el === document.activeElement)).toBe(true);

  // The pager: reaching the last page leaves focus on Next, which now says it is unavailable.
  await page.getByLabel('Search users').fill('');
  await expect.poll(() => page.getByRole('table').locator('caption').innerText(), POLL).toBe('27 users');
  const next = page.getByRole('navigation', { name: 'Users pages' }).getByRole('button', { name: 'Next page' });
  await next.press('Enter');
  await expect.poll(() => page.getByRole('navigation', { name: 'Users pages' }).innerText(), POLL).toContain('Page 2 of 2');
  expect([await focusedControl(page), await next.getAttribute('aria-disabled')]).toEqual(['button "Next page"', 'true']);
  await next.press('Enter'); // does nothing at the end
  expect(await page.locator('tbody tr').count()).toBe(2);
  await expectAccessible(page, 'users, last page');

  // Or straight to a page: the box takes its number, and Enter goes there, focus staying in the box.
  const pager = page.getByRole('navigation', { name: 'Users pages' });
  const goTo = pager.getByRole('spinbutton', { name: 'Go to page' });
  const emails = async () => page.locator('tbody tr td:nth-child(4) a').allInnerTexts();
  await goTo.fill('1');
  await goTo.press('Enter');
  await expect.poll(async () => (await emails()).slice(0, 2), POLL).toEqual([ADMIN.email, 'ann@example.com']);
  expect(await pager.innerText()).toContain('Page 1 of 2');
  await goTo.fill('2');
  await goTo.press('Enter'); // by offset this time, not by the first page's cursor
  await expect.poll(emails, POLL).toEqual(['user24@example.com', 'user25@example.com']);
  expect(await focusedControl(page)).toBe('spinbutton "Go to page"');
  await goTo.fill('3'); // there is no page 3: nothing is asked
  await goTo.press('Enter');
  expect([await pager.innerText(), await goTo.evaluate((el: HTMLInputElement) => el.validity.rangeOverflow)]).toEqual([expect.stringContaining('Page 2 of 2'), true]);
  await pager.getByRole('button', { name: 'Previous page' }).press('Enter');
  await expect.poll(async () => (await emails()).length, POLL).toBe(25);
  await atBothWidths(page, 'users-go-to-page');

  await page.getByRole('link', { name: 'Workspaces', exact: true }).click();
  await expect.poll(() => page.title(), POLL).toBe('Workspaces — Paddock');
  await expect.poll(() => focused(page), POLL).toBe('H1 Workspaces');
  const workspacesFound = page.locator('#workspaces-found');
  expect(await workspacesFound.textContent()).toBe('');
  await page.getByLabel('Search workspaces').fill('fraud');
  await expect.poll(() => workspacesFound.textContent(), POLL).toBe('1 workspace found');
  await page.getByRole('link', { name: 'fraud-models' }).click();
  await expect.poll(() => page.title(), POLL).toBe('fraud-models — Workspaces — Paddock');
  await expect.poll(() => focused(page), POLL).toBe('H1 fraud-models');
  await expectAccessible(page, 'workspace');

  await page.getByRole('link', { name: 'Licence', exact: true }).click();
  await expect.poll(() => page.title(), POLL).toBe('Licence — Paddock');
  await expect.poll(() => focused(page), POLL).toBe('H1 Licence');
  const seats = page.locator('.facts dd').nth(2);
  expect(await seats.innerText()).toBe('10,000');
  await screenshot(page, 'licence-large-numbers');
  await expectAccessible(page, 'licence-large-numbers');

  await page.goBack(); // back and forward are changes of page too
  await expect.poll(() => page.title(), POLL).toBe('fraud-models — Workspaces — Paddock');
  await expect.poll(() => focused(page), POLL).toBe('H1 fraud-models');
});
