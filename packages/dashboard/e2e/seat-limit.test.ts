import { expect, it } from 'vitest';
import { atBothWidths } from './a11y.js';
import { ADMIN, newPage, POLL, scenario, signIn } from './support.js';

const { server, browser } = scenario();

const PEOPLE = [
  ['ann@example.com', 'Ann', 'Lee'],
  ['bob@example.com', 'Bob', 'Marsh'],
  ['carol@example.com', 'Carol', 'Ngata'],
  ['dan@example.com', 'Dan', 'Okafor'],
] as const;

it('invites until the seat limit, sees the refusal in place, and frees a seat by deactivating someone', async () => {
  const { page } = await newPage(browser());
  await signIn(page, server().url, ADMIN.email, ADMIN.password);
  await page.getByRole('button', { name: 'Invite user' }).click();
  const form = page.getByRole('form', { name: 'Invite a user' });

  const invite = async (email: string, first: string, last: string) => {
    await form.getByLabel('Email').fill(email);
    await form.getByLabel('First name').fill(first);
    await form.getByLabel('Last name').fill(last);
    await form.getByRole('button', { name: 'Invite' }).click();
  };
  for (const [email, first, last] of PEOPLE) {
    await invite(email, first, last);
    await form.getByRole('status').filter({ hasText: `Invited ${email}` }).waitFor();
  }
  await expect.poll(() => page.getByTestId('seat-meter').innerText(), POLL).toContain('5 of 5 seats used — Community');

  await invite('erin@example.com', 'Erin', 'Park');
  const refusal = form.getByRole('alert');
  await refusal.waitFor();
  expect(await refusal.getAttribute('data-code')).toBe('SEAT_LIMIT_REACHED');
  expect(await refusal.getByRole('link', { name: 'Add a licence' }).count()).toBe(1);
  await atBothWidths(page, 'seat-limit-refusal');

  // Deactivate one: the seat is freed, and the email reads "(inactive)".
  await page.getByLabel('Select dan@example.com').check();
  await page.getByRole('button', { name: 'Deactivate selected' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Deactivate' }).click();
  await page.getByRole('status').filter({ hasText: 'Deactivated 1 of 1.' }).waitFor();
  await expect.poll(() => page.getByTestId('seat-meter').innerText(), POLL).toContain('4 of 5 seats used — Community');
  await expect.poll(() => form.getByRole('alert').count(), POLL).toBe(0); // a seat is free now: the refusal no longer holds
  const dan = page.getByRole('row').filter({ hasText: 'dan@example.com' });
  await expect.poll(() => dan.innerText(), POLL).toContain('(inactive)');
  await page.getByRole('button', { name: 'Invite user' }).click(); // closes the form
  await atBothWidths(page, 'seat-limit-seat-freed');
  await page.getByRole('button', { name: 'Invite user' }).click();

  // Reactivating two when one seat is free: the second is refused, with the API's sentence.
  await page.getByLabel('Select dan@example.com').check();
  expect(await page.getByRole('status').filter({ hasText: 'Deactivated 1 of 1.' }).count()).toBe(0); // spoke of the last selection
  await invite('erin@example.com', 'Erin', 'Park');
  await form.getByRole('status').filter({ hasText: 'Invited erin@example.com' }).waitFor();
  await page.getByRole('button', { name: 'Activate selected', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Activated 0 of 1.' }).waitFor();
  const refused = page.getByRole('alert').filter({ hasText: 'dan@example.com:' });
  expect(await refused.getAttribute('data-code')).toBe('SEAT_LIMIT_REACHED');
  await atBothWidths(page, 'seat-limit-activate-refusal');
});
