import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.js';
import { API_CLIENT_SECRET, ADMIN, startTestApp } from '../support/app.js';
import type { TestApp } from '../support/app.js';

const TOKEN_PATH = '/auth/realms/master/protocol/openid-connect/token';

/** A script as written for the Wallaroo MLOps API: raw HTTP, Keycloak token, exact shapes. */
describeEachDatabase('a Wallaroo MLOps API script runs unchanged', (database) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp(database);
  });
  afterEach(() => t.close());

  async function token(form: Record<string, string>, basic?: string): Promise<Record<string, unknown>> {
    const res = await t.app.http.inject({
      method: 'POST',
      url: TOKEN_PATH,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(basic && { authorization: `Basic ${Buffer.from(basic).toString('base64')}` }) },
      payload: new URLSearchParams(form).toString(),
    });
    expect(res.statusCode).toBe(200);
    return res.json();
  }

  it('gets a token the Keycloak way and walks the user and workspace calls', async () => {
    const tok = await token({ grant_type: 'password', client_id: 'sdk-client', username: ADMIN.email, password: ADMIN.password });
    expect(tok).toMatchObject({ token_type: 'Bearer', access_token: expect.any(String), refresh_token: expect.any(String), expires_in: expect.any(Number), refresh_expires_in: expect.any(Number) });
    const bearer = tok['access_token'] as string;
    const call = async (path: string, body: unknown) => {
      const res = await t.post(path, body, bearer);
      return res;
    };

    const invited = await call('users/invite', { email: 'steve@ex.co', password: 'steve-password' });
    expect(invited).toEqual({ status: 200, body: { id: expect.any(String), password: 'steve-password' } });
    const steveId = invited.body['id'] as string;

    const query = await call('users/query', {});
    expect(query.status).toBe(200);
    const users = query.body['users'] as Record<string, Record<string, unknown>>;
    expect(Object.keys(users)).toHaveLength(2);
    expect(users[steveId]).toEqual({
      id: steveId,
      email: 'steve@ex.co',
      username: 'steve@ex.co',
      enabled: true,
      emailVerified: false,
      firstName: '',
      lastName: '',
      createdTimestamp: expect.any(Number),
      lastLogin: null,
      realmRoles: [],
    });
    expect(Object.keys((await call('users/query', { user_ids: [steveId] })).body['users'] as object)).toEqual([steveId]);

    const created = await call('workspaces/create', { workspace_name: 'ccfraud' });
    expect(created).toEqual({ status: 200, body: { workspace_id: expect.any(Number) } });
    const wsId = created.body['workspace_id'] as number;

    // `url` is sent by Wallaroo clients and ignored.
    expect(await call('workspaces/add_user', { workspace_id: wsId, email: 'steve@ex.co', url: 'http://ignored' })).toEqual({ status: 200, body: {} });
    expect((await call('workspaces/list_users', { workspace_id: wsId })).body).toEqual({
      users: expect.arrayContaining([
        { user_id: steveId, user_type: 'COLLABORATOR', email: 'steve@ex.co' },
        { user_id: expect.any(String), user_type: 'OWNER', email: ADMIN.email },
      ]),
    });

    const listed = await call('workspaces/list', {});
    const ws = (listed.body['workspaces'] as Array<Record<string, unknown>>).find((w) => w['id'] === wsId);
    expect(ws).toEqual({ id: wsId, name: 'ccfraud', created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT[\d:.]+\+00:00$/), created_by: expect.any(String), archived: false, models: [], pipelines: [], default_for: null });
    const steves = await call('workspaces/list', { user_id: steveId });
    expect((steves.body['workspaces'] as Array<{ name: string }>).map((w) => w.name).sort()).toEqual(['ccfraud', 'steve@ex.co - Default Workspace']);

    expect(await call('workspaces/remove_user', { workspace_id: wsId, user_id: steveId })).toEqual({ status: 200, body: { affected_rows: 1 } });
    const again = await call('workspaces/remove_user', { workspace_id: wsId, email: 'steve@ex.co' });
    expect([again.status, again.body['error'], again.body['code'], typeof again.body['msg']]).toEqual([404, 'MEMBER_NOT_FOUND', 404, 'string']);

    expect(await call('users/deactivate', { email: 'steve@ex.co' })).toEqual({ status: 200, body: {} });
    expect(await call('users/activate', { email: 'steve@ex.co' })).toEqual({ status: 200, body: {} });
    const unknown = await call('users/deactivate', { email: 'nobody@ex.co' });
    expect(unknown.body).toEqual({ msg: expect.any(String), code: 404, error: 'USER_NOT_FOUND' });
  });

  it('scripts get tokens with api-client Basic credentials (password and client_credentials) and refresh them', async () => {
    const basic = `api-client:${API_CLIENT_SECRET}`;
    const pw = await token({ grant_type: 'password', username: ADMIN.email, password: ADMIN.password }, basic);
    expect((await t.post('users/query', {}, pw['access_token'] as string)).status).toBe(200);
    const cc = await token({ grant_type: 'client_credentials' }, basic);
    expect((await t.post('users/invite', { email: 'bot-made@x.io' }, cc['access_token'] as string)).status).toBe(200);
    const refreshed = await token({ grant_type: 'refresh_token', refresh_token: pw['refresh_token'] as string }, basic);
    expect((await t.post('license/get', {}, refreshed['access_token'] as string)).body).toEqual({
      edition: 'community',
      seats: 5,
      active_users: 2,
      seats_left: 3,
      over_by: 0,
      licensee: null,
      expires_at: null,
      source: 'none',
      set_aside: [],
    });
  });

  it('takes a Python client\'s None (null) on an optional field as absent, and still refuses null where a field is required', async () => {
    const plain = await t.post('users/query', {});
    expect(await t.post('users/query', { user_ids: null, search: null, status: null, limit: null, cursor: null })).toEqual(plain);
    expect((await t.post('users/get_by_email', { email: ADMIN.email, extra: null })).body).toMatchObject({ user: { email: ADMIN.email } });
    expect(await t.post('users/get_by_email', { email: null })).toMatchObject({ status: 400, body: { error: 'VALIDATION_FAILED', field: 'email' } });
  });

    it('a call without a token answers 401 UNAUTHENTICATED in the Wallaroo error shape', async () => {
    const res = await t.post('users/query', {}, null);
    expect(res).toEqual({ status: 401, body: { msg: expect.any(String), code: 401, error: 'UNAUTHENTICATED' } });
  });
});
