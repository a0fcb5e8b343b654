import { beforeEach, expect, it } from 'vitest';
import type { UserRow } from '../../src/db/schema.js';
import type { Services } from '../../src/services/index.js';
import { describeEachDatabase } from '../support/databases.js';
import { asUser, servicesFor, system } from '../support/services.js';

describeEachDatabase('workspaces service', (database) => {
  let s: Services;
  let ann: UserRow;
  let bob: UserRow;

  beforeEach(async () => {
    s = servicesFor(await database.open());
    ann = (await s.users.invite(system, { email: 'ann@x.io' })).user;
    bob = (await s.users.invite(system, { email: 'bob@x.io' })).user;
  });

  it('create makes the caller owner; a duplicate name is WORKSPACE_NAME_TAKEN', async () => {
    const ws = await s.workspaces.create(asUser(ann), 'fraud-models');
    expect(await s.workspaces.members(asUser(ann), ws.id)).toEqual([{ user_id: ann.id, email: 'ann@x.io', role: 'owner' }]);
    await expect(s.workspaces.create(asUser(bob), 'fraud-models')).rejects.toMatchObject({ code: 'WORKSPACE_NAME_TAKEN' });
  });

  it('an owner adds a collaborator, promotes them, and only then may step down', async () => {
    const ws = await s.workspaces.create(asUser(ann), 'team');
    await s.workspaces.addMember(asUser(ann), ws.id, { email: 'BOB@x.io' }, 'collaborator');
    await expect(s.workspaces.addMember(asUser(ann), ws.id, { email: 'bob@x.io' }, 'collaborator')).rejects.toMatchObject({ code: 'MEMBER_EXISTS' });
    await expect(s.workspaces.setMemberRole(asUser(ann), ws.id, { userId: ann.id }, 'collaborator')).rejects.toMatchObject({ code: 'LAST_OWNER' });
    await s.workspaces.addMember(asUser(ann), ws.id, { userId: bob.id }, 'owner');
    await s.workspaces.setMemberRole(asUser(ann), ws.id, { userId: ann.id }, 'collaborator');
    expect((await s.workspaces.members(system, ws.id)).map((m) => [m.email, m.role])).toEqual([
      ['ann@x.io', 'collaborator'],
      ['bob@x.io', 'owner'],
    ]);
  });

  it('the last owner cannot be removed; a non-member removal is MEMBER_NOT_FOUND', async () => {
    const ws = await s.workspaces.create(asUser(ann), 'team');
    await expect(s.workspaces.removeMember(asUser(ann), ws.id, { email: 'ann@x.io' })).rejects.toMatchObject({ code: 'LAST_OWNER' });
    await expect(s.workspaces.removeMember(asUser(ann), ws.id, { email: 'bob@x.io' })).rejects.toMatchObject({ code: 'MEMBER_NOT_FOUND' });
    await expect(s.workspaces.removeMember(asUser(ann), ws.id, { email: 'nobody@x.io' })).rejects.toMatchObject({ code: 'USER_NOT_FOUND' });
    await expect(s.workspaces.removeMember(asUser(ann), 999_999, { email: 'bob@x.io' })).rejects.toMatchObject({ code: 'WORKSPACE_NOT_FOUND' });
  });

  it('a user cannot be removed from their own default workspace, even by an admin', async () => {
    const ws = await s.workspaces.get(system, { name: 'bob@x.io - Default Workspace' });
    await s.workspaces.addMember(system, ws.id, { email: 'ann@x.io' }, 'owner');
    await expect(s.workspaces.removeMember(system, ws.id, { email: 'bob@x.io' })).rejects.toMatchObject({ code: 'DEFAULT_WORKSPACE' });
    expect(await s.workspaces.removeMember(system, ws.id, { email: 'ann@x.io' })).toBe(1);
  });

  it('only owners and admins manage members; non-members cannot see a workspace', async () => {
    const ws = await s.workspaces.create(asUser(ann), 'team');
    await expect(s.workspaces.addMember(asUser(bob), ws.id, { email: 'bob@x.io' }, 'owner')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(s.workspaces.members(asUser(bob), ws.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(s.workspaces.get(asUser(bob), { id: ws.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await s.workspaces.addMember(asUser(ann), ws.id, { email: 'bob@x.io' }, 'collaborator');
    expect((await s.workspaces.get(asUser(bob), { id: ws.id })).name).toBe('team');
    await expect(s.workspaces.removeMember(asUser(bob), ws.id, { email: 'ann@x.io' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('list shows a user their own workspaces and an admin all of them', async () => {
    await s.workspaces.create(asUser(ann), 'team');
    expect((await s.workspaces.list(asUser(ann))).map((w) => w.name)).toEqual(['ann@x.io - Default Workspace', 'team']);
    expect(await s.workspaces.list(system)).toHaveLength(3);
    expect((await s.workspaces.list(system, bob.id)).map((w) => w.name)).toEqual(['bob@x.io - Default Workspace']);
    await expect(s.workspaces.list(asUser(ann), bob.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('concurrent demotions of two owners leave one owner', async () => {
    const ws = await s.workspaces.create(asUser(ann), 'team');
    await s.workspaces.addMember(asUser(ann), ws.id, { email: 'bob@x.io' }, 'owner');
    const results = await Promise.allSettled([
      s.workspaces.setMemberRole(system, ws.id, { email: 'ann@x.io' }, 'collaborator'),
      s.workspaces.setMemberRole(system, ws.id, { email: 'bob@x.io' }, 'collaborator'),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((await s.workspaces.members(system, ws.id)).filter((m) => m.role === 'owner')).toHaveLength(1);
  });

  it('a role change is audited with the role before it, by setMemberRole and by a promoting addMember', async () => {
    const ws = await s.workspaces.create(asUser(ann), 'team');
    await s.workspaces.addMember(asUser(ann), ws.id, { email: 'bob@x.io' }, 'collaborator');
    await s.workspaces.addMember(asUser(ann), ws.id, { email: 'bob@x.io' }, 'owner');
    await s.workspaces.setMemberRole(asUser(ann), ws.id, { email: 'bob@x.io' }, 'collaborator');
    const details = async (action: string) => (await s.audit.query(system, { limit: 10, action })).events.map((e) => JSON.parse(e.details) as Record<string, unknown>);
    expect((await details('workspace.set_member_role')).map((d) => [d['email'], d['previous_role'], d['role']])).toEqual([
      ['bob@x.io', 'owner', 'collaborator'],
      ['bob@x.io', 'collaborator', 'owner'],
    ]);
    expect((await details('workspace.add_member')).map((d) => [d['role'], 'previous_role' in d])).toEqual([['collaborator', false]]);
  });
});
