import { PaddockError } from '@paddock/sdk';
import type { ImportUser } from '@paddock/sdk';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { countActiveUsers } from '../../src/queries/users.js';
import { describeEachDatabase } from '../support/databases.js';
import { ADMIN, startTestApp } from '../support/app.js';
import type { TestApp } from '../support/app.js';
import { testHasher } from '../support/services.js';

const codeOf = async (p: Promise<unknown>) => {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PaddockError);
  return (err as PaddockError).code;
};

describeEachDatabase('users/import', (database) => {
  let t: TestApp;
  const userCount = async () => Number((await t.db.kysely.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  beforeEach(async () => {
    t = await startTestApp(database); // Community: 5 seats, the admin holds one
  });
  afterEach(() => t.close());

  it('creates each user with an owned default workspace and an audit event; inactive rows take no seat; a given argon2id hash logs in', async () => {
    const hash = await testHasher.hash('imported-password');
    const result = await t.admin.importUsers([
      { email: 'Ann@X.io', firstName: 'Ann', lastName: 'Lee', role: 'admin', line: 2 },
      { email: 'bob@x.io', status: 'inactive', line: 3 },
      { email: 'cat@x.io', passwordHash: hash, line: 4 },
    ]);
    expect(result).toMatchObject({ dryRun: false, created: 3, skipped: 0, refused: 0 });
    expect(result.rows).toEqual([
      { line: 2, email: 'ann@x.io', outcome: 'created' },
      { line: 3, email: 'bob@x.io', outcome: 'created' },
      { line: 4, email: 'cat@x.io', outcome: 'created' },
    ]);
    expect(await t.admin.getUserByEmail('ann@x.io')).toMatchObject({ firstName: 'Ann', lastName: 'Lee', role: 'admin', enabled: true });
    expect((await t.admin.getUserByEmail('bob@x.io'))?.enabled).toBe(false);
    expect(await countActiveUsers(t.db.kysely)).toBe(3);
    const members = (await (await t.admin.getWorkspace('bob@x.io - Default Workspace'))?.users()) ?? [];
    expect(members.map((m) => [m.email, m.role])).toEqual([['bob@x.io', 'owner']]);
    const audit = await t.admin.queryAudit({ action: 'user.create' });
    expect(audit.events.filter((e) => e.details['import'] === true).map((e) => e.target.label).sort()).toEqual(['ann@x.io', 'bob@x.io', 'cat@x.io']);
    await expect(t.login('cat@x.io', 'imported-password').listUsers()).resolves.toBeDefined();
  });

  it('skips existing emails (case-insensitively) and refuses bad rows one by one with their line; the rest are created', async () => {
    await t.admin.inviteUser('old@x.io', 'a-good-password');
    const rows: ImportUser[] = [
      { email: 'OLD@x.io', line: 2 },
      { email: 'not an email', line: 3 },
      { email: 'r@x.io', role: 'owner', line: 4 },
      { email: 's@x.io', status: 'gone', line: 5 },
      { email: 'h@x.io', passwordHash: 'plain-text', line: 6 },
      { email: 'n@x.io', firstName: 'a\u0007b', line: 7 },
      { email: 'new@x.io', line: 8 },
      { email: 'New@x.io ', line: 9 },
    ];
    const result = await t.admin.importUsers(rows);
    expect(result.rows.map((r) => [r.line, r.outcome, r.code])).toEqual([
      [2, 'skipped', 'EMAIL_TAKEN'],
      [3, 'refused', 'VALIDATION_FAILED'],
      [4, 'refused', 'VALIDATION_FAILED'],
      [5, 'refused', 'VALIDATION_FAILED'],
      [6, 'refused', 'VALIDATION_FAILED'],
      [7, 'refused', 'VALIDATION_FAILED'],
      [8, 'created', undefined],
      [9, 'refused', 'DUPLICATE_ROW'],
    ]);
    expect(result.rows[8 - 2]?.reason).toBeUndefined();
    expect(result.rows[9 - 2]?.reason).toContain('8');
    expect(result).toMatchObject({ created: 1, skipped: 1, refused: 6 });
    expect(await userCount()).toBe(3);
  });

  it('a default workspace name already taken refuses that row, not the batch', async () => {
    await t.db.kysely.insertInto('workspaces').values({ name: 'zed@x.io - Default Workspace', created_by: (await t.admin.getUserByEmail(ADMIN.email))!.id, created_at: 0, default_for: null }).execute();
    const result = await t.admin.importUsers([{ email: 'zed@x.io' }, { email: 'amy@x.io' }]);
    expect(result.rows.map((r) => [r.email, r.outcome, r.code])).toEqual([
      ['zed@x.io', 'refused', 'WORKSPACE_NAME_TAKEN'],
      ['amy@x.io', 'created', undefined],
    ]);
  });

  it('a dry run answers the same outcomes and writes nothing', async () => {
    const rows = [{ email: 'a@x.io' }, { email: 'a@x.io' }, { email: 'b@x.io' }];
    const dry = await t.admin.importUsers(rows, { dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, created: 2, refused: 1 });
    expect(await userCount()).toBe(1);
    expect((await t.admin.queryAudit({ action: 'user.create' })).events.filter((e) => e.details['import'] === true)).toEqual([]);
    const real = await t.admin.importUsers(rows);
    expect(real.rows).toEqual(dry.rows);
    expect(await userCount()).toBe(3);
  });

  it('a batch that needs more seats than are free is refused whole, before anything is written; inactive rows do not count', async () => {
    const five = ['a', 'b', 'c', 'd', 'e'].map((n) => ({ email: `${n}@x.io` }));
    expect(await codeOf(t.admin.importUsers(five))).toBe('SEAT_LIMIT_REACHED');
    expect(await codeOf(t.admin.importUsers(five, { dryRun: true }))).toBe('SEAT_LIMIT_REACHED');
    expect(await userCount()).toBe(1);
    const fits = [...five.slice(0, 4), { email: 'e@x.io', status: 'inactive' }];
    expect(await t.admin.importUsers(fits)).toMatchObject({ created: 5 });
    expect(await countActiveUsers(t.db.kysely)).toBe(5);
    const err = await t.post('users/import', { users: [{ email: 'f@x.io' }] });
    expect([err.status, err.body['error'], err.body['seats']]).toEqual([403, 'SEAT_LIMIT_REACHED', 5]);
  });

  it('admins only; more than 100,000 rows is VALIDATION_FAILED', async () => {
    await t.admin.inviteUser('ann@x.io', 'a-good-password');
    expect(await codeOf(t.login('ann@x.io', 'a-good-password').importUsers([{ email: 'z@x.io' }]))).toBe('FORBIDDEN');
    const many = { users: Array.from({ length: 100_001 }, (_, i) => ({ email: `u${i}@x.io` })) };
    const res = await t.post('users/import', many);
    expect([res.status, res.body['error']]).toEqual([400, 'VALIDATION_FAILED']);
  });
});
