/**
 * The CLI's service-account, session, SSO-provider and login-lock commands against the real
 * server (both databases). Their help is in packages/cli/test/usage.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, BASE_URL } from '../support/app.js';
import { CliHarness, lines } from '../support/cli-harness.js';
import { describeEachDatabase } from '../support/databases.js';
import { startUpstreamProvider } from '../identity/upstream-provider.js';
import type { UpstreamProvider } from '../identity/upstream-provider.js';

const MINUTE = 60_000;
const TIME = '\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC';
const utc = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

describeEachDatabase('CLI: accounts', (database) => {
  let h: CliHarness;
  beforeEach(async () => {
    h = await CliHarness.start(database);
  });
  afterEach(() => h.close());

  describe('paddock service-accounts', () => {
    /** The secret the server answered the last create or rotate with. */
    const lastSecret = (call: 'create' | 'rotate') =>
      (h.transport.requests.filter((r) => r.path === `/v1/api/service_accounts/${call}`).at(-1)?.reply as { client_id?: string; client_secret: string });

    it('create sends name, role and description, and prints the client id and the secret exactly once', async () => {
      await h.login();
      const result = await h.run(['service-accounts', 'create', 'nightly-etl', '--role', 'admin', '--description', 'ETL jobs']);
      expect(result.code).toBe(0);
      expect(h.transport.bodies('service_accounts/create')).toEqual([{ name: 'nightly-etl', role: 'admin', description: 'ETL jobs' }]);
      const { client_id: clientId, client_secret: secret } = lastSecret('create');
      expect(result.stdout).toContain(clientId);
      expect(result.stdout.split(secret)).toHaveLength(2);
    });

    it('create defaults to the user role; --json prints client_id and client_secret', async () => {
      await h.login();
      const result = await h.run(['--json', 'service-accounts', 'create', 'etl']);
      expect(JSON.parse(result.stdout)).toEqual(lastSecret('create'));
      expect(h.transport.bodies('service_accounts/create')).toEqual([{ name: 'etl', role: 'user' }]);
    });

    it('create of a taken name exits 1 with one SERVICE_ACCOUNT_EXISTS line', async () => {
      await h.login();
      await h.run(['service-accounts', 'create', 'etl']);
      const result = await h.run(['service-accounts', 'create', 'etl']);
      expect(result.code).toBe(1);
      expect(lines(result.stderr)).toHaveLength(1);
      expect(result.stderr).toMatch(/^error: SERVICE_ACCOUNT_EXISTS: /);
    });

    it('an unknown --role is a usage error (exit 2)', async () => {
      await h.login();
      expect((await h.run(['service-accounts', 'create', 'etl', '--role', 'owner'])).code).toBe(2);
      expect(h.transport.bodies('service_accounts/create')).toEqual([]);
    });

    it('list prints a table without secrets, and --json the accounts', async () => {
      await h.login();
      await h.run(['service-accounts', 'create', 'zeta']);
      const zeta = lastSecret('create');
      await h.run(['service-accounts', 'create', 'alpha', '--role', 'admin', '--description', 'provisioning']);
      const alpha = lastSecret('create');
      const table = await h.run(['service-accounts', 'list']);
      expect(table.code).toBe(0);
      const rows = lines(table.stdout);
      expect(rows[0]).toMatch(/^CLIENT ID\s+ROLE\s+DESCRIPTION\s+CREATED\s+CREATED BY\s+SECRET ROTATED$/);
      expect(rows[1]).toMatch(new RegExp(`^${alpha.client_id!}\\s+admin\\s+provisioning\\s+${utc(h.t.clock.now())}\\s+${ADMIN.email.replace('.', '\\.')}\\s+never$`));
      expect(rows[2]).toMatch(new RegExp(`^${zeta.client_id!}\\s+user\\s+-\\s`));
      expect(table.stdout).not.toContain(alpha.client_secret);
      expect(table.stdout).not.toContain(zeta.client_secret);
      const json = JSON.parse((await h.run(['--json', 'service-accounts', 'list'])).stdout) as Array<{ clientId: string }>;
      expect(json.map((a) => a.clientId)).toEqual([alpha.client_id, zeta.client_id]);
    });

    it('rotate prints the new secret once; delete confirms; unknown ids exit 1 with SERVICE_ACCOUNT_NOT_FOUND', async () => {
      await h.login();
      await h.run(['service-accounts', 'create', 'etl']);
      const { client_id: clientId, client_secret: first } = lastSecret('create');
      const rotated = await h.run(['service-accounts', 'rotate', clientId!]);
      expect(rotated.code).toBe(0);
      const { client_secret: second } = lastSecret('rotate');
      expect(second).not.toBe(first);
      expect(rotated.stdout.split(second)).toHaveLength(2);
      expect(h.transport.bodies('service_accounts/rotate')).toEqual([{ client_id: clientId }]);
      const deleted = await h.run(['service-accounts', 'delete', clientId!]);
      expect([deleted.code, deleted.stdout]).toEqual([0, `Deleted ${clientId!}.\n`]);
      for (const verb of ['rotate', 'delete']) {
        const missing = await h.run(['service-accounts', verb, clientId!]);
        expect(missing.code).toBe(1);
        expect(missing.stderr).toMatch(/^error: SERVICE_ACCOUNT_NOT_FOUND: /);
      }
    });
  });

  describe('paddock sessions', () => {
    /** ann with two logins of her own, and the admin logged in through the CLI. */
    async function withSessions(): Promise<void> {
      await h.t.addUser({ email: 'ann@ex.co', password: 'ann-password-1' });
      const ann = () => h.t.clientWith({ auth: { type: 'password', username: 'ann@ex.co', password: 'ann-password-1' } });
      await ann().login();
      h.t.clock.advance(MINUTE);
      await ann().login();
      await h.login();
    }

    it("list prints a user's sessions as a table, and --json as JSON", async () => {
      await withSessions();
      const table = await h.run(['sessions', 'list', 'ann@ex.co']);
      expect(table.code).toBe(0);
      expect(h.transport.bodies('sessions/list').at(-1)).toEqual({ email: 'ann@ex.co' });
      const rows = lines(table.stdout);
      expect(rows[0]).toMatch(/^ID\s+CLIENT\s+CREATED\s+LAST USED\s+EXPIRES$/);
      expect(rows.slice(1)).toEqual([
        expect.stringMatching(new RegExp(`^\\S+\\s+sdk-client\\s+${TIME}\\s+(${TIME}|-)\\s+${TIME}$`)),
        expect.stringMatching(new RegExp(`^\\S+\\s+sdk-client\\s+${TIME}\\s+(${TIME}|-)\\s+${TIME}$`)),
      ]);
      const json = JSON.parse((await h.run(['--json', 'sessions', 'list', 'ann@ex.co'])).stdout) as Array<{ id: string }>;
      expect(json.map((s) => s.id)).toEqual(rows.slice(1).map((row) => row.split(/\s+/)[0]));
      expect((await h.run(['sessions', 'list', 'nobody@ex.co'])).stderr).toMatch(/^error: USER_NOT_FOUND: /);
    });

    it('revoke ends one session; an unknown id exits 1 with SESSION_NOT_FOUND', async () => {
      await withSessions();
      const [first, second] = await h.t.admin.listSessions('ann@ex.co');
      const result = await h.run(['sessions', 'revoke', first!.id]);
      expect([result.code, result.stdout]).toEqual([0, `Ended session ${first!.id}.\n`]);
      expect((await h.t.admin.listSessions('ann@ex.co')).map((s) => s.id)).toEqual([second!.id]);
      const again = await h.run(['sessions', 'revoke', first!.id]);
      expect(again.code).toBe(1);
      expect(lines(again.stderr)).toEqual([expect.stringMatching(/^error: SESSION_NOT_FOUND: /)]);
      // Ids are base64url: one that begins with '-' is an id, not an option (a usage error before).
      const dashed = await h.run(['sessions', 'revoke', '-mITut39b5MnRVni']);
      expect([dashed.code, lines(dashed.stderr)]).toEqual([1, [expect.stringMatching(/^error: SESSION_NOT_FOUND: /)]]);
    });

    it('revoke-all ends every session of the user and says how many', async () => {
      await withSessions();
      const result = await h.run(['sessions', 'revoke-all', 'ann@ex.co']);
      expect([result.code, result.stdout]).toEqual([0, 'Ended 2 session(s) of ann@ex.co.\n']);
      expect(JSON.parse((await h.run(['--json', 'sessions', 'revoke-all', 'ann@ex.co'])).stdout)).toEqual({ email: 'ann@ex.co', revoked: 0 });
      expect(await h.t.admin.listSessions('ann@ex.co')).toEqual([]);
      expect(await h.t.admin.listSessions(ADMIN.email)).not.toEqual([]);
    });

    it("a user may not list another user's sessions: exit 1, FORBIDDEN", async () => {
      await withSessions();
      await h.login('ann@ex.co', 'ann-password-1');
      expect((await h.run(['sessions', 'list', 'ann@ex.co'])).code).toBe(0);
      const refused = await h.run(['sessions', 'list', ADMIN.email]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/^error: FORBIDDEN: /);
    });
  });

  describe('paddock sso', () => {
    let upstream: UpstreamProvider;
    beforeEach(async () => {
      upstream = await startUpstreamProvider([`${BASE_URL}/auth/realms/master/broker/okta/endpoint`]);
    });
    afterEach(() => upstream.close());
    const add = () => ['sso', 'add', 'okta', '--name', 'Okta', '--issuer', upstream.issuer, '--client-id', upstream.clientId];

    it('add sends the provider (secret from the environment) and prints the redirect URI to register', async () => {
      await h.login();
      const result = await h.run(add(), { env: { PADDOCK_SSO_CLIENT_SECRET: upstream.clientSecret } });
      expect(result.code).toBe(0);
      expect(h.transport.bodies('sso_providers/create')).toEqual([
        { alias: 'okta', display_name: 'Okta', issuer: upstream.issuer, client_id: upstream.clientId, client_secret: upstream.clientSecret },
      ]);
      expect(result.stdout).toContain(`${BASE_URL}/auth/realms/master/broker/okta/endpoint`);
    });

    it('add without a secret is a usage error (exit 2) and sends nothing', async () => {
      await h.login();
      const before = h.transport.requests.length;
      expect((await h.run(add())).code).toBe(2);
      expect(h.transport.requests.length).toBe(before);
    });

    it('list prints a table (never the secret); --json the providers; remove removes', async () => {
      await h.login();
      expect((await h.run([...add(), '--client-secret', upstream.clientSecret])).code).toBe(0);
      const table = await h.run(['sso', 'list']);
      expect(table.stdout).toMatch(/^ALIAS\s+NAME\s+ISSUER/);
      expect(table.stdout).toContain('okta');
      expect(table.stdout).not.toContain(upstream.clientSecret);
      const json = JSON.parse((await h.run(['--json', 'sso', 'list'])).stdout) as Array<{ alias: string; source: string }>;
      expect(json.map((p) => [p.alias, p.source])).toEqual([['okta', 'api']]);
      expect((await h.run(['sso', 'remove', 'okta'])).code).toBe(0);
      expect((await h.run(['sso', 'list'])).stdout).toContain('No SSO providers.');
    });

    it('a refusal is one line with its code: unknown alias, unreachable issuer', async () => {
      await h.login();
      const missing = await h.run(['sso', 'remove', 'nope']);
      expect([missing.code, missing.stderr]).toEqual([1, expect.stringMatching(/^error: SSO_PROVIDER_NOT_FOUND: [^\n]*\n$/)]);
      const unreachable = await h.run(['sso', 'add', 'x', '--name', 'X', '--issuer', 'http://127.0.0.1:9', '--client-id', 'c', '--client-secret', 's']);
      expect(unreachable.stderr).toMatch(/^error: SSO_DISCOVERY_FAILED: /);
    });
  });

  describe('users locks and unlock', () => {
    const ADDRESS = '203.0.113.7';
    /** ann's account locked by five wrong passwords from one address. */
    async function withLocks(): Promise<number> {
      await h.t.addUser({ email: 'ann@ex.co', password: 'ann-password-1' });
      for (let n = 0; n < 5; n++) {
        const res = await h.t.app.http.inject({
          method: 'POST',
          url: '/auth/realms/master/protocol/openid-connect/token',
          remoteAddress: ADDRESS,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams({ grant_type: 'password', client_id: 'sdk-client', username: 'ann@ex.co', password: 'wrong' }).toString(),
        });
        expect(res.statusCode).toBe(400);
      }
      return h.t.clock.now() + MINUTE;
    }

    it('locks prints an aligned table of keys, failures and lock ends', async () => {
      const until = await withLocks();
      await h.login();
      const result = await h.run(['users', 'locks']);
      expect(result.code).toBe(0);
      expect(result.stdout).toBe(
        'KEY                  KIND     FAILURES  LOCKED UNTIL\n' +
          `account:ann@ex.co    account  5         ${utc(until)}\n` +
          `address:${ADDRESS}  address  5         -\n`,
      );
    });

    it('locks <email> asks for that account only, and --json prints parseable JSON', async () => {
      const until = await withLocks();
      await h.login();
      const result = await h.run(['--json', 'users', 'locks', 'ann@ex.co']);
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toEqual([{ key: 'account:ann@ex.co', kind: 'account', failures: 5, lockedUntil: new Date(until).toISOString() }]);
      expect(h.transport.requests.at(-1)).toMatchObject({ path: '/v1/api/users/login_locks', body: { email: 'ann@ex.co' } });
    });

    it('locks says so when there is nothing', async () => {
      await h.login();
      expect((await h.run(['users', 'locks'])).stdout).toBe('No failed logins or locks.\n');
    });

    it('unlock <email> clears the account, unlock <ip> the address', async () => {
      await withLocks();
      await h.login();
      const byEmail = await h.run(['users', 'unlock', 'ann@ex.co']);
      expect(byEmail.code).toBe(0);
      expect(byEmail.stdout).toContain('ann@ex.co');
      expect(h.transport.requests.at(-1)).toMatchObject({ path: '/v1/api/users/clear_login_lock', body: { email: 'ann@ex.co' } });
      const byAddress = await h.run(['--json', 'users', 'unlock', ADDRESS]);
      expect(JSON.parse(byAddress.stdout)).toEqual({ address: ADDRESS, cleared: true });
      expect(h.transport.requests.at(-1)).toMatchObject({ body: { address: ADDRESS } });
      expect(await h.t.admin.listLoginLocks()).toEqual([]);
    });

    it('a non-admin gets exit 1 and one FORBIDDEN line', async () => {
      await withLocks();
      await h.t.addUser({ email: 'bob@ex.co', password: 'bob-password-1' });
      await h.login('bob@ex.co', 'bob-password-1');
      for (const args of [['users', 'locks'], ['users', 'unlock', ADMIN.email]]) {
        const result = await h.run(args);
        expect(result.code).toBe(1);
        expect(result.stderr).toMatch(/^error: FORBIDDEN: [^\n]*\n$/);
      }
    });

    it('unlock without an argument is a usage error (exit 2)', async () => {
      await h.login();
      expect((await h.run(['users', 'unlock'])).code).toBe(2);
    });
  });
});
