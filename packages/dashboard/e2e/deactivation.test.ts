import { expect, it } from 'vitest';
import { expectAccessible } from './a11y.js';
import { ADMIN, adminClient, newPage, scenario, screenshot, signIn } from './support.js';

const { server, browser } = scenario();
const ANN = { email: 'ann@example.com', password: 'ann-password-123' };

it("deactivating a user refuses that user's open browser session on its next action", async () => {
  await adminClient(server().url).inviteUser(ANN.email, ANN.password);
  const ann = await newPage(browser());
  await signIn(ann.page, server().url, ANN.email, ANN.password);
  await ann.page.getByRole('link', { name: `${ANN.email} - Default Workspace` }).waitFor();

  const admin = await newPage(browser());
  await signIn(admin.page, server().url, ADMIN.email, ADMIN.password);
  await admin.page.getByLabel(`Select ${ANN.email}`).check();
  await admin.page.getByRole('button', { name: 'Deactivate selected' }).click();
  await admin.page.getByRole('dialog').getByRole('button', { name: 'Deactivate' }).click();
  await admin.page.getByRole('status').filter({ hasText: 'Deactivated 1 of 1.' }).waitFor();

  // Ann's tab still shows her page; her next action is refused, and the page says so in place.
  await ann.page.getByLabel('Workspace name').fill('after-deactivation');
  await ann.page.getByRole('button', { name: 'Create' }).click();
  const refusal = ann.page.getByRole('alert');
  await refusal.waitFor();
  expect(await refusal.getAttribute('data-code')).toBe('UNAUTHENTICATED');
  await screenshot(ann.page, 'deactivated-session-refused');
  await expectAccessible(ann.page, 'deactivated-session-refused');
  await refusal.getByRole('button', { name: 'Sign in again' }).click();
  await ann.page.getByLabel('Password').waitFor(); // back on the login page, where a deactivated account cannot sign in

  // And nothing was created on her behalf.
  const names = (await adminClient(server().url).listWorkspaces()).map((w) => w.name);
  expect(names).not.toContain('after-deactivation');
});
