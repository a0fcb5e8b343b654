import { PaddockError } from '@paddock/sdk';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.js';
import { ADMIN, startTestApp } from '../support/app.js';
import type { TestApp } from '../support/app.js';

const code = (err: unknown) => (err instanceof PaddockError ? err.code : err);

describeEachDatabase('users API through the SDK', (database) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp(database);
  });
  afterEach(() => t.close());

  it('listUsers returns every user and prints them as the Wallaroo SDK does', async () => {
    const { id } = await t.admin.inviteUser('steve@ex.co', 'steve-password');
    const users = await t.admin.listUsers();
    expect(users.map((u) => u.email)).toEqual([ADMIN.email, 'steve@ex.co']);
    const steve = users.find((u) => u.email === "steve@ex.co");
    expect(String(steve)).toBe(`User({"id": "${id}", "email": "steve@ex.co", "username": "steve@ex.co"})`);
    expect(String(users)).toMatch(/^\[User\(\{"id": "[^"]+", "email": "admin@x\.io", "username": "admin@x\.io"\}\), User\(/);
  });

  it('getUserByEmail is exact and case-insensitive, and null for an unknown email', async () => {
    await t.admin.inviteUser('jimbob@x.io');
    expect(await t.admin.getUserByEmail('bob@x.io')).toBeNull();
    expect((await t.admin.getUserByEmail('JIMBOB@x.io'))?.email).toBe('jimbob@x.io');
  });

  it('inviteUser without a password returns a generated one that must be changed before it logs in', async () => {
    const { password } = await t.admin.inviteUser('ann@x.io');
    expect(password).toEqual(expect.any(String));
    expect(code(await t.login('ann@x.io', password).listUsers().catch((e: unknown) => e))).toBe('UNAUTHENTICATED');
    await t.login('ann@x.io', password).changePassword('ann@x.io', password, 'anns-new-password');
    const ann = t.login('ann@x.io', 'anns-new-password');
    expect((await ann.listUsers()).length).toBe(2);
  });

  it('the sixth active user is refused with SEAT_LIMIT_REACHED (403); deactivating one frees the seat', async () => {
    for (let i = 1; i <= 4; i++) await t.admin.inviteUser(`u${i}@x.io`);
    const refused = await t.admin.inviteUser('u5@x.io').catch((e: unknown) => e);
    expect(code(refused)).toBe('SEAT_LIMIT_REACHED');
    expect((refused as PaddockError).status).toBe(403);
    await t.admin.deactivateUser('u1@x.io');
    await t.admin.inviteUser('u5@x.io');
    expect(code(await t.admin.activateUser('u1@x.io').catch((e: unknown) => e))).toBe('SEAT_LIMIT_REACHED');
  });

  it('deactivation cuts the user off on the very next request and refuses their password and refresh token', async () => {
    await t.admin.inviteUser('ann@x.io', 'ann-password');
    const ann = t.login('ann@x.io', 'ann-password');
    await ann.listUsers();
    const tokens = ann.getTokens()!;
    await t.admin.deactivateUser('ann@x.io');
    const raw = await t.post('users/query', {}, tokens.accessToken);
    expect(raw.status).toBe(401);
    expect(raw.body['error']).toBe('UNAUTHENTICATED');
    expect(code(await ann.listUsers().catch((e: unknown) => e))).toBe('UNAUTHENTICATED');
    expect(code(await t.login('ann@x.io', 'ann-password').listUsers().catch((e: unknown) => e))).toBe('UNAUTHENTICATED');
  });

  it('unknown users answer 404 USER_NOT_FOUND, never 500', async () => {
    for (const path of ['users/deactivate', 'users/activate']) {
      const res = await t.post(path, { email: 'nobody@x.io' });
      expect([res.status, res.body['error']]).toEqual([404, 'USER_NOT_FOUND']);
    }
    const res = await t.post('users/set_role', { email: 'nobody@x.io', role: 'admin' });
    expect([res.status, res.body['error']]).toEqual([404, 'USER_NOT_FOUND']);
  });

  it('the last admin cannot deactivate themselves (409) nor be demoted (409)', async () => {
    expect(code(await t.admin.deactivateUser(ADMIN.email).catch((e: unknown) => e))).toBe('SELF_DEACTIVATION');
    expect(code(await t.admin.setUserRole(ADMIN.email, 'user').catch((e: unknown) => e))).toBe('LAST_ACTIVE_ADMIN');
  });

  it('a non-admin sees what the Wallaroo SDK needs of others only, and every admin call answers 403 FORBIDDEN', async () => {
    await t.admin.inviteUser('ann@x.io', 'ann-password');
    const ann = t.login('ann@x.io', 'ann-password');
    await ann.listUsers();
    const token = ann.getTokens()!.accessToken;
    const listed = await t.post('users/query', {}, token);
    const visible = ['createdTimestamp', 'email', 'enabled', 'id', 'username'];
    const others = Object.values(listed.body['users'] as Record<string, object>);
    expect(others.length).toBeGreaterThan(0);
    for (const user of others) expect(Object.keys(user).sort()).toEqual(visible);
    const byEmail = await t.post('users/get_by_email', { email: ADMIN.email }, token);
    expect(Object.keys(byEmail.body['user'] as object).sort()).toEqual(visible);
    for (const [path, body] of [
      ['users/invite', { email: 'x@x.io' }],
      ['users/deactivate', { email: ADMIN.email }],
      ['users/activate', { email: ADMIN.email }],
      ['users/set_role', { email: 'ann@x.io', role: 'admin' }],
      ['license/get', {}],
      ['audit/query', {}],
      ['doctor/check', {}],
      ['doctor/fix', {}],
    ] as const) {
      const res = await t.post(path, body, token);
      expect([path, res.status, res.body['error']]).toEqual([path, 403, 'FORBIDDEN']);
    }
  });

  it('a non-admin may not filter or sort on what they cannot read: 403 FORBIDDEN; their search matches emails only', async () => {
    await t.admin.inviteUser('ann@x.io', 'ann-password');
    await t.admin.inviteUser('bob@x.io', 'bob-password', { firstName: 'Annabel' });
    await t.admin.deactivateUser('bob@x.io');
    const token = await t.login('ann@x.io', 'ann-password').login().then((tk) => tk.accessToken);
    for (const body of [{ role: 'admin' }, { sort: 'last_login' }, { sort: 'first_name', limit: 10 }, { sort: 'role' }, { role: 'user', include_total: true }]) {
      const res = await t.post('users/query', body, token);
      expect([body, res.status, res.body['error']]).toEqual([body, 403, 'FORBIDDEN']);
    }
    const emailsOf = (res: { body: Record<string, unknown> }) => Object.values(res.body['users'] as Record<string, { email: string }>).map((u) => u.email);
    expect(emailsOf(await t.post('users/query', { search: 'ann' }, token))).toEqual(['ann@x.io']);
    expect(emailsOf(await t.post('users/query', { search: 'ann' }))).toEqual(['ann@x.io', 'bob@x.io']);
    expect(emailsOf(await t.post('users/query', { status: 'inactive', sort: 'status' }, token))).toEqual(['bob@x.io']);
  });

  it('updateUser changes the email (the username and default workspace follow) and names; a taken email is EMAIL_TAKEN', async () => {
    const { id } = await t.admin.inviteUser('ann@x.io', 'ann-password');
    await t.admin.inviteUser('bob@x.io', 'bob-password');
    await t.admin.updateUser('ann@x.io', { email: 'Ann.Lee@X.io', firstName: 'Ann', lastName: 'Lee' });
    const ann = await t.admin.getUserByEmail('ann.lee@x.io');
    expect([ann?.id, ann?.username, ann?.firstName, ann?.lastName]).toEqual([id, 'ann.lee@x.io', 'Ann', 'Lee']);
    expect((await t.admin.listWorkspaces({ userId: id })).map((w) => w.name)).toEqual(['ann.lee@x.io - Default Workspace']);
    await t.admin.updateUser({ userId: id }, { lastName: 'Lee-Smith' });
    expect((await t.admin.getUserByEmail('ann.lee@x.io'))?.lastName).toBe('Lee-Smith');
    expect(code(await t.admin.updateUser('ann.lee@x.io', { email: 'bob@x.io' }).catch((e: unknown) => e))).toBe('EMAIL_TAKEN');
    expect(code(await t.admin.updateUser('nobody@x.io', { lastName: 'X' }).catch((e: unknown) => e))).toBe('USER_NOT_FOUND');
    expect(code(await t.login('bob@x.io', 'bob-password').updateUser('ann.lee@x.io', { lastName: 'X' }).catch((e: unknown) => e))).toBe('FORBIDDEN');
    const invalid = await t.post('users/update', { email: 'ann.lee@x.io', new_email: 'not an email' });
    expect([invalid.status, invalid.body['error'], invalid.body['field']]).toEqual([400, 'VALIDATION_FAILED', 'new_email']);
  });

  it('setUserRole makes an admin, whose new power applies to their existing token at once', async () => {
    await t.admin.inviteUser('ann@x.io', 'ann-password');
    const ann = t.login('ann@x.io', 'ann-password');
    expect(code(await ann.getLicense().catch((e: unknown) => e))).toBe('FORBIDDEN');
    await t.admin.setUserRole('ann@x.io', 'admin');
    expect((await ann.getLicense()).edition).toBe('community');
  });

  it('users/query pages with limit and cursor, and filters', async () => {
    for (const e of ['b@x.io', 'c@x.io', 'd@x.io']) await t.admin.inviteUser(e);
    const first = await t.post('users/query', { limit: 2 });
    expect(Object.values(first.body['users'] as Record<string, { email: string }>).map((u) => u.email)).toEqual([ADMIN.email, 'b@x.io']);
    const second = await t.post('users/query', { limit: 2, cursor: first.body['next_cursor'] });
    expect(Object.values(second.body['users'] as Record<string, { email: string }>).map((u) => u.email)).toEqual(['c@x.io', 'd@x.io']);
    expect(second.body['next_cursor']).toBeNull();
    const ids = await t.post('users/query', { user_ids: Object.keys(second.body['users'] as object) });
    expect(Object.keys(ids.body['users'] as object)).toHaveLength(2);
    expect(ids.body).not.toHaveProperty('next_cursor');
  });
});
