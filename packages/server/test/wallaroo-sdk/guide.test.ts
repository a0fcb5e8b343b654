import { afterEach, beforeEach, expect, it } from 'vitest';
import { ADMIN, startTestApp } from '../support/app.js';
import type { TestApp } from '../support/app.js';
import { describeEachDatabase } from '../support/databases.js';
import { SdkError, WallarooSdk } from '../support/wallaroo-sdk.js';

const wire = (sdk: WallarooSdk, from: number) =>
  sdk.wire.slice(from).map((r) => `${r.method} ${r.path.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '<id>')}${r.operation ? ` ${r.operation}` : ''} ${r.status}`);

/** "SDK Essentials Guide: User Management", run as written by the Wallaroo Python SDK (its wire replayed). */
describeEachDatabase('the Wallaroo SDK guide runs unchanged', (database) => {
  let t: TestApp;
  let wl: WallarooSdk;
  beforeEach(async () => {
    t = await startTestApp(database);
    for (const email of ['steve@ex.co', 'u3@ex.co', 'testuser@wallaroo.ai']) {
      await t.admin.inviteUser(email, `${email}-password`);
    }
    wl = await WallarooSdk.connect(t.fetch, ADMIN.email, ADMIN.password);
  });
  afterEach(() => t.close());

  it('starts as the SDK does: a token with the email claim, then the configuration without a token', () => {
    expect(wire(wl, 0)).toEqual(['POST /auth/realms/master/protocol/openid-connect/token 200', 'GET /v1/api/config 200']);
    expect(wl.wire[1]?.authorized).toBe(false);
    expect(wl.config['default_arch']).toBe('x86');
    expect(wl.email).toBe(ADMIN.email);
  });

  it('lists users with what the SDK User needs, and finds one by email exactly, case-insensitively', async () => {
    const users = await wl.listUsers();
    expect(users.map((u) => u.email).sort()).toEqual([ADMIN.email, 'steve@ex.co', 'testuser@wallaroo.ai', 'u3@ex.co']);
    expect(users.every((u) => u.enabled && u.createdTimestamp > 0)).toBe(true);

    const from = wl.wire.length;
    expect((await wl.getUserByEmail('steve@ex.co'))?.email).toBe('steve@ex.co');
    expect((await wl.getUserByEmail('STEVE@Ex.Co'))?.email).toBe('steve@ex.co');
    expect(await wl.getUserByEmail('teve@ex.co')).toBeNull();
    expect(await wl.getUserByEmail('steve@ex.c')).toBeNull();
    expect(wire(wl, from)).toEqual([
      'GET /auth/admin/realms/master/users?email=steve%40ex.co 200',
      'GET /auth/admin/realms/master/users?email=STEVE%40Ex.Co 200',
      'GET /auth/admin/realms/master/users?email=teve%40ex.co 200',
      'GET /auth/admin/realms/master/users?email=steve%40ex.c 200',
    ]);
  });

  it('invites as the SDK does: an existing user comes back as is, and the sixth active user is a UserLimitError', async () => {
    expect(await wl.inviteUser('new@ex.co', 'new-password-1')).toEqual(expect.any(String));
    const existing = await wl.inviteUser('Steve@ex.co');
    expect(existing).toMatchObject({ email: 'steve@ex.co' });
    await expect(wl.inviteUser('sixth@ex.co', 'sixth-password')).rejects.toMatchObject({ message: 'UserLimitError', code: 'SEAT_LIMIT_REACHED' });
    expect(await wl.getUserByEmail('sixth@ex.co')).toBeNull();
  });

  it('finds an email with a plus, which quote_plus sends as %2B', async () => {
    await t.admin.inviteUser('ann+ml@ex.co', 'ann-password');
    const from = wl.wire.length;
    expect((await wl.getUserByEmail('ann+ml@ex.co'))?.email).toBe('ann+ml@ex.co');
    expect(wire(wl, from)).toEqual(['GET /auth/admin/realms/master/users?email=ann%2Bml%40ex.co 200']);
  });

  it('deactivates and activates through the user representation, freeing and taking a seat', async () => {
    const from = wl.wire.length;
    await wl.deactivateUser('testuser@wallaroo.ai');
    expect(wire(wl, from)).toEqual([
      'GET /auth/admin/realms/master/users?email=testuser%40wallaroo.ai 200',
      'GET /auth/admin/realms/master/users/<id> 200',
      'PUT /auth/admin/realms/master/users/<id> 204',
    ]);
    expect((await wl.getUserByEmail('testuser@wallaroo.ai'))?.enabled).toBe(false);
    expect((await t.admin.getLicense()).activeUsers).toBe(3);

    await wl.activateUser('testuser@wallaroo.ai');
    expect((await wl.getUserByEmail('testuser@wallaroo.ai'))?.enabled).toBe(true);
    const audit = await t.admin.queryAudit({ target: 'testuser@wallaroo.ai' });
    expect(audit.events.map((e) => e.action).slice(0, 2)).toEqual(['user.activate', 'user.deactivate']);
  });

  it('refuses an activation with no seat free, which the SDK reports as it does any non-204', async () => {
    await t.admin.inviteUser('u5@ex.co', 'u5-password-1');
    await wl.deactivateUser('u5@ex.co');
    await t.admin.inviteUser('u6@ex.co', 'u6-password-1');
    await expect(wl.activateUser('u5@ex.co')).rejects.toMatchObject({ code: 'SEAT_LIMIT_REACHED' });
    expect(wl.wire.at(-1)).toMatchObject({ method: 'PUT', status: 403 });
    expect((await wl.getUserByEmail('u5@ex.co'))?.enabled).toBe(false);
  });

  it('manages a workspace: add a user and an owner, list members, remove, list workspaces', async () => {
    const ws = await wl.createWorkspace('ws-one');
    let from = wl.wire.length;
    await ws.addUser('steve@ex.co');
    expect(wire(wl, from)).toEqual([
      'GET /auth/admin/realms/master/users?email=steve%40ex.co 200',
      'POST /v1/graphql IntrospectionQuery 200',
      'POST /v1/graphql WorkspaceById 200',
      'GET /auth/admin/realms/master/users/<id> 200',
      'POST /v1/api/workspaces/add_user 200',
    ]);
    await ws.addOwner('u3@ex.co');
    const members = await ws.users();
    expect(members.map((m) => (m === 'Removed User' ? m : m.email)).sort()).toEqual([ADMIN.email, 'steve@ex.co', 'u3@ex.co']);

    from = wl.wire.length;
    await ws.removeUser('steve@ex.co');
    expect(wire(wl, from)).toEqual([
      'GET /auth/admin/realms/master/users?email=steve%40ex.co 200',
      'POST /v1/graphql WorkspaceById 200',
      'POST /v1/graphql DeleteWorkspaceUser 200',
      'POST /v1/graphql WorkspaceById 200',
    ]);
    expect((await ws.data()).users.map((u) => u.user_id)).not.toContain((await wl.getUserByEmail('steve@ex.co'))?.id);
    const roles = (await t.admin.getWorkspace('ws-one'))?.users() ?? [];
    expect((await roles).find((m) => m.email === 'u3@ex.co')?.role).toBe('owner');

    const printed = await wl.listWorkspaces();
    expect(printed.map((w) => w.name)).toContain('ws-one');
    const one = printed.find((w) => w.name === 'ws-one');
    expect(one).toMatchObject({ id: ws.id, archived: false, created_by: wl.userId, models: [], pipelines: [] });
    expect(one?.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
  });

  it('answers the caller their own default workspace, named after their email', async () => {
    const current = await wl.getCurrentWorkspace();
    expect((await current.data()).name).toBe(`${ADMIN.email} - Default Workspace`);
    expect(wl.wire.map((r) => r.operation).filter(Boolean)).toEqual(['IntrospectionQuery', 'UserDefaultWorkspace', 'WorkspaceById']);
  });

  it('keeps Paddock’s rules on the GraphQL removal: the last owner stays', async () => {
    const ws = await wl.createWorkspace('ws-two');
    await ws.addUser('steve@ex.co');
    const err = await ws.removeUser(ADMIN.email).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SdkError);
    expect(err).toMatchObject({ code: 'LAST_OWNER' });
    expect((await ws.data()).users).toHaveLength(2);
  });

  it('keeps a user in their own default workspace', async () => {
    const current = await wl.getCurrentWorkspace();
    await current.addUser('steve@ex.co');
    await expect(current.removeUser(ADMIN.email)).rejects.toMatchObject({ code: 'DEFAULT_WORKSPACE' });
  });

  it('runs for a plain user where the platform lets them: lookups, their own workspaces, their default; no user changes', async () => {
    const steve = await WallarooSdk.connect(t.fetch, 'steve@ex.co', 'steve@ex.co-password');
    expect(steve.email).toBe('steve@ex.co');
    expect((await steve.listUsers()).every((u) => typeof u.enabled === 'boolean' && u.createdTimestamp > 0)).toBe(true);
    expect((await steve.getUserByEmail('u3@ex.co'))?.email).toBe('u3@ex.co');

    const ws = await steve.createWorkspace('steves');
    await ws.addUser('u3@ex.co');
    await ws.addOwner('testuser@wallaroo.ai');
    expect((await ws.users()).map((m) => (m === 'Removed User' ? m : m.email)).sort()).toEqual(['steve@ex.co', 'testuser@wallaroo.ai', 'u3@ex.co']);
    await ws.removeUser('u3@ex.co');
    expect((await steve.listWorkspaces()).map((w) => w.name).sort()).toEqual(['steve@ex.co - Default Workspace', 'steves']);
    expect((await (await steve.getCurrentWorkspace()).data()).name).toBe('steve@ex.co - Default Workspace');

    await expect(steve.deactivateUser('u3@ex.co')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(steve.wire.at(-1)).toMatchObject({ method: 'PUT', status: 403 });
    expect((await wl.getUserByEmail('u3@ex.co'))?.enabled).toBe(true);
  });
});
