import { expect, it } from 'vitest';
import { atBothWidths } from './a11y.js';
import { ADMIN, adminClient, newPage, POLL, scenario, signIn } from './support.js';

const { server, browser } = scenario();
const ANN = 'ann@example.com';
const BOB = 'bob@example.com';

const roleOf = async (email: string) => (await adminClient(server().url).queryUsers({ search: email })).users.find((u) => u.email === email)?.role;

it("an arrow key on a user's Type changes nothing until confirmed; Esc cancels and restores; confirming makes them an admin", async () => {
  await adminClient(server().url).inviteUser(ANN, 'ann-password-123');
  const { page } = await newPage(browser());
  await signIn(page, server().url, ADMIN.email, ADMIN.password, '/users');
  const type = page.getByLabel(`Type of ${ANN}`);
  await type.focus();
  await page.keyboard.press('ArrowDown');

  const dialog = page.getByRole('dialog', { name: `Make ${ANN} an admin?` });
  await dialog.waitFor();
  expect(await dialog.getByRole('button', { name: 'Cancel' }).evaluate((b) => b === document.activeElement)).toBe(true);
  await atBothWidths(page, 'confirm-role');
  expect(await roleOf(ANN)).toBe('user');

  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  expect(await type.inputValue()).toBe('user');
  expect(await type.evaluate((s) => s === document.activeElement)).toBe(true);
  expect(await roleOf(ANN)).toBe('user');

  await page.keyboard.press('ArrowDown');
  await dialog.getByRole('button', { name: 'Make admin' }).click();
  await expect.poll(() => roleOf(ANN), POLL).toBe('admin');
  await expect.poll(() => type.inputValue(), POLL).toBe('admin');
});

it('deactivating selected users asks first, naming them and the seats freed; Cancel leaves them active', async () => {
  await adminClient(server().url).inviteUser(BOB, 'bob-password-123');
  const { page } = await newPage(browser());
  await signIn(page, server().url, ADMIN.email, ADMIN.password, '/users');
  await page.getByLabel(`Select ${ANN}`).check();
  await page.getByLabel(`Select ${BOB}`).check();
  const deactivate = page.getByRole('button', { name: 'Deactivate selected' });
  await deactivate.click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  expect(await dialog.innerText()).toContain(`Deactivate 2 users: ${ANN}, ${BOB}? Their sessions end at once and 2 seats are freed.`);
  await atBothWidths(page, 'confirm-deactivate');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'detached' });
  expect(await deactivate.evaluate((b) => b === document.activeElement)).toBe(true);
  const enabled = async () => (await adminClient(server().url).queryUsers({ status: 'active' })).users.map((u) => u.email);
  expect(await enabled()).toContain(BOB);

  await deactivate.click();
  await dialog.getByRole('button', { name: 'Deactivate 2 users' }).click();
  await page.getByRole('status').filter({ hasText: 'Deactivated 2 of 2.' }).waitFor();
  await atBothWidths(page, 'confirm-deactivate-done');
  expect(await enabled()).toEqual([ADMIN.email]);
});

it("a member's Role changes only once confirmed, naming the workspace; Remove asks too", async () => {
  const api = adminClient(server().url);
  await api.activateUser(BOB);
  const ws = await api.createWorkspace('fraud-models');
  await ws.addUser(BOB);
  const { page } = await newPage(browser());
  await signIn(page, server().url, ADMIN.email, ADMIN.password, '/workspaces/fraud-models');
  const role = page.getByLabel(`Role of ${BOB}`);
  await role.focus();
  await page.keyboard.press('ArrowDown');
  const dialog = page.getByRole('dialog', { name: `Make ${BOB} an owner of fraud-models?` });
  await dialog.waitFor();
  await atBothWidths(page, 'confirm-member-role');
  const bobRole = async () => (await ws.users()).find((m) => m.email === BOB)?.role;
  expect(await bobRole()).toBe('collaborator');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  expect(await role.inputValue()).toBe('collaborator');
  expect(await bobRole()).toBe('collaborator');

  await role.selectOption('owner');
  await dialog.getByRole('button', { name: 'Make owner' }).click();
  await expect.poll(bobRole, POLL).toBe('owner');

  await page.getByRole('button', { name: `Remove ${BOB}` }).click();
  const remove = page.getByRole('dialog', { name: `Remove ${BOB} from fraud-models? They lose access to it at once.` });
  await remove.waitFor();
  await atBothWidths(page, 'confirm-remove-member');
  await page.keyboard.press('Escape');
  await remove.waitFor({ state: 'detached' });
  expect(await bobRole()).toBe('owner');
  await page.getByRole('button', { name: `Remove ${BOB}` }).click();
  await remove.getByRole('button', { name: 'Remove' }).click();
  await expect.poll(() => role.count(), POLL).toBe(0);
  await atBothWidths(page, 'confirm-member-removed');
  expect(await bobRole()).toBeUndefined();
});
