import { expect, it } from 'vitest';
import { expectAccessible } from './a11y.js';
import { ADMIN, adminClient, newPage, POLL, scenario, screenshot, signIn } from './support.js';

const { server, browser } = scenario();

it("an admin changes a user's email and name on their page: the default workspace follows, a taken email is refused in place", async () => {
  const api = adminClient(server().url);
  await api.inviteUser('ann@example.com', 'ann-password-123');
  const { page } = await newPage(browser());
  await signIn(page, server().url, ADMIN.email, ADMIN.password);
  await page.getByRole('link', { name: 'ann@example.com' }).click();
  await page.getByRole('heading', { name: 'ann@example.com' }).waitFor();

  await page.getByText('Edit email and name').click();
  const form = page.getByRole('form', { name: 'Edit user' });
  await form.getByLabel('Email').fill(ADMIN.email);
  await form.getByRole('button', { name: 'Save changes' }).click();
  const refusal = form.getByRole('alert');
  await refusal.waitFor();
  expect(await refusal.getAttribute('data-code')).toBe('EMAIL_TAKEN');

  await form.getByLabel('Email').fill('Ann.Lee@Example.com');
  await form.getByLabel('First name').fill('Ann');
  await form.getByRole('button', { name: 'Save changes' }).click();
  await page.getByRole('heading', { name: 'ann.lee@example.com' }).waitFor();
  await form.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
  expect(await form.getByRole('alert').count()).toBe(0);
  const ann = await api.getUserByEmail('ann.lee@example.com');
  expect([ann?.username, ann?.firstName]).toEqual(['ann.lee@example.com', 'Ann']);
  const workspaces = page.getByRole('region', { name: 'Workspaces and roles' }).locator('tbody tr');
  await expect.poll(() => workspaces.allInnerTexts(), POLL).toEqual(['ann.lee@example.com - Default Workspace\tOwner']);
  await screenshot(page, 'user-edit');
  await expectAccessible(page, 'user-edit');
});
