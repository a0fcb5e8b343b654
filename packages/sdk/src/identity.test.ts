import { describe, expect, it } from 'vitest';
import { ADMIN, setup } from './testing/setup.js';

describe('service accounts', () => {
  it('createServiceAccount sends snake_case and answers camelCase credentials', async () => {
    const { fake, client } = setup();
    expect(await client.createServiceAccount('etl', 'admin', { description: 'jobs' })).toEqual({ clientId: 'sa-etl', clientSecret: 'secret-1' });
    expect(fake.requests.at(-1)?.body).toEqual({ name: 'etl', role: 'admin', description: 'jobs' });
    await client.createServiceAccount('plain', 'user');
    expect(fake.requests.at(-1)?.body).toEqual({ name: 'plain', role: 'user' });
  });

  it('listServiceAccounts converts times to Dates (null when never rotated)', async () => {
    const { fake, client } = setup();
    await client.createServiceAccount('etl', 'user');
    await client.rotateServiceAccountSecret('sa-etl');
    await client.createServiceAccount('other', 'user');
    const [etl, other] = await client.listServiceAccounts();
    expect(etl).toEqual({ clientId: 'sa-etl', name: 'etl', role: 'user', description: '', createdAt: new Date(fake.time), createdBy: ADMIN.email, secretRotatedAt: new Date(fake.time) });
    expect(other?.secretRotatedAt).toBeNull();
  });

  it('rotate and delete of an unknown client id reject with SERVICE_ACCOUNT_NOT_FOUND', async () => {
    const { client } = setup();
    await expect(client.rotateServiceAccountSecret('sa-x')).rejects.toMatchObject({ code: 'SERVICE_ACCOUNT_NOT_FOUND', status: 404 });
    await expect(client.deleteServiceAccount('sa-x')).rejects.toMatchObject({ code: 'SERVICE_ACCOUNT_NOT_FOUND', status: 404 });
  });
});

describe('sessions', () => {
  it('listSessions sends the email only when given and converts times', async () => {
    const { fake, client } = setup();
    const iso = new Date(fake.time).toISOString();
    fake.state.sessions.push({ email: ADMIN.email, id: 'g1', client_id: 'sdk-client', created_at: iso, expires_at: iso, last_used_at: null });
    expect(await client.listSessions()).toEqual([{ id: 'g1', clientId: 'sdk-client', createdAt: new Date(iso), expiresAt: new Date(iso), lastUsedAt: null }]);
    expect(fake.requests.at(-1)?.body).toEqual({});
    await client.listSessions(ADMIN.email);
    expect(fake.requests.at(-1)?.body).toEqual({ email: ADMIN.email });
  });

  it('logoutEverywhere revokes all of the caller\'s sessions and forgets the tokens', async () => {
    const { fake, client } = setup();
    const iso = new Date(fake.time).toISOString();
    fake.state.sessions.push({ email: ADMIN.email, id: 'g1', client_id: 'sdk-client', created_at: iso, expires_at: iso, last_used_at: null });
    await client.login();
    expect(await client.logoutEverywhere()).toBe(1);
    expect(fake.paths()).toContain('/v1/api/sessions/revoke_all');
    expect(client.getTokens()).toBeNull();
  });
});
