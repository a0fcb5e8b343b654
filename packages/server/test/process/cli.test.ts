/**
 * Black-box tests of the `paddock` CLI: a real server process on a fresh SQLite data directory,
 * and the built CLI run as a child process, the way an operator runs it. Set-up the CLI is not
 * under test for, and checks of what the server ended up holding, go through the SDK in process
 * (each CLI run costs a Node start).
 */
import { execFile } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import SQLite from 'better-sqlite3';
import { Client } from '@paddock/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import type { TestContext } from 'vitest';
import { Browser } from '../identity/browser.js';
import { startUpstreamProvider } from '../identity/upstream-provider.js';
import { runCli } from '../support/cli.js';
import { startServer, tempDir } from '../support/process.js';
import type { ServerProcess } from '../support/process.js';

const ADMIN = 'root@x.io';
const ADMIN_PASSWORD = 'root-password';
/** Tests with servers run concurrently; on a busy machine, give them room. */
const SERVER_TEST = { timeout: 90_000 };
const EXIT = { OK: 0, REFUSED: 1, USAGE: 2, UNAVAILABLE: 3 };

// ---------------------------------------------------------------------------------------------
// Servers: one (or two, in turn) per test, stopped after it.

/** The servers each test started, by test id: tests run concurrently, each stops its own. */
const started = new Map<string, ServerProcess[]>();
afterEach(async ({ task }) => {
  for (const s of started.get(task.id) ?? []) await s.stop('SIGKILL');
  started.delete(task.id);
});

/** Starts a server with a known admin on `dataDir` (a fresh one unless given), for this test. */
async function start({ task }: TestContext, dataDir = tempDir()): Promise<ServerProcess> {
  const s = await startServer({ PADDOCK_ADMIN_EMAIL: ADMIN, PADDOCK_ADMIN_PASSWORD: ADMIN_PASSWORD, PADDOCK_DATA_DIR: dataDir });
  started.set(task.id, [...(started.get(task.id) ?? []), s]);
  return s;
}

/** The admin, through the SDK: for set-up and for checking what the server holds. */
function sdk(server: ServerProcess): Client {
  return new Client({ url: server.url, auth: { type: 'password', username: ADMIN, password: ADMIN_PASSWORD } });
}

// ---------------------------------------------------------------------------------------------
// The CLI as a child process.

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The non-empty lines of stderr. */
  errLines: string[];
}

/** One operator's terminal: its own HOME and config dir (not created yet), and a server URL. */
interface Terminal {
  configDir: string;
  /** Runs `paddock ...args`, with `input` on stdin and `env` added to the terminal's. */
  paddock(args: string[], options?: { input?: string; env?: Record<string, string> }): Promise<Result>;
  /** `paddock login --username <email> --password-stdin`, asserting it succeeds. */
  login(email: string, password: string): Promise<void>;
}

/** A terminal pointed at `url` (PADDOCK_URL unset when omitted). */
function terminal(url?: string): Terminal {
  const home = tempDir();
  const configDir = path.join(home, 'paddock-config');
  const baseEnv = { HOME: home, PADDOCK_CONFIG_DIR: configDir, ...(url === undefined ? {} : { PADDOCK_URL: url }) };
  const t: Terminal = {
    configDir,
    async paddock(args, { input, env } = {}) {
      const res = await runCli(args, { env: { ...baseEnv, ...env }, ...(input === undefined ? {} : { input }) });
      return { ...res, errLines: res.stderr.split('\n').filter((line) => line.trim() !== '') };
    },
    async login(email, password) {
      const res = await t.paddock(['login', '--username', email, '--password-stdin'], { input: `${password}\n` });
      expect(res.stderr).toBe('');
      expect(res.code).toBe(EXIT.OK);
    },
  };
  return t;
}

/** A server, and a terminal logged in to it as its admin. */
async function adminSession(ctx: TestContext, dataDir?: string): Promise<{ server: ServerProcess; admin: Terminal }> {
  const server = await start(ctx, dataDir);
  const admin = terminal(server.url);
  await admin.login(ADMIN, ADMIN_PASSWORD);
  return { server, admin };
}

// ---------------------------------------------------------------------------------------------
// Reading what the CLI printed.

function expectOk(res: Result): Result {
  expect(res.stderr).toBe('');
  expect(res.code).toBe(EXIT.OK);
  return res;
}

/** A failure: this exit code, nothing on stdout, one line on stderr (naming `code` if given). */
function expectRefused(res: Result, exitCode: number, code?: string): void {
  expect(res.code).toBe(exitCode);
  expect(res.stdout).toBe('');
  expect(res.errLines).toHaveLength(1);
  if (code !== undefined) expect(res.errLines[0]).toContain(code);
}

/** The JSON on stdout (of a `--json` run). */
function json<T>(res: Result): T {
  return JSON.parse(res.stdout) as T;
}

/** The cells of the table row on stdout whose first cell is `first` (cells are 2+ blanks apart). */
function row(stdout: string, first: string): string[] | undefined {
  return stdout
    .split('\n')
    .map((line) => line.split(/\s{2,}/))
    .find((cells) => cells[0] === first);
}

// ---------------------------------------------------------------------------------------------

describe.concurrent('paddock login', () => {
  it('refuses commands before login and a wrong password (exit 3); --password-stdin stores tokens, never the password, in a 0600 file; logout revokes', SERVER_TEST, async (ctx) => {
    const server = await start(ctx);
    const t = terminal(server.url);

    // Nothing stored and no PADDOCK_USERNAME: not logged in.
    const anonymous = await t.paddock(['users', 'list']);
    expectRefused(anonymous, EXIT.UNAVAILABLE);
    expect(anonymous.errLines[0]).toContain('paddock login');

    const credentials = path.join(t.configDir, 'credentials.json');
    const wrong = await t.paddock(['login', '--username', ADMIN, '--password-stdin'], { input: 'wrong-password\n' });
    expectRefused(wrong, EXIT.UNAVAILABLE);
    expect(wrong.stderr).not.toContain('wrong-password');
    expect(() => statSync(credentials)).toThrow();

    const login = expectOk(await t.paddock(['login', '--username', ADMIN, '--password-stdin'], { input: `${ADMIN_PASSWORD}\n` }));
    expect(login.stdout).toContain(ADMIN);
    expect(statSync(credentials).mode & 0o777).toBe(0o600);
    expect(statSync(t.configDir).mode & 0o777).toBe(0o700);
    const text = readFileSync(credentials, 'utf8');
    expect(text).not.toContain(ADMIN_PASSWORD);
    expect(text).toContain(ADMIN);

    // The stored login is what the next command uses.
    expect(row(expectOk(await t.paddock(['users', 'list'])).stdout, ADMIN)).toBeDefined();

    // `logout` forgets the login and revokes its refresh token.
    const stored = JSON.parse(readFileSync(credentials, 'utf8')) as { servers: Record<string, { users: Record<string, { refreshToken: string | null }> }> };
    const refreshToken = stored.servers[server.url]?.users[ADMIN]?.refreshToken;
    expect(refreshToken).toEqual(expect.any(String));
    expectOk(await t.paddock(['logout']));
    expect(readFileSync(credentials, 'utf8')).not.toContain(refreshToken!);
    const refresh = await fetch(`${server.url}/auth/realms/master/protocol/openid-connect/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'refresh_token', client_id: 'sdk-client', refresh_token: refreshToken! }),
    });
    expect(refresh.status).toBe(400);
    expect(((await refresh.json()) as { error: string }).error).toBe('invalid_grant');
    expectRefused(await t.paddock(['users', 'list']), EXIT.UNAVAILABLE);
  });
});

describe.concurrent('paddock users', () => {
  it('invites (printing the initial password once), lists, gets case-insensitively, and refuses an unknown email', SERVER_TEST, async (ctx) => {
    const { server, admin } = await adminSession(ctx);

    const invite = expectOk(await admin.paddock(['users', 'invite', 'ann@x.io']));
    const password = /password[^:\n]*:\s*(\S+)/i.exec(invite.stdout)?.[1];
    expect(password).toBeDefined();
    expect(invite.stdout.split(password!)).toHaveLength(2); // exactly once

    // The printed password is the real one, but generated: it must be changed before it logs in.
    // ann changes it with `paddock password change` (no login needed), then uses the new one through
    // PADDOCK_USERNAME / PADDOCK_PASSWORD, with no stored login, and (not an admin) sees no roles.
    const ann = terminal(server.url);
    expectRefused(await ann.paddock(['users', 'list'], { env: { PADDOCK_USERNAME: 'ann@x.io', PADDOCK_PASSWORD: password! } }), EXIT.UNAVAILABLE, 'UNAUTHENTICATED');
    expectOk(await ann.paddock(['password', 'change', '--username', 'ann@x.io', '--password-stdin'], { input: `${password!}\nanns-own-password\n` }));
    const asAnn = expectOk(await ann.paddock(['--json', 'users', 'list'], { env: { PADDOCK_USERNAME: 'ann@x.io', PADDOCK_PASSWORD: 'anns-own-password' } }));
    const seenByAnn = json<Array<{ email: string; role?: string }>>(asAnn);
    expect(seenByAnn.map((u) => u.email)).toEqual(['ann@x.io', ADMIN]);
    expect(seenByAnn.map((u) => u.role)).toEqual([undefined, undefined]);

    const table = expectOk(await admin.paddock(['users', 'list'])).stdout;
    expect(table.split('\n')[0]).toMatch(/^EMAIL\s+NAME\s+ROLE\s+STATUS/);
    expect(row(table, 'ann@x.io')).toEqual(expect.arrayContaining(['user', 'active']));
    expect(row(table, ADMIN)).toEqual(expect.arrayContaining(['admin', 'active']));

    const listed = json<Array<{ email: string; role: string; enabled: boolean }>>(expectOk(await admin.paddock(['--json', 'users', 'list'])));
    expect(listed.map((u) => [u.email, u.role, u.enabled])).toEqual([
      ['ann@x.io', 'user', true],
      [ADMIN, 'admin', true],
    ]);

    const get = expectOk(await admin.paddock(['users', 'get', 'ANN@x.io']));
    expect(get.stdout).toMatch(/^Email:\s+ann@x\.io$/m);

    expectRefused(await admin.paddock(['users', 'get', 'bob@x.io']), EXIT.REFUSED);
  });

  it("echoes the stored email; a plain user's list has only their columns; once deactivated, their stored login says it ended (also as --json)", SERVER_TEST, async (ctx) => {
    const { server, admin } = await adminSession(ctx);
    const invite = expectOk(await admin.paddock(['users', 'invite', 'Bo.Lee@X.io', '--password-stdin'], { input: 'bos-own-password\n' }));
    expect(invite.stdout).toMatch(/^Invited bo\.lee@x\.io \(id /);

    const bo = terminal(server.url);
    await bo.login('bo.lee@x.io', 'bos-own-password');
    const table = expectOk(await bo.paddock(['users', 'list'])).stdout;
    expect(table.split('\n')[0]).toMatch(/^EMAIL\s+STATUS\s+CREATED\s+ID$/);
    expect(row(table, 'bo.lee@x.io')?.[1]).toBe('active');

    expectOk(await admin.paddock(['users', 'deactivate', 'bo.lee@x.io']));
    const ended = await bo.paddock(['users', 'list']);
    expectRefused(ended, EXIT.UNAVAILABLE, 'UNAUTHENTICATED');
    expect(ended.errLines[0]).toMatch(/login has ended/);
    expect(ended.stderr).not.toContain('invalid_grant');
    const asJson = await bo.paddock(['--json', 'workspaces', 'list']);
    expect(asJson.code).toBe(EXIT.UNAVAILABLE);
    expect(asJson.stdout).toBe('');
    expect(JSON.parse(asJson.stderr)).toMatchObject({ error: 'UNAUTHENTICATED' });
  });

  it('stops at the Community seat limit with SEAT_LIMIT_REACHED, frees a seat on deactivation; licence and audit show it', SERVER_TEST, async (ctx) => {
    const { admin } = await adminSession(ctx);
    for (const name of ['ann', 'bob', 'cat', 'dan']) expectOk(await admin.paddock(['users', 'invite', `${name}@x.io`]));

    const full = expectOk(await admin.paddock(['license', 'show'])).stdout;
    expect(full).toMatch(/^Edition:\s+community$/m);
    expect(full).toMatch(/^Seats:\s+5$/m);
    expect(full).toMatch(/^Active users:\s+5$/m);
    expect(full).toMatch(/^Seats left:\s+0$/m);

    const refused = await admin.paddock(['users', 'invite', 'eve@x.io']);
    expect(refused.code).not.toBe(EXIT.OK);
    expectRefused(refused, EXIT.REFUSED, 'SEAT_LIMIT_REACHED');

    expectOk(await admin.paddock(['users', 'deactivate', 'dan@x.io']));
    expectOk(await admin.paddock(['users', 'invite', 'eve@x.io']));
    expectRefused(await admin.paddock(['users', 'activate', 'dan@x.io']), EXIT.REFUSED, 'SEAT_LIMIT_REACHED');

    const licence = json<{ edition: string; seats: number; activeUsers: number; seatsLeft: number }>(expectOk(await admin.paddock(['--json', 'license', 'show'])));
    expect(licence).toMatchObject({ edition: 'community', seats: 5, activeUsers: 5, seatsLeft: 0 });

    const audit = expectOk(await admin.paddock(['audit', 'list', '--action', 'user.create'])).stdout;
    const invited = audit
      .split('\n')
      .filter((line) => line.includes('user.create'))
      .map((line) => line.split(/\s{2,}/));
    // Newest first; the admin's own creation (by "system") is last; eve's refused invite left nothing.
    expect(invited.map((cells) => [cells[1], cells[3]])).toEqual([
      [ADMIN, 'user eve@x.io'],
      [ADMIN, 'user dan@x.io'],
      [ADMIN, 'user cat@x.io'],
      [ADMIN, 'user bob@x.io'],
      [ADMIN, 'user ann@x.io'],
      ['system', `user ${ADMIN}`],
    ]);
  });
});

describe.concurrent('paddock workspaces', () => {
  it('creates a workspace, adds a member, changes roles, removes members, and keeps the last owner (LAST_OWNER)', SERVER_TEST, async (ctx) => {
    const { server, admin } = await adminSession(ctx);
    await sdk(server).inviteUser('ann@x.io');

    expectOk(await admin.paddock(['workspaces', 'create', 'fraud-models']));
    expectOk(await admin.paddock(['workspaces', 'add-user', 'fraud-models', 'ann@x.io']));
    let members = expectOk(await admin.paddock(['workspaces', 'members', 'fraud-models'])).stdout;
    expect(row(members, ADMIN)?.[1]).toBe('owner');
    expect(row(members, 'ann@x.io')?.[1]).toBe('collaborator');

    expectOk(await admin.paddock(['workspaces', 'set-role', 'fraud-models', 'ann@x.io', 'owner']));
    expectOk(await admin.paddock(['workspaces', 'remove-user', 'fraud-models', ADMIN]));
    members = expectOk(await admin.paddock(['workspaces', 'members', 'fraud-models'])).stdout;
    expect(row(members, 'ann@x.io')?.[1]).toBe('owner');
    expect(row(members, ADMIN)).toBeUndefined();

    expectRefused(await admin.paddock(['workspaces', 'remove-user', 'fraud-models', 'ann@x.io']), EXIT.REFUSED, 'LAST_OWNER');
    expectRefused(await admin.paddock(['workspaces', 'set-role', 'fraud-models', 'ann@x.io', 'collaborator']), EXIT.REFUSED, 'LAST_OWNER');
    const after = await (await sdk(server).getWorkspace('fraud-models'))!.users();
    expect(after.map((m) => [m.email, m.role])).toEqual([['ann@x.io', 'owner']]);

    expectRefused(await admin.paddock(['workspaces', 'members', 'no-such-workspace']), EXIT.REFUSED);
  });
});

describe.concurrent('paddock doctor', () => {
  it('finds nothing on a clean database, then lists hand-made damage (exit 1), fixes it, and finds nothing again', SERVER_TEST, async (ctx) => {
    const dataDir = tempDir();
    const first = await adminSession(ctx, dataDir);
    const setup = sdk(first.server);
    await setup.inviteUser('ann@x.io');
    await setup.inviteUser('bob@x.io');
    await setup.inviteUser('cat@x.io');
    await setup.createWorkspace('fraud-models');

    expect(expectOk(await first.admin.paddock(['doctor'])).stdout).toMatch(/no problems/i);
    expect(await first.server.stop()).toBe(0);
    // A stored login on a server that is gone: exit 3, one line. (No error code asserted: a
    // concurrent test may, very rarely, have a server on the freed port, which answers UNAUTHENTICATED.)
    expectRefused(await first.admin.paddock(['users', 'list']), EXIT.UNAVAILABLE);

    // Damage the data behind the server's back.
    const sqlite = new SQLite(path.join(dataDir, 'paddock.sqlite'));
    try {
      const id = (sql: string, value: string): string | number => (sqlite.prepare(sql).get(value) as { id: string | number }).id;
      sqlite.prepare('update users set username = ? where email = ?').run('ann', 'ann@x.io');
      const bobDefault = id('select id from workspaces where default_for = ?', id('select id from users where email = ?', 'bob@x.io') as string);
      sqlite.prepare('delete from memberships where workspace_id = ?').run(bobDefault);
      expect(sqlite.prepare('delete from workspaces where id = ?').run(bobDefault).changes).toBe(1);
      const fraud = id('select id from workspaces where name = ?', 'fraud-models');
      expect(sqlite.prepare("delete from memberships where workspace_id = ? and role = 'owner'").run(fraud).changes).toBe(1);
      sqlite.prepare('update users set email = ?, username = ? where email = ?').run('cat at x', 'cat at x', 'cat@x.io');
    } finally {
      sqlite.close();
    }

    const { server, admin } = await adminSession(ctx, dataDir);
    const found = await admin.paddock(['doctor']);
    expect(found.stderr).toBe('');
    expect(found.code).toBe(EXIT.REFUSED);
    expect(row(found.stdout, 'USERNAME_MISMATCH')?.[1]).toBe('user ann@x.io');
    expect(row(found.stdout, 'MISSING_DEFAULT_WORKSPACE')?.[1]).toBe('user bob@x.io');
    expect(row(found.stdout, 'WORKSPACE_WITHOUT_OWNER')?.[1]).toBe('workspace fraud-models');

    expect(row(found.stdout, 'INVALID_EMAIL')?.[1]).toBe('user cat at x');

    await admin.paddock(['doctor', '--fix']);
    // What --fix cannot repair, the email change does, as doctor's detail says.
    const left = await admin.paddock(['doctor', '--json']);
    expect((JSON.parse(left.stdout) as { problems: Array<{ kind: string }> }).problems.map((p) => p.kind)).toEqual(['INVALID_EMAIL']);
    expect(left.stdout).toContain('paddock users set-email');
    expect(expectOk(await admin.paddock(['users', 'set-email', 'cat at x', 'Cat@X.io'])).stdout).toBe('cat at x is now cat@x.io.\n');
    expect(expectOk(await admin.paddock(['doctor'])).stdout).toMatch(/no problems/i);

    // The repairs are the documented ones.
    const check = sdk(server);
    expect((await check.getUserByEmail('ann@x.io'))?.username).toBe('ann@x.io');
    const fraudMembers = await (await check.getWorkspace('fraud-models'))!.users();
    expect(fraudMembers.map((m) => [m.email, m.role])).toEqual([[ADMIN, 'owner']]);
    const bobDefault = (await check.listWorkspaces()).find((ws) => ws.name === 'bob@x.io - Default Workspace');
    expect(bobDefault?.defaultFor).toBe((await check.getUserByEmail('bob@x.io'))?.id);
  });
});

describe.concurrent('paddock sso', () => {
  it('adds a real provider (printing the redirect URI to register), which the login page then offers; lists and removes it', SERVER_TEST, async (ctx) => {
    const { server, admin } = await adminSession(ctx);
    const redirectUri = `${server.url}/auth/realms/master/broker/corp/endpoint`;
    const upstream = await startUpstreamProvider([redirectUri]);
    try {
      const added = expectOk(
        await admin.paddock(['sso', 'add', 'corp', '--name', 'Corp login', '--issuer', upstream.issuer, '--client-id', upstream.clientId], {
          env: { PADDOCK_SSO_CLIENT_SECRET: upstream.clientSecret },
        }),
      );
      expect(added.stdout).toBe(
        'Added corp: the login page now offers "Sign in with Corp login".\n' +
          `Register this redirect URI for client ${upstream.clientId} at the provider: ${redirectUri}\n`,
      );
      const authorize = `${server.url}/auth/realms/master/protocol/openid-connect/auth?client_id=dashboard&response_type=code&scope=openid&code_challenge_method=S256&code_challenge=${'x'.repeat(43)}&redirect_uri=${encodeURIComponent(`${server.url}/auth/callback`)}`;
      const login = await new Browser(server.url).get(authorize);
      expect(login.html).toContain('Sign in with Corp login');

      const listed = expectOk(await admin.paddock(['sso', 'list']));
      expect(row(listed.stdout, 'corp')?.slice(0, 5)).toEqual(['corp', 'Corp login', upstream.issuer, upstream.clientId, 'api']);
      expect(listed.stdout).not.toContain(upstream.clientSecret);

      expectRefused(await admin.paddock(['sso', 'add', 'corp', '--name', 'X', '--issuer', upstream.issuer, '--client-id', 'c', '--client-secret', 's']), EXIT.REFUSED, 'SSO_PROVIDER_EXISTS');
      expectOk(await admin.paddock(['sso', 'remove', 'corp']));
      expect((await new Browser(server.url).get(authorize)).html).not.toContain('Sign in with');
    } finally {
      await upstream.close();
    }
  });
});

describe.concurrent('paddock errors and help', () => {
  it('with an unreachable server, exits 3 with one line', async () => {
    const t = terminal();
    // With credentials in the environment the CLI really tries to reach the server.
    const env = { PADDOCK_USERNAME: ADMIN, PADDOCK_PASSWORD: ADMIN_PASSWORD };
    const res = await t.paddock(['--url', 'http://127.0.0.1:1', 'users', 'list'], { env });
    expectRefused(res, EXIT.UNAVAILABLE, 'UNAVAILABLE');
    expect(res.stderr).not.toContain(ADMIN_PASSWORD);
  });

  it('`npx paddock` runs the built CLI from the repository root, as the README says', SERVER_TEST, async () => {
    // Regression: the root package (named paddock) had no bin, so npx answered "could not determine executable to run".
    const root = fileURLToPath(new URL('../../../..', import.meta.url));
    const { stdout } = await promisify(execFile)('npx', ['--no-install', 'paddock', '--help'], {
      cwd: root,
      env: { PATH: process.env['PATH'] ?? '', HOME: tempDir() },
      timeout: 80_000,
    });
    expect(stdout).toMatch(/^Usage: paddock /);
  });

  it('usage errors exit 2', async () => {
    const t = terminal('http://127.0.0.1:1');
    const cases = [['users', 'frobnicate'], ['frobnicate'], ['users', 'get'], ['users', 'list', '--status', 'asleep'], ['--url', 'ftp://x', 'users', 'list']];
    const results = await Promise.all(cases.map((args) => t.paddock(args)));
    results.forEach((res, i) => {
      const label = `paddock ${cases[i]!.join(' ')}`;
      expect(res.code, label).toBe(EXIT.USAGE);
      expect(res.stdout, label).toBe('');
      expect(res.errLines.length, label).toBeGreaterThanOrEqual(1);
    });
  });

  it('every --help exits 0 and prints usage on stdout', async () => {
    const t = terminal('http://127.0.0.1:1');
    /** Checks `paddock ...command --help`, then the help of every subcommand it lists; answers all commands seen. */
    const walk = async (command: string[]): Promise<string[]> => {
      const label = `paddock ${[...command, '--help'].join(' ')}`;
      const res = await t.paddock([...command, '--help']);
      expect(res.code, label).toBe(EXIT.OK);
      expect(res.stderr, label).toBe('');
      expect(res.stdout, label).toMatch(new RegExp(`^Usage: ${['paddock', ...command].join(' ')} `));
      const section = /\nCommands:\n([\s\S]*?)(?:\n\n|$)/.exec(res.stdout)?.[1] ?? '';
      const subcommands = [...section.matchAll(/^ {2}([a-z][\w-]*)/gm)].map((m) => m[1]!).filter((name) => name !== 'help');
      const nested = await Promise.all(subcommands.map((name) => walk([...command, name])));
      return [command.join(' '), ...nested.flat()];
    };
    const seen = await walk([]);
    // The walk found the whole tree (and so did not pass by finding nothing).
    expect(seen).toEqual(
      expect.arrayContaining([
        'login',
        'logout',
        ...['list', 'get', 'invite', 'activate', 'deactivate', 'set-role'].map((c) => `users ${c}`),
        ...['list', 'create', 'members', 'add-user', 'add-owner', 'set-role', 'remove-user'].map((c) => `workspaces ${c}`),
        'license show',
        'license upload',
        'audit list',
        'doctor',
        ...['list', 'add', 'remove'].map((c) => `sso ${c}`),
      ]),
    );
  });
});
