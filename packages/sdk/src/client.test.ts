import { describe, expect, it } from 'vitest';
import { Client } from './client.js';
import { UserList } from './user.js';
import { FAKE_URL } from './testing/fake-server.js';
import { ADMIN, setup } from './testing/setup.js';

describe('users', () => {
  it('getUserByEmail answers null when the server says {"user": null}', async () => {
    const { fake, client } = setup();
    fake.overrides.push({ path: '/v1/api/users/get_by_email', status: 200, body: { user: null } });
    expect(await client.getUserByEmail('bob@x.io')).toBeNull();
  });

  it('getUserByEmail answers the exact user, case-insensitively', async () => {
    const { fake, client } = setup();
    fake.addUser({ email: 'jimbob@x.io' });
    expect(await client.getUserByEmail('bob@x.io')).toBeNull();
    const user = await client.getUserByEmail('JimBob@X.io');
    expect(user?.email).toBe('jimbob@x.io');
    expect(user?.role).toBe('user');
  });

  it('listUsers follows next_cursor until the last page', async () => {
    const { fake, client } = setup();
    for (const n of [1, 2, 3, 4]) fake.addUser({ email: `u${n}@ex.co` });
    fake.state.userPageSize = 2;
    const users = await client.listUsers();
    expect(users).toBeInstanceOf(UserList);
    expect(users.map((u) => u.email)).toEqual(['admin@ex.co', 'u1@ex.co', 'u2@ex.co', 'u3@ex.co', 'u4@ex.co']);
    const queries = fake.requests.filter((r) => r.path === '/v1/api/users/query').map((r) => r.body);
    expect(queries).toEqual([{}, { cursor: '2' }, { cursor: '4' }]);
  });

  it('queryUsers sends snake_case filters and answers the next cursor', async () => {
    const { fake, client } = setup();
    for (const n of [1, 2, 3]) fake.addUser({ email: `u${n}@ex.co` });
    const page = await client.queryUsers({ role: 'user', status: 'active', limit: 2, userIds: undefined });
    expect(page.users.map((u) => u.email)).toEqual(['u1@ex.co', 'u2@ex.co']);
    expect(page.nextCursor).toBe('2');
    expect(fake.requests.at(-1)?.body).toEqual({ role: 'user', status: 'active', limit: 2 });
  });

  it('inviteUser answers the id and the generated password, and sends the options snake_case', async () => {
    const { fake, client } = setup();
    const result = await client.inviteUser('ann@ex.co', undefined, { firstName: 'Ann', role: 'admin' });
    expect(result.password).toBe('Generated-Pw-1');
    expect(fake.state.users.get(result.id)?.email).toBe('ann@ex.co');
    expect(fake.requests.at(-1)?.body).toEqual({ email: 'ann@ex.co', first_name: 'Ann', role: 'admin' });
  });

  it('deactivate and activate round-trip; activating without a seat is SEAT_LIMIT_REACHED', async () => {
    const { fake, client } = setup();
    for (const n of [1, 2, 3, 4]) fake.addUser({ email: `u${n}@ex.co` });
    await client.deactivateUser('u1@ex.co');
    expect((await client.getUserByEmail('u1@ex.co'))?.enabled).toBe(false);
    fake.addUser({ email: 'u5@ex.co' });
    await expect(client.activateUser('u1@ex.co')).rejects.toMatchObject({ code: 'SEAT_LIMIT_REACHED' });
  });
});

describe('workspaces', () => {
  it('getWorkspace answers null for an unknown name, or creates it when asked', async () => {
    const { client } = setup();
    expect(await client.getWorkspace('fraud')).toBeNull();
    const created = await client.getWorkspace('fraud', { createIfNotExist: true });
    expect(created.name).toBe('fraud');
    expect((await client.getWorkspace('fraud'))?.id).toBe(created.id);
  });

  it('createWorkspace answers a Workspace with camelCase fields', async () => {
    const { fake, client } = setup();
    const ws = await client.createWorkspace('fraud');
    expect(ws.createdAt).toBeInstanceOf(Date);
    expect(ws.createdAt.getTime()).toBe(fake.time);
    expect(ws.createdBy).toBe(fake.state.byEmail(ADMIN.email)?.id);
    expect(ws.defaultFor).toBeNull();
    expect(String(ws)).toBe(`Workspace({"id": ${ws.id}, "name": "fraud"})`);
  });

  it('getCurrentWorkspace defaults to the caller\'s default workspace, until one is set', async () => {
    const { fake, client } = setup();
    fake.addUser({ email: 'other@ex.co' });
    const current = await client.getCurrentWorkspace();
    expect(current.name).toBe('admin@ex.co - Default Workspace');
    const ws = await client.createWorkspace('fraud');
    client.setCurrentWorkspace(ws);
    expect(await client.getCurrentWorkspace()).toBe(ws);
  });

  it('manages members, with roles mapped from OWNER/COLLABORATOR', async () => {
    const { fake, client } = setup();
    const ann = fake.addUser({ email: 'ann@ex.co' });
    const bob = fake.addUser({ email: 'bob@ex.co' });
    const ws = await client.createWorkspace('fraud');
    await ws.addUser('ann@ex.co');
    await ws.addOwner('bob@ex.co');
    await expect(ws.addUser('ann@ex.co')).rejects.toMatchObject({ code: 'MEMBER_EXISTS' });
    await ws.setUserRole('ann@ex.co', 'owner');
    await ws.removeUser('admin@ex.co');
    const members = await ws.users();
    expect(members).toEqual([
      { userId: ann.id, email: 'ann@ex.co', role: 'owner' },
      { userId: bob.id, email: 'bob@ex.co', role: 'owner' },
    ]);
    expect(fake.requests.at(-1)?.body).toEqual({ workspace_id: ws.id });
  });

  it('refuses to remove the last owner with LAST_OWNER', async () => {
    const { client } = setup();
    const ws = await client.createWorkspace('fraud');
    await expect(ws.removeUser(ADMIN.email)).rejects.toMatchObject({ code: 'LAST_OWNER' });
  });
});

describe('licence, audit, doctor', () => {
  it('getLicense converts the seat counts', async () => {
    const { client } = setup();
    expect(await client.getLicense()).toEqual({ edition: 'community', seats: 5, activeUsers: 1, seatsLeft: 4, overBy: 0, licensee: null, expiresAt: null, source: 'none', setAside: [] });
  });

  it('queryAudit sends dates as ISO strings and answers events with Date times', async () => {
    const { fake, client } = setup();
    await client.inviteUser('ann@ex.co');
    const page = await client.queryAudit({ action: 'user.invite', since: new Date(Date.UTC(2024, 0, 1)), limit: 10 });
    expect(fake.requests.at(-1)?.body).toEqual({ action: 'user.invite', since: '2024-01-01T00:00:00.000Z', limit: 10 });
    expect(page.events).toHaveLength(1);
    expect(page.events[0]?.at).toBeInstanceOf(Date);
    expect(page.events[0]?.target.label).toBe('ann@ex.co');
    expect(page.events[0]?.id).toEqual(expect.any(Number));
    expect(page.nextCursor).toBeNull();
  });

  it('doctorCheck lists problems and doctorFix splits fixed from remaining', async () => {
    const { fake, client } = setup();
    const subject = { type: 'user' as const, id: 'u1', label: 'ann@ex.co' };
    fake.state.problems = [
      { kind: 'USERNAME_MISMATCH', subject, detail: 'username differs', fixable: true },
      { kind: 'INVALID_EMAIL', subject, detail: 'bad email', fixable: false },
    ];
    expect(await client.doctorCheck()).toHaveLength(2);
    const result = await client.doctorFix();
    expect(result.fixed.map((p) => p.kind)).toEqual(['USERNAME_MISMATCH']);
    expect(result.remaining.map((p) => p.kind)).toEqual(['INVALID_EMAIL']);
  });
});

describe('construction', () => {
  it('refuses a malformed URL at once', () => {
    expect(() => new Client({ url: 'not a url', auth: { type: 'token', accessToken: 'x' } })).toThrow();
  });

  it('strips a trailing slash from the URL', () => {
    expect(new Client({ url: `${FAKE_URL}/`, auth: { type: 'token', accessToken: 'x' } }).url).toBe(FAKE_URL);
  });
});
