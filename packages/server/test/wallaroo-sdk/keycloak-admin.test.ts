import { afterEach, beforeEach, expect, it } from 'vitest';
import { ADMIN, API_CLIENT_SECRET, startTestApp } from '../support/app.js';
import type { TestApp } from '../support/app.js';
import { describeEachDatabase } from '../support/databases.js';
import { KEYCLOAK_USERS, raw, tokenOf, tokenRequest } from '../support/surfaces.js';

interface Rep {
  id: string;
  email: string;
  username: string;
  enabled: boolean;
  createdTimestamp: number;
  firstName?: string;
}

/** Keycloak's admin users API over the users service: the same seats, admins and emails as the REST calls. */
describeEachDatabase("Keycloak's admin users API", (database) => {
  let t: TestApp;
  let admin: string;
  beforeEach(async () => {
    t = await startTestApp(database);
    admin = await t.adminToken();
  });
  afterEach(() => t.close());

  async function invite(email: string): Promise<string> {
    return (await t.admin.inviteUser(email, `${email}-pw`)).id;
  }

  const auditCount = async () => (await t.admin.queryAudit({ limit: 500 })).events.length;

  it('finds users by exact email or username, searches, pages and counts as Keycloak names it', async () => {
    for (const e of ['ann@ex.co', 'bob@ex.co', 'jimbob@ex.co']) await invite(e);
    await t.admin.deactivateUser('ann@ex.co');
    const emails = async (query: string) => ((await raw(t, 'GET', `${KEYCLOAK_USERS}?${query}`, { token: admin })).body as Rep[]).map((u) => u.email);
    expect(await emails('email=BOB%40ex.co')).toEqual(['bob@ex.co']);
    expect(await emails('email=bob%40ex.co&exact=false')).toEqual(['bob@ex.co']);
    expect(await emails('username=bob%40ex.co')).toEqual(['bob@ex.co']);
    expect(await emails('email=ob%40ex.co')).toEqual([]);
    expect(await emails('search=bob')).toEqual(['bob@ex.co', 'jimbob@ex.co']);
    expect(await emails('enabled=false')).toEqual(['ann@ex.co']);
    expect(await emails('first=1&max=2')).toEqual(['ann@ex.co', 'bob@ex.co']);
    expect((await raw(t, 'GET', `${KEYCLOAK_USERS}/count`, { token: admin })).body).toBe(4);
    expect((await raw(t, 'GET', `${KEYCLOAK_USERS}/count?enabled=true`, { token: admin })).body).toBe(3);
  });

  it('gives a non-admin what the Wallaroo SDK needs of a user, and no more', async () => {
    const annId = await invite('ann@ex.co');
    await t.admin.inviteUser('bob@ex.co', 'bob-password', { firstName: 'Bob', lastName: 'Stone' });
    const ann = await tokenOf(t, 'ann@ex.co', 'ann@ex.co-pw');
    const found = await raw(t, 'GET', `${KEYCLOAK_USERS}?email=bob%40ex.co`, { token: ann });
    expect(found.status).toBe(200);
    expect(found.body).toEqual([{ id: expect.any(String), email: 'bob@ex.co', username: 'bob@ex.co', enabled: true, createdTimestamp: expect.any(Number) }]);
    expect((await raw(t, 'GET', `${KEYCLOAK_USERS}/${annId}`, { token: ann })).status).toBe(200);
    // A non-admin's search matches emails only: names are not theirs to read.
    expect((await raw(t, 'GET', `${KEYCLOAK_USERS}?search=stone`, { token: ann })).body).toEqual([]);
    expect(((await raw(t, 'GET', `${KEYCLOAK_USERS}?search=stone`, { token: admin })).body as Rep[]).map((u) => u.email)).toEqual(['bob@ex.co']);
  });

  it('answers an unknown id with 404 USER_NOT_FOUND in Keycloak’s error form', async () => {
    for (const method of ['GET', 'PUT'] as const) {
      const res = await raw(t, method, `${KEYCLOAK_USERS}/no-such-id`, { token: admin, ...(method === 'PUT' && { body: { enabled: false } }) });
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ error: 'USER_NOT_FOUND', errorMessage: expect.any(String) });
    }
  });

  it('refuses a PUT from a non-admin with 403 FORBIDDEN and changes nothing', async () => {
    const bobId = await invite('bob@ex.co');
    await invite('ann@ex.co');
    const ann = await tokenOf(t, 'ann@ex.co', 'ann@ex.co-pw');
    const before = await auditCount();
    const res = await raw(t, 'PUT', `${KEYCLOAK_USERS}/${bobId}`, { token: ann, body: { enabled: false } });
    expect(res.status).toBe(403);
    expect((res.body as { error: string }).error).toBe('FORBIDDEN');
    expect((await t.admin.getUserByEmail('bob@ex.co'))?.enabled).toBe(true);
    expect(await auditCount()).toBe(before);
  });

  it('takes a seat on enabled: true, and refuses the sixth active user with SEAT_LIMIT_REACHED', async () => {
    for (const e of ['u1@ex.co', 'u2@ex.co', 'u3@ex.co']) await invite(e);
    const idle = await invite('u4@ex.co');
    await t.admin.deactivateUser('u4@ex.co');
    await invite('u5@ex.co');
    const res = await raw(t, 'PUT', `${KEYCLOAK_USERS}/${idle}`, { token: admin, body: { enabled: true } });
    expect(res.status).toBe(403);
    expect((res.body as { error: string }).error).toBe('SEAT_LIMIT_REACHED');
    expect((await t.admin.getLicense()).activeUsers).toBe(5);
  });

  it('gives one free seat to exactly one of 20 concurrent enabled: true', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      ids.push(await invite(`idle${i}@ex.co`));
      await t.admin.deactivateUser(`idle${i}@ex.co`);
    }
    for (const e of ['a@ex.co', 'b@ex.co', 'c@ex.co']) await invite(e);
    const replies = await Promise.all(ids.map((id) => raw(t, 'PUT', `${KEYCLOAK_USERS}/${id}`, { token: admin, body: { enabled: true } })));
    expect(replies.filter((r) => r.status === 204)).toHaveLength(1);
    expect(replies.filter((r) => r.status === 403 && (r.body as { error: string }).error === 'SEAT_LIMIT_REACHED')).toHaveLength(19);
    expect((await t.admin.getLicense()).activeUsers).toBe(5);
  });

  it('keeps the last active admin, and no one disables themselves', async () => {
    const adminId = (await t.admin.getUserByEmail(ADMIN.email))?.id ?? '';
    const self = await raw(t, 'PUT', `${KEYCLOAK_USERS}/${adminId}`, { token: admin, body: { enabled: false } });
    expect(self.status).toBe(409);
    expect((self.body as { error: string }).error).toBe('SELF_DEACTIVATION');

    // A script's client-credentials token acts as an admin that is no user: only the last-admin rule stops it.
    const cc = await tokenRequest(t, { grant_type: 'client_credentials' }, `api-client:${API_CLIENT_SECRET}`);
    const script = cc.body['access_token'] as string;
    const last = await raw(t, 'PUT', `${KEYCLOAK_USERS}/${adminId}`, { token: script, body: { enabled: false } });
    expect(last.status).toBe(409);
    expect((last.body as { error: string }).error).toBe('LAST_ACTIVE_ADMIN');
    expect((await t.admin.getUserByEmail(ADMIN.email))?.enabled).toBe(true);
  });

  it('cuts a disabled user’s tokens at once', async () => {
    const annId = await invite('ann@ex.co');
    const ann = await tokenOf(t, 'ann@ex.co', 'ann@ex.co-pw');
    expect((await raw(t, 'GET', `${KEYCLOAK_USERS}?email=ann%40ex.co`, { token: ann })).status).toBe(200);
    expect((await raw(t, 'PUT', `${KEYCLOAK_USERS}/${annId}`, { token: admin, body: { enabled: false } })).status).toBe(204);
    const after = await raw(t, 'GET', `${KEYCLOAK_USERS}?email=ann%40ex.co`, { token: ann });
    expect(after.status).toBe(401);
    expect((after.body as { error: string }).error).toBe('UNAUTHENTICATED');
    expect((await raw(t, 'POST', '/v1/graphql', { token: ann, body: { query: '{ user_default_workspace { workspace { id } } }' } })).status).toBe(401);
  });

  it('changes names and the email, the username and the default workspace following; audited', async () => {
    const annId = await invite('ann@ex.co');
    const rep = (await raw(t, 'GET', `${KEYCLOAK_USERS}/${annId}`, { token: admin })).body as Rep;
    const res = await raw(t, 'PUT', `${KEYCLOAK_USERS}/${annId}`, {
      token: admin,
      body: { ...rep, email: 'Ann.Lee@Ex.co', username: 'ann.lee@ex.co', firstName: 'Ann', lastName: 'Lee', access: { manage: true }, attributes: { x: ['y'] } },
    });
    expect(res.status).toBe(204);
    const changed = (await raw(t, 'GET', `${KEYCLOAK_USERS}/${annId}`, { token: admin })).body as Rep;
    expect(changed).toMatchObject({ email: 'ann.lee@ex.co', username: 'ann.lee@ex.co', firstName: 'Ann', lastName: 'Lee', enabled: true });
    const ws = await t.admin.listWorkspaces({ userId: annId });
    expect(ws.map((w) => w.name)).toEqual(['ann.lee@ex.co - Default Workspace']);
    expect((await tokenOf(t, 'ann.lee@ex.co', 'ann@ex.co-pw')).length).toBeGreaterThan(0);
    const [event] = (await t.admin.queryAudit({ action: 'user.update' })).events;
    expect(event?.details).toMatchObject({ from: { email: 'ann@ex.co', first_name: '' }, to: { email: 'ann.lee@ex.co', first_name: 'Ann', last_name: 'Lee' } });
  });

  it('refuses a taken email with 409 EMAIL_TAKEN, and a username that is not the email with 400', async () => {
    const annId = await invite('ann@ex.co');
    await invite('bob@ex.co');
    const taken = await raw(t, 'PUT', `${KEYCLOAK_USERS}/${annId}`, { token: admin, body: { email: 'BOB@ex.co' } });
    expect(taken.status).toBe(409);
    expect((taken.body as { error: string }).error).toBe('EMAIL_TAKEN');
    const split = await raw(t, 'PUT', `${KEYCLOAK_USERS}/${annId}`, { token: admin, body: { email: 'ann2@ex.co', username: 'someone-else' } });
    expect(split.status).toBe(400);
    expect((split.body as { error: string }).error).toBe('VALIDATION_FAILED');
    expect((await t.admin.getUserByEmail('ann@ex.co'))?.email).toBe('ann@ex.co');
  });

  it('refuses bodies that are not a representation, and bad queries, with a 4xx and nothing written', async () => {
    const annId = await invite('ann@ex.co');
    const before = await auditCount();
    const put = (body: unknown, contentType?: string) => raw(t, 'PUT', `${KEYCLOAK_USERS}/${annId}`, { token: admin, body, ...(contentType && { contentType }) });
    for (const body of ['[1,2]', '"enabled"', '{"enabled": "false"}', '{"enabled": 0}', '{"email": "not-an-email"}', '{"firstName": 7}', '{"enabled": tru']) {
      const res = await put(body);
      expect(res.status, body).toBe(400);
      expect(['VALIDATION_FAILED', 'INVALID_REQUEST'], body).toContain((res.body as { error: string }).error);
    }
    expect((await put('enabled=false', 'application/x-www-form-urlencoded')).status).toBe(400);
    expect((await raw(t, 'PUT', `${KEYCLOAK_USERS}/${annId}`, { token: admin, body: 'x'.repeat(2 * 1024 * 1024) })).status).toBe(413);
    for (const query of ['max=5000', 'max=-1', 'first=abc', 'enabled=maybe', `email=${'a'.repeat(400)}`]) {
      const res = await raw(t, 'GET', `${KEYCLOAK_USERS}?${query}`, { token: admin });
      expect(res.status, query).toBe(400);
      expect((res.body as { error: string }).error, query).toBe('VALIDATION_FAILED');
    }
    expect((await raw(t, 'GET', KEYCLOAK_USERS)).status).toBe(401);
    expect((await raw(t, 'GET', KEYCLOAK_USERS, { token: 'not.a.token' })).status).toBe(401);
    expect(await auditCount()).toBe(before);
    expect((await t.admin.getUserByEmail('ann@ex.co'))?.enabled).toBe(true);
  });
});
