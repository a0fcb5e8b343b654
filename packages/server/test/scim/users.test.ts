import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.js';
import { ADMIN, startTestApp } from '../support/app.js';
import type { TestApp } from '../support/app.js';
import { LIST, oktaUser, refusal, resources, scimClient, USER } from '../support/scim.js';
import type { Json, ScimClient } from '../support/scim.js';

const q = (filter: string) => `/Users?filter=${encodeURIComponent(filter)}`;
const names = (r: { body: Json }) => (r.body['Resources'] as Json[]).map((u) => u['userName'] as string);

describeEachDatabase('SCIM Users', (database) => {
  let t: TestApp;
  let scim: ScimClient;
  beforeEach(async () => {
    t = await startTestApp(database);
    scim = await scimClient(t);
  });
  afterEach(() => t.close());

  describe('discovery and authentication', () => {
    it('ServiceProviderConfig, ResourceTypes and Schemas answer without a token, in application/scim+json', async () => {
      const config = await scim.call('GET', '/ServiceProviderConfig', undefined, { token: null });
      expect(config.status).toBe(200);
      expect(config.headers['content-type']).toMatch(/^application\/scim\+json/);
      expect(config.body).toMatchObject({ patch: { supported: true }, filter: { supported: true, maxResults: 200 }, etag: { supported: false }, bulk: { supported: false } });
      const types = await scim.call('GET', '/ResourceTypes', undefined, { token: null });
      expect(resources(types).map((r) => r['endpoint'] as string)).toEqual(['/Users', '/Groups']);
      const schemas = await scim.call('GET', '/Schemas', undefined, { token: null });
      expect(resources(schemas).map((s) => s['id'] as string)).toEqual([USER, 'urn:ietf:params:scim:schemas:core:2.0:Group']);
      expect((await scim.call('GET', `/Schemas/${USER}`, undefined, { token: null })).status).toBe(200);
    });

    it('Users needs a SCIM token: none, a wrong one and an access token of the admin are 401 in the SCIM shape', async () => {
      for (const token of [null, 'pdk_scim_not-a-token', await t.adminToken()]) {
        const r = await scim.call('GET', '/Users', undefined, { token });
        expect(refusal(r)).toMatchObject({ status: 401, bodyStatus: '401', code: 'UNAUTHENTICATED' });
        expect(r.headers['content-type']).toMatch(/^application\/scim\+json/);
      }
    });

    it('an unknown SCIM path is a SCIM 404', async () => {
      expect(refusal(await scim.get('/Widgets'))).toMatchObject({ status: 404, bodyStatus: '404', code: 'NOT_FOUND' });
    });
  });

  describe('create and read', () => {
    it('POST creates an active SCIM user with a default workspace; 201, Location, the resource with meta', async () => {
      const r = await scim.post('/Users', oktaUser('Ann@X.io'));
      expect(r.status).toBe(201);
      expect(r.headers['location']).toBe(`http://paddock.test/scim/v2/Users/${r.body['id'] as string}`);
      expect(r.body).toMatchObject({
        schemas: [USER],
        userName: 'ann@x.io',
        externalId: '00uannxio',
        name: { givenName: 'Ann', familyName: 'Lee' },
        emails: [{ value: 'ann@x.io', type: 'work', primary: true }],
        active: true,
        meta: { resourceType: 'User', location: r.headers['location'], version: expect.stringMatching(/^W\/"/) },
      });
      const row = await t.db.kysely.selectFrom('users').selectAll().where('email', '=', 'ann@x.io').executeTakeFirstOrThrow();
      expect(row).toMatchObject({ source: 'scim', external_id: '00uannxio', status: 'active', password_hash: null });
      const ws = await t.db.kysely.selectFrom('workspaces').select('name').where('default_for', '=', row.id).executeTakeFirst();
      expect(ws?.name).toBe('ann@x.io - Default Workspace');
      const audit = await t.db.kysely.selectFrom('audit_events').select(['actor_label', 'action']).where('target_id', '=', row.id).execute();
      expect(audit).toEqual([{ actor_label: 'scim:okta', action: 'user.create' }]);
    });

    it('users/query shows admins the source and external id; the SDK carries them', async () => {
      await scim.post('/Users', oktaUser('ann@x.io'));
      await t.admin.inviteUser('local@x.io');
      const users = await t.admin.listUsers();
      expect(users.map((u) => [u.email, u.source, u.externalId])).toEqual([
        [ADMIN.email, undefined, undefined],
        ['ann@x.io', 'scim', '00uannxio'],
        ['local@x.io', undefined, undefined],
      ]);
    });

    it('POST with active false creates an inactive user, who takes no seat', async () => {
      const r = await scim.post('/Users', oktaUser('ann@x.io', 'Ann', 'Lee', { active: false }));
      expect(r.body['active']).toBe(false);
      expect((await t.post('license/get', {})).body['active_users']).toBe(1);
    });

    it('a duplicate userName is 409 uniqueness EMAIL_TAKEN, in any case', async () => {
      await scim.post('/Users', oktaUser('ann@x.io'));
      const r = await scim.post('/Users', oktaUser('ANN@x.io', 'A', 'L', { externalId: 'other' }));
      expect(refusal(r)).toMatchObject({ status: 409, bodyStatus: '409', scimType: 'uniqueness', code: 'EMAIL_TAKEN' });
    });

    it('a duplicate externalId is 409 uniqueness EXTERNAL_ID_TAKEN', async () => {
      await scim.post('/Users', oktaUser('ann@x.io', 'Ann', 'Lee', { externalId: 'same' }));
      const r = await scim.post('/Users', oktaUser('bob@x.io', 'Bob', 'Ray', { externalId: 'same' }));
      expect(refusal(r)).toMatchObject({ status: 409, scimType: 'uniqueness', code: 'EXTERNAL_ID_TAKEN' });
    });

    it('GET by id answers the user; an unknown id is 404 USER_NOT_FOUND', async () => {
      const { body } = await scim.post('/Users', oktaUser('ann@x.io'));
      expect((await scim.get(`/Users/${body['id'] as string}`)).body['userName']).toBe('ann@x.io');
      expect(refusal(await scim.get('/Users/no-such-id'))).toMatchObject({ status: 404, bodyStatus: '404', code: 'USER_NOT_FOUND' });
    });

    it('locally created users are visible to SCIM (so a provider can match and adopt them)', async () => {
      await t.admin.inviteUser('local@x.io', 'local-password');
      const r = await scim.get(q('userName eq "local@x.io"'));
      expect(r.body).toMatchObject({ schemas: [LIST], totalResults: 1, startIndex: 1, itemsPerPage: 1 });
      const local = (r.body['Resources'] as Json[])[0]!;
      expect(local['externalId']).toBeUndefined();
      await scim.patch(`/Users/${local['id'] as string}`, [{ op: 'add', path: 'externalId', value: 'okta-1' }]);
      const row = await t.db.kysely.selectFrom('users').select(['source', 'external_id']).where('email', '=', 'local@x.io').executeTakeFirstOrThrow();
      expect(row).toEqual({ source: 'scim', external_id: 'okta-1' });
    });
  });

  describe('filters, paging and attributes', () => {
    beforeEach(async () => {
      t.clock.advance(1000);
      await scim.post('/Users', oktaUser('ann@x.io', 'Ann', 'Lee', { externalId: 'e-ann' }));
      t.clock.advance(1000);
      await scim.post('/Users', oktaUser('bob@corp.io', 'Bob', 'Ray', { externalId: 'e-bob', active: false }));
      t.clock.advance(1000);
      await scim.post('/Users', oktaUser('jimbob@x.io', 'Jim', 'Bob', { externalId: 'e-jim' }));
    });

    it.each([
      ['userName eq "BOB@corp.io"', ['bob@corp.io']],
      ['userName eq "bob@x.io"', []],
      ['userName ne "ann@x.io"', [ADMIN.email, 'bob@corp.io', 'jimbob@x.io']],
      ['userName co "bob"', ['bob@corp.io', 'jimbob@x.io']],
      ['userName sw "jim"', ['jimbob@x.io']],
      ['userName ew "@x.io"', [ADMIN.email, 'ann@x.io', 'jimbob@x.io']],
      ['externalId pr', ['ann@x.io', 'bob@corp.io', 'jimbob@x.io']],
      ['externalId eq "e-bob"', ['bob@corp.io']],
      ['emails.value eq "ann@x.io"', ['ann@x.io']],
      ['emails[type eq "work"].value eq "ann@x.io"', ['ann@x.io']],
      ['emails[type eq "home"].value eq "ann@x.io"', []],
      ['emails[type eq "work" and value co "corp"]', ['bob@corp.io']],
      ['active eq false', ['bob@corp.io']],
      ['not (active eq false) and userName ew "x.io"', [ADMIN.email, 'ann@x.io', 'jimbob@x.io']],
      ['(userName eq "ann@x.io" or userName eq "bob@corp.io") and active eq true', ['ann@x.io']],
      ['urn:ietf:params:scim:schemas:core:2.0:User:userName eq "ann@x.io"', ['ann@x.io']],
      ['name.familyName eq "bob"', ['jimbob@x.io']],
      ['userName co "%"', []],
      ['userName co "_"', []],
    ])('filter %s', async (filter, expected) => {
      const r = await scim.get(q(filter));
      expect(r.status).toBe(200);
      expect(names(r)).toEqual(expected);
      expect(r.body['totalResults']).toBe(expected.length);
    });

    it('meta.lastModified and meta.created compare as dates (gt, lt, ge)', async () => {
      const bob = resources(await scim.get(q('userName eq "bob@corp.io"')))[0]!;
      const created = (bob['meta'] as Json)['created'] as string;
      expect(names(await scim.get(q(`meta.created gt "${created}"`)))).toEqual(['jimbob@x.io']);
      expect(names(await scim.get(q(`meta.created lt "${created}" and externalId pr`)))).toEqual(['ann@x.io']);
      t.clock.advance(60_000);
      await scim.patch(`/Users/${bob['id'] as string}`, [{ op: 'replace', path: 'name.givenName', value: 'Robert' }]);
      expect(names(await scim.get(q(`meta.lastModified gt "${new Date(t.clock.now() - 1000).toISOString()}"`)))).toEqual(['bob@corp.io']);
      expect(names(await scim.get(q(`meta.lastModified ge "${created}"`)))).toEqual(['bob@corp.io', 'jimbob@x.io']);
    });

    it('startIndex and count page the listing; totalResults counts every match', async () => {
      const r = await scim.get('/Users?startIndex=2&count=2');
      expect(r.body).toMatchObject({ totalResults: 4, startIndex: 2, itemsPerPage: 2 });
      expect(names(r)).toEqual(['ann@x.io', 'bob@corp.io']);
      const none = await scim.get('/Users?count=0');
      expect(none.body).toMatchObject({ totalResults: 4, itemsPerPage: 0, Resources: [] });
    });

    it('attributes and excludedAttributes shape each resource (id and schemas always)', async () => {
      const only = await scim.get(`${q('userName eq "ann@x.io"')}&attributes=userName,name.givenName`);
      expect((only.body['Resources'] as Json[])[0]).toEqual({ schemas: [USER], id: expect.any(String), userName: 'ann@x.io', name: { givenName: 'Ann' } });
      const without = await scim.get(`${q('userName eq "ann@x.io"')}&excludedAttributes=emails,meta,name.familyName`);
      const ann = (without.body['Resources'] as Json[])[0]!;
      expect(ann['emails']).toBeUndefined();
      expect(ann['meta']).toBeUndefined();
      expect(ann['name']).toEqual({ givenName: 'Ann', formatted: 'Ann Lee' });
    });

    it.each([
      ['password eq "x"'],
      ['userName zz "x"'],
      ['title eq "x"'],
      ['active eq "yes"'],
      ['meta.lastModified gt "yesterday"'],
      ['emails[foo eq "x"]'],
      ['userName eq'],
      ['userName eq "a" or'],
    ])('an unsupported filter (%s) is 400 invalidFilter', async (filter) => {
      expect(refusal(await scim.get(q(filter)))).toMatchObject({ status: 400, bodyStatus: '400', scimType: 'invalidFilter', code: 'VALIDATION_FAILED' });
    });
  });

  describe('change', () => {
    let id: string;
    beforeEach(async () => {
      id = (await scim.post('/Users', oktaUser('ann@x.io'))).body['id'] as string;
    });

    it('PUT replaces names, email (the username and default workspace follow) and externalId', async () => {
      const r = await scim.put(`/Users/${id}`, oktaUser('ann.lee@x.io', 'Annie', 'Lee-Smith', { externalId: 'new-ext' }));
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ userName: 'ann.lee@x.io', name: { givenName: 'Annie', familyName: 'Lee-Smith' }, externalId: 'new-ext', active: true });
      const row = await t.db.kysely.selectFrom('users').select(['email', 'username']).where('id', '=', id).executeTakeFirstOrThrow();
      expect(row).toEqual({ email: 'ann.lee@x.io', username: 'ann.lee@x.io' });
      const ws = await t.db.kysely.selectFrom('workspaces').select('name').where('default_for', '=', id).executeTakeFirstOrThrow();
      expect(ws.name).toBe('ann.lee@x.io - Default Workspace');
    });

    it.each([
      ['Okta: replace without path', [{ op: 'replace', value: { active: false } }]],
      ['Entra ID: Replace with a string boolean', [{ op: 'Replace', path: 'active', value: 'False' }]],
      ['Entra ID: Replace without path', [{ op: 'Replace', value: { active: 'False' } }]],
    ])('PATCH deactivates (%s): the seat is freed', async (_name, ops) => {
      const r = await scim.patch(`/Users/${id}`, ops);
      expect(r.status).toBe(200);
      expect(r.body['active']).toBe(false);
      expect((await t.post('license/get', {})).body['active_users']).toBe(1);
      const audit = await t.db.kysely.selectFrom('audit_events').select(['actor_label', 'action']).where('target_id', '=', id).orderBy('id').execute();
      expect(audit.at(-1)).toEqual({ actor_label: 'scim:okta', action: 'user.deactivate' });
    });

    it('PATCH paths: name parts, emails with a filter, externalId, with and without the schema URN', async () => {
      const r = await scim.patch(`/Users/${id}`, [
        { op: 'replace', path: 'name.givenName', value: 'Annie' },
        { op: 'Replace', path: 'urn:ietf:params:scim:schemas:core:2.0:User:name.familyName', value: 'Smith' },
        { op: 'replace', path: 'emails[type eq "work"].value', value: 'annie@x.io' },
        { op: 'Add', path: 'externalId', value: 'entra-9' },
        { op: 'Add', path: 'title', value: 'Engineer' },
        { op: 'Replace', path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department', value: 'ML' },
      ]);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ userName: 'annie@x.io', name: { givenName: 'Annie', familyName: 'Smith' }, externalId: 'entra-9' });
      expect(r.body['title']).toBeUndefined();
    });

    it('PATCH remove of a name part empties it; remove of userName is refused with mutability', async () => {
      expect((await scim.patch(`/Users/${id}`, [{ op: 'remove', path: 'name.givenName' }])).body['name']).toMatchObject({ givenName: '' });
      expect(refusal(await scim.patch(`/Users/${id}`, [{ op: 'remove', path: 'userName' }]))).toMatchObject({ status: 400, scimType: 'mutability' });
    });

    it('userName and emails that differ in one request are refused: in Paddock they are one address', async () => {
      const r = await scim.patch(`/Users/${id}`, [
        { op: 'replace', path: 'userName', value: 'a@x.io' },
        { op: 'replace', path: 'emails[type eq "work"].value', value: 'b@x.io' },
      ]);
      expect(refusal(r)).toMatchObject({ status: 400, scimType: 'invalidValue' });
      const post = await scim.post('/Users', oktaUser('c@x.io', 'C', 'D', { emails: [{ value: 'd@x.io', primary: true }] }));
      expect(refusal(post)).toMatchObject({ status: 400, scimType: 'invalidValue' });
    });

    it('PATCH to an email another user has is 409 uniqueness', async () => {
      await t.admin.inviteUser('bob@x.io');
      expect(refusal(await scim.patch(`/Users/${id}`, [{ op: 'replace', path: 'userName', value: 'bob@x.io' }]))).toMatchObject({ status: 409, scimType: 'uniqueness', code: 'EMAIL_TAKEN' });
    });

    it('deactivation through SCIM ends the user’s tokens on the very next request', async () => {
      await t.admin.inviteUser('kim@x.io', 'kim-password');
      const kim = t.login('kim@x.io', 'kim-password');
      await kim.listUsers();
      const token = kim.getTokens()!.accessToken;
      const found = resources(await scim.get(q('userName eq "kim@x.io"')))[0]!;
      await scim.patch(`/Users/${found['id'] as string}`, [{ op: 'replace', value: { active: false } }]);
      expect((await t.post('users/query', {}, token)).status).toBe(401);
      await scim.patch(`/Users/${found['id'] as string}`, [{ op: 'replace', value: { active: true } }]);
      expect((await t.post('users/query', {}, token)).status).toBe(401);
    });

    it('the last active admin cannot be deactivated through SCIM: 409 LAST_ACTIVE_ADMIN, nothing changed', async () => {
      const admin = resources(await scim.get(q(`userName eq "${ADMIN.email}"`)))[0]!;
      const r = await scim.patch(`/Users/${admin['id'] as string}`, [{ op: 'replace', value: { active: false } }]);
      expect(refusal(r)).toMatchObject({ status: 409, bodyStatus: '409', code: 'LAST_ACTIVE_ADMIN' });
      expect(refusal(await scim.delete(`/Users/${admin['id'] as string}`))).toMatchObject({ status: 409, code: 'LAST_ACTIVE_ADMIN' });
      expect((await scim.get(`/Users/${admin['id'] as string}`)).body['active']).toBe(true);
    });

    it('activation over the licence is 403 SEAT_LIMIT_REACHED with the seats in the detail, through POST, PATCH and PUT', async () => {
      await scim.patch(`/Users/${id}`, [{ op: 'replace', value: { active: false } }]);
      for (const email of ['b@x.io', 'c@x.io', 'd@x.io', 'e@x.io']) await scim.post('/Users', oktaUser(email, 'B', 'C', { externalId: email }));
      const post = await scim.post('/Users', oktaUser('f@x.io', 'F', 'G', { externalId: 'f' }));
      expect(refusal(post)).toMatchObject({ status: 403, bodyStatus: '403', code: 'SEAT_LIMIT_REACHED' });
      expect(post.body['detail']).toMatch(/5 active users/);
      expect(refusal(await scim.patch(`/Users/${id}`, [{ op: 'replace', path: 'active', value: true }]))).toMatchObject({ status: 403, code: 'SEAT_LIMIT_REACHED' });
      expect(refusal(await scim.put(`/Users/${id}`, oktaUser('ann@x.io')))).toMatchObject({ status: 403, code: 'SEAT_LIMIT_REACHED' });
      expect((await scim.get(`/Users/${id}`)).body['active']).toBe(false);
      expect(await t.db.kysely.selectFrom('users').select('id').where('email', '=', 'f@x.io').executeTakeFirst()).toBeUndefined();
    });
  });

  describe('delete', () => {
    it('DELETE deactivates and unlinks, keeps the row, memberships and audit trail, and answers 404 afterwards', async () => {
      const id = (await scim.post('/Users', oktaUser('ann@x.io'))).body['id'] as string;
      const group = await scim.post('/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'ml', members: [{ value: id }] });
      expect((await scim.delete(`/Users/${id}`)).status).toBe(204);
      expect(refusal(await scim.get(`/Users/${id}`))).toMatchObject({ status: 404, code: 'USER_NOT_FOUND' });
      expect(refusal(await scim.patch(`/Users/${id}`, [{ op: 'replace', value: { active: true } }]))).toMatchObject({ status: 404 });
      expect(refusal(await scim.delete(`/Users/${id}`))).toMatchObject({ status: 404 });
      expect(names(await scim.get(q('userName eq "ann@x.io"')))).toEqual([]);
      const row = await t.db.kysely.selectFrom('users').select(['status', 'external_id', 'scim_deleted_at']).where('id', '=', id).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ status: 'inactive', external_id: null, scim_deleted_at: expect.any(Number) });
      const memberships = await t.db.kysely.selectFrom('memberships').select('workspace_id').where('user_id', '=', id).execute();
      expect(memberships.map((m) => m.workspace_id)).toContain(Number(group.body['id']));
      const actions = (await t.db.kysely.selectFrom('audit_events').select('action').where('target_id', '=', id).orderBy('id').execute()).map((a) => a.action);
      expect(actions).toEqual(['user.create', 'user.scim_delete']);
      expect((await t.post('license/get', {})).body['active_users']).toBe(1);
    });

    it('a POST with the userName of a deleted user provisions them again: same id, linked, active (seat check)', async () => {
      const id = (await scim.post('/Users', oktaUser('ann@x.io'))).body['id'] as string;
      await scim.delete(`/Users/${id}`);
      const again = await scim.post('/Users', oktaUser('ann@x.io', 'Ann', 'Lee', { externalId: 'new-id' }));
      expect(again.status).toBe(201);
      expect(again.body).toMatchObject({ id, active: true, externalId: 'new-id' });
    });
  });
});
