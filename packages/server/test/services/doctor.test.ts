import { beforeEach, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import type { Services } from '../../src/services/index.js';
import { describeEachDatabase } from '../support/databases.js';
import { asUser, servicesFor, system } from '../support/services.js';

describeEachDatabase('doctor', (database) => {
  let db: Db;
  let s: Services;

  beforeEach(async () => {
    db = await database.open();
    s = servicesFor(db);
  });

  it('finds nothing on data that Paddock itself wrote', async () => {
    const { user } = await s.users.invite(system, { email: 'ann@x.io' });
    await s.workspaces.create(asUser(user), 'team');
    expect(await s.doctor.check(system)).toEqual([]);
  });

  it('finds and repairs a mismatched username, a missing default workspace and an ownerless workspace; reports a bad email', async () => {
    const { user: ann } = await s.users.invite(system, { email: 'ann@x.io' });
    const { user: bob } = await s.users.invite(system, { email: 'bob@x.io' });
    const { user: cat } = await s.users.invite(system, { email: 'cat@x.io' });
    const team = await s.workspaces.create(asUser(ann), 'team');
    // The states Wallaroo's troubleshooting guide describes, as an import could leave them.
    await db.kysely.updateTable('users').set({ username: 'Ann' }).where('id', '=', ann.id).execute();
    const bobs = await s.workspaces.get(system, { name: 'bob@x.io - Default Workspace' });
    await db.kysely.deleteFrom('memberships').where('workspace_id', '=', bobs.id).execute();
    await db.kysely.deleteFrom('workspaces').where('id', '=', bobs.id).execute();
    await db.kysely.deleteFrom('memberships').where('workspace_id', '=', team.id).execute();
    await db.kysely.updateTable('users').set({ email: 'not-an-email', username: 'not-an-email' }).where('id', '=', cat.id).execute();

    const problems = await s.doctor.check(system);
    expect(problems.map((p) => [p.kind, p.subject.label, p.fixable]).sort()).toEqual(
      [
        ['INVALID_EMAIL', 'not-an-email', false],
        ['MISSING_DEFAULT_WORKSPACE', 'bob@x.io', true],
        ['USERNAME_MISMATCH', 'ann@x.io', true],
        ['WORKSPACE_WITHOUT_OWNER', 'team', true],
      ].sort(),
    );

    const { fixed, remaining } = await s.doctor.fix(system);
    expect(fixed.map((p) => p.kind).sort()).toEqual(['MISSING_DEFAULT_WORKSPACE', 'USERNAME_MISMATCH', 'WORKSPACE_WITHOUT_OWNER']);
    expect(remaining.map((p) => p.kind)).toEqual(['INVALID_EMAIL']);
    expect((await s.doctor.check(system)).map((p) => p.kind)).toEqual(['INVALID_EMAIL']);
    expect((await s.users.getByEmail('ann@x.io'))?.username).toBe('ann@x.io');
    const restored = await s.workspaces.get(system, { name: 'bob@x.io - Default Workspace' });
    expect(restored.default_for).toBe(bob.id);
    expect(await s.workspaces.members(system, team.id)).toEqual([{ user_id: ann.id, email: 'ann@x.io', role: 'owner' }]);
    const audit = await s.audit.query(system, { limit: 10, action: 'doctor.fix.workspace_without_owner' });
    expect(audit.events.map((e) => e.target_label)).toEqual(['team']);
  });

  it('makes a user the owner of their own default workspace again', async () => {
    const { user: ann } = await s.users.invite(system, { email: 'ann@x.io' });
    const home = await s.workspaces.defaultOf(asUser(ann), ann.id);
    // As a co-owner's demotion could leave it before the rule: a collaborator in their own default.
    await db.kysely.updateTable('memberships').set({ role: 'collaborator' }).where('workspace_id', '=', home.id).where('user_id', '=', ann.id).execute();
    await db.kysely.insertInto('memberships').values({ workspace_id: home.id, user_id: (await s.users.invite(system, { email: 'bob@x.io' })).user.id, role: 'owner', created_at: 1 }).execute();

    expect((await s.doctor.check(system)).map((p) => [p.kind, p.subject.label, p.fixable])).toEqual([['DEFAULT_WORKSPACE_NOT_OWNED', home.name, true]]);
    expect((await s.doctor.fix(system)).fixed.map((p) => p.kind)).toEqual(['DEFAULT_WORKSPACE_NOT_OWNED']);
    expect((await s.workspaces.members(system, home.id)).find((m) => m.user_id === ann.id)?.role).toBe('owner');
    expect(await s.doctor.check(system)).toEqual([]);
  });

  it('restores a missing default workspace whose name is taken: adopts the user’s own, renames anyone else’s', async () => {
    const { user: ann } = await s.users.invite(system, { email: 'ann@x.io' });
    const { user: bob } = await s.users.invite(system, { email: 'bob@x.io' });
    // Ann's default lost its link; Bob's name is held by a workspace someone else made.
    const annsHome = await s.workspaces.defaultOf(asUser(ann), ann.id);
    await db.kysely.updateTable('workspaces').set({ default_for: null }).where('id', '=', annsHome.id).execute();
    const bobsHome = await s.workspaces.defaultOf(asUser(bob), bob.id);
    await db.kysely.updateTable('workspaces').set({ default_for: null, created_by: ann.id }).where('id', '=', bobsHome.id).execute();

    const problems = await s.doctor.check(system);
    expect(problems.map((p) => [p.kind, p.subject.label, p.fixable]).sort()).toEqual([
      ['MISSING_DEFAULT_WORKSPACE', 'ann@x.io', true],
      ['MISSING_DEFAULT_WORKSPACE', 'bob@x.io', true],
    ]);
    const { fixed, remaining } = await s.doctor.fix(system);
    expect([fixed.length, remaining]).toEqual([2, []]);
    expect((await s.workspaces.defaultOf(asUser(ann), ann.id)).id).toBe(annsHome.id);
    const bobsNew = await s.workspaces.defaultOf(asUser(bob), bob.id);
    expect([bobsNew.name, bobsNew.id === bobsHome.id]).toEqual(['bob@x.io - Default Workspace', false]);
    expect((await s.workspaces.get(system, { id: bobsHome.id })).name).toBe(`bob@x.io - Default Workspace (workspace ${bobsHome.id})`);
    expect(await s.doctor.check(system)).toEqual([]);
  });

  it('points an invalid email to the email change, which repairs it', async () => {
    const { user: cat } = await s.users.invite(system, { email: 'cat@x.io' });
    await db.kysely.updateTable('users').set({ email: 'not-an-email', username: 'not-an-email' }).where('id', '=', cat.id).execute();
    const [problem] = await s.doctor.check(system);
    expect(problem).toMatchObject({ kind: 'INVALID_EMAIL', fixable: false, detail: expect.stringContaining('paddock users set-email') });
    await s.users.update(system, { email: 'not-an-email' }, { email: 'cat@x.io' });
    expect(await s.doctor.check(system)).toEqual([]);
    expect((await s.users.getByEmail('cat@x.io'))?.username).toBe('cat@x.io');
  });

  it('is for admins only', async () => {
    const { user } = await s.users.invite(system, { email: 'ann@x.io' });
    await expect(s.doctor.check(asUser(user))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(s.doctor.fix(asUser(user))).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
