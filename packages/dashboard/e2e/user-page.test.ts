import { expect, it } from 'vitest';
import { expectAccessible, focusedControl } from './a11y.js';
import { ADMIN, adminClient, newPage, POLL, scenario, screenshot, signIn, unnamedControls } from './support.js';

const { server, browser } = scenario();
const ANN = { email: 'ann@example.com', password: 'ann-password-123' };

it("a user's page shows their workspaces and roles, their sessions (revocable) and their recent audit events", async () => {
  const api = adminClient(server().url);
  await api.inviteUser(ANN.email, ANN.password);
  const team = await api.createWorkspace('team');
  await team.addUser(ANN.email);
  const ann = await newPage(browser());
  await signIn(ann.page, server().url, ANN.email, ANN.password); // opens a session

  const { page } = await newPage(browser());
  await signIn(page, server().url, ADMIN.email, ADMIN.password);
  await page.getByRole('link', { name: ANN.email }).click();
  await page.getByRole('heading', { name: ANN.email }).waitFor();

  const section = (name: string) => page.getByRole('region', { name });
  const workspaces = section('Workspaces and roles').locator('tbody tr');
  await expect.poll(() => workspaces.allInnerTexts(), POLL).toEqual([`${ANN.email} - Default Workspace\tOwner`, 'team\tCollaborator']);
  const events = section('Recent audit events').locator('tbody td:nth-child(3)');
  await expect.poll(() => events.allInnerTexts(), POLL).toEqual(['user.create']); // as target or actor; adding her to a workspace targets the workspace

  const sessions = section('Sessions').locator('tbody tr');
  await expect.poll(() => sessions.count(), POLL).toBe(1);
  expect(await sessions.first().innerText()).toContain('dashboard');
  await screenshot(page, 'user-page');
  await expectAccessible(page, 'user-page');
  expect(await unnamedControls(page)).toEqual([]);

  // "Revoke all sessions" and "Deactivate" ask first, saying whom they affect; Cancel does nothing.
  await section('Sessions').getByRole('button', { name: 'Revoke all sessions' }).click();
  const dialog = page.getByRole('dialog', { name: `Revoke all 1 session of ${ANN.email}? They are signed out everywhere at once.` });
  await expectAccessible(page, 'revoke-all confirmation');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  expect(await api.listSessions(ANN.email)).toHaveLength(1);
  await section('Sessions').getByRole('button', { name: /^Revoke the dashboard session/ }).click();
  await sessions.filter({ hasText: 'No open sessions.' }).waitFor();
  await expect.poll(() => focusedControl(page), POLL).toBe('heading "Sessions"'); // its row, and the button, are gone
  expect(await api.listSessions(ANN.email)).toEqual([]);

  await page.getByRole('button', { name: 'Deactivate', exact: true }).click();
  await page.getByRole('dialog', { name: `Deactivate ${ANN.email}? Their sessions end at once and 1 seat is freed.` }).getByRole('button', { name: 'Deactivate' }).click();
  await page.getByRole('heading', { name: `${ANN.email} (inactive)` }).waitFor();
  expect(await focusedControl(page)).toBe('button "Activate"'); // the same button, now for the way back
  await expectAccessible(page, 'user deactivated');
});
