import { sql } from 'kysely';
import { beforeEach, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import { countActiveAdmins, countActiveUsers, recountSeats, seatCounts } from '../../src/queries/users.js';
import { countUsers } from '../../src/queries/user-counts.js';
import type { Services } from '../../src/services/index.js';
import { describeEachDatabase } from '../support/databases.js';
import { servicesFor, system } from '../support/services.js';

const UNLIMITED = { edition: 'enterprise' as const, seats: null, licensee: 'Tests', expiresAt: null };

// The seat meter is one row kept by triggers: it never counts the users table on the request path,
// and it agrees with a count after any change, whoever made it.
describeEachDatabase('seat counts kept as data', (database) => {
  let db: Db;
  let s: Services;
  const kept = async () => ({ active_users: await countActiveUsers(db.kysely), active_admins: await countActiveAdmins(db.kysely) });

  beforeEach(async () => {
    db = await database.open();
    s = servicesFor(db, { license: UNLIMITED });
  });

  it('follows invitations, deactivations, activations, role changes and deletes', async () => {
    expect(await kept()).toEqual({ active_users: 0, active_admins: 0 });
    await s.users.invite(system, { email: 'admin@x.io', role: 'admin' });
    await s.users.invite(system, { email: 'second@x.io', role: 'admin' });
    await s.users.invite(system, { email: 'ann@x.io' });
    await s.users.invite(system, { email: 'bob@x.io' });
    expect(await kept()).toEqual({ active_users: 4, active_admins: 2 });
    await s.users.deactivate(system, 'second@x.io');
    expect(await kept()).toEqual({ active_users: 3, active_admins: 1 });
    await s.users.setRole(system, 'ann@x.io', 'admin');
    expect(await kept()).toEqual({ active_users: 3, active_admins: 2 });
    await s.users.setRole(system, 'second@x.io', 'user'); // inactive: no seat moves
    expect(await kept()).toEqual({ active_users: 3, active_admins: 2 });
    await s.users.activate(system, 'second@x.io');
    expect(await kept()).toEqual({ active_users: 4, active_admins: 2 });
    const row = await db.kysely.selectFrom('users').selectAll().where('email', '=', 'bob@x.io').executeTakeFirstOrThrow();
    await db.kysely.insertInto('users').values({ ...row, id: 'gone', email: 'gone@x.io', username: 'gone@x.io', role: 'admin' }).execute();
    expect(await kept()).toEqual({ active_users: 5, active_admins: 3 });
    await db.kysely.deleteFrom('users').where('id', '=', 'gone').execute();
    expect(await kept()).toEqual({ active_users: 4, active_admins: 2 });
    expect(await seatCounts(db.kysely)).toEqual(await recountSeats(db.kysely));
  });

  it('counts many rows inserted or deleted by one statement, in a transaction with others', async () => {
    await s.users.invite(system, { email: 'admin@x.io', role: 'admin' });
    const row = await db.kysely.selectFrom('users').selectAll().where('email', '=', 'admin@x.io').executeTakeFirstOrThrow();
    const many = Array.from({ length: 30 }, (_, i) => ({
      ...row,
      id: `bulk-${i}`,
      email: `bulk-${i}@x.io`,
      username: `bulk-${i}@x.io`,
      role: i % 5 === 0 ? ('admin' as const) : ('user' as const),
      status: i % 3 === 0 ? ('inactive' as const) : ('active' as const),
    }));
    await db.kysely.transaction().execute(async (trx) => {
      await trx.insertInto('users').values(many.slice(0, 20)).execute();
      await trx.insertInto('users').values(many.slice(20)).execute();
      await trx.updateTable('users').set({ status: 'active' }).where('id', '=', 'bulk-0').execute();
    });
    // 20 of the 30 are active (i % 3 != 0), and bulk-0 turned active: 21, plus the admin.
    expect(await kept()).toEqual({ active_users: 22, active_admins: 1 + 4 + 1 });
    expect(await seatCounts(db.kysely)).toEqual(await recountSeats(db.kysely));
    await db.kysely.deleteFrom('users').where('id', 'like', 'bulk-%').execute();
    expect(await kept()).toEqual({ active_users: 1, active_admins: 1 });
    await db.kysely.insertInto('users').values(many.filter((u) => u.status === 'inactive')).execute();
    expect(await kept()).toEqual({ active_users: 1, active_admins: 1 });
  });

  it('on PostgreSQL, keeps the counts once per INSERT or DELETE statement, not once per row (a bulk import updates the row once)', async () => {
    if (database.dialect !== 'postgres') return;
    // pg_trigger.tgtype bit 0 is FOR EACH ROW; 2 BEFORE; 4 INSERT; 8 DELETE; 16 UPDATE.
    const rows = await sql<{ tgname: string; tgtype: number }>`select tgname, tgtype from pg_trigger where tgrelid = 'users'::regclass and tgname like 'users_seat_counts%'`.execute(db.kysely);
    const kinds = Object.fromEntries(rows.rows.map((r) => [r.tgname, { row: (r.tgtype & 1) === 1, insert: (r.tgtype & 4) !== 0, delete: (r.tgtype & 8) !== 0, update: (r.tgtype & 16) !== 0 }]));
    expect(kinds).toEqual({
      users_seat_counts_insert: { row: false, insert: true, delete: false, update: false },
      users_seat_counts_delete: { row: false, insert: false, delete: true, update: false },
      users_seat_counts: { row: true, insert: false, delete: false, update: true },
    });
  });

  it('counts writes that bypass the services too (an import, a hand edit), in their transaction', async () => {
    await s.users.invite(system, { email: 'admin@x.io', role: 'admin' });
    await db.kysely
      .transaction()
      .execute(async (trx) => {
        await trx.updateTable('users').set({ status: 'inactive' }).where('email', '=', 'admin@x.io').execute();
        expect(await countActiveUsers(trx)).toBe(0);
        throw new Error('rolled back');
      })
      .catch(() => undefined);
    expect(await kept()).toEqual({ active_users: 1, active_admins: 1 });
    await db.kysely.updateTable('users').set({ role: 'user', email: 'renamed@x.io' }).execute();
    expect(await kept()).toEqual({ active_users: 1, active_admins: 0 });
  });

  it('answers totals filtered by status and role from the row, equal to a count, after every kind of write', async () => {
    await s.users.invite(system, { email: 'admin@x.io', role: 'admin' });
    await s.users.invite(system, { email: 'second@x.io', role: 'admin' });
    for (const name of ['ann', 'bob', 'cy']) await s.users.invite(system, { email: `${name}@x.io` });
    await s.users.deactivate(system, 'second@x.io');
    await s.users.deactivate(system, 'bob@x.io');
    await s.users.setRole(system, 'cy@x.io', 'admin');
    const row = await db.kysely.selectFrom('users').selectAll().where('email', '=', 'ann@x.io').executeTakeFirstOrThrow();
    await db.kysely.insertInto('users').values({ ...row, id: 'gone', email: 'gone@x.io', username: 'gone@x.io' }).execute();
    await db.kysely.deleteFrom('users').where('id', '=', 'gone').execute();
    // admin (active admin), second (inactive admin), ann (active user), bob (inactive user), cy (active admin).
    const expected = {
      '-/-': 5, 'active/-': 3, 'inactive/-': 2, '-/admin': 3, '-/user': 2,
      'active/admin': 2, 'inactive/admin': 1, 'active/user': 1, 'inactive/user': 1,
    };
    for (const [key, total] of Object.entries(expected)) {
      const [status, role] = key.split('/');
      const filter = { ...(status !== '-' && { status: status as 'active' | 'inactive' }), ...(role !== '-' && { role: role as 'admin' | 'user' }) };
      expect(await countUsers(db.kysely, filter), key).toBe(total);
      // The same filter with a condition the row cannot answer is counted from the table, and agrees.
      expect(await countUsers(db.kysely, { ...filter, search: '@x.io' }), `${key} counted`).toBe(total);
    }
    expect(await seatCounts(db.kysely)).toEqual(await recountSeats(db.kysely));
  });

  it('takes the unfiltered total from the row, not the table', async () => {
    await s.users.invite(system, { email: 'admin@x.io', role: 'admin' });
    await sql`update seat_counts set all_users = 1234`.execute(db.kysely);
    expect(await countUsers(db.kysely, {})).toBe(1234);
    expect((await s.doctor.check(system)).map((p) => p.kind)).toContain('SEAT_COUNT_DRIFT');
    await s.doctor.fix(system);
    expect(await countUsers(db.kysely, {})).toBe(1);
  });

  it('licence status reads the row, not the table', async () => {
    await s.users.invite(system, { email: 'admin@x.io', role: 'admin' });
    await sql`update seat_counts set active_users = 42`.execute(db.kysely);
    expect((await s.license.status(system)).activeUsers).toBe(42);
  });

  it('doctor finds a drifted meter and sets it to the count, audited', async () => {
    await s.users.invite(system, { email: 'admin@x.io', role: 'admin' });
    await s.users.invite(system, { email: 'ann@x.io' });
    expect((await s.doctor.check(system)).map((p) => p.kind)).not.toContain('SEAT_COUNT_DRIFT');
    await sql`update seat_counts set active_users = 7, active_admins = 0`.execute(db.kysely);
    const problems = await s.doctor.check(system);
    expect(problems.filter((p) => p.kind === 'SEAT_COUNT_DRIFT')).toEqual([expect.objectContaining({ fixable: true, subject: expect.objectContaining({ type: 'license' }) })]);
    const { fixed } = await s.doctor.fix(system);
    expect(fixed.map((p) => p.kind)).toContain('SEAT_COUNT_DRIFT');
    expect(await kept()).toEqual({ active_users: 2, active_admins: 1 });
    expect((await s.doctor.check(system)).map((p) => p.kind)).not.toContain('SEAT_COUNT_DRIFT');
    expect((await s.audit.query(system, { limit: 10, action: 'doctor.fix.seat_count_drift' })).events).toHaveLength(1);
  });
});
