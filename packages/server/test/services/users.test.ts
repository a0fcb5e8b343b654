import { beforeEach, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import type { Services } from '../../src/services/index.js';
import { describeEachDatabase } from '../support/databases.js';
import { asUser, servicesFor, system } from '../support/services.js';

describeEachDatabase('users service', (database) => {
  let db: Db;
  let s: Services;

  beforeEach(async () => {
    db = await database.open();
    s = servicesFor(db);
  });

  it('invite normalises the email, sets username to it and creates the default workspace owned by the user', async () => {
    const { user, password, generated } = await s.users.invite(system, { email: '  Ann@Example.COM ' });
    expect(user.email).toBe('ann@example.com');
    expect(user.username).toBe('ann@example.com');
    expect(generated).toBe(true);
    expect(password.length).toBeGreaterThanOrEqual(16);
    const ws = await s.workspaces.get(system, { name: 'ann@example.com - Default Workspace' });
    expect(ws.default_for).toBe(user.id);
    expect(await s.workspaces.members(system, ws.id)).toEqual([{ user_id: user.id, email: 'ann@example.com', role: 'owner' }]);
  });

  it('getByEmail is exact and case-insensitive: bob@x.io never finds jimbob@x.io', async () => {
    await s.users.invite(system, { email: 'jimbob@x.io' });
    expect(await s.users.getByEmail('bob@x.io')).toBeNull();
    expect((await s.users.getByEmail('JimBob@X.io'))?.email).toBe('jimbob@x.io');
  });

  it('invite refuses a duplicate email, whatever its case, with EMAIL_TAKEN', async () => {
    await s.users.invite(system, { email: 'ann@example.com' });
    await expect(s.users.invite(system, { email: 'ANN@example.com' })).rejects.toMatchObject({ code: 'EMAIL_TAKEN' });
  });

  it('the sixth active user is refused with SEAT_LIMIT_REACHED on Community; deactivating one frees the seat at once', async () => {
    for (let i = 1; i <= 5; i++) await s.users.invite(system, { email: `u${i}@x.io` });
    await expect(s.users.invite(system, { email: 'u6@x.io' })).rejects.toMatchObject({ code: 'SEAT_LIMIT_REACHED', status: 403 });
    expect(await s.users.getByEmail('u6@x.io')).toBeNull();
    await s.users.deactivate(system, 'u1@x.io');
    await s.users.invite(system, { email: 'u6@x.io' });
    await expect(s.users.activate(system, 'u1@x.io')).rejects.toMatchObject({ code: 'SEAT_LIMIT_REACHED' });
    expect((await s.users.getByEmail('u1@x.io'))?.status).toBe('inactive');
  });

  it('deactivate and activate answer USER_NOT_FOUND for an unknown email', async () => {
    await expect(s.users.deactivate(system, 'nobody@x.io')).rejects.toMatchObject({ code: 'USER_NOT_FOUND' });
    await expect(s.users.activate(system, 'nobody@x.io')).rejects.toMatchObject({ code: 'USER_NOT_FOUND' });
  });

  it('no one deactivates themselves', async () => {
    const { user: a } = await s.users.invite(system, { email: 'a@x.io', role: 'admin' });
    await s.users.invite(system, { email: 'b@x.io', role: 'admin' });
    await expect(s.users.deactivate(asUser(a), 'a@x.io')).rejects.toMatchObject({ code: 'SELF_DEACTIVATION' });
  });

  it('the last active admin can be neither deactivated nor demoted; an inactive admin does not count', async () => {
    const { user: a } = await s.users.invite(system, { email: 'a@x.io', role: 'admin' });
    await s.users.invite(system, { email: 'b@x.io' });
    await s.users.invite(system, { email: 'c@x.io', role: 'admin' });
    await s.users.deactivate(asUser(a), 'c@x.io');
    await expect(s.users.setRole(system, 'a@x.io', 'user')).rejects.toMatchObject({ code: 'LAST_ACTIVE_ADMIN' });
    await expect(s.users.deactivate(system, 'a@x.io')).rejects.toMatchObject({ code: 'LAST_ACTIVE_ADMIN' });
    await s.users.setRole(asUser(a), 'b@x.io', 'admin');
    await s.users.setRole(system, 'a@x.io', 'user');
    expect((await s.users.getByEmail('a@x.io'))?.role).toBe('user');
  });

  it('non-admins cannot invite, activate, deactivate or change roles', async () => {
    const { user } = await s.users.invite(system, { email: 'u@x.io' });
    const actor = asUser(user);
    await expect(s.users.invite(actor, { email: 'v@x.io' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(s.users.deactivate(actor, 'u@x.io')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(s.users.activate(actor, 'u@x.io')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(s.users.setRole(actor, 'u@x.io', 'admin')).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('authenticate accepts the right password of an active user only, and records the login', async () => {
    await s.users.invite(system, { email: 'u@x.io', password: 'correct horse' });
    expect(await s.users.authenticate('u@x.io', 'wrong horse')).toBeNull();
    expect(await s.users.authenticate('nobody@x.io', 'correct horse')).toBeNull();
    const ok = await s.users.authenticate(' U@x.io', 'correct horse');
    expect(ok).toMatchObject({ ok: true, user: { email: 'u@x.io', last_login_at: expect.any(Number) } });
    await s.users.deactivate(system, 'u@x.io');
    expect(await s.users.authenticate('u@x.io', 'correct horse')).toBeNull();
  });

  it('authenticate refuses a user who must change their password with MUST_CHANGE_PASSWORD, and does not record that login', async () => {
    await s.users.invite(system, { email: 'u@x.io', password: 'correct horse', requireReset: true });
    expect(await s.users.authenticate('u@x.io', 'wrong horse')).toBeNull();
    expect(await s.users.authenticate('u@x.io', 'correct horse')).toEqual({ ok: false, refused: 'MUST_CHANGE_PASSWORD' });
    expect((await s.users.getById((await s.users.getByEmail('u@x.io'))!.id))?.last_login_at).toBeNull();
  });

  it('deactivation deletes the stored sessions and refresh tokens of the user', async () => {
    const { user } = await s.users.invite(system, { email: 'u@x.io' });
    await db.kysely
      .insertInto('oidc_payloads')
      .values([
        { model: 'Grant', id: 'g1', payload: '{}', grant_id: null, user_code: null, uid: null, account_id: user.id, expires_at: null, consumed_at: null },
        { model: 'RefreshToken', id: 'r1', payload: '{}', grant_id: 'g1', user_code: null, uid: null, account_id: null, expires_at: null, consumed_at: null },
        { model: 'RefreshToken', id: 'other', payload: '{}', grant_id: 'g2', user_code: null, uid: null, account_id: 'someone', expires_at: null, consumed_at: null },
      ])
      .execute();
    await s.users.deactivate(system, 'u@x.io');
    const left = await db.kysely.selectFrom('oidc_payloads').select('id').execute();
    expect(left.map((r) => r.id)).toEqual(['other']);
  });

  it('ensureAdmin creates the first admin once and leaves an existing admin alone', async () => {
    expect(await s.users.ensureAdmin('root@x.io', 'password-1')).toBe('created');
    expect(await s.users.ensureAdmin('other@x.io', 'password-2')).toBe('exists');
    expect((await s.users.getByEmail('root@x.io'))?.role).toBe('admin');
    expect(await s.users.getByEmail('other@x.io')).toBeNull();
  });

  it('ensureAdmin promotes an existing inactive user only when a seat is free (SEAT_LIMIT_REACHED otherwise)', async () => {
    await s.users.invite(system, { email: 'root@x.io' });
    await s.users.deactivate(system, 'root@x.io');
    for (let i = 1; i <= 5; i++) await s.users.invite(system, { email: `u${i}@x.io` });
    await expect(s.users.ensureAdmin('root@x.io', 'password-1')).rejects.toMatchObject({ code: 'SEAT_LIMIT_REACHED' });
    expect(await s.users.getByEmail('root@x.io')).toMatchObject({ status: 'inactive', role: 'user' });
    await s.users.deactivate(system, 'u5@x.io');
    expect(await s.users.ensureAdmin('root@x.io', 'password-1')).toBe('promoted');
    expect(await s.users.getByEmail('root@x.io')).toMatchObject({ status: 'active', role: 'admin' });
  });

  it('query filters by search (escaping LIKE wildcards), status and role, in email order, with keyset paging', async () => {
    await s.users.invite(system, { email: 'carol@x.io', firstName: 'Carol' });
    await s.users.invite(system, { email: 'a_b@x.io' });
    await s.users.invite(system, { email: 'axb@x.io', role: 'admin' });
    expect((await s.users.query({ search: 'a_b' })).map((u) => u.email)).toEqual(['a_b@x.io']);
    expect((await s.users.query({ search: 'CAROL' })).map((u) => u.email)).toEqual(['carol@x.io']);
    expect((await s.users.query({ role: 'admin' })).map((u) => u.email)).toEqual(['axb@x.io']);
    expect((await s.users.query({ afterEmail: 'a_b@x.io', limit: 1 })).map((u) => u.email)).toEqual(['axb@x.io']);
    await s.users.deactivate(system, 'carol@x.io');
    expect((await s.users.query({ status: 'inactive' })).map((u) => u.email)).toEqual(['carol@x.io']);
  });

  it('every change is audited in the same transaction, a refused change leaves no event', async () => {
    await s.users.invite(system, { email: 'a@x.io', role: 'admin' });
    await s.users.invite(system, { email: 'b@x.io' });
    await s.users.deactivate(system, 'b@x.io');
    await expect(s.users.deactivate(system, 'a@x.io')).rejects.toMatchObject({ code: 'LAST_ACTIVE_ADMIN' });
    const page = await s.audit.query(system, { limit: 10 });
    expect(page.events.map((e) => [e.action, e.target_label])).toEqual([
      ['user.deactivate', 'b@x.io'],
      ['user.create', 'b@x.io'],
      ['user.create', 'a@x.io'],
    ]);
  });
});
