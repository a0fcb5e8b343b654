import { PaddockError } from '@paddock/sdk';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { Client } from '@paddock/sdk';
import { describeEachDatabase } from '../support/databases.js';
import { BASE_URL, startTestApp } from '../support/app.js';
import type { TestApp } from '../support/app.js';
import { refusal } from '../support/scim.js';

const code = (err: unknown) => (err instanceof PaddockError ? err.code : err);

describeEachDatabase('SCIM tokens (scim/tokens/*, SDK)', (database) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp(database);
  });
  afterEach(() => t.close());

  const scimGet = async (token: string) => t.app.http.inject({ method: 'GET', url: '/scim/v2/Users', headers: { authorization: `Bearer ${token}` } });

  it('createScimToken answers the secret once; Paddock stores only its SHA-256; the list never shows it', async () => {
    const { token, secret } = await t.admin.createScimToken('okta');
    expect(secret).toMatch(/^pdk_scim_[\w-]{43}$/);
    expect(token).toMatchObject({ name: 'okta', createdBy: 'admin@x.io', lastUsedAt: null, revokedAt: null });
    const rows = await t.db.kysely.selectFrom('scim_tokens').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(secret);
    expect(rows[0]?.token_hash).toMatch(/^[0-9a-f]{64}$/);
    const listed = await t.post('scim/tokens/list', {});
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    expect((await t.admin.listScimTokens()).map((x) => x.name)).toEqual(['okta']);
    expect((await scimGet(secret)).statusCode).toBe(200);
  });

  it('records the last use to the minute', async () => {
    const { secret } = await t.admin.createScimToken('okta');
    await scimGet(secret);
    const first = (await t.admin.listScimTokens())[0]?.lastUsedAt;
    expect(first?.getTime()).toBe(t.clock.now());
    t.clock.advance(30_000);
    await scimGet(secret);
    expect((await t.admin.listScimTokens())[0]?.lastUsedAt).toEqual(first);
    t.clock.advance(60_000);
    await scimGet(secret);
    expect((await t.admin.listScimTokens())[0]?.lastUsedAt?.getTime()).toBe(t.clock.now());
  });

  it('revokeScimToken refuses the token from the next request on; revoking again changes nothing; both audited once', async () => {
    const { token, secret } = await t.admin.createScimToken('entra');
    const revoked = await t.admin.revokeScimToken(token.id);
    expect(revoked.revokedAt?.getTime()).toBe(t.clock.now());
    const r = await scimGet(secret);
    expect(refusal({ status: r.statusCode, body: r.json(), headers: r.headers })).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    await t.admin.revokeScimToken(token.id);
    const audit = await t.db.kysely.selectFrom('audit_events').select(['action', 'actor_label', 'target_label']).where('target_type', '=', 'scim_token').orderBy('id').execute();
    expect(audit).toEqual([
      { action: 'scim_token.create', actor_label: 'admin@x.io', target_label: 'entra' },
      { action: 'scim_token.revoke', actor_label: 'admin@x.io', target_label: 'entra' },
    ]);
  });

  it('refusals: a taken name, a bad name, an unknown id, a non-admin, a service account', async () => {
    await t.admin.createScimToken('okta');
    expect(code(await t.admin.createScimToken('okta').catch((e: unknown) => e))).toBe('SCIM_TOKEN_EXISTS');
    expect(code(await t.admin.createScimToken('Okta Prod').catch((e: unknown) => e))).toBe('VALIDATION_FAILED');
    expect(code(await t.admin.revokeScimToken('no-such-id').catch((e: unknown) => e))).toBe('SCIM_TOKEN_NOT_FOUND');
    await t.admin.inviteUser('kim@x.io', 'kim-password');
    const kim = t.login('kim@x.io', 'kim-password');
    for (const call of [() => kim.createScimToken('x'), () => kim.listScimTokens(), () => kim.revokeScimToken('x')]) {
      expect(code(await call().catch((e: unknown) => e))).toBe('FORBIDDEN');
    }
    const { clientId, clientSecret } = await t.admin.createServiceAccount('robot', 'admin');
    const robot = new Client({ url: BASE_URL, auth: { type: 'clientCredentials', clientId, clientSecret }, fetch: t.fetch });
    expect(code(await robot.createScimToken('robot').catch((e: unknown) => e))).toBe('FORBIDDEN');
  });
});
