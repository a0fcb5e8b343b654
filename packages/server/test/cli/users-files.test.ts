/** `paddock users import` and `paddock users export` against the real server (both databases). */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ADMIN } from '../support/app.js';
import { CliHarness, lines } from '../support/cli-harness.js';
import { describeEachDatabase } from '../support/databases.js';

const TEN_SEATS = { edition: 'enterprise' as const, seats: 10, licensee: 'Tests', expiresAt: null };

describeEachDatabase('CLI: users import and export', (database) => {
  let h: CliHarness;
  let dir: string;
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const imported = () => h.transport.requests.filter((r) => r.path === '/v1/api/users/import' && (r.body as { dry_run?: boolean }).dry_run !== true);

  beforeEach(async () => {
    h = await CliHarness.start(database, { license: TEN_SEATS });
    await h.login();
    dir = mkdtempSync(join(tmpdir(), 'paddock-import-'));
  });
  afterEach(() => h.close());

  it('imports a CSV in batches with progress on stderr, skips existing users, refuses bad and repeated rows by line, and exits 1', async () => {
    await h.t.addUser({ email: 'old@x.io', password: 'old-password' });
    const csv = file(
      'team.csv',
      'email,first_name,last_name,role,status\n' +
        'ann@x.io,Ann,"Lee, Jr.",admin,\n' +
        'OLD@x.io,,,,\n' +
        'not-an-email,,,,\n' +
        'bob@x.io,Bob,,user,inactive\n' +
        'ann@x.io,Again,,,\n' +
        'cat@x.io,,,,\n',
    );
    const result = await h.run(['users', 'import', csv, '--batch', '2']);
    expect(result.code).toBe(1);
    expect(lines(result.stdout)).toEqual([
      `Imported ${csv}: 3 created, 1 skipped (existing), 2 refused.`,
      expect.stringMatching(/^ {2}line 4: not-an-email: VALIDATION_FAILED /),
      expect.stringMatching(/^ {2}line 6: ann@x\.io: DUPLICATE_ROW .*line 2/),
    ]);
    const progress = lines(result.stderr);
    expect(progress.filter((l) => l.startsWith(`Checking ${csv}:`))).toHaveLength(3);
    expect(progress.filter((l) => l.startsWith(`Importing ${csv}:`)).at(-1)).toMatch(/5 \/ 5 rows \(100%\), [\d,]+ rows\/s, done in/);
    expect(imported().map((r) => (r.body as { users: unknown[] }).users.length)).toEqual([2, 2, 1]);
    expect(await h.t.client.getUserByEmail('ann@x.io')).toMatchObject({ firstName: 'Ann', lastName: 'Lee, Jr.', role: 'admin' });
    expect((await h.t.client.getUserByEmail('bob@x.io'))?.enabled).toBe(false);
  });

  it('--dry-run and --json: the same outcomes, nothing written', async () => {
    const jsonl = file('people.jsonl', '{"email": "ann@x.io"}\n\n{"email": "bob@x.io", "role": "boss"}\n');
    const result = await h.run(['users', 'import', jsonl, '--dry-run', '--json']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { dry_run: boolean; created: number; refused: number; rows: { line: number; code?: string }[] };
    expect(report).toMatchObject({ dry_run: true, created: 1, refused: 1 });
    expect(report.rows.map((r) => [r.line, r.code])).toEqual([
      [1, undefined],
      [3, 'VALIDATION_FAILED'],
    ]);
    expect(imported()).toEqual([]);
    expect(await h.t.client.getUserByEmail('ann@x.io')).toBeNull();
  });

  it('a file whose active users need more seats than are free is refused whole before anything is written', async () => {
    const rows = Array.from({ length: 12 }, (_, i) => `u${i}@x.io,${i < 2 ? 'inactive' : ''}`).join('\n');
    const csv = file('many.csv', `email,status\n${rows}\n`);
    const result = await h.run(['users', 'import', csv, '--batch', '5']);
    expect(result.code).toBe(1);
    // 10 active users for the 9 seats the admin leaves free; each batch of 5 alone would fit.
    expect(lines(result.stderr).at(-1)).toMatch(/^error: The file would activate 10 users but 9 of the licence's 10 seats are free/);
    const json = await h.run(['users', 'import', csv, '--json']);
    expect([json.code, (JSON.parse(lines(json.stderr).at(-1) ?? '{}') as { error?: string }).error]).toEqual([1, 'SEAT_LIMIT_REACHED']);
    expect(imported()).toEqual([]);
    expect((await h.t.client.queryUsers({ limit: 100 })).users.map((u) => u.email)).toEqual([ADMIN.email]);
  });

  it('refuses what is not a users file, and a missing file, as usage errors (exit 2) without calling the server', async () => {
    const cases = [
      file('x.csv', 'name,age\nann,3\n'),
      file('bad.csv', 'email,first_name\n"unterminated,x\n'),
      file('y.csv', '\u0000\u0001binary'),
      file('z.jsonl', '{"email": "a@x.io"}\nnot json\n'),
      file('w.jsonl', '{"email": "a@x.io", "nickname": "a"}\n'),
      join(dir, 'missing.csv'),
      file('empty.csv', 'email\n'),
    ];
    const before = h.transport.requests.length;
    for (const path of cases) {
      const result = await h.run(['users', 'import', path]);
      expect([path, result.code], result.stderr).toEqual([path, 2]);
      expect(lines(result.stderr)).toHaveLength(1);
    }
    const noFormat = await h.run(['users', 'import', file('team.txt', 'email\na@x.io\n')]);
    expect(noFormat.code).toBe(2);
    expect(h.transport.requests.slice(before).filter((r) => r.path.startsWith('/v1/api/users/import'))).toEqual([]);
  });

  it('export writes every user as CSV or JSON Lines, page after page, and an export imports back as it is', async () => {
    for (let i = 0; i < 5; i++) await h.t.addUser({ email: `u${i}@x.io`, firstName: `N${i}`, lastName: 'Quote "x", y' });
    await h.run(['users', 'deactivate', 'u4@x.io']);
    const csv = await h.run(['users', 'export']);
    expect(csv.code).toBe(0);
    const rows = lines(csv.stdout);
    expect(rows[0]).toBe('email,first_name,last_name,role,status,created_at,last_login_at');
    expect(rows).toHaveLength(7);
    expect(rows).toContain('u4@x.io,N4,"Quote ""x"", y",user,inactive,' + rows.find((r) => r.startsWith('u4@x.io'))!.split(',').slice(-2).join(','));
    const out = join(dir, 'all.jsonl');
    const jsonl = await h.run(['users', 'export', '--format', 'jsonl', '--output', out]);
    expect(jsonl.code).toBe(0);
    expect(lines(jsonl.stderr)).toEqual([`Exported 6 users to ${out}.`]);
    const records = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { email: string; status: string });
    expect(records.map((r) => [r.email, r.status])).toContainEqual(['u4@x.io', 'inactive']);

    const back = await h.run(['users', 'import', file('back.csv', csv.stdout), '--dry-run']);
    expect([back.code, lines(back.stdout)[0]]).toEqual([0, expect.stringContaining('0 to create, 6 skipped (existing), 0 refused')]);
  });
});
