import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.js';
import { startTestApp } from '../support/app.js';
import type { TestApp } from '../support/app.js';
import { GROUP, PATCH, USER, oktaUser, refusal, scimClient } from '../support/scim.js';
import type { ScimClient, ScimReply } from '../support/scim.js';

type Case = [name: string, send: (scim: ScimClient, ids: { user: string; group: string }) => Promise<ScimReply>, status: number, scimType: string | undefined];

const cases: Case[] = [
  ['malformed JSON', (s) => s.call('POST', '/Users', '{"schemas": ['), 400, 'invalidSyntax'],
  ['a body that is not an object', (s) => s.call('POST', '/Users', '[1, 2]'), 400, 'invalidSyntax'],
  ['a body of another content type', (s) => s.call('POST', '/Users', 'userName=a', { contentType: 'application/x-www-form-urlencoded' }), 400, 'invalidSyntax'],
  ['no schemas', (s) => s.post('/Users', { userName: 'n@x.io' }), 400, 'invalidSyntax'],
  ['an unknown schema', (s) => s.post('/Users', { schemas: [USER, 'urn:evil:schema'], userName: 'n@x.io' }), 400, 'invalidSyntax'],
  ['the Group schema for a user', (s) => s.post('/Users', { schemas: [GROUP], userName: 'n@x.io' }), 400, 'invalidSyntax'],
  ['no userName', (s) => s.post('/Users', { schemas: [USER], name: { givenName: 'N' } }), 400, 'invalidValue'],
  ['userName not an email', (s) => s.post('/Users', oktaUser('not-an-email')), 400, 'invalidValue'],
  ['userName a number', (s) => s.post('/Users', { schemas: [USER], userName: 42 }), 400, 'invalidValue'],
  ['active a number', (s) => s.post('/Users', oktaUser('n@x.io', 'N', 'M', { active: 1 })), 400, 'invalidValue'],
  ['active a word', (s) => s.post('/Users', oktaUser('n@x.io', 'N', 'M', { active: 'yes' })), 400, 'invalidValue'],
  ['name a string', (s) => s.post('/Users', oktaUser('n@x.io', 'N', 'M', { name: 'N M' })), 400, 'invalidSyntax'],
  ['givenName too long', (s) => s.post('/Users', oktaUser('n@x.io', 'N'.repeat(101), 'M')), 400, 'invalidValue'],
  ['emails not a list', (s) => s.post('/Users', oktaUser('n@x.io', 'N', 'M', { emails: 'n@x.io' })), 400, 'invalidValue'],
  ['too many emails', (s) => s.post('/Users', oktaUser('n@x.io', 'N', 'M', { emails: Array.from({ length: 11 }, (_, i) => ({ value: `e${i}@x.io` })) })), 400, 'invalidValue'],
  ['an attribute no schema has', (s) => s.post('/Users', oktaUser('n@x.io', 'N', 'M', { isAdmin: true })), 400, 'invalidValue'],
  ['externalId a number', (s) => s.post('/Users', oktaUser('n@x.io', 'N', 'M', { externalId: 7 })), 400, 'invalidValue'],
  ['a group name that breaks the rule', (s) => s.post('/Groups', { schemas: [GROUP], displayName: 'Robert"); DROP TABLE users;--' }), 400, 'invalidValue'],
  ['too many members', (s, ids) => s.patch(`/Groups/${ids.group}`, [{ op: 'add', path: 'members', value: Array.from({ length: 1001 }, () => ({ value: ids.user })) }]), 400, 'invalidValue'],
  ['members not a list', (s, ids) => s.patch(`/Groups/${ids.group}`, [{ op: 'add', path: 'members', value: { value: ids.user } }]), 400, 'invalidValue'],
  ['too many operations', (s, ids) => s.patch(`/Users/${ids.user}`, Array.from({ length: 101 }, () => ({ op: 'replace', path: 'name.givenName', value: 'X' }))), 400, 'invalidValue'],
  ['a PATCH without the PatchOp schema', (s, ids) => s.call('PATCH', `/Users/${ids.user}`, { schemas: [USER], Operations: [{ op: 'replace', value: { active: false } }] }), 400, 'invalidSyntax'],
  ['a PATCH without Operations', (s, ids) => s.call('PATCH', `/Users/${ids.user}`, { schemas: [PATCH] }), 400, 'invalidSyntax'],
  ['an unknown op', (s, ids) => s.patch(`/Users/${ids.user}`, [{ op: 'merge', value: { active: false } }]), 400, 'invalidSyntax'],
  ['an unknown PATCH path', (s, ids) => s.patch(`/Users/${ids.user}`, [{ op: 'replace', path: 'isAdmin', value: true }]), 400, 'invalidPath'],
  ['an unknown sub-attribute', (s, ids) => s.patch(`/Users/${ids.user}`, [{ op: 'replace', path: 'name.nickname', value: 'x' }]), 400, 'invalidPath'],
  ['a role change by PATCH', (s, ids) => s.patch(`/Users/${ids.user}`, [{ op: 'replace', path: 'role', value: 'admin' }]), 400, 'invalidPath'],
  ['an unknown attribute in a PATCH value', (s, ids) => s.patch(`/Users/${ids.user}`, [{ op: 'replace', value: { active: false, superuser: true } }]), 400, 'invalidPath'],
  ['a PATCH path filter that does not parse', (s, ids) => s.patch(`/Users/${ids.user}`, [{ op: 'replace', path: 'emails[type eq].value', value: 'a@x.io' }]), 400, 'invalidPath'],
  ['a PATCH path filter that matches no email', (s, ids) => s.patch(`/Users/${ids.user}`, [{ op: 'replace', path: 'emails[type eq "home"].value', value: 'h@x.io' }]), 400, 'noTarget'],
  ['remove without path', (s, ids) => s.patch(`/Users/${ids.user}`, [{ op: 'remove' }]), 400, 'noTarget'],
  ['an unknown group PATCH path', (s, ids) => s.patch(`/Groups/${ids.group}`, [{ op: 'replace', path: 'owners', value: [] }]), 400, 'invalidPath'],
  ['a members filter on another attribute', (s, ids) => s.patch(`/Groups/${ids.group}`, [{ op: 'remove', path: 'members[display eq "x"]' }]), 400, 'invalidPath'],
  ['filter injection: a quote in the value', (s) => s.get(`/Users?filter=${encodeURIComponent(`userName eq "x' or '1'='1"`)}`), 200, undefined],
  ['filter injection: SQL as an attribute', (s) => s.get(`/Users?filter=${encodeURIComponent('password_hash pr')}`), 400, 'invalidFilter'],
  ['filter injection: SQL after a value', (s) => s.get(`/Users?filter=${encodeURIComponent('userName eq "a"; drop table users; --')}`), 400, 'invalidFilter'],
  ['filter injection: SQL as an operator', (s) => s.get(`/Users?filter=${encodeURIComponent('userName = "a" or 1=1')}`), 400, 'invalidFilter'],
  ['a filter too long', (s) => s.get(`/Users?filter=${encodeURIComponent(`userName eq "${'a'.repeat(2100)}"`)}`), 400, 'invalidFilter'],
  ['startIndex not a number', (s) => s.get('/Users?startIndex=one'), 400, 'invalidValue'],
  ['a group id that is not one', (s) => s.get('/Groups/1%20or%201=1'), 404, undefined],
];

describeEachDatabase('SCIM bad input', (database) => {
  let t: TestApp;
  let scim: ScimClient;
  let ids: { user: string; group: string };
  beforeEach(async () => {
    t = await startTestApp(database);
    scim = await scimClient(t);
    const user = (await scim.post('/Users', oktaUser('ann@x.io'))).body['id'] as string;
    const group = (await scim.post('/Groups', { schemas: [GROUP], displayName: 'ml-team', members: [{ value: user }] })).body['id'] as string;
    ids = { user, group };
  });
  afterEach(() => t.close());

  /** Every row of every table a SCIM request can write. */
  const snapshot = async () => ({
    users: await t.db.kysely.selectFrom('users').selectAll().orderBy('id').execute(),
    workspaces: await t.db.kysely.selectFrom('workspaces').selectAll().orderBy('id').execute(),
    memberships: await t.db.kysely.selectFrom('memberships').selectAll().orderBy('workspace_id').orderBy('user_id').execute(),
    audit: await t.db.kysely.selectFrom('audit_events').selectAll().orderBy('id').execute(),
  });

  it.each(cases)('%s: a SCIM %i with its scimType, never a 5xx, nothing written', async (_name, send, status, scimType) => {
    const before = await snapshot();
    const r = await send(scim, ids);
    expect(r.status).toBe(status);
    if (status >= 400) {
      expect(refusal(r)).toMatchObject({ bodyStatus: String(status), scimType, schemas: expect.arrayContaining(['urn:ietf:params:scim:api:messages:2.0:Error']) });
      expect(r.headers['content-type']).toMatch(/^application\/scim\+json/);
    } else {
      expect(r.body['totalResults']).toBe(0);
    }
    expect(await snapshot()).toEqual(before);
  });
});
