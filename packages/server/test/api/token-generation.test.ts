import { afterEach, beforeEach, expect, it } from 'vitest';
import { startTestApp } from '../support/app.js';
import type { TestApp } from '../support/app.js';
import { describeEachDatabase } from '../support/databases.js';
import { tokenRequest } from '../support/surfaces.js';


/** Tokens issued before a deactivation, a password change or a role removal stay dead for good. */
describeEachDatabase('access tokens outlive no change of standing', (database) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp(database);
    await t.admin.inviteUser('ann@x.io', 'ann-password-1');
  });
  afterEach(() => t.close());

  async function login(password = 'ann-password-1') {
    const res = await tokenRequest(t, { grant_type: 'password', client_id: 'sdk-client', username: 'ann@x.io', password });
    expect(res.status).toBe(200);
    return res.body as { access_token: string; refresh_token: string };
  }

  async function refresh(refreshToken: string): Promise<number> {
    return (await tokenRequest(t, { grant_type: 'refresh_token', client_id: 'sdk-client', refresh_token: refreshToken })).status;
  }

  const works = async (token: string) => (await t.post('workspaces/list', {}, token)).status;

  it('a token from before a deactivation stays refused after the reactivation; a new login works', async () => {
    const before = await login();
    expect(await works(before.access_token)).toBe(200);
    await t.admin.deactivateUser('ann@x.io');
    await t.admin.activateUser('ann@x.io');
    const refused = await t.post('workspaces/list', {}, before.access_token);
    expect([refused.status, refused.body['error']]).toEqual([401, 'UNAUTHENTICATED']);
    expect(await refresh(before.refresh_token)).toBe(400);
    expect(await works((await login()).access_token)).toBe(200);
  });

  it('a password change ends every token and refresh token issued before it', async () => {
    const first = await login();
    const second = await login();
    await t.login('ann@x.io', 'ann-password-1').changePassword('ann@x.io', 'ann-password-1', 'ann-password-2');
    for (const old of [first, second]) {
      expect(await works(old.access_token)).toBe(401);
      expect(await refresh(old.refresh_token)).toBe(400);
    }
    expect(await works((await login('ann-password-2')).access_token)).toBe(200);
  });

  it('losing the admin role ends the tokens issued under it, even as a plain user; gaining it does not', async () => {
    await t.admin.setUserRole('ann@x.io', 'admin');
    const asAdmin = await login();
    await t.admin.setUserRole('ann@x.io', 'user');
    expect(await works(asAdmin.access_token)).toBe(401);
    const asUser = await login();
    await t.admin.setUserRole('ann@x.io', 'admin');
    expect(await works(asUser.access_token)).toBe(200);
    expect((await t.post('license/get', {}, asUser.access_token)).status).toBe(200);
  });

  it('userinfo refuses a token from before a deactivation too', async () => {
    const before = await login();
    await t.admin.deactivateUser('ann@x.io');
    await t.admin.activateUser('ann@x.io');
    const res = await t.app.http.inject({ method: 'GET', url: '/auth/realms/master/protocol/openid-connect/userinfo', headers: { authorization: `Bearer ${before.access_token}` } });
    expect(res.statusCode).toBe(401);
  });
});
