import { PaddockError } from '@paddock/sdk';
import type { WorkspaceOverview } from '@paddock/sdk';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.js';
import { ADMIN, startTestApp } from '../support/app.js';
import type { TestApp } from '../support/app.js';

const code = (err: unknown) => (err instanceof PaddockError ? err.code : err);
const summary = (w: WorkspaceOverview) => [w.workspace.name, w.memberCount, w.owners.map((o) => o.email), w.role];

describeEachDatabase('workspaces/overview', (database) => {
  let t: TestApp;
  let annId: string;
  beforeEach(async () => {
    t = await startTestApp(database);
    annId = (await t.admin.inviteUser('ann@x.io', 'ann-password')).id;
    await t.admin.inviteUser('bob@x.io', 'bob-password');
    const ann = t.login('ann@x.io', 'ann-password');
    const team = await ann.createWorkspace('team');
    await team.addUser('bob@x.io');
    await team.addOwner('admin@x.io');
  });
  afterEach(() => t.close());

  it("lists every workspace for admins, with owners, member counts and the caller's role", async () => {
    const { workspaces, nextCursor } = await t.admin.workspaceOverview();
    expect(workspaces.map(summary)).toEqual([
      [`${ADMIN.email} - Default Workspace`, 1, [ADMIN.email], 'owner'],
      ['ann@x.io - Default Workspace', 1, ['ann@x.io'], null],
      ['bob@x.io - Default Workspace', 1, ['bob@x.io'], null],
      ['team', 3, [ADMIN.email, 'ann@x.io'], 'owner'],
    ]);
    expect(nextCursor).toBeNull();
  });

  it("with user_id, lists that user's workspaces and their role in each", async () => {
    const { workspaces } = await t.admin.workspaceOverview({ userId: annId });
    expect(workspaces.map((w) => [w.workspace.name, w.role])).toEqual([
      ['ann@x.io - Default Workspace', 'owner'],
      ['team', 'owner'],
    ]);
    const bob = await t.admin.getUserByEmail('bob@x.io');
    expect((await t.admin.workspaceOverview({ userId: bob!.id })).workspaces.map((w) => [w.workspace.name, w.role])).toEqual([
      ['bob@x.io - Default Workspace', 'owner'],
      ['team', 'collaborator'],
    ]);
  });

  it('searches by part of the name and pages by cursor', async () => {
    expect((await t.admin.workspaceOverview({ search: 'TEA' })).workspaces.map((w) => w.workspace.name)).toEqual(['team']);
    const first = await t.admin.workspaceOverview({ limit: 3 });
    expect(first.workspaces).toHaveLength(3);
    const second = await t.admin.workspaceOverview({ limit: 3, cursor: first.nextCursor! });
    expect(second.workspaces.map((w) => w.workspace.name)).toEqual(['team']);
    expect(second.nextCursor).toBeNull();
  });

  it("shows non-admins their own workspaces only, and refuses another user's with FORBIDDEN", async () => {
    const bob = t.login('bob@x.io', 'bob-password');
    expect((await bob.workspaceOverview()).workspaces.map((w) => [w.workspace.name, w.role])).toEqual([
      ['bob@x.io - Default Workspace', 'owner'],
      ['team', 'collaborator'],
    ]);
    expect(code(await bob.workspaceOverview({ userId: annId }).catch((e: unknown) => e))).toBe('FORBIDDEN');
  });
});
