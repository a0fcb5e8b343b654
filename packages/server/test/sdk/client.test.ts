/** The SDK's calls against the real server (both databases): users, workspaces, licence, audit, doctor. */
import { UserList } from '@paddock/sdk';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ADMIN } from '../support/app.js';
import { describeEachDatabase } from '../support/databases.js';
import { sdkTest } from '../support/sdk.js';
import type { SdkTest } from '../support/sdk.js';
import { COMMUNITY_SEATS } from '../../src/license/license.js';

describeEachDatabase('SDK: users', (database) => {
  let t: SdkTest;
  beforeEach(async () => {
    t = await sdkTest(database);
  });
  afterEach(() => t.close());

  it('getUserByEmail answers null when the server says {"user": null}', async () => {
    expect(await t.client.getUserByEmail('bob@x.io')).toBeNull();
    expect(t.transport.requests.at(-1)?.reply).toEqual({ user: null });
  });

  it('getUserByEmail answers the exact user, case-insensitively', async () => {
    await t.addUser({ email: 'jimbob@x.io' });
    expect(await t.client.getUserByEmail('bob@x.io')).toBeNull();
    const user = await t.client.getUserByEmail('JimBob@X.io');
    expect(user?.email).toBe('jimbob@x.io');
    expect(user?.role).toBe('user');
  });

  it('listUsers asks for everything in one call and answers a UserList', async () => {
    for (const n of [1, 2, 3, 4]) await t.addUser({ email: `u${n}@ex.co` });
    const users = await t.client.listUsers();
    expect(users).toBeInstanceOf(UserList);
    expect(users.map((u) => u.email).sort()).toEqual([ADMIN.email, 'u1@ex.co', 'u2@ex.co', 'u3@ex.co', 'u4@ex.co'].sort());
    expect(t.transport.bodies('users/query')).toEqual([{}]);
  });

  it('queryUsers sends snake_case filters and answers the next cursor, which the next call follows', async () => {
    for (const n of [1, 2, 3]) await t.addUser({ email: `u${n}@ex.co` });
    const page = await t.client.queryUsers({ role: 'user', status: 'active', limit: 2, userIds: undefined });
    expect(page.users).toHaveLength(2);
    expect(page.nextCursor).toEqual(expect.any(String));
    expect(t.transport.bodies('users/query').at(-1)).toEqual({ role: 'user', status: 'active', limit: 2 });
    const rest = await t.client.queryUsers({ role: 'user', status: 'active', limit: 2, cursor: page.nextCursor! });
    expect(rest.nextCursor).toBeNull();
    expect([...page.users, ...rest.users].map((u) => u.email).sort()).toEqual(['u1@ex.co', 'u2@ex.co', 'u3@ex.co']);
  });

  it('search matches names as well as emails (the server\'s rule)', async () => {
    await t.addUser({ email: 'ann@ex.co', firstName: 'Zelda' });
    await t.addUser({ email: 'zed@ex.co' });
    const page = await t.client.queryUsers({ search: 'ze' });
    expect(page.users.map((u) => u.email).sort()).toEqual(['ann@ex.co', 'zed@ex.co']);
  });

  it('inviteUser answers the id and the generated password, and sends the options snake_case', async () => {
    const result = await t.client.inviteUser('ann@ex.co', undefined, { firstName: 'Ann', role: 'admin' });
    expect(result.password).toEqual(expect.any(String));
    expect(result.password.length).toBeGreaterThanOrEqual(8);
    const stored = await t.user('ann@ex.co');
    expect(stored.id).toBe(result.id);
    expect([stored.first_name, stored.role]).toEqual(['Ann', 'admin']);
    expect(t.transport.bodies('users/invite').at(-1)).toEqual({ email: 'ann@ex.co', first_name: 'Ann', role: 'admin' });
  });

  it('deactivate and activate round-trip; activating without a seat is SEAT_LIMIT_REACHED', async () => {
    for (let n = 1; n < COMMUNITY_SEATS; n++) await t.addUser({ email: `u${n}@ex.co` });
    await t.client.deactivateUser('u1@ex.co');
    expect((await t.client.getUserByEmail('u1@ex.co'))?.enabled).toBe(false);
    await t.client.activateUser('u1@ex.co');
    expect((await t.client.getUserByEmail('u1@ex.co'))?.enabled).toBe(true);
    await t.client.deactivateUser('u1@ex.co');
    await t.addUser({ email: 'u5@ex.co' });
    await expect(t.client.activateUser('u1@ex.co')).rejects.toMatchObject({ code: 'SEAT_LIMIT_REACHED' });
  });

  it('the last active admin keeps the role (LAST_ACTIVE_ADMIN); nobody deactivates themselves (SELF_DEACTIVATION)', async () => {
    await t.addUser({ email: 'ann@ex.co', role: 'admin' });
    await t.client.setUserRole('ann@ex.co', 'user');
    await expect(t.client.setUserRole(ADMIN.email, 'user')).rejects.toMatchObject({ code: 'LAST_ACTIVE_ADMIN' });
    await expect(t.client.deactivateUser(ADMIN.email)).rejects.toMatchObject({ code: 'SELF_DEACTIVATION' });
  });
});

describeEachDatabase('SDK: workspaces', (database) => {
  let t: SdkTest;
  beforeEach(async () => {
    t = await sdkTest(database);
  });
  afterEach(() => t.close());

  it('getWorkspace answers null for an unknown name, or creates it when asked', async () => {
    expect(await t.client.getWorkspace('fraud')).toBeNull();
    const created = await t.client.getWorkspace('fraud', { createIfNotExist: true });
    expect(created.name).toBe('fraud');
    expect((await t.client.getWorkspace('fraud'))?.id).toBe(created.id);
  });

  it('createWorkspace answers a Workspace with camelCase fields', async () => {
    const ws = await t.client.createWorkspace('fraud');
    expect(ws.createdAt).toBeInstanceOf(Date);
    expect(ws.createdAt.getTime()).toBe(t.clock.now());
    expect(ws.createdBy).toBe((await t.user(ADMIN.email)).id);
    expect(ws.defaultFor).toBeNull();
    expect(String(ws)).toBe(`Workspace({"id": ${ws.id}, "name": "fraud"})`);
  });

  it("getCurrentWorkspace defaults to the caller's default workspace, until one is set", async () => {
    await t.addUser({ email: 'other@ex.co' });
    const current = await t.client.getCurrentWorkspace();
    expect(current.name).toBe(`${ADMIN.email} - Default Workspace`);
    expect(current.defaultFor).toBe((await t.user(ADMIN.email)).id);
    const ws = await t.client.createWorkspace('fraud');
    t.client.setCurrentWorkspace(ws);
    expect(await t.client.getCurrentWorkspace()).toBe(ws);
  });

  it('manages members, with roles mapped from OWNER/COLLABORATOR', async () => {
    const ann = await t.addUser({ email: 'ann@ex.co' });
    const bob = await t.addUser({ email: 'bob@ex.co' });
    const ws = await t.client.createWorkspace('fraud');
    await ws.addUser('ann@ex.co');
    await ws.addOwner('bob@ex.co');
    await expect(ws.addUser('ann@ex.co')).rejects.toMatchObject({ code: 'MEMBER_EXISTS' });
    await ws.setUserRole('ann@ex.co', 'owner');
    await ws.removeUser(ADMIN.email);
    const members = await ws.users();
    expect(members.sort((a, b) => a.email.localeCompare(b.email))).toEqual([
      { userId: ann.id, email: 'ann@ex.co', role: 'owner' },
      { userId: bob.id, email: 'bob@ex.co', role: 'owner' },
    ]);
    expect(t.transport.bodies('workspaces/list_users').at(-1)).toEqual({ workspace_id: ws.id });
  });

  it('refuses to remove the last owner with LAST_OWNER', async () => {
    const ws = await t.client.createWorkspace('fraud');
    await expect(ws.removeUser(ADMIN.email)).rejects.toMatchObject({ code: 'LAST_OWNER' });
  });
});

describeEachDatabase('SDK: licence, audit, doctor', (database) => {
  let t: SdkTest;
  beforeEach(async () => {
    t = await sdkTest(database);
  });
  afterEach(() => t.close());

  it('getLicense converts the seat counts', async () => {
    expect(await t.client.getLicense()).toEqual({
      edition: 'community',
      seats: COMMUNITY_SEATS,
      activeUsers: 1,
      seatsLeft: COMMUNITY_SEATS - 1,
      overBy: 0,
      licensee: null,
      expiresAt: null,
      source: 'none',
      setAside: [],
    });
  });

  it('queryAudit sends dates as ISO strings and answers events with Date times and numeric ids', async () => {
    await t.client.inviteUser('ann@ex.co');
    const page = await t.client.queryAudit({ action: 'user.create', since: new Date(Date.UTC(2024, 0, 1)), limit: 10 });
    expect(t.transport.bodies('audit/query').at(-1)).toEqual({ action: 'user.create', since: '2024-01-01T00:00:00.000Z', limit: 10 });
    expect(page.events.map((e) => e.target.label)).toEqual(['ann@ex.co', ADMIN.email]); // newest first; the first admin's creation too
    expect(page.events[0]?.at).toBeInstanceOf(Date);
    expect(page.events[0]?.id).toEqual(expect.any(Number));
    expect(page.nextCursor).toBeNull();
  });

  it('doctorCheck lists problems and doctorFix splits fixed from remaining', async () => {
    const ann = await t.addUser({ email: 'ann@ex.co' });
    const cat = await t.addUser({ email: 'cat@ex.co' });
    await t.db.kysely.updateTable('users').set({ username: 'Ann' }).where('id', '=', ann.id).execute();
    await t.db.kysely.updateTable('users').set({ email: 'not-an-email', username: 'not-an-email' }).where('id', '=', cat.id).execute();
    expect((await t.client.doctorCheck()).map((p) => p.kind).sort()).toEqual(['INVALID_EMAIL', 'USERNAME_MISMATCH']);
    const result = await t.client.doctorFix();
    expect(result.fixed.map((p) => p.kind)).toEqual(['USERNAME_MISMATCH']);
    expect(result.remaining.map((p) => p.kind)).toEqual(['INVALID_EMAIL']);
  });
});
