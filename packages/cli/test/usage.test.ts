/** Usage errors, --version and help: the CLI alone, no server behind it. */
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { Runtime } from '../src/context.js';
import { buildProgram } from '../src/run.js';
import { lines, Offline } from './in-process.js';

describe('errors and usage', () => {
  it.each([
    [['users', 'frobnicate']],
    [['users', 'get']],
    [['users', 'set-role', 'a@ex.co', 'king']],
    [['users', 'list', '--status', 'sleepy']],
    [['--no-such-option']],
    [['users']],
    [['--url', 'ftp://x', 'users', 'list']],
  ])('%j is a usage error (exit 2)', async (args) => {
    const result = await new Offline().run(args);
    expect(result.code).toBe(2);
    expect(result.stderr).not.toBe('');
  });

  it('--version and --help exit 0', async () => {
    const h = new Offline();
    expect((await h.run(['--version'])).stdout).toMatch(/^\d+\.\d+\.\d+/);
    const help = await h.run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('PADDOCK_URL');
  });
});

describe('--json usage errors', () => {
  function jsonError(stderr: string): { error: string; message: string } {
    const [line, ...more] = lines(stderr);
    expect(more).toEqual([]);
    return JSON.parse(line ?? '') as { error: string; message: string };
  }

  it.each([[['--json', 'users', 'frobnicate']], [['users', 'list', '--status', 'sleepy', '--json']], [['--json', 'users']]])(
    'a usage error %j is JSON too (exit 2), without commander\'s text',
    async (args) => {
      const result = await new Offline().run(args);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(jsonError(result.stderr)).toEqual({ error: 'USAGE', message: expect.stringMatching(/\S/) });
    },
  );

  it('--json after -- is an argument, not the option', async () => {
    const result = await new Offline().run(['users', 'get', '--', '--json']);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^error: Not logged in/);
  });
});

describe('help', () => {
  function all(command: Command, path: string[] = []): string[][] {
    return command.commands.flatMap((sub) => [[...path, sub.name()], ...all(sub, [...path, sub.name()])]);
  }

  const paths = all(buildProgram(new Runtime({ env: {}, stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, isTTY: false })));

  it('covers every command of the brief', () => {
    expect(paths.map((p) => p.join(' '))).toEqual(
      expect.arrayContaining([
        'login', 'logout', 'users list', 'users get', 'users invite', 'users activate', 'users deactivate', 'users set-role',
        'workspaces list', 'workspaces create', 'workspaces members', 'workspaces add-user', 'workspaces add-owner',
        'workspaces set-role', 'workspaces remove-user', 'license show', 'license upload', 'audit list', 'doctor',
      ]),
    );
  });

  it.each(paths.map((p) => [p.join(' '), p]))('paddock %s --help has a description and examples', async (_name, path) => {
    const h = new Offline();
    const result = await h.run([...path, '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Usage: paddock ${path.join(' ')}`);
    expect(result.stdout).toContain('Examples:');
    expect(result.stdout).toContain(`$ paddock ${path.join(' ')}`);
  });
});

describe('login --device usage', () => {
  it('refuses --device with --username as a usage error', async () => {
    expect((await new Offline().run(['login', '--device', '--username', 'ann@ex.co'])).code).toBe(2);
  });

  it('help shows the option and an example', async () => {
    const help = await new Offline().run(['login', '--help']);
    expect(help.stdout).toContain('--device');
    expect(help.stdout).toContain('$ paddock login --device');
  });
});

describe('password change usage', () => {
  it('help shows examples', async () => {
    const help = await new Offline().run(['password', 'change', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('$ paddock password change --username ann@example.com');
    expect(help.stdout).toContain('--password-stdin');
  });
});

describe('sessions and service-accounts help', () => {
  it('sessions help lists the subcommands with examples', async () => {
    const help = await new Offline().run(['sessions', '--help']);
    expect(help.code).toBe(0);
    for (const text of ['list', 'revoke', 'revoke-all', '$ paddock sessions list ann@example.com']) expect(help.stdout).toContain(text);
  });

  it('service-accounts help lists the subcommands with examples', async () => {
    const h = new Offline();
    const help = await h.run(['service-accounts', 'create', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('$ paddock service-accounts create nightly-etl');
    const group = await h.run(['service-accounts', '--help']);
    for (const sub of ['create', 'list', 'rotate', 'delete']) expect(group.stdout).toContain(sub);
  });
});

describe('scim help', () => {
  it('scim tokens help lists the subcommands with examples', async () => {
    const h = new Offline();
    const group = await h.run(['scim', 'tokens', '--help']);
    expect(group.code).toBe(0);
    for (const text of ['create', 'list', 'revoke', '$ paddock scim tokens create okta']) expect(group.stdout).toContain(text);
  });
});
