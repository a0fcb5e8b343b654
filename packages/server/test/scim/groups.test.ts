import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.js';
import { ADMIN, startTestApp } from '../support/app.js';
import type { TestApp } from '../support/app.js';
import { GROUP, oktaUser, refusal, resources, scimClient } from '../support/scim.js';
import type { Json, ScimClient } from '../support/scim.js';

const memberIds = (g: Json) => ((g['members'] ?? []) as Json[]).map((m) => m['value'] as string).sort();

describeEachDatabase('SCIM Groups', (database) => {
  let t: TestApp;
  let scim: ScimClient;
  let ann: string;
  let bob: string;
  let adminId: string;
  beforeEach(async () => {
    t = await startTestApp(database);
    scim = await scimClient(t);
    ann = (await scim.post('/Users', oktaUser('ann@x.io'))).body['id'] as string;
    bob = (await scim.post('/Users', oktaUser('bob@x.io', 'Bob', 'Ray'))).body['id'] as string;
    adminId = (await t.db.kysely.selectFrom('users').select('id').where('email', '=', ADMIN.email).executeTakeFirstOrThrow()).id;
  });
  afterEach(() => t.close());

  const members = async (id: string) =>
    t.db.kysely.selectFrom('memberships').select(['user_id', 'role']).where('workspace_id', '=', Number(id)).orderBy('user_id').execute();

  it('POST creates a workspace owned by the token’s admin, the members as collaborators; audited as the token', async () => {
    const r = await scim.post('/Groups', { schemas: [GROUP], displayName: 'ml-team', externalId: 'g-1', members: [{ value: ann }] });
    expect(r.status).toBe(201);
    expect(r.headers['location']).toBe(`http://paddock.test/scim/v2/Groups/${r.body['id'] as string}`);
    expect(r.body).toMatchObject({ schemas: [GROUP], displayName: 'ml-team', externalId: 'g-1', meta: { resourceType: 'Group' } });
    expect(memberIds(r.body)).toEqual([adminId, ann].sort());
    expect(await members(r.body['id'] as string)).toEqual(
      [
        { user_id: adminId, role: 'owner' },
        { user_id: ann, role: 'collaborator' },
      ].sort((a, b) => (a.user_id < b.user_id ? -1 : 1)),
    );
    const ws = await t.db.kysely.selectFrom('workspaces').select(['source', 'external_id', 'created_by']).where('id', '=', Number(r.body['id'])).executeTakeFirstOrThrow();
    expect(ws).toEqual({ source: 'scim', external_id: 'g-1', created_by: adminId });
    const audit = await t.db.kysely.selectFrom('audit_events').select(['actor_label', 'action']).where('target_type', '=', 'workspace').where('target_id', '=', String(r.body['id'])).orderBy('id').execute();
    expect(audit).toEqual([
      { actor_label: 'scim:okta', action: 'workspace.create' },
      { actor_label: 'scim:okta', action: 'workspace.add_member' },
    ]);
  });

  it('a displayName that breaks the workspace name rule is refused with invalidValue naming the rule; nothing is created', async () => {
    for (const displayName of ['ML Engineers', 'team_', '-x', 'a'.repeat(64), '']) {
      const r = await scim.post('/Groups', { schemas: [GROUP], displayName });
      expect(refusal(r)).toMatchObject({ status: 400, scimType: 'invalidValue', code: 'VALIDATION_FAILED' });
      expect(r.body['detail']).toMatch(/^displayName/);
    }
    expect((await scim.get('/Groups')).body['totalResults']).toBe(0);
  });

  it('a duplicate displayName is 409 uniqueness WORKSPACE_NAME_TAKEN; default workspaces are not groups', async () => {
    await scim.post('/Groups', { schemas: [GROUP], displayName: 'ml-team' });
    expect(refusal(await scim.post('/Groups', { schemas: [GROUP], displayName: 'ml-team' }))).toMatchObject({ status: 409, scimType: 'uniqueness', code: 'WORKSPACE_NAME_TAKEN' });
    const listed = await scim.get('/Groups');
    expect(resources(listed).map((g) => g['displayName'] as string)).toEqual(['ml-team']);
    const home = await t.db.kysely.selectFrom('workspaces').select('id').where('default_for', '=', ann).executeTakeFirstOrThrow();
    expect(refusal(await scim.get(`/Groups/${home.id}`))).toMatchObject({ status: 404, code: 'WORKSPACE_NOT_FOUND' });
  });

  it('a workspace made in Paddock is found by displayName filter and adopted by a change', async () => {
    await t.admin.createWorkspace('research');
    const found = resources(await scim.get(`/Groups?filter=${encodeURIComponent('displayName eq "research"')}&excludedAttributes=members`));
    expect(found).toHaveLength(1);
    expect(found[0]!['members']).toBeUndefined();
    const r = await scim.patch(`/Groups/${found[0]!['id'] as string}`, [{ op: 'add', path: 'externalId', value: 'okta-g' }]);
    expect(r.body['externalId']).toBe('okta-g');
  });

  it('filters on displayName, externalId, members.value and members[value eq]', async () => {
    const a = (await scim.post('/Groups', { schemas: [GROUP], displayName: 'alpha', externalId: 'x-a', members: [{ value: ann }] })).body['id'] as string;
    await scim.post('/Groups', { schemas: [GROUP], displayName: 'beta', members: [{ value: bob }] });
    const names = async (filter: string) => resources(await scim.get(`/Groups?filter=${encodeURIComponent(filter)}`)).map((g) => g['displayName'] as string);
    expect(await names('displayName eq "ALPHA"')).toEqual(['alpha']);
    expect(await names('externalId eq "x-a"')).toEqual(['alpha']);
    expect(await names(`members.value eq "${bob}"`)).toEqual(['beta']);
    expect(await names(`members[value eq "${ann}"]`)).toEqual(['alpha']);
    expect(await names(`id eq "${a}"`)).toEqual(['alpha']);
    expect(await names('displayName sw "b" or displayName ew "ha"')).toEqual(['alpha', 'beta']);
    expect(refusal(await scim.get(`/Groups?filter=${encodeURIComponent('userName eq "x"')}`))).toMatchObject({ status: 400, scimType: 'invalidFilter' });
  });

  it('PATCH renames (with and without path), adds and removes members; owners stay owners', async () => {
    const id = (await scim.post('/Groups', { schemas: [GROUP], displayName: 'ml-team' })).body['id'] as string;
    expect((await scim.patch(`/Groups/${id}`, [{ op: 'replace', value: { id, displayName: 'ml-platform' } }])).body['displayName']).toBe('ml-platform');
    expect((await scim.patch(`/Groups/${id}`, [{ op: 'Replace', path: 'displayName', value: 'ml-core' }])).body['displayName']).toBe('ml-core');
    const added = await scim.patch(`/Groups/${id}`, [{ op: 'add', path: 'members', value: [{ value: ann, display: 'ann@x.io' }, { value: bob }] }]);
    expect(memberIds(added.body)).toEqual([adminId, ann, bob].sort());
    const removed = await scim.patch(`/Groups/${id}`, [
      { op: 'remove', path: `members[value eq "${ann}"]` },
      { op: 'Remove', path: 'members', value: [{ value: adminId }] },
    ]);
    expect(memberIds(removed.body)).toEqual([adminId, bob].sort());
    expect((await members(id)).find((m) => m.user_id === adminId)?.role).toBe('owner');
    const actions = (await t.db.kysely.selectFrom('audit_events').select('action').where('target_id', '=', id).orderBy('id').execute()).map((a) => a.action);
    expect(actions).toEqual(['workspace.create', 'workspace.rename', 'workspace.rename', 'workspace.add_member', 'workspace.add_member', 'workspace.remove_member']);
  });

  it('replace members (PATCH and PUT) makes the collaborators exactly those named; remove members without value clears them', async () => {
    const id = (await scim.post('/Groups', { schemas: [GROUP], displayName: 'ml-team', members: [{ value: ann }] })).body['id'] as string;
    expect(memberIds((await scim.patch(`/Groups/${id}`, [{ op: 'replace', path: 'members', value: [{ value: bob }] }])).body)).toEqual([adminId, bob].sort());
    expect(memberIds((await scim.put(`/Groups/${id}`, { schemas: [GROUP], displayName: 'ml-team', members: [{ value: ann }, { value: bob }] })).body)).toEqual([adminId, ann, bob].sort());
    expect(memberIds((await scim.put(`/Groups/${id}`, { schemas: [GROUP], displayName: 'ml-renamed' })).body)).toEqual([adminId, ann, bob].sort());
    expect(memberIds((await scim.patch(`/Groups/${id}`, [{ op: 'remove', path: 'members' }])).body)).toEqual([adminId]);
  });

  it('an unknown member is 404 USER_NOT_FOUND and nothing of the request is written', async () => {
    const id = (await scim.post('/Groups', { schemas: [GROUP], displayName: 'ml-team' })).body['id'] as string;
    const r = await scim.patch(`/Groups/${id}`, [
      { op: 'replace', path: 'displayName', value: 'renamed' },
      { op: 'add', path: 'members', value: [{ value: ann }, { value: 'no-such-user' }] },
    ]);
    expect(refusal(r)).toMatchObject({ status: 404, code: 'USER_NOT_FOUND' });
    const g = (await scim.get(`/Groups/${id}`)).body;
    expect([g['displayName'], memberIds(g)]).toEqual(['ml-team', [adminId]]);
  });

  it('DELETE unlinks: 404 to SCIM afterwards, the workspace and its members kept; a POST of the name links it again', async () => {
    const id = (await scim.post('/Groups', { schemas: [GROUP], displayName: 'ml-team', externalId: 'g-1', members: [{ value: ann }] })).body['id'] as string;
    expect((await scim.delete(`/Groups/${id}`)).status).toBe(204);
    expect(refusal(await scim.get(`/Groups/${id}`))).toMatchObject({ status: 404, code: 'WORKSPACE_NOT_FOUND' });
    expect(refusal(await scim.delete(`/Groups/${id}`))).toMatchObject({ status: 404 });
    expect((await t.admin.getWorkspace('ml-team'))?.name).toBe('ml-team');
    expect((await members(id)).map((m) => m.user_id)).toContain(ann);
    const again = await scim.post('/Groups', { schemas: [GROUP], displayName: 'ml-team', externalId: 'g-2' });
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ id, externalId: 'g-2' });
  });
});
