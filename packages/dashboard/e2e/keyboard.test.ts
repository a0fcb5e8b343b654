import { expect, it } from 'vitest';
import { expectAccessible, focusedControl, tabTo } from './a11y.js';
import { ADMIN, adminClient, newPage, POLL, scenario, screenshot } from './support.js';

const { server, browser } = scenario();
const ANN = 'ann@example.com';
const BOB = 'bob@example.com';
const NEW = 'new.hire@example.com';

/**
 * The administrator's everyday round without a mouse: only page.keyboard, never click() or
 * focus(). After each step, the scenario asserts where focus is, by role and accessible name.
 */
it.each([1280, 390])('sign in, find and deactivate a user, invite one, add a member and change a role: keyboard only at %i px', async (width) => {
  const api = adminClient(server().url);
  for (const email of [ANN, BOB]) if ((await api.getUserByEmail(email)) === null) await api.inviteUser(email, 'a-password-123');
  await api.activateUser(BOB);
  const ws = await api.getWorkspace(`team-${width}`, { createIfNotExist: true });
  const { page } = await newPage(browser(), width);
  const expectFocus = async (control: string) => expect.poll(() => focusedControl(page), POLL).toBe(control);

  await page.goto(`${server().url}/users`);
  await tabTo(page, 'textbox "Email"');
  await page.keyboard.type(ADMIN.email);
  await page.keyboard.press('Tab');
  await expectFocus('textbox "Password"');
  await page.keyboard.type(ADMIN.password);
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  await expectAccessible(page, 'users (keyboard)');

  // Find Bob: the count's live region is there, empty, before the search changes it.
  const found = page.locator('#users-found');
  expect([await found.getAttribute('role'), await found.textContent()]).toEqual(['status', '']);
  await tabTo(page, 'searchbox "Search users"');
  await page.keyboard.type('bob');
  await expect.poll(() => found.textContent(), POLL).toBe('1 user found');
  await expectFocus('searchbox "Search users"');

  // Select him, go on to the bulk actions that follow the rows, and deactivate him once confirmed.
  await tabTo(page, `checkbox "Select ${BOB}"`);
  await page.keyboard.press('Space');
  // Four Tabs: his Type, his email's link, then the selection's actions, no Shift+Tab back up.
  await tabTo(page, 'button "Deactivate selected"', { max: 4 });
  expect(await page.getByRole('group', { name: 'Selected users' }).getByRole('button', { name: 'Deactivate selected' }).count()).toBe(1);
  await page.keyboard.press('Enter');
  await page.getByRole('dialog', { name: `Deactivate 1 user: ${BOB}? Their sessions end at once and 1 seat is freed.` }).waitFor();
  await expectFocus('button "Cancel"');
  await expectAccessible(page, 'deactivate confirmation (keyboard)');
  await page.keyboard.press('Tab');
  await expectFocus('button "Deactivate"');
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await api.getUserByEmail(BOB))?.enabled, POLL).toBe(false);
  await expectFocus('status'); // the outcome, "Deactivated 1 of 1.", since the button it came from is disabled again
  expect(await page.getByRole('status').filter({ hasText: 'Deactivated 1 of 1.' }).count()).toBe(1);

  // Invite: the panel opens on Email, Enter sends it, Esc closes it back on its button.
  await tabTo(page, 'button "Invite user"', { backwards: true });
  await page.keyboard.press('Enter');
  await expectFocus('textbox "Email"');
  await page.keyboard.type(`${width}.${NEW}`);
  await page.keyboard.press('Enter');
  await page.getByRole('form', { name: 'Invite a user' }).getByRole('status').filter({ hasText: `Invited ${width}.${NEW}` }).waitFor();
  await expectFocus('textbox "Email"');
  await screenshot(page, `keyboard-invited-${width}`);
  await expectAccessible(page, 'invited (keyboard)');
  await page.keyboard.press('Escape');
  await expectFocus('button "Invite user"');

  // To a workspace, through the menu: each page's heading takes focus.
  await tabTo(page, 'link "Workspaces"', { backwards: true });
  await page.keyboard.press('Enter');
  await expectFocus('heading "Workspaces"');
  await tabTo(page, `link "${ws.name}"`);
  await page.keyboard.press('Enter');
  await expectFocus(`heading "${ws.name}"`);
  await tabTo(page, 'textbox "Member email"');
  await page.keyboard.type(ANN);
  await page.keyboard.press('Enter');
  await page.getByLabel(`Role of ${ANN}`).waitFor();
  await expectFocus('textbox "Member email"');

  // A role changes only once confirmed; focus comes back to the role.
  await tabTo(page, `combobox "Role of ${ANN}"`);
  await page.keyboard.press('ArrowDown');
  await page.getByRole('dialog', { name: `Make ${ANN} an owner of ${ws.name}?` }).waitFor();
  await expectFocus('button "Cancel"');
  await page.keyboard.press('Tab');
  await expectFocus('button "Make owner"');
  await page.keyboard.press('Enter');
  const annRole = async () => (await ws.users()).find((m) => m.email === ANN)?.role;
  await expect.poll(annRole, POLL).toBe('owner');
  await expectFocus(`combobox "Role of ${ANN}"`);
  await screenshot(page, `keyboard-role-${width}`);
  await expectAccessible(page, 'role changed (keyboard)');

  // Removed once confirmed: the row and its button go, and focus goes to the members' heading.
  await tabTo(page, `button "Remove ${ANN}"`);
  await page.keyboard.press('Enter');
  await page.getByRole('dialog').waitFor();
  await page.keyboard.press('Tab');
  await expectFocus('button "Remove"');
  await page.keyboard.press('Enter');
  await expect.poll(annRole, POLL).toBeUndefined();
  await expectFocus('heading "Members"');
  expect(await page.getByRole('status').filter({ hasText: `Removed ${ANN} from ${ws.name}.` }).count()).toBe(1);
  await expectAccessible(page, 'member removed (keyboard)');
});
