import { expect, it } from 'vitest';
import { atBothWidths } from './a11y.js';
import { ADMIN, adminClient, newPage, POLL, scenario, signIn, unnamedControls } from './support.js';

const { server, browser } = scenario();
const ANN = 'ann@example.com';
const BOB = 'bob@example.com';

it('creates a workspace, adds a collaborator, promotes them to owner, and cannot remove the last owner', async () => {
  await adminClient(server().url).inviteUser(ANN, 'ann-password-123');
  await adminClient(server().url).inviteUser(BOB, 'bob-password-123');
  const { page } = await newPage(browser());
  await signIn(page, server().url, ADMIN.email, ADMIN.password, '/workspaces');

  // The name rule is explained while the name is typed, and the server's refusal is shown in place.
  const name = page.getByLabel('Workspace name');
  await name.fill('Fraud Models');
  expect(await name.getAttribute('aria-invalid')).toBe('true');
  await page.getByRole('button', { name: 'Create' }).click();
  expect(await page.getByRole('form', { name: 'Create a workspace' }).getByRole('alert').getAttribute('data-code')).toBe('VALIDATION_FAILED');
  await atBothWidths(page, 'workspace-name-refused');
  await name.fill('fraud-models');
  expect(await name.getAttribute('aria-invalid')).toBe('false');
  await page.getByRole('button', { name: 'Create' }).click();
  await page.getByRole('heading', { name: 'fraud-models' }).waitFor();

  const add = page.getByRole('form', { name: 'Add a member' });
  await add.getByLabel('Member email').fill(ANN);
  await add.getByRole('button', { name: 'Add member' }).click();
  const annRole = page.getByLabel(`Role of ${ANN}`);
  await annRole.waitFor();
  expect(await annRole.inputValue()).toBe('collaborator');

  await annRole.selectOption('owner');
  await page.getByRole('dialog', { name: `Make ${ANN} an owner of fraud-models?` }).getByRole('button', { name: 'Make owner' }).click();
  await expect.poll(() => annRole.inputValue(), POLL).toBe('owner');

  // Two owners: the admin may leave. Then Ann is the last owner, and removing her is refused.
  await page.getByRole('button', { name: `Remove ${ADMIN.email}` }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
  await expect.poll(() => page.getByLabel(`Role of ${ADMIN.email}`).count(), POLL).toBe(0);
  await page.locator('#last-owner-note').waitFor();
  await page.getByRole('button', { name: `Remove ${ANN}` }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
  const refusal = page.getByRole('alert');
  await refusal.waitFor();
  expect(await refusal.getAttribute('data-code')).toBe('LAST_OWNER');
  expect(await page.getByLabel(`Role of ${ANN}`).inputValue()).toBe('owner');
  await atBothWidths(page, 'workspace-last-owner');
  expect(await unnamedControls(page)).toEqual([]);

  // Adding a second owner: the refusal about the last owner goes, and "As" is back to Collaborator.
  await add.getByLabel('Member email').fill(BOB);
  await add.getByLabel('As').selectOption('owner');
  await add.getByRole('button', { name: 'Add member' }).click();
  await page.getByLabel(`Role of ${BOB}`).waitFor();
  await expect.poll(() => refusal.count(), POLL).toBe(0);
  expect(await add.getByLabel('As').inputValue()).toBe('collaborator');
  expect(await page.getByLabel(`Role of ${BOB}`).inputValue()).toBe('owner');
  await atBothWidths(page, 'workspace-second-owner');

  await page.getByRole('link', { name: '← Workspaces' }).click();
  const row = page.getByRole('row').filter({ hasText: 'fraud-models' });
  await expect.poll(() => row.innerText(), POLL).toMatch(/fraud-models\s+ann@example\.com, bob@example\.com\s+2\s+—/);
  await atBothWidths(page, 'workspaces');
});
