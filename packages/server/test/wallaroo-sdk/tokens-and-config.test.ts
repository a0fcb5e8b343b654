import { afterEach, beforeEach, expect, it } from 'vitest';
import { ADMIN, API_CLIENT_SECRET, startTestApp } from '../support/app.js';
import type { TestApp } from '../support/app.js';
import { describeEachDatabase } from '../support/databases.js';
import { claimsOf, raw, tokenRequest } from '../support/surfaces.js';

const REALM = '/auth/realms/master/protocol/openid-connect';

/** What the Wallaroo SDK reads before any user call: its token's claims (unverified) and /v1/api/config. */
describeEachDatabase('Keycloak-shaped tokens and the platform configuration', (database) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp(database);
  });
  afterEach(() => t.close());

  async function form(path: string, fields: Record<string, string>) {
    const res = await t.app.http.inject({
      method: 'POST',
      url: `${REALM}${path}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(fields).toString(),
    });
    return { status: res.statusCode, body: res.json<Record<string, unknown>>() };
  }

  const passwordGrant = async (username: string, password: string) => tokenRequest(t, { grant_type: 'password', client_id: 'sdk-client', username, password });

  it('puts the user’s Keycloak claims in the access token: email, names, roles', async () => {
    const admin = claimsOf((await passwordGrant(ADMIN.email, ADMIN.password)).body['access_token'] as string);
    expect(admin).toMatchObject({
      sub: expect.any(String),
      email: ADMIN.email,
      preferred_username: ADMIN.email,
      email_verified: false,
      realm_access: { roles: ['admin'] },
    });
    await t.admin.inviteUser('ann@ex.co', 'ann-password', { firstName: 'Ann', lastName: 'Lee' });
    const granted = (await passwordGrant('ann@ex.co', 'ann-password')).body;
    const ann = claimsOf(granted['access_token'] as string);
    expect(ann).toMatchObject({ email: 'ann@ex.co', name: 'Ann Lee', given_name: 'Ann', family_name: 'Lee', realm_access: { roles: [] } });
    expect(ann['sub']).toBe((await t.admin.getUserByEmail('ann@ex.co'))?.id);

    // A refreshed token says the same, as the SDK's refresh needs `email` outright.
    const refreshed = await tokenRequest(t, { grant_type: 'refresh_token', client_id: 'sdk-client', refresh_token: granted['refresh_token'] as string });
    expect(claimsOf(refreshed.body['access_token'] as string)).toMatchObject({ sub: ann['sub'], email: 'ann@ex.co', name: 'Ann Lee', realm_access: { roles: [] } });
  });

  it('gives a client-credentials token no user claims', async () => {
    const res = await tokenRequest(t, { grant_type: 'client_credentials' }, `api-client:${API_CLIENT_SECRET}`);
    const claims = claimsOf(res.body['access_token'] as string);
    expect(claims['sub']).toBe('api-client');
    expect(claims['email']).toBeUndefined();
  });

  it('tells a device client how often to poll', async () => {
    const res = await form('/auth/device', { client_id: 'sdk-client' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ device_code: expect.any(String), user_code: expect.any(String), verification_uri_complete: expect.any(String), expires_in: expect.any(Number), interval: 5 });
  });

  it('serves /v1/api/config without a token, with default_arch and nothing secret', async () => {
    const res = await raw(t, 'GET', '/v1/api/config');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ default_arch: 'x86', platform: 'paddock', auth_url: 'http://paddock.test/auth/realms/master' });
    expect(JSON.stringify(res.body)).not.toContain(API_CLIENT_SECRET);
    // A token is not needed, but a bad one is not an error either: the call is public.
    expect((await raw(t, 'GET', '/v1/api/config', { token: 'garbage' })).status).toBe(200);
  });
});
