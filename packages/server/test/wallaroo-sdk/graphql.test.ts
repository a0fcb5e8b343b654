import { afterEach, beforeEach, expect, it } from 'vitest';
import { ADMIN, startTestApp } from '../support/app.js';
import type { TestApp } from '../support/app.js';
import { describeEachDatabase } from '../support/databases.js';
import { graphql, graphqlCode, raw, tokenOf } from '../support/surfaces.js';
import { OPERATIONS } from '../support/wallaroo-sdk.js';

/** GraphQL at /v1/graphql: the workspaces service's rules, refusals as GraphQL errors with Paddock's code. */
describeEachDatabase('the Wallaroo GraphQL endpoint', (database) => {
  let t: TestApp;
  let admin: string;
  let ann: string;
  let annId: string;
  let wsId: number;
  beforeEach(async () => {
    t = await startTestApp(database);
    admin = await t.adminToken();
    annId = (await t.admin.inviteUser('ann@ex.co', 'ann-password')).id;
    ann = await tokenOf(t, 'ann@ex.co', 'ann-password');
    const ws = await t.admin.createWorkspace('admins-only');
    await ws.addUser('ann@ex.co');
    await ws.removeUser('ann@ex.co');
    wsId = ws.id;
  });
  afterEach(() => t.close());

  const auditCount = async () => (await t.admin.queryAudit({ limit: 500 })).events.length;

  it('answers null for a workspace the caller may not see, and for an unknown id', async () => {
    const theirs = await graphql(t, ann, OPERATIONS.workspaceById, { id: wsId });
    expect(theirs).toMatchObject({ status: 200, body: { data: { workspace_by_pk: null } } });
    expect((theirs.body as { errors?: unknown }).errors).toBeUndefined();
    expect((await graphql(t, admin, OPERATIONS.workspaceById, { id: 999_999 })).body).toEqual({ data: { workspace_by_pk: null } });
    const seen = await graphql(t, admin, OPERATIONS.workspaceById, { id: wsId });
    expect(seen.body).toMatchObject({ data: { workspace_by_pk: { id: wsId, name: 'admins-only', archived: false, users: [{ user_id: expect.any(String) }], models: [], pipelines: [] } } });
  });

  it('refuses to remove members of a workspace the caller does not own, with FORBIDDEN', async () => {
    const adminId = (await t.admin.getUserByEmail(ADMIN.email))?.id;
    const before = await auditCount();
    const res = await graphql(t, ann, OPERATIONS.deleteWorkspaceUser, { user_id: adminId, workspace_id: wsId });
    expect(graphqlCode(res)).toBe('FORBIDDEN');
    expect(res.body).toMatchObject({ data: { delete_workspace_users: null } });
    expect(await auditCount()).toBe(before);
  });

  it('answers a non-member workspace id in the removal with WORKSPACE_NOT_FOUND, an unknown member with MEMBER_NOT_FOUND', async () => {
    expect(graphqlCode(await graphql(t, admin, OPERATIONS.deleteWorkspaceUser, { user_id: annId, workspace_id: 999_999 }))).toBe('WORKSPACE_NOT_FOUND');
    expect(graphqlCode(await graphql(t, admin, OPERATIONS.deleteWorkspaceUser, { user_id: annId, workspace_id: wsId }))).toBe('MEMBER_NOT_FOUND');
  });

  it('gives and "creates" only the caller’s own default workspace', async () => {
    const adminId = (await t.admin.getUserByEmail(ADMIN.email))?.id;
    const own = await graphql(t, ann, OPERATIONS.userDefaultWorkspace, { user_id: annId });
    expect(own.body).toMatchObject({ data: { user_default_workspace: [{ workspace: { name: 'ann@ex.co - Default Workspace', users: [{ user_id: annId }] } }] } });
    const ownId = (own.body as { data: { user_default_workspace: Array<{ workspace: { id: number } }> } }).data.user_default_workspace[0]?.workspace.id;

    expect(graphqlCode(await graphql(t, ann, OPERATIONS.userDefaultWorkspace, { user_id: adminId }))).toBe('FORBIDDEN');
    const before = await auditCount();
    const created = await graphql(t, ann, OPERATIONS.createDefaultUserWorkspace, { user_id: annId, workspace_name: 'ann@ex.co - Default Workspace', user_type: 'OWNER' });
    expect(created.body).toEqual({ data: { insert_workspace_one: { id: ownId } } });
    // Even under a name of the SDK's fallback ("admin@keycloak"): never null, never a second default.
    const fallback = await graphql(t, ann, OPERATIONS.createDefaultUserWorkspace, { user_id: annId, workspace_name: 'admin@keycloak - Default Workspace', user_type: 'OWNER' });
    expect(fallback.body).toEqual({ data: { insert_workspace_one: { id: ownId } } });
    const forOther = await graphql(t, ann, OPERATIONS.createDefaultUserWorkspace, { user_id: adminId, workspace_name: 'x', user_type: 'OWNER' });
    expect(graphqlCode(forOther)).toBe('FORBIDDEN');
    expect(await auditCount()).toBe(before);
    const plain = await graphql(t, ann, 'mutation { insert_workspace_one(object: {name: "new-one"}) { id } }');
    expect(graphqlCode(plain)).toBe('INVALID_REQUEST');
    expect(await t.admin.getWorkspace('new-one')).toBeNull();
  });

  it('serves the schema by introspection, deep enough for the standard query and no deeper', async () => {
    let nested = 'name';
    for (let i = 0; i < 30; i++) nested = `ofType { ${nested} }`;
    const deep = await graphql(t, ann, `{ __schema { types { fields { type { ${nested} } } } } }`);
    expect(deep.status).toBe(400);
    expect(graphqlCode(deep)).toBe('VALIDATION_FAILED');
  });

  it('refuses malformed GraphQL with a 4xx and a coded error, and writes nothing', async () => {
    const before = await auditCount();
    const cases: Array<[string, unknown]> = [
      ['syntax', { query: '{ workspace_by_pk(id: 1) { id ' }],
      ['unknown field', { query: '{ workspace_by_pk(id: 1) { id secret } }' }],
      ['unknown root field', { query: 'mutation { delete_users { affected_rows } }' }],
      ['wrong variable type', { query: OPERATIONS.workspaceById, variables: { id: 'one' } }],
      ['missing variable', { query: OPERATIONS.deleteWorkspaceUser, variables: { user_id: annId } }],
      ['negative id', { query: OPERATIONS.workspaceById, variables: { id: -1 } }],
      ['too many tokens', { query: `{ ${Array.from({ length: 1200 }, (_, i) => `a${i}: __typename`).join(' ')} }` }],
      ['JSON instead of GraphQL', { query: JSON.stringify({ kind: 'Document', definitions: [] }) }],
      ['no query', { variables: {} }],
      ['query not a string', { query: 42 }],
      ['variables not an object', { query: OPERATIONS.workspaceById, variables: [1] }],
      ['a batch', [{ query: '{ __typename }' }]],
      ['not JSON', '{"query": '],
      ['a timestamp as input', { query: 'query($t: timestamptz) { __typename }', variables: { t: 'now' } }],
    ];
    for (const [name, body] of cases) {
      const res = await raw(t, 'POST', '/v1/graphql', { token: admin, body });
      expect(res.status, name).toBeGreaterThanOrEqual(400);
      expect(res.status, name).toBeLessThan(500);
      expect(['VALIDATION_FAILED', 'INVALID_REQUEST'], name).toContain(graphqlCode(res));
    }
    const huge = await raw(t, 'POST', '/v1/graphql', { token: admin, body: { query: `{ __typename } # ${'x'.repeat(70 * 1024)}` } });
    expect(huge.status).toBe(413);
    expect(graphqlCode(huge)).toBe('PAYLOAD_TOO_LARGE');
    const overGet = await raw(t, 'GET', `/v1/graphql?query=${encodeURIComponent(OPERATIONS.deleteWorkspaceUser)}&variables=${encodeURIComponent(JSON.stringify({ user_id: annId, workspace_id: wsId }))}`, { token: admin });
    expect(overGet.status).toBe(405);
    const jsonOverGet = await raw(t, 'GET', `/v1/graphql?query=${encodeURIComponent(JSON.stringify({ kind: 'Document', definitions: [] }))}`, { token: admin });
    expect([jsonOverGet.status, graphqlCode(jsonOverGet)]).toEqual([400, 'VALIDATION_FAILED']);
    const emptyGet = await raw(t, 'GET', '/v1/graphql', { token: admin });
    expect([emptyGet.status, graphqlCode(emptyGet)]).toEqual([400, 'VALIDATION_FAILED']);
    const queryOverGet = await raw(t, 'GET', `/v1/graphql?query=${encodeURIComponent(OPERATIONS.workspaceById)}&variables=${encodeURIComponent(JSON.stringify({ id: wsId }))}`, { token: admin });
    expect(queryOverGet.body).toMatchObject({ data: { workspace_by_pk: { id: wsId } } });
    expect(await auditCount()).toBe(before);
  });

  it('needs a valid bearer token', async () => {
    const none = await raw(t, 'POST', '/v1/graphql', { body: { query: '{ __typename }' } });
    expect(none.status).toBe(401);
    expect(graphqlCode(none)).toBe('UNAUTHENTICATED');
    expect((await raw(t, 'POST', '/v1/graphql', { token: 'x.y.z', body: { query: '{ __typename }' } })).status).toBe(401);
  });
});
