/**
 * The CLI in process against the real server (both databases), through the SDK's transport stub
 * (which records requests, can fail like a network, and keeps the CLI's clock). Usage errors and
 * help, which never reach a server, are in packages/cli/test/usage.test.ts.
 */
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { LOGIN_ENDED } from '../../../cli/src/errors.js';
import { displayWidth } from '../../../cli/src/width.js';
import { Offline } from '../../../cli/test/in-process.js';
import { ADMIN, BASE_URL } from '../support/app.js';
import { CliHarness, lines } from '../support/cli-harness.js';
import { describeEachDatabase } from '../support/databases.js';
import { COMMUNITY_SEATS } from '../../src/license/license.js';

const ACCESS_TTL_MS = 300_000;

let privateKey: CryptoKey;
let publicPem: string;
beforeAll(async () => {
  const pair = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  privateKey = pair.privateKey;
  publicPem = await exportSPKI(pair.publicKey);
});

describeEachDatabase('CLI', (database) => {
  let h: CliHarness;
  beforeEach(async () => {
    h = await CliHarness.start(database, { licensePublicKey: publicPem });
  });
  afterEach(() => h.close());

  describe('login and logout', () => {
    it('stores the tokens per URL and user in a 0600 file inside a 0700 directory', async () => {
      const result = await h.run(['login', '--username', ADMIN.email, '--password-stdin'], { stdin: `${ADMIN.password}\n` });
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(ADMIN.email);
      const file = join(h.configDir, 'credentials.json');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(statSync(h.configDir).mode & 0o777).toBe(0o700);
      const server = h.credentials();
      expect(server?.lastUser).toBe(ADMIN.email);
      expect(server?.users[ADMIN.email]?.accessToken).toMatch(/\./);
    });

    it('on a terminal, asks for the password without echo', async () => {
      const stdin = Object.assign(new PassThrough(), { setRawMode: vi.fn<(mode: boolean) => void>() });
      stdin.write(`${ADMIN.password}\r`);
      const result = await h.run(['login', '--username', ADMIN.email], { stdin, isTTY: true });
      expect(result.code).toBe(0);
      expect(result.stderr).toBe('Password: \n');
      expect(result.stdout).not.toContain(ADMIN.password);
      expect(stdin.setRawMode.mock.calls).toEqual([[true], [false]]);
    });

    it('reads PADDOCK_USERNAME and PADDOCK_PASSWORD', async () => {
      const result = await h.run(['login'], { env: { PADDOCK_USERNAME: ADMIN.email, PADDOCK_PASSWORD: ADMIN.password } });
      expect(result.code).toBe(0);
      expect(h.credentials()?.lastUser).toBe(ADMIN.email);
    });

    it('refuses a wrong password with exit 3 and one UNAUTHENTICATED line', async () => {
      const result = await h.run(['login', '--username', ADMIN.email, '--password-stdin'], { stdin: 'wrong\n' });
      expect(result.code).toBe(3);
      expect(lines(result.stderr)).toHaveLength(1);
      expect(result.stderr).toMatch(/^error: UNAUTHENTICATED: /);
    });

    it('without a password and no terminal is a usage error (exit 2)', async () => {
      const result = await h.run(['login', '--username', ADMIN.email]);
      expect(result.code).toBe(2);
      expect(lines(result.stderr)).toHaveLength(1);
    });

    it('logout forgets the login; the next command says to log in (exit 3)', async () => {
      await h.login();
      expect((await h.run(['logout'])).code).toBe(0);
      expect(h.credentials()).toBeUndefined();
      expect(h.transport.paths()).toContain('/auth/realms/master/protocol/openid-connect/revoke');
      const result = await h.run(['users', 'list']);
      expect(result.code).toBe(3);
      expect(lines(result.stderr)).toEqual([`error: Not logged in to ${BASE_URL}; run \`paddock login\`.`]);
    });

    it('uses the stored refresh token when the access token expired, and writes the new tokens back', async () => {
      await h.login();
      const before = h.credentials()?.users[ADMIN.email]?.accessToken;
      h.transport.advance(ACCESS_TTL_MS + 1);
      expect((await h.run(['users', 'list'])).code).toBe(0);
      expect(h.transport.grantTypes()).toEqual(['password', 'refresh_token']);
      const after = h.credentials()?.users[ADMIN.email]?.accessToken;
      expect(after).not.toBe(before);
      expect((await h.run(['users', 'list'])).code).toBe(0);
      expect(h.transport.grantTypes()).toEqual(['password', 'refresh_token']);
    });

    it('--user picks a stored login other than the last one', async () => {
      await h.t.addUser({ email: 'ann@ex.co', password: 'ann-pw' });
      await h.login();
      await h.login('ann@ex.co', 'ann-pw');
      expect((await h.run(['license', 'show'])).code).toBe(1); // ann is no admin: FORBIDDEN
      expect((await h.run(['--user', ADMIN.email, 'license', 'show'])).code).toBe(0);
      const missing = await h.run(['--user', 'bob@ex.co', 'users', 'list']);
      expect(missing.code).toBe(3);
    });
  });

  describe('an ended login', () => {
    it.each([
      ['access token expired, refresh refused', true],
      ['access token alive but refused, then the refresh', false],
    ])('a deactivated user (%s) is told the login ended and to log in again (exit 3)', async (_case, expire) => {
      await h.t.addUser({ email: 'ann@ex.co', password: 'ann-pw' });
      await h.login('ann@ex.co', 'ann-pw');
      await h.t.admin.deactivateUser('ann@ex.co');
      if (expire) h.transport.advance(ACCESS_TTL_MS + 1);
      const result = await h.run(['workspaces', 'list']);
      expect(result.code).toBe(3);
      expect(lines(result.stderr)).toEqual([`error: UNAUTHENTICATED: ${LOGIN_ENDED}`]);
      expect(result.stderr).not.toContain('invalid_grant');
    });
  });

  describe('--json errors', () => {
    function jsonError(stderr: string): { error: string; message: string } {
      const [line, ...more] = lines(stderr);
      expect(more).toEqual([]);
      return JSON.parse(line ?? '') as { error: string; message: string };
    }

    it('an API refusal is one JSON line on stderr, {error, message}, nothing on stdout, the same exit code', async () => {
      await h.login();
      const result = await h.run(['--json', 'users', 'deactivate', 'ghost@ex.co']);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(jsonError(result.stderr)).toEqual({ error: 'USER_NOT_FOUND', message: expect.any(String) });
    });

    it("the CLI's own refusals carry a code too", async () => {
      await h.login();
      const missing = await h.run(['users', 'get', 'x@y.io', '--json']);
      expect(missing.code).toBe(1);
      expect(jsonError(missing.stderr).error).toBe('USER_NOT_FOUND');
      const workspace = await h.run(['--json', 'workspaces', 'members', 'nope']);
      expect(jsonError(workspace.stderr).error).toBe('WORKSPACE_NOT_FOUND');
      const loggedOut = await new Offline().run(['--json', 'users', 'list']);
      expect(loggedOut.code).toBe(3);
      expect(jsonError(loggedOut.stderr).error).toBe('UNAUTHENTICATED');
      const reset = await h.run(['--json', 'users', 'invite', 'a@ex.co', '--require-reset']);
      expect(reset.code).toBe(2);
      expect(jsonError(reset.stderr).error).toBe('USAGE');
    });

    it('an unreachable server is UNAVAILABLE (exit 3); an ended login UNAUTHENTICATED with its sentence', async () => {
      await h.t.addUser({ email: 'ann@ex.co', password: 'ann-pw' });
      await h.login('ann@ex.co', 'ann-pw');
      await h.t.admin.deactivateUser('ann@ex.co');
      expect(jsonError((await h.run(['--json', 'workspaces', 'list'])).stderr)).toEqual({ error: 'UNAUTHENTICATED', message: LOGIN_ENDED });
      h.transport.down = true;
      const down = await h.run(['--json', 'users', 'list']);
      expect(down.code).toBe(3);
      expect(jsonError(down.stderr).error).toBe('UNAVAILABLE');
    });

  });

  describe('users', () => {
    it('get of an unknown email exits 1 with one clear line', async () => {
      await h.login();
      const result = await h.run(['users', 'get', 'x@y.io']);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(lines(result.stderr)).toEqual(['error: No user with email x@y.io']);
    });

    it('invite past the seat limit exits 1 with one SEAT_LIMIT_REACHED line and no stack', async () => {
      for (const n of [1, 2, 3, 4]) await h.t.addUser({ email: `u${n}@ex.co` });
      await h.login();
      const result = await h.run(['users', 'invite', 'six@ex.co']);
      expect(result.code).toBe(1);
      expect(lines(result.stderr)).toHaveLength(1);
      expect(result.stderr).toMatch(/^error: SEAT_LIMIT_REACHED: \S/);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    });

    it('invite prints the generated password exactly once', async () => {
      await h.login();
      const result = await h.run(['users', 'invite', 'ann@ex.co', '--first-name', 'Ann']);
      expect(result.code).toBe(0);
      const { password } = h.transport.requests.find((r) => r.path === '/v1/api/users/invite')?.reply as { password: string };
      expect(result.stdout.split(password)).toHaveLength(2);
      expect(h.transport.bodies('users/invite')).toEqual([{ email: 'ann@ex.co', first_name: 'Ann', role: 'user' }]);
    });

    it('invite, activate, deactivate and set-role echo the email as stored (trimmed, lower-case)', async () => {
      await h.login();
      const invite = await h.run(['users', 'invite', ' Ann.Lee@Ex.co']);
      expect(invite.code).toBe(0);
      expect(lines(invite.stdout)[0]).toMatch(/^Invited ann\.lee@ex\.co \(id /);
      expect(invite.stdout).toContain('paddock password change --username ann.lee@ex.co');
      expect(invite.stdout).not.toContain('Ann.Lee');
      const json = await h.run(['--json', 'users', 'invite', 'Bo@Ex.co']);
      expect(JSON.parse(json.stdout)).toMatchObject({ email: 'bo@ex.co' });
      expect((await h.run(['users', 'deactivate', 'Ann.Lee@Ex.co'])).stdout).toBe('Deactivated ann.lee@ex.co.\n');
      expect((await h.run(['users', 'activate', 'Ann.Lee@Ex.co'])).stdout).toBe('Activated ann.lee@ex.co.\n');
      expect((await h.run(['users', 'set-role', 'Ann.Lee@Ex.co', 'admin'])).stdout).toBe('ann.lee@ex.co is now an admin.\n');
    });

    it('list keeps its columns aligned with CJK and emoji names', async () => {
      await h.t.addUser({ email: 'li@ex.co', firstName: '李', lastName: '小龙' });
      await h.t.addUser({ email: 'zoe@ex.co', firstName: 'Zoë', lastName: '😀' });
      await h.login();
      const rows = lines((await h.run(['users', 'list'])).stdout);
      const roleColumn = displayWidth(rows[0]!.slice(0, rows[0]!.indexOf('ROLE')));
      for (const row of rows.slice(1)) {
        const role = /(admin|user)\s+active/.exec(row)!;
        expect(displayWidth(row.slice(0, role.index)), row).toBe(roleColumn);
      }
    });

    it("a non-admin's list shows only the columns they receive: EMAIL, STATUS, CREATED, ID", async () => {
      await h.t.addUser({ email: 'ann@ex.co', password: 'ann-pw', firstName: 'Ann' });
      await h.login('ann@ex.co', 'ann-pw');
      const rows = lines((await h.run(['users', 'list'])).stdout);
      expect(rows[0]).toMatch(/^EMAIL\s+STATUS\s+CREATED\s+ID$/);
      expect(rows).toHaveLength(3);
      for (const row of rows.slice(1)) expect(row).toMatch(/^\S+@\S+\s+active\s+\d{4}-\d\d-\d\d \d\d:\d\d UTC\s+\S+$/);
      const get = await h.run(['users', 'get', ADMIN.email]);
      expect(get.stdout).not.toMatch(/^(Name|Role|Last login|Email verified):/m);
      expect(get.stdout).toMatch(/^Status:\s+active$/m);
    });

    it('invite --password-stdin sends that password and does not print it', async () => {
      await h.login();
      const result = await h.run(['users', 'invite', 'ann@ex.co', '--password-stdin'], { stdin: 'Chosen-Pw-9\n' });
      expect(result.code).toBe(0);
      expect(h.transport.bodies('users/invite')).toEqual([expect.objectContaining({ password: 'Chosen-Pw-9' })]);
      await h.login('ann@ex.co', 'Chosen-Pw-9');
      expect(result.stdout).not.toContain('Chosen-Pw-9');
    });

    it('list prints an aligned table, and --json parseable JSON', async () => {
      await h.t.addUser({ email: 'bo@ex.co', firstName: 'Bo' });
      await h.login();
      const table = await h.run(['users', 'list']);
      expect(table.code).toBe(0);
      const rows = lines(table.stdout);
      expect(rows).toHaveLength(3);
      expect(rows[0]).toMatch(/^EMAIL\s+NAME\s+ROLE\s+STATUS\s+LAST LOGIN\s+ID$/);
      const roleColumn = rows[0]!.indexOf('ROLE');
      expect(rows[1]!.slice(roleColumn)).toMatch(/^admin\s+active\s/);
      expect(rows[2]!.slice(roleColumn)).toMatch(/^user\s+active\s/);
      expect(rows[2]).toMatch(/^bo@ex\.co\s+Bo\s/);
      const json = await h.run(['users', 'list', '--json', '--role', 'user']);
      const parsed = JSON.parse(json.stdout) as { email: string; role: string }[];
      expect(parsed.map((u) => u.email)).toEqual(['bo@ex.co']);
      expect(parsed[0]?.role).toBe('user');
    });

    it('activate, deactivate and set-role call the API', async () => {
      await h.t.addUser({ email: 'ann@ex.co' });
      await h.login();
      expect((await h.run(['users', 'deactivate', 'ann@ex.co'])).code).toBe(0);
      expect((await h.t.user('ann@ex.co')).status).toBe('inactive');
      expect((await h.run(['users', 'activate', 'ann@ex.co'])).code).toBe(0);
      expect((await h.t.user('ann@ex.co')).status).toBe('active');
      expect((await h.run(['users', 'set-role', 'ann@ex.co', 'admin'])).code).toBe(0);
      expect((await h.t.user('ann@ex.co')).role).toBe('admin');
    });

    it('deactivating an unknown user exits 1 with USER_NOT_FOUND', async () => {
      await h.login();
      const result = await h.run(['users', 'deactivate', 'ghost@ex.co']);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^error: USER_NOT_FOUND: /);
    });
  });

  describe('workspaces', () => {
    it('creates a workspace, adds members and lists them', async () => {
      await h.t.addUser({ email: 'ann@ex.co' });
      await h.login();
      expect((await h.run(['workspaces', 'create', 'fraud'])).code).toBe(0);
      expect((await h.run(['workspaces', 'add-user', 'fraud', 'ann@ex.co'])).code).toBe(0);
      const members = await h.run(['--json', 'workspaces', 'members', 'fraud']);
      expect(JSON.parse(members.stdout)).toEqual([
        expect.objectContaining({ email: ADMIN.email, role: 'owner' }),
        expect.objectContaining({ email: 'ann@ex.co', role: 'collaborator' }),
      ]);
      expect((await h.run(['workspaces', 'set-role', 'fraud', 'ann@ex.co', 'owner'])).code).toBe(0);
      expect((await h.run(['workspaces', 'remove-user', 'fraud', ADMIN.email])).code).toBe(0);
      const list = await h.run(['workspaces', 'list', '--json']);
      expect((JSON.parse(list.stdout) as { name: string }[]).map((w) => w.name)).toContain('fraud');
    });

    it('refuses to remove the last owner with LAST_OWNER (exit 1)', async () => {
      await h.login();
      await h.run(['workspaces', 'create', 'fraud']);
      const result = await h.run(['workspaces', 'remove-user', 'fraud', ADMIN.email]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^error: LAST_OWNER: /);
    });

    it('an unknown workspace name exits 1 with one line', async () => {
      await h.login();
      const result = await h.run(['workspaces', 'add-owner', 'nope', ADMIN.email]);
      expect(result.code).toBe(1);
      expect(lines(result.stderr)).toEqual(['error: No workspace named nope']);
    });
  });

  describe('license, audit, doctor', () => {
    it('license show prints the seats', async () => {
      await h.login();
      const result = await h.run(['license', 'show', '--json']);
      expect(JSON.parse(result.stdout)).toMatchObject({ edition: 'community', seats: COMMUNITY_SEATS, activeUsers: 1, seatsLeft: COMMUNITY_SEATS - 1 });
    });

    it('license upload installs a licence file and, when more users are active than it allows, says by how many on stderr (exit 0)', async () => {
      await h.login();
      for (const email of ['ann@ex.co', 'bob@ex.co', 'cy@ex.co']) await h.t.addUser({ email });
      const document = await new SignJWT({ edition: 'enterprise', sub: 'Acme', seats: 2 })
        .setProtectedHeader({ alg: 'EdDSA' })
        .setIssuedAt()
        .setExpirationTime(Math.floor((h.t.clock.now() + 86_400_000) / 1000))
        .sign(privateKey);
      const file = join(h.configDir, '..', 'acme.license');
      writeFileSync(file, `${document}\n`);
      const result = await h.run(['license', 'upload', file]);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^Over by: +2 /m);
      expect(lines(result.stderr)).toHaveLength(1);
      expect(result.stderr).toMatch(/^warning: /);
      const json = await h.run(['license', 'upload', file, '--json']);
      expect(JSON.parse(json.stdout)).toMatchObject({ seats: 2, activeUsers: 4, seatsLeft: 0, overBy: 2, warning: expect.any(String) });
      expect(JSON.parse((await h.run(['license', 'show', '--json'])).stdout)).toMatchObject({ overBy: 2 });
    });

    it('license upload of a missing file is a usage error (exit 2)', async () => {
      await h.login();
      expect((await h.run(['license', 'upload', join(h.configDir, 'missing.license')])).code).toBe(2);
    });

    it('audit list follows cursors up to --limit', async () => {
      await h.login();
      const events = Array.from({ length: 600 }, (_, n) => ({ at: h.t.clock.now() - n, actor_id: null, actor_label: 'a@ex.co', action: 'user.update', target_type: 'user', target_id: 'u', target_label: `u${n}`, details: '{}' }));
      await h.t.db.kysely.insertInto('audit_events').values(events).execute();
      const result = await h.run(['audit', 'list', '--limit', '550', '--json']);
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toHaveLength(550);
      expect(h.transport.bodies('audit/query')).toEqual([{ limit: 500 }, { limit: 50, cursor: expect.any(String) }]);
    });

    it('audit list shows the details as readable text, not JSON', async () => {
      await h.login();
      await h.t.addUser({ email: 'ann@ex.co' });
      await h.t.admin.deactivateUser('ann@ex.co');
      const rows = lines((await h.run(['audit', 'list'])).stdout);
      expect(rows[0]).toMatch(/^TIME\s+ACTOR\s+ACTION\s+TARGET\s+DETAILS$/);
      expect(rows[1]).toMatch(/user ann@ex\.co\s+status: active -> inactive$/);
    });

    it('audit list names a target without id or label by its type, and an actor without id by its label', async () => {
      await h.login();
      await h.t.db.kysely.deleteFrom('audit_events').execute();
      await h.t.db.kysely
        .insertInto('audit_events')
        .values({ at: h.t.clock.now(), actor_id: null, actor_label: 'client:sa-ci', action: 'license.install', target_type: 'license', target_id: null, target_label: null, details: '{}' })
        .execute();
      const rows = lines((await h.run(['audit', 'list'])).stdout);
      expect(rows[1]).toMatch(/client:sa-ci\s+license\.install\s+license\s+-$/);
    });

    it('audit list refuses a malformed --since as a usage error', async () => {
      await h.login();
      expect((await h.run(['audit', 'list', '--since', 'yesterday-ish'])).code).toBe(2);
    });

    it('doctor lists problems in a table and exits 1; --fix exits 0 once none remain', async () => {
      await h.login();
      const ann = await h.t.addUser({ email: 'ann@ex.co' });
      await h.t.db.kysely.updateTable('users').set({ username: 'Ann' }).where('id', '=', ann.id).execute();
      const check = await h.run(['doctor']);
      expect(check.code).toBe(1);
      expect(lines(check.stdout)[0]).toMatch(/^KIND\s+SUBJECT\s+DETAIL\s+FIXABLE$/);
      expect(check.stdout).toContain('USERNAME_MISMATCH');
      const fix = await h.run(['doctor', '--fix', '--json']);
      expect(fix.code).toBe(0);
      expect(JSON.parse(fix.stdout)).toMatchObject({ fixed: [{ kind: 'USERNAME_MISMATCH' }], remaining: [] });
      expect((await h.run(['doctor'])).code).toBe(0);
    });
  });

  describe('errors', () => {
    it('an unreachable server exits 3 with one UNAVAILABLE line', async () => {
      await h.login();
      h.transport.down = true;
      const result = await h.run(['users', 'list']);
      expect(result.code).toBe(3);
      expect(lines(result.stderr)).toHaveLength(1);
      expect(result.stderr).toMatch(/^error: UNAVAILABLE: /);
    });
  });
});
