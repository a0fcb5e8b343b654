import { PaddockError } from '@paddock/sdk';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.js';
import { ADMIN, startTestApp } from '../support/app.js';
import type { TestApp } from '../support/app.js';

const code = (err: unknown) => (err instanceof PaddockError ? err.code : err);

describeEachDatabase('workspaces API through the SDK', (database) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp(database);
    await t.admin.inviteUser('ann@x.io', 'ann-password');
    await t.admin.inviteUser('bob@x.io', 'bob-password');
  });
  afterEach(() => t.close());

  it('keeps the owner of a default workspace its owner: a co-owner cannot demote them (409 DEFAULT_WORKSPACE)', async () => {
    const ann = t.login('ann@x.io', 'ann-password');
    const home = (await ann.getWorkspace('ann@x.io - Default Workspace'))!;
    await home.addOwner('bob@x.io');
    const bob = t.login('bob@x.io', 'bob-password');
    const asBob = (await bob.getWorkspace('ann@x.io - Default Workspace'))!;
    expect(code(await asBob.setUserRole('ann@x.io', 'collaborator').catch((e: unknown) => e))).toBe('DEFAULT_WORKSPACE');
    expect(code(await t.admin.getWorkspace('ann@x.io - Default Workspace').then((w) => w!.setUserRole('ann@x.io', 'collaborator')).catch((e: unknown) => e))).toBe('DEFAULT_WORKSPACE');
    expect((await home.users()).find((m) => m.email === 'ann@x.io')?.role).toBe('owner');
  });

  it('a data scientist creates a workspace, adds a collaborator, promotes them, and cannot remove the last owner', async () => {
    const ann = t.login('ann@x.io', 'ann-password');
    const ws = await ann.createWorkspace('fraud-models');
    await ws.addUser('bob@x.io');
    expect(code(await ws.addUser('bob@x.io').catch((e: unknown) => e))).toBe('MEMBER_EXISTS');
    expect((await ws.users()).map((m) => [m.email, m.role])).toEqual([
      ['ann@x.io', 'owner'],
      ['bob@x.io', 'collaborator'],
    ]);
    expect(code(await ws.removeUser('ann@x.io').catch((e: unknown) => e))).toBe('LAST_OWNER');
    await ws.addOwner('bob@x.io');
    await ws.removeUser('ann@x.io');
    const asBob = (await t.login('bob@x.io', 'bob-password').getWorkspace('fraud-models'))!;
    expect((await asBob.users()).map((m) => [m.email, m.role])).toEqual([['bob@x.io', 'owner']]);
  });

  it('getWorkspace finds by exact name, null when absent, creates on request', async () => {
    const ann = t.login('ann@x.io', 'ann-password');
    expect(await ann.getWorkspace('nope')).toBeNull();
    const made = await ann.getWorkspace('made-here', { createIfNotExist: true });
    expect((await ann.getWorkspace('made-here'))?.id).toBe(made.id);
  });

  it('the current workspace defaults to the caller\'s default workspace', async () => {
    const ann = t.login('ann@x.io', 'ann-password');
    expect((await ann.getCurrentWorkspace()).name).toBe('ann@x.io - Default Workspace');
  });

  it('a non-owner cannot change members (403) and a non-member cannot list them (403)', async () => {
    const ann = t.login('ann@x.io', 'ann-password');
    const bob = t.login('bob@x.io', 'bob-password');
    const ws = await ann.createWorkspace('private');
    const token = (await bob.login()).accessToken;
    for (const [path, body] of [
      ['workspaces/add_user', { workspace_id: ws.id, email: 'bob@x.io' }],
      ['workspaces/list_users', { workspace_id: ws.id }],
      ['workspaces/remove_user', { workspace_id: ws.id, email: 'ann@x.io' }],
      ['workspaces/set_user_role', { workspace_id: ws.id, email: 'ann@x.io', user_type: 'COLLABORATOR' }],
    ] as const) {
      const res = await t.post(path, body, token);
      expect([path, res.status, res.body['error']]).toEqual([path, 403, 'FORBIDDEN']);
    }
    expect((await bob.listWorkspaces()).map((w) => w.name)).toEqual(['bob@x.io - Default Workspace']);
  });

  it('no one can be removed from their own default workspace (409 DEFAULT_WORKSPACE)', async () => {
    const ws = (await t.admin.getWorkspace('ann@x.io - Default Workspace'))!;
    await ws.addOwner(ADMIN.email);
    expect(code(await ws.removeUser('ann@x.io').catch((e: unknown) => e))).toBe('DEFAULT_WORKSPACE');
  });

  it('names must be DNS-compatible and unique', async () => {
    for (const bad of ['Fraud', '1abc', 'ab-', 'a'.repeat(64), 'a b', "a';drop table users;--"]) {
      const res = await t.post('workspaces/create', { workspace_name: bad });
      expect([bad, res.status, res.body['error']]).toEqual([bad, 400, 'VALIDATION_FAILED']);
    }
    await t.admin.createWorkspace('a'.repeat(63));
    expect(code(await t.admin.createWorkspace('a'.repeat(63)).catch((e: unknown) => e))).toBe('WORKSPACE_NAME_TAKEN');
  });
});
