import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.js';
import { startTestApp } from '../support/app.js';
import type { TestApp } from '../support/app.js';
import { GROUP, PATCH, USER, refusal, resources, scimClient } from '../support/scim.js';
import type { Json } from '../support/scim.js';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const filter = (f: string) => encodeURIComponent(f);
const memberIds = (g: Json) => ((g['members'] ?? []) as Json[]).map((m) => m['value'] as string);

/*
 * The request sequences Okta (developer.okta.com, "SCIM 2.0 protocol reference") and Microsoft Entra
 * ID ("Develop and plan provisioning for a SCIM endpoint": the request/response examples) document,
 * replayed as they send them: bodies, casing, string booleans and content types included.
 */
describeEachDatabase('SCIM as identity providers send it', (database) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp(database);
  });
  afterEach(() => t.close());

  const status = async (email: string) => (await t.db.kysely.selectFrom('users').select('status').where('email', '=', email).executeTakeFirst())?.status;

  it('Okta: match, create, read, update by PUT, deactivate, reactivate, push a group, rename it, add and remove members, delete it', async () => {
    const okta = await scimClient(t, 'okta');
    const send = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown) =>
      okta.call(method, path, body, { contentType: 'application/scim+json; charset=utf-8' });

    const lookup = await send('GET', `/Users?filter=${filter('userName eq "test.user@okta.local"')}&startIndex=1&count=100`);
    expect(lookup.body).toMatchObject({ totalResults: 0, Resources: [] });

    const created = await send('POST', '/Users', {
      schemas: [USER],
      userName: 'test.user@okta.local',
      name: { givenName: 'Test', familyName: 'User' },
      emails: [{ primary: true, value: 'test.user@okta.local', type: 'work' }],
      displayName: 'Test User',
      locale: 'en-US',
      externalId: '00ujl29u0le5T6Aj10h7',
      groups: [],
      password: '1mz050nq',
      active: true,
    });
    expect(created.status).toBe(201);
    const id = created.body['id'] as string;

    expect((await send('GET', `/Users/${id}`)).body).toMatchObject({ userName: 'test.user@okta.local', active: true, externalId: '00ujl29u0le5T6Aj10h7' });

    const updated = await send('PUT', `/Users/${id}`, {
      schemas: [USER],
      id,
      userName: 'test.user@okta.local',
      name: { givenName: 'Another', familyName: 'User' },
      emails: [{ primary: true, value: 'test.user@okta.local', type: 'work' }],
      displayName: 'Another User',
      locale: 'en-US',
      groups: [],
      externalId: '00ujl29u0le5T6Aj10h7',
      active: true,
      meta: { resourceType: 'User' },
    });
    expect(updated.body['name']).toMatchObject({ givenName: 'Another', familyName: 'User' });

    const deactivated = await send('PATCH', `/Users/${id}`, { schemas: [PATCH], Operations: [{ op: 'replace', value: { active: false } }] });
    expect(deactivated.body['active']).toBe(false);
    expect(await status('test.user@okta.local')).toBe('inactive');
    await send('PATCH', `/Users/${id}`, { schemas: [PATCH], Operations: [{ op: 'replace', value: { active: true } }] });
    expect(await status('test.user@okta.local')).toBe('active');

    const second = (await send('POST', '/Users', { schemas: [USER], userName: 'second@okta.local', name: { givenName: 'S', familyName: 'U' }, active: true })).body['id'] as string;
    const pushed = await send('POST', '/Groups', { schemas: [GROUP], displayName: 'test-scimv2', members: [{ value: id, display: 'test.user@okta.local' }] });
    expect(pushed.status).toBe(201);
    const gid = pushed.body['id'] as string;
    const renamed = await send('PATCH', `/Groups/${gid}`, { schemas: [PATCH], Operations: [{ op: 'replace', value: { id: gid, displayName: 'test-scimv2-renamed' } }] });
    expect(renamed.body['displayName']).toBe('test-scimv2-renamed');
    await send('PATCH', `/Groups/${gid}`, { schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value: [{ value: second, display: 'second@okta.local' }] }] });
    await send('PATCH', `/Groups/${gid}`, { schemas: [PATCH], Operations: [{ op: 'remove', path: `members[value eq "${id}"]` }] });
    const group = (await send('GET', `/Groups/${gid}`)).body;
    expect(memberIds(group)).toContain(second);
    expect(memberIds(group)).not.toContain(id);
    expect((await send('DELETE', `/Groups/${gid}`)).status).toBe(204);
    expect((await send('GET', `/Groups/${gid}`)).status).toBe(404);

    const labels = await t.db.kysely.selectFrom('audit_events').select('actor_label').where('actor_label', 'like', 'scim:%').execute();
    expect(new Set(labels.map((l) => l.actor_label))).toEqual(new Set(['scim:okta']));
  });

  it('Entra ID: create, get by filter, update names and email, disable with "Replace"/"False", enable, group push, rename, add and remove members, delete', async () => {
    const entra = await scimClient(t, 'entra');
    const none = await entra.get(`/Users?filter=${filter('userName eq "Test_User_dfeef4c5@contoso.com"')}`);
    expect(none.body['totalResults']).toBe(0);

    const created = await entra.post('/Users', {
      schemas: [USER, ENTERPRISE],
      externalId: '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef',
      userName: 'Test_User_dfeef4c5@contoso.com',
      active: true,
      emails: [{ primary: true, type: 'work', value: 'Test_User_dfeef4c5@contoso.com' }],
      meta: { resourceType: 'User' },
      name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
      roles: [],
      [ENTERPRISE]: { employeeNumber: '1', department: 'ML' },
    });
    expect(created.status).toBe(201);
    const id = created.body['id'] as string;

    const found = await entra.get(`/Users?filter=${filter('userName eq "Test_User_dfeef4c5@contoso.com"')}`);
    expect(resources(found).map((u) => u['id'] as string)).toEqual([id]);
    expect(resources(await entra.get(`/Users?filter=${filter('externalId eq "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"')}`))).toHaveLength(1);

    const updated = await entra.patch(`/Users/${id}`, [
      { op: 'Replace', path: 'emails[type eq "work"].value', value: 'updatedEmail@contoso.com' },
      { op: 'Replace', path: 'name.familyName', value: 'updatedFamilyName' },
      { op: 'Add', path: 'title', value: 'Data Scientist' },
    ]);
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ userName: 'updatedemail@contoso.com', name: { familyName: 'updatedFamilyName' } });

    expect((await entra.patch(`/Users/${id}`, [{ op: 'Replace', path: 'active', value: 'False' }])).body['active']).toBe(false);
    expect(await status('updatedemail@contoso.com')).toBe('inactive');
    expect((await entra.patch(`/Users/${id}`, [{ op: 'Replace', path: 'active', value: 'True' }])).body['active']).toBe(true);

    const pushed = await entra.post('/Groups', { schemas: [GROUP], externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159', displayName: 'group-display-name', meta: { resourceType: 'Group' }, members: [] });
    expect(pushed.status).toBe(201);
    const gid = pushed.body['id'] as string;
    const byName = await entra.get(`/Groups?excludedAttributes=members&filter=${filter('displayName eq "group-display-name"')}`);
    expect(resources(byName).map((g) => [g['id'] as string, 'members' in g])).toEqual([[gid, false]]);
    await entra.patch(`/Groups/${gid}`, [{ op: 'Replace', path: 'displayName', value: 'updated-display-name' }]);
    await entra.patch(`/Groups/${gid}`, [{ op: 'Add', path: 'members', value: [{ $ref: null, value: id }] }]);
    expect(memberIds((await entra.get(`/Groups/${gid}`)).body)).toContain(id);
    await entra.patch(`/Groups/${gid}`, [{ op: 'Remove', path: 'members', value: [{ $ref: null, value: id }] }]);
    expect(memberIds((await entra.get(`/Groups/${gid}`)).body)).not.toContain(id);

    expect(refusal(await entra.post('/Groups', { schemas: [GROUP], displayName: 'Data Science', members: [] }))).toMatchObject({ status: 400, scimType: 'invalidValue' });

    expect((await entra.delete(`/Users/${id}`)).status).toBe(204);
    expect((await entra.get(`/Users/${id}`)).status).toBe(404);
    expect(await status('updatedemail@contoso.com')).toBe('inactive');
    expect((await entra.delete(`/Groups/${gid}`)).status).toBe(204);
  });

  it('application/json is accepted as well as application/scim+json, and replies are application/scim+json', async () => {
    const okta = await scimClient(t);
    const r = await okta.call('POST', '/Users', { schemas: [USER], userName: 'plain@x.io' }, { contentType: 'application/json' });
    expect(r.status).toBe(201);
    expect(r.headers['content-type']).toMatch(/^application\/scim\+json/);
  });
});
