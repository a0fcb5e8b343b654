import { expect, it } from 'vitest';
import { expectAccessible } from './a11y.js';
import { ADMIN, adminClient, newPage, POLL, scenario, screenshot, signIn, unnamedControls } from './support.js';

const { server, browser } = scenario();

it('filters the audit log by action, actor, target and date, newest first', async () => {
  const api = adminClient(server().url);
  await api.inviteUser('ann@example.com');
  await api.inviteUser('bob@example.com');
  await api.deactivateUser('bob@example.com');
  const team = await api.createWorkspace('team');

  const { page } = await newPage(browser());
  await signIn(page, server().url, ADMIN.email, ADMIN.password, '/audit');
  const rows = page.locator('tbody tr');
  const actions = async () => rows.locator('td:nth-child(3)').allInnerTexts();
  await expect.poll(actions, POLL).toEqual(['workspace.create', 'user.deactivate', 'user.create', 'user.create', 'user.create']);
  await expectAccessible(page, 'audit log');
  // Details read as sentences: what changed, from what to what.
  const details = async () => rows.locator('td:nth-child(5)').allInnerTexts();
  expect((await details()).slice(1, 3)).toEqual(['Status: active → inactive', 'Created as a user, who must set their own password.']);

  const filter = page.getByRole('search', { name: 'Filter the audit log' });
  await filter.getByLabel('Action').fill('user.create');
  await filter.getByRole('button', { name: 'Filter' }).click();
  await expect.poll(actions, POLL).toEqual(['user.create', 'user.create', 'user.create']);

  await filter.getByLabel('Target').fill('bob@example.com');
  await filter.getByRole('button', { name: 'Filter' }).click();
  await expect.poll(actions, POLL).toEqual(['user.create']);

  await filter.getByLabel('Action').fill('');
  await filter.getByLabel('Actor').fill(ADMIN.email);
  await filter.getByRole('button', { name: 'Filter' }).click();
  await expect.poll(actions, POLL).toEqual(['user.deactivate', 'user.create']);
  await screenshot(page, 'audit-filtered');
  await expectAccessible(page, 'audit-filtered');
  expect(await unnamedControls(page)).toEqual([]);

  // The days come from the events themselves, not the wall clock: the scenario may straddle midnight.
  const times = (await api.queryAudit({ limit: 10 })).events.map((e) => e.at.getTime());
  expect(times).toHaveLength(5);
  const first = new Date(Math.min(...times));
  const last = new Date(Math.max(...times));
  const day = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  const dayAfter = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1);
  await filter.getByRole('button', { name: 'Clear' }).click();
  await filter.getByLabel('From').fill(day(dayAfter(last)));
  await filter.getByRole('button', { name: 'Filter' }).click();
  await rows.filter({ hasText: 'No events.' }).waitFor();
  await filter.getByLabel('From').fill(day(first));
  await filter.getByLabel('Until').fill(day(last));
  await filter.getByRole('button', { name: 'Filter' }).click();
  await expect.poll(async () => (await actions()).length, POLL).toBe(5);

  await team.addUser('ann@example.com');
  await team.setUserRole('ann@example.com', 'owner');
  await filter.getByRole('button', { name: 'Clear' }).click();
  // A role change says the role before and after.
  await expect.poll(async () => (await details()).slice(0, 2), POLL).toEqual(["Changed ann@example.com's role in team: collaborator → owner.", 'Added ann@example.com to team as a collaborator.']);
  await screenshot(page, 'audit-sentences');
});
