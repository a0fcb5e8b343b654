import { expect, it } from 'vitest';
import { atBothWidths } from './a11y.js';
import { ADMIN, newPage, POLL, scenario, signIn, unnamedControls } from './support.js';

const { server, browser } = scenario();

it('an admin creates a SCIM token shown once, an identity provider provisions with it, the users show their source, and the token is revoked', async () => {
  const { page } = await newPage(browser());
  await signIn(page, server().url, ADMIN.email, ADMIN.password, '/provisioning');
  expect(await page.getByTestId('scim-base-url').innerText()).toBe(`${server().url}/scim/v2`);
  const form = page.getByRole('form', { name: 'New SCIM token' });
  await form.getByLabel('Name (which provider holds it)').fill('okta');
  await form.getByRole('button', { name: 'Create token' }).click();
  await form.getByRole('status').filter({ hasText: 'Created okta.' }).waitFor();
  const secret = await page.getByTestId('scim-secret').inputValue();
  expect(secret).toMatch(/^pdk_scim_/);

  const provisioned = await fetch(`${server().url}/scim/v2/Users`, {
    method: 'POST',
    headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/scim+json' },
    body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'ann@example.com', externalId: '00u-ann', name: { givenName: 'Ann', familyName: 'Lee' } }),
  });
  expect(provisioned.status).toBe(201);
  const { id } = (await provisioned.json()) as { id: string };

  await page.reload();
  const row = page.getByRole('row').filter({ hasText: 'okta' });
  await expect.poll(() => row.innerText(), POLL).not.toContain('never');
  await atBothWidths(page, 'provisioning');
  expect(await unnamedControls(page)).toEqual([]);

  await page.getByRole('link', { name: 'Users' }).click();
  const annRow = page.getByRole('row').filter({ hasText: 'ann@example.com' });
  await expect.poll(() => annRow.innerText(), POLL).toContain('SCIM');
  await page.goto(`${server().url}/users/${id}`);
  await expect.poll(() => page.getByTestId('user-source').innerText(), POLL).toContain('SCIM');
  expect(await page.getByTestId('user-external-id').innerText()).toBe('00u-ann');

  await page.getByRole('link', { name: 'Provisioning' }).click();
  await page.getByRole('button', { name: 'Revoke the SCIM token okta' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Revoke token' }).click();
  await expect.poll(() => page.getByRole('row').filter({ hasText: 'okta' }).innerText(), POLL).toContain('Revoked');
  const refused = await fetch(`${server().url}/scim/v2/Users`, { headers: { authorization: `Bearer ${secret}` } });
  expect(refused.status).toBe(401);
});
