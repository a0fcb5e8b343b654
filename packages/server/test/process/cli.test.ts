/**
 * Black-box tests of the `paddock` CLI: a real server process on a fresh SQLite data directory,
 * and the built CLI run as a child process, as an operator would run it.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI_MAIN, run, startServer, tempDir } from '../support/process.js';
import type { ServerProcess } from '../support/process.js';

const ADMIN = 'root@x.io';
const ADMIN_PASSWORD = 'root-password';

const started: ServerProcess[] = [];
afterEach(async () => {
  for (const s of started.splice(0)) await s.stop('SIGKILL');
});

/** Starts a server with a known admin on `dataDir` (a fresh one unless given). */
async function start(dataDir = tempDir()): Promise<ServerProcess> {
  const s = await startServer({ PADDOCK_ADMIN_EMAIL: ADMIN, PADDOCK_ADMIN_PASSWORD: ADMIN_PASSWORD, PADDOCK_DATA_DIR: dataDir });
  started.push(s);
  return s;
}

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The non-empty lines of stderr. */
  errLines: string[];
}

interface CliOptions {
  input?: string;
  env?: Record<string, string>;
}

/** One operator's terminal: a config dir (credentials) and a server URL, running `paddock ...`. */
interface Terminal {
  configDir: string;
  paddock(args: string[], options?: CliOptions): Promise<Result>;
  /** `paddock login --username <email> --password-stdin`, asserting it succeeds. */
  login(email: string, password: string): Promise<void>;
}

async function paddock(args: string[], env: Record<string, string>, input?: string): Promise<Result> {
  const res = await run(process.execPath, [CLI_MAIN, ...args], { env, ...(input === undefined ? {} : { input }) });
  return { ...res, errLines: res.stderr.split('\n').filter((l) => l.trim() !== '') };
}

/** A terminal on `url` (no server at all when omitted) with its own, not yet created, config dir. */
function terminal(url?: string): Terminal {
  const home = tempDir();
  const configDir = path.join(home, 'paddock-config');
  const baseEnv = { PADDOCK_CONFIG_DIR: configDir, HOME: home, ...(url === undefined ? {} : { PADDOCK_URL: url }) };
  const t: Terminal = {
    configDir,
    paddock: (args, options = {}) => paddock(args, { ...baseEnv, ...options.env }, options.input),
    async login(email, password) {
      const res = await t.paddock(['login', '--username', email, '--password-stdin'], { input: `${password}\n` });
      expect(res.stderr).toBe('');
      expect(res.code).toBe(0);
    },
  };
  return t;
}

/** A server and a terminal already logged in as its admin. */
async function adminSession(dataDir?: string): Promise<{ server: ServerProcess; admin: Terminal }> {
  const server = await start(dataDir);
  const admin = terminal(server.url);
  await admin.login(ADMIN, ADMIN_PASSWORD);
  return { server, admin };
}

/** Expects a refusal: the exit code and a single stderr line naming `code`. */
function expectRefused(res: Result, exitCode: number, code?: string): void {
  expect(res.code).toBe(exitCode);
  expect(res.errLines).toHaveLength(1);
  if (code !== undefined) expect(res.errLines[0]).toContain(code);
}

/** The initial password `users invite` printed. */
function invitedPassword(res: Result): string {
  const match = /password[^:\n]*:\s*(\S+)/i.exec(res.stdout);
  expect(match).not.toBeNull();
  return match![1]!;
}

function parseJson<T>(res: Result): T {
  expect(res.code).toBe(0);
  return JSON.parse(res.stdout) as T;
}

/** The rows of a table on stdout whose first column is `first`, split on runs of 2+ blanks. */
function rowOf(stdout: string, first: string): string[] | undefined {
  return stdout
    .split('\n')
    .map((l) => l.split(/\s{2,}/))
    .find((cells) => cells[0] === first);
}

describe('paddock login', () => {
  it('reads the password from stdin and stores tokens, never the password, in a 0600 file', async () => {
    const server = await start();
    const t = terminal(server.url);
    const res = await t.paddock(['login', '--username', ADMIN, '--password-stdin'], { input: `${ADMIN_PASSWORD}\n` });
    expect(res.code).toBe(0);
    expect(res.stderr).toBe('');
    expect(res.stdout).toContain(ADMIN);

    const file = path.join(t.configDir, 'credentials.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(t.configDir).mode & 0o777).toBe(0o700);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(ADMIN_PASSWORD);
    expect(text).toContain(ADMIN);
    expect(() => JSON.parse(text) as unknown).not.toThrow();

    // The stored login is used by the next command.
    expect((await t.paddock(['users', 'list'])).code).toBe(0);
  });

  it('refuses a wrong password with exit 3 and one line, storing nothing', async () => {
    const server = await start();
    const t = terminal(server.url);
    const res = await t.paddock(['login', '--username', ADMIN, '--password-stdin'], { input: 'wrong-password\n' });
    expectRefused(res, 3);
    expect(res.stderr).not.toContain('wrong-password');
    expect(() => statSync(path.join(t.configDir, 'credentials.json'))).toThrow();
  });
});

describe('paddock users', () => {
  it('invites, lists, gets case-insensitively, and refuses an unknown email with one line', async () => {
    const { server, admin } = await adminSession();

    const invite = await admin.paddock(['users', 'invite', 'ann@x.io']);
    expect(invite.code).toBe(0);
    const password = invitedPassword(invite);
    expect(password.length).toBeGreaterThanOrEqual(8);
    expect(invite.stdout.split(password)).toHaveLength(2); // printed exactly once

    // The printed password is the real one: ann can log in with it.
    await terminal(server.url).login('ann@x.io', password);

    const list = await admin.paddock(['users', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout.split('\n')[0]).toMatch(/^EMAIL\s+/);
    expect(rowOf(list.stdout, 'ann@x.io')).toContain('user');
    expect(rowOf(list.stdout, ADMIN)).toContain('admin');

    const json = parseJson<Array<{ email: string; role: string; enabled: boolean }>>(await admin.paddock(['--json', 'users', 'list']));
    expect(json.map((u) => u.email)).toEqual(['ann@x.io', ADMIN]);
    expect(json.every((u) => u.enabled)).toBe(true);

    const get = await admin.paddock(['users', 'get', 'ANN@x.io']);
    expect(get.code).toBe(0);
    expect(get.stdout).toMatch(/^Email:\s+ann@x\.io$/m);
    expect(parseJson<{ email: string }>(await admin.paddock(['--json', 'users', 'get', 'ANN@X.IO'])).email).toBe('ann@x.io');

    const unknown = await admin.paddock(['users', 'get', 'bob@x.io']);
    expectRefused(unknown, 1);
    expect(unknown.stdout).toBe('');
  });

  it('stops at the Community seat limit with SEAT_LIMIT_REACHED, and a deactivation frees a seat', async () => {
    const { admin } = await adminSession();
    for (const name of ['ann', 'bob', 'cat', 'dan']) {
      expect((await admin.paddock(['users', 'invite', `${name}@x.io`])).code).toBe(0);
    }

    const refused = await admin.paddock(['users', 'invite', 'eve@x.io']);
    expect(refused.code).not.toBe(0);
    expectRefused(refused, refused.code!, 'SEAT_LIMIT_REACHED');
    expect(refused.code).toBe(1);

    expect((await admin.paddock(['users', 'deactivate', 'dan@x.io'])).code).toBe(0);
    expect((await admin.paddock(['users', 'invite', 'eve@x.io'])).code).toBe(0);

    const inactive = parseJson<Array<{ email: string }>>(await admin.paddock(['--json', 'users', 'list', '--status', 'inactive']));
    expect(inactive.map((u) => u.email)).toEqual(['dan@x.io']);
    // Activating dan again needs a seat there is none of.
    expectRefused(await admin.paddock(['users', 'activate', 'dan@x.io']), 1, 'SEAT_LIMIT_REACHED');
  });
});

describe('paddock workspaces', () => {
  it('creates a workspace, manages members and roles, and keeps the last owner (LAST_OWNER)', async () => {
    const { admin } = await adminSession();
    expect((await admin.paddock(['users', 'invite', 'ann@x.io'])).code).toBe(0);

    expect((await admin.paddock(['workspaces', 'create', 'fraud-models'])).code).toBe(0);
    expect((await admin.paddock(['workspaces', 'add-user', 'fraud-models', 'ann@x.io'])).code).toBe(0);

    let members = await admin.paddock(['workspaces', 'members', 'fraud-models']);
    expect(members.code).toBe(0);
    expect(rowOf(members.stdout, ADMIN)?.[1]).toBe('owner');
    expect(rowOf(members.stdout, 'ann@x.io')?.[1]).toBe('collaborator');

    expect((await admin.paddock(['workspaces', 'set-role', 'fraud-models', 'ann@x.io', 'owner'])).code).toBe(0);
    expect((await admin.paddock(['workspaces', 'remove-user', 'fraud-models', ADMIN])).code).toBe(0);

    members = await admin.paddock(['workspaces', 'members', 'fraud-models']);
    expect(rowOf(members.stdout, 'ann@x.io')?.[1]).toBe('owner');
    expect(rowOf(members.stdout, ADMIN)).toBeUndefined();

    expectRefused(await admin.paddock(['workspaces', 'remove-user', 'fraud-models', 'ann@x.io']), 1, 'LAST_OWNER');
    expectRefused(await admin.paddock(['workspaces', 'set-role', 'fraud-models', 'ann@x.io', 'collaborator']), 1, 'LAST_OWNER');
    const json = parseJson<Array<{ email: string; role: string }>>(await admin.paddock(['--json', 'workspaces', 'members', 'fraud-models']));
    expect(json.map((m) => [m.email, m.role])).toEqual([['ann@x.io', 'owner']]);

    expectRefused(await admin.paddock(['workspaces', 'members', 'no-such-workspace']), 1);
  });
});

describe('paddock license and audit', () => {
  it('shows the edition and seats, and lists the invites in the audit trail', async () => {
    const { admin } = await adminSession();
    for (const email of ['ann@x.io', 'bob@x.io']) expect((await admin.paddock(['users', 'invite', email])).code).toBe(0);

    const license = await admin.paddock(['license', 'show']);
    expect(license.code).toBe(0);
    expect(license.stdout).toMatch(/^Edition:\s+community$/m);
    expect(license.stdout).toMatch(/^Seats:\s+5$/m);
    expect(license.stdout).toMatch(/^Active users:\s+3$/m);
    expect(license.stdout).toMatch(/^Seats left:\s+2$/m);
    expect(parseJson<{ edition: string; seats: number; activeUsers: number }>(await admin.paddock(['--json', 'license', 'show']))).toMatchObject({
      edition: 'community',
      seats: 5,
      activeUsers: 3,
    });

    const audit = await admin.paddock(['audit', 'list', '--action', 'user.create']);
    expect(audit.code).toBe(0);
    expect(audit.stdout).toMatch(/user\.create\s+user ann@x\.io/);
    expect(audit.stdout).toMatch(/user\.create\s+user bob@x\.io/);

    const events = parseJson<Array<{ action: string; actor: { label: string }; target: { label: string } }>>(
      await admin.paddock(['--json', 'audit', 'list', '--action', 'user.create']),
    );
    expect(events.every((e) => e.action === 'user.create')).toBe(true);
    const invites = events.filter((e) => e.actor.label === ADMIN).map((e) => e.target.label);
    expect(invites).toEqual(['bob@x.io', 'ann@x.io']); // newest first
  });
});

describe('paddock doctor', () => {
  it('finds nothing on a clean database, then finds and fixes hand-made damage', async () => {
    const dataDir = tempDir();
    const first = await adminSession(dataDir);
    for (const email of ['ann@x.io', 'bob@x.io']) expect((await first.admin.paddock(['users', 'invite', email])).code).toBe(0);
    expect((await first.admin.paddock(['workspaces', 'create', 'fraud-models'])).code).toBe(0);

    const clean = await first.admin.paddock(['doctor']);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/no problems/i);
    expect(await first.server.stop()).toBe(0);

    // Damage the data behind the server's back.
    const sqlite = new SQLite(path.join(dataDir, 'paddock.sqlite'));
    try {
      const userId = (email: string): string => (sqlite.prepare('select id from users where email = ?').get(email) as { id: string }).id;
      const ann = userId('ann@x.io');
      const bob = userId('bob@x.io');
      sqlite.prepare('update users set username = ? where id = ?').run('ann', ann);
      const bobDefault = (sqlite.prepare('select id from workspaces where default_for = ?').get(bob) as { id: number }).id;
      sqlite.prepare('delete from memberships where workspace_id = ?').run(bobDefault);
      sqlite.prepare('delete from workspaces where id = ?').run(bobDefault);
      const fraud = (sqlite.prepare('select id from workspaces where name = ?').get('fraud-models') as { id: number }).id;
      const removed = sqlite.prepare("delete from memberships where workspace_id = ? and role = 'owner'").run(fraud);
      expect(removed.changes).toBe(1);
    } finally {
      sqlite.close();
    }

    const { admin } = await adminSession(dataDir);
    const found = await admin.paddock(['doctor']);
    expect(found.code).toBe(1);
    expect(rowOf(found.stdout, 'USERNAME_MISMATCH')?.[1]).toBe('user ann@x.io');
    expect(rowOf(found.stdout, 'MISSING_DEFAULT_WORKSPACE')?.[1]).toBe('user bob@x.io');
    expect(rowOf(found.stdout, 'WORKSPACE_WITHOUT_OWNER')?.[1]).toBe('workspace fraud-models');
    const problems = parseJsonAnyExit<{ problems: Array<{ kind: string }> }>(await admin.paddock(['--json', 'doctor']));
    expect(problems.problems.map((p) => p.kind).sort()).toEqual(['MISSING_DEFAULT_WORKSPACE', 'USERNAME_MISMATCH', 'WORKSPACE_WITHOUT_OWNER']);

    const fix = await admin.paddock(['doctor', '--fix']);
    expect(fix.stderr).toBe('');
    expect(fix.code).toBe(0);
    for (const kind of ['USERNAME_MISMATCH', 'MISSING_DEFAULT_WORKSPACE', 'WORKSPACE_WITHOUT_OWNER']) expect(fix.stdout).toContain(kind);

    const after = await admin.paddock(['doctor']);
    expect(after.code).toBe(0);
    expect(after.stdout).toMatch(/no problems/i);

    // The repairs are the documented ones.
    expect(parseJson<{ username: string }>(await admin.paddock(['--json', 'users', 'get', 'ann@x.io'])).username).toBe('ann@x.io');
    const members = await admin.paddock(['workspaces', 'members', 'fraud-models']);
    expect(rowOf(members.stdout, ADMIN)?.[1]).toBe('owner');
    expect((await admin.paddock(['workspaces', 'members', 'bob@x.io - Default Workspace'])).stdout).toMatch(/bob@x\.io\s+owner/);
  });
});

describe('paddock errors and help', () => {
  it('without a stored login or PADDOCK_USERNAME, exits 3 with one line', async () => {
    const server = await start();
    const res = await terminal(server.url).paddock(['users', 'list']);
    expectRefused(res, 3);
    expect(res.errLines[0]).toContain('paddock login');
    expect(res.stdout).toBe('');
  });

  it('with an unreachable server, exits 3 with one line', async () => {
    const t = terminal();
    // With credentials in the environment the CLI really tries to reach the server.
    const env = { PADDOCK_USERNAME: ADMIN, PADDOCK_PASSWORD: ADMIN_PASSWORD };
    const res = await t.paddock(['--url', 'http://127.0.0.1:1', 'users', 'list'], { env });
    expectRefused(res, 3, 'UNAVAILABLE');
    expect(res.stderr).not.toContain(ADMIN_PASSWORD);
    // And without them, it says it is not logged in, still exit 3.
    expectRefused(await t.paddock(['--url', 'http://127.0.0.1:1', 'users', 'list']), 3);
  });

  it('PADDOCK_USERNAME / PADDOCK_PASSWORD work without a stored login', async () => {
    const server = await start();
    const res = await terminal(server.url).paddock(['--json', 'users', 'list'], { env: { PADDOCK_USERNAME: ADMIN, PADDOCK_PASSWORD: ADMIN_PASSWORD } });
    expect(parseJson<Array<{ email: string }>>(res).map((u) => u.email)).toEqual([ADMIN]);
  });

  it('usage errors exit 2', async () => {
    const t = terminal('http://127.0.0.1:1');
    for (const args of [['users', 'frobnicate'], ['frobnicate'], ['users', 'get'], ['users', 'list', '--status', 'asleep'], ['--url', 'ftp://x', 'users', 'list']]) {
      const res = await t.paddock(args);
      expect(res.code, args.join(' ')).toBe(2);
      expect(res.stdout, args.join(' ')).toBe('');
      expect(res.errLines.length, args.join(' ')).toBeGreaterThanOrEqual(1);
    }
  });

  it('every --help exits 0 and prints usage on stdout', async () => {
    const t = terminal('http://127.0.0.1:1');
    const commands = [
      [],
      ['login'],
      ['logout'],
      ['users'],
      ['users', 'list'],
      ['users', 'get'],
      ['users', 'invite'],
      ['users', 'activate'],
      ['users', 'deactivate'],
      ['users', 'set-role'],
      ['workspaces'],
      ['workspaces', 'list'],
      ['workspaces', 'create'],
      ['workspaces', 'members'],
      ['workspaces', 'add-user'],
      ['workspaces', 'add-owner'],
      ['workspaces', 'set-role'],
      ['workspaces', 'remove-user'],
      ['license'],
      ['license', 'show'],
      ['audit'],
      ['audit', 'list'],
      ['doctor'],
    ];
    const results = await Promise.all(commands.map((c) => t.paddock([...c, '--help'])));
    results.forEach((res, i) => {
      const label = `paddock ${commands[i]!.join(' ')} --help`;
      expect(res.code, label).toBe(0);
      expect(res.stderr, label).toBe('');
      expect(res.stdout, label).toMatch(/^Usage: paddock/);
    });
    expect((await t.paddock(['--version'])).code).toBe(0);
  });
});

/** JSON on stdout whatever the exit code (doctor exits 1 while problems remain). */
function parseJsonAnyExit<T>(res: Result): T {
  return JSON.parse(res.stdout) as T;
}
