import { Client } from '@paddock/sdk';
import { beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { tempDir } from '../../server/test/support/process.js';
import { licence, licenceKeys } from './licences.js';
import { axeViolations, scrollingTables, sidewaysOverflow } from './a11y.js';
import { ADMIN, adminClient, invitationLink, newPage, scenario, screenshot, signIn } from './support.js';

/**
 * Every route and page state the dashboard has, at 1280 and 390 px: axe finds no WCAG 2.1 A or AA
 * violation, the page never scrolls sideways, and a table region that still scrolls is reachable by
 * keyboard and named. The login and password pages the server renders are part of the tour.
 */
const keys = licenceKeys();
const dataDir = tempDir();
const { server, browser } = scenario({ PADDOCK_DATA_DIR: dataDir, PADDOCK_LICENSE_PUBLIC_KEY: keys.publicPem });
const ANN = { email: 'ann.lee@example.com', password: 'ann-password-123' };
const BOB = 'bob.marsh@example.com';

beforeAll(async () => {
  const api = adminClient(server().url);
  await api.uploadLicense(licence({ edition: 'enterprise', sub: 'Acme', seats: 50 }, keys.privateKey));
  await api.inviteUser(ANN.email, ANN.password, { firstName: 'Ann', lastName: 'Lee' });
  await api.inviteUser(BOB, 'bob-password-123', { firstName: 'Bob', lastName: 'Marsh' });
  const fraud = await api.createWorkspace('fraud-models');
  await fraud.addUser(ANN.email);
  await fraud.addOwner(BOB);
  await new Client({ url: server().url, auth: { type: 'password', username: ANN.email, password: ANN.password } }).login(); // a session to list and revoke
});

/** One page state: a screenshot (first: it lets a frame render, so table regions have measured themselves), axe, and the sideways checks. */
async function visit(page: Page, state: string): Promise<void> {
  const width = page.viewportSize()?.width ?? 0;
  await screenshot(page, `tour-${state}-${width}`);
  expect.soft((await axeViolations(page)).join('\n'), `axe on ${state} at ${width} px`).toBe('');
  expect.soft(await sidewaysOverflow(page), `${state} scrolls sideways at ${width} px`).toBeLessThanOrEqual(0);
  const scrolling = await scrollingTables(page);
  if (width >= 1280) expect.soft(scrolling, `${state}: tables wider than their box at ${width} px`).toEqual([]);
  else for (const region of scrolling) expect.soft(region, `${state}: a scrolling table at ${width} px`).toEqual({ reachable: true, name: expect.stringMatching(/\S/) });
}

async function dialog(page: Page, open: () => Promise<unknown>, state: string): Promise<void> {
  await open();
  await page.getByRole('dialog').waitFor();
  await visit(page, state);
  await page.keyboard.press('Escape');
  await page.getByRole('dialog').waitFor({ state: 'detached' });
}

it.each([1280, 390])('an admin: every page and dialog at %i px', async (width) => {
  const { page } = await newPage(browser(), width);
  await page.goto(server().url);
  await page.getByLabel('Password').waitFor();
  await visit(page, 'login');
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').waitFor();
  await visit(page, 'login-failed');

  await signIn(page, server().url, ADMIN.email, ADMIN.password, '/users');
  await page.getByRole('link', { name: ANN.email }).waitFor();
  await visit(page, 'users');
  await page.getByRole('button', { name: 'Invite user' }).click();
  await page.getByRole('form', { name: 'Invite a user' }).waitFor();
  await visit(page, 'users-invite');
  await page.keyboard.press('Escape');
  await page.getByLabel(`Select ${BOB}`).check();
  await dialog(page, () => page.getByRole('button', { name: 'Deactivate selected' }).click(), 'users-confirm-deactivate');
  await dialog(page, () => page.getByLabel(`Type of ${BOB}`).selectOption('admin'), 'users-confirm-type');

  await page.getByRole('link', { name: ANN.email }).click();
  await page.getByRole('heading', { name: ANN.email, level: 1 }).waitFor();
  await page.getByRole('region', { name: 'Recent audit events' }).locator('tbody tr').first().waitFor();
  await page.getByRole('region', { name: 'Sessions' }).getByRole('button', { name: /^Revoke the / }).waitFor();
  await visit(page, 'user');
  await dialog(page, () => page.getByRole('button', { name: 'Revoke all sessions' }).click(), 'user-confirm-revoke-all');
  await dialog(page, () => page.getByRole('button', { name: 'Deactivate', exact: true }).click(), 'user-confirm-deactivate');

  await page.getByRole('link', { name: 'Workspaces', exact: true }).click();
  await page.getByRole('link', { name: 'fraud-models' }).waitFor();
  await visit(page, 'workspaces');
  await page.getByRole('link', { name: 'fraud-models' }).click();
  await page.getByLabel(`Role of ${ANN.email}`).waitFor();
  await visit(page, 'workspace');
  await dialog(page, () => page.getByLabel(`Role of ${ANN.email}`).selectOption('owner'), 'workspace-confirm-role');
  await dialog(page, () => page.getByRole('button', { name: `Remove ${ANN.email}` }).click(), 'workspace-confirm-remove');

  await page.getByRole('link', { name: 'Audit log', exact: true }).click();
  await page.getByRole('cell', { name: 'workspace.create' }).waitFor();
  await visit(page, 'audit');
  await page.getByRole('link', { name: 'Licence', exact: true }).click();
  await page.getByRole('heading', { name: 'Licence', level: 1 }).waitFor();
  await visit(page, 'licence');
  await page.goto(`${server().url}/workspaces/no-such-workspace`);
  await page.getByText('No workspace is named no-such-workspace.').waitFor();
  await visit(page, 'workspace-missing');
});

it.each([1280, 390])('a non-admin and an invited user: their pages at %i px', async (width) => {
  const { page } = await newPage(browser(), width);
  await signIn(page, server().url, ANN.email, ANN.password);
  await page.getByRole('link', { name: 'fraud-models' }).waitFor();
  await visit(page, 'non-admin-workspaces');
  await page.getByRole('link', { name: 'fraud-models' }).click();
  await page.getByRole('heading', { name: 'fraud-models', level: 1 }).waitFor();
  await visit(page, 'non-admin-workspace');
  await page.goto(`${server().url}/users`);
  await page.getByRole('alert').waitFor();
  await visit(page, 'non-admin-users');

  const invited = `new.${width}@example.com`;
  await adminClient(server().url).inviteUser(invited);
  const fresh = await newPage(browser(), width);
  await fresh.page.goto(invitationLink(dataDir, invited));
  await fresh.page.getByLabel('New password', { exact: true }).waitFor();
  await visit(fresh.page, 'password-form');
  await fresh.page.getByLabel('New password', { exact: true }).fill('a-new-password-1');
  await fresh.page.getByLabel('New password, again').fill('a-new-password-1');
  await fresh.page.getByRole('button', { name: 'Set password' }).click();
  await fresh.page.getByRole('link', { name: 'Sign in to Paddock' }).waitFor();
  await visit(fresh.page, 'password-set');
});
