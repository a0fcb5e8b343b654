import { Client, PaddockError } from '@paddock/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.js';
import { BASE_URL, startTestApp } from '../support/app.js';
import type { TestApp } from '../support/app.js';

const TOKEN_PATH = '/auth/realms/master/protocol/openid-connect/token';
const code = (err: unknown) => (err instanceof PaddockError ? err.code : err);

describeEachDatabase('service accounts', (database) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp(database);
  });
  afterEach(() => t.close());

  /** The raw token endpoint, client_credentials with HTTP Basic (or the secret in the form). */
  async function clientCredentials(clientId: string, secret: string, via: 'basic' | 'post' = 'basic') {
    const form: Record<string, string> = { grant_type: 'client_credentials' };
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    if (via === 'basic') headers['authorization'] = `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`;
    else Object.assign(form, { client_id: clientId, client_secret: secret });
    const res = await t.app.http.inject({ method: 'POST', url: TOKEN_PATH, headers, payload: new URLSearchParams(form).toString() });
    return { status: res.statusCode, body: res.json<Record<string, unknown>>() };
  }

  async function tokenFor(clientId: string, secret: string): Promise<string> {
    const { status, body } = await clientCredentials(clientId, secret);
    expect(status).toBe(200);
    return body['access_token'] as string;
  }

  /** An SDK client acting as the service account, as a script would. */
  function script(clientId: string, clientSecret: string): Client {
    return new Client({ url: BASE_URL, fetch: t.fetch, auth: { type: 'clientCredentials', clientId, clientSecret } });
  }

  describe('create', () => {
    it('answers sa-<name> and a secret that gets a client-credentials token acting with the role', async () => {
      const created = await t.admin.createServiceAccount('nightly-etl', 'admin', { description: 'ETL jobs' });
      expect(created.clientId).toBe('sa-nightly-etl');
      const token = await tokenFor(created.clientId, created.clientSecret);
      const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
      expect(claims).toMatchObject({ sub: 'sa-nightly-etl', client_id: 'sa-nightly-etl', aud: 'paddock-api' });
      // client_secret_post works as well as Basic.
      expect((await clientCredentials(created.clientId, created.clientSecret, 'post')).status).toBe(200);
      expect((await t.post('license/get', {}, token)).status).toBe(200);
    });

    it("a 'user' service account is refused admin calls with 403 FORBIDDEN; an 'admin' one may make them", async () => {
      const user = await t.admin.createServiceAccount('reader', 'user');
      const admin = await t.admin.createServiceAccount('provisioner', 'admin');
      const asUser = script(user.clientId, user.clientSecret);
      expect((await asUser.listUsers()).length).toBe(1);
      const refused = await asUser.inviteUser('ann@x.io').catch((e: unknown) => e);
      expect([code(refused), (refused as PaddockError).status]).toEqual(['FORBIDDEN', 403]);
      await script(admin.clientId, admin.clientSecret).inviteUser('ann@x.io');
      expect((await t.admin.getUserByEmail('ann@x.io'))?.email).toBe('ann@x.io');
    });

    it('stores only a hash of the secret', async () => {
      const { clientId, clientSecret } = await t.admin.createServiceAccount('hashed', 'user');
      const row = await t.db.kysely.selectFrom('service_accounts').selectAll().where('client_id', '=', clientId).executeTakeFirstOrThrow();
      expect(JSON.stringify(row)).not.toContain(clientSecret);
      expect(row.secret_hash).toMatch(/^[0-9a-f]{64}$/);
      // The stored hash is no credential.
      expect(await clientCredentials(clientId, row.secret_hash)).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    });

    it('refuses a duplicate name with 409 SERVICE_ACCOUNT_EXISTS, and a bad name with 400', async () => {
      await t.admin.createServiceAccount('etl', 'user');
      const dup = await t.admin.createServiceAccount('etl', 'admin').catch((e: unknown) => e);
      expect([code(dup), (dup as PaddockError).status]).toEqual(['SERVICE_ACCOUNT_EXISTS', 409]);
      for (const name of ['Etl', 'etl-', '1etl', 'e'.repeat(61), '']) {
        const res = await t.post('service_accounts/create', { name, role: 'user' });
        expect([name, res.status, res.body['error']]).toEqual([name, 400, 'VALIDATION_FAILED']);
      }
    });

    it('audits create, rotate and delete', async () => {
      const { clientId } = await t.admin.createServiceAccount('audited', 'user');
      await t.admin.rotateServiceAccountSecret(clientId);
      await t.admin.deleteServiceAccount(clientId);
      const { events } = await t.admin.queryAudit({ target: clientId });
      expect(events.map((e) => [e.action, e.actor.label, e.target.type])).toEqual([
        ['service_account.delete', 'admin@x.io', 'service_account'],
        ['service_account.rotate', 'admin@x.io', 'service_account'],
        ['service_account.create', 'admin@x.io', 'service_account'],
      ]);
    });
  });

  describe('list', () => {
    it('lists every account by name, without secrets', async () => {
      await t.admin.createServiceAccount('zeta', 'user');
      const { clientId } = await t.admin.createServiceAccount('alpha', 'admin', { description: 'provisioning' });
      await t.admin.rotateServiceAccountSecret(clientId);
      const listed = await t.admin.listServiceAccounts();
      expect(listed.map((a) => a.name)).toEqual(['alpha', 'zeta']);
      expect(listed[0]).toEqual({
        clientId: 'sa-alpha',
        name: 'alpha',
        role: 'admin',
        description: 'provisioning',
        createdAt: expect.any(Date),
        createdBy: 'admin@x.io',
        secretRotatedAt: expect.any(Date),
      });
      expect(listed[1]?.secretRotatedAt).toBeNull();
      const raw = await t.post('service_accounts/list', {});
      expect(JSON.stringify(raw.body)).not.toMatch(/secret_hash|client_secret"/);
    });
  });

  describe('rotate', () => {
    it('refuses the old secret at once (invalid_client) and accepts the new one', async () => {
      const { clientId, clientSecret } = await t.admin.createServiceAccount('rotated', 'user');
      await tokenFor(clientId, clientSecret);
      const fresh = await t.admin.rotateServiceAccountSecret(clientId);
      expect(fresh).not.toBe(clientSecret);
      expect(await clientCredentials(clientId, clientSecret)).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
      expect((await t.post('users/query', {}, await tokenFor(clientId, fresh))).status).toBe(200);
    });

    it('answers 404 SERVICE_ACCOUNT_NOT_FOUND for an unknown client id', async () => {
      const res = await t.post('service_accounts/rotate', { client_id: 'sa-nobody' });
      expect([res.status, res.body['error']]).toEqual([404, 'SERVICE_ACCOUNT_NOT_FOUND']);
    });
  });

  describe('delete', () => {
    it("refuses the account's token on the next API call (401) and its secret at the token endpoint", async () => {
      const { clientId, clientSecret } = await t.admin.createServiceAccount('doomed', 'admin');
      const token = await tokenFor(clientId, clientSecret);
      expect((await t.post('users/query', {}, token)).status).toBe(200);
      await t.admin.deleteServiceAccount(clientId);
      const after = await t.post('users/query', {}, token);
      expect([after.status, after.body['error']]).toEqual([401, 'UNAUTHENTICATED']);
      expect(await clientCredentials(clientId, clientSecret)).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
      expect(await t.admin.listServiceAccounts()).toEqual([]);
    });

    it('answers 404 SERVICE_ACCOUNT_NOT_FOUND for an unknown client id', async () => {
      const err = await t.admin.deleteServiceAccount('sa-nobody').catch((e: unknown) => e);
      expect([code(err), (err as PaddockError).status]).toEqual(['SERVICE_ACCOUNT_NOT_FOUND', 404]);
    });

    it('a service account recreated under the same name has a new secret; the old one stays refused', async () => {
      const first = await t.admin.createServiceAccount('again', 'user');
      await t.admin.deleteServiceAccount(first.clientId);
      const second = await t.admin.createServiceAccount('again', 'user');
      expect(await clientCredentials(first.clientId, first.clientSecret)).toMatchObject({ status: 401 });
      await tokenFor(second.clientId, second.clientSecret);
    });
  });

  describe('permissions', () => {
    it('refuses every call to a non-admin with 403 FORBIDDEN', async () => {
      await t.admin.inviteUser('ann@x.io', 'ann-password');
      await t.admin.createServiceAccount('existing', 'user');
      const ann = t.login('ann@x.io', 'ann-password');
      const calls: Array<() => Promise<unknown>> = [
        () => ann.createServiceAccount('mine', 'admin'),
        () => ann.listServiceAccounts(),
        () => ann.rotateServiceAccountSecret('sa-existing'),
        () => ann.deleteServiceAccount('sa-existing'),
      ];
      for (const call of calls) expect(code(await call().catch((e: unknown) => e))).toBe('FORBIDDEN');
      expect((await t.admin.listServiceAccounts()).map((a) => a.name)).toEqual(['existing']);
    });
  });
});
