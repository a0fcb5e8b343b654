import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { columnsOf } from '../../src/db/database.js';
import type { Db } from '../../src/db/database.js';
import { prepared } from '../../src/db/prepared.js';
import { findUserByEmail, findUserById, readUserByEmail, readUserById, readUserRecordByEmail, readUserStanding, updateUser } from '../../src/queries/users.js';
import { describeEachDatabase } from '../support/databases.js';
import { servicesFor, system } from '../support/services.js';

/** The request path's single-row reads: the same rows as Kysely's, committed rows only. */
describeEachDatabase('single-row reads', (database) => {
  let db: Db;
  let ids: string[];
  beforeAll(async () => {
    db = await database.open();
    const services = servicesFor(db);
    ids = [];
    for (const email of ['Ann@X.io', 'bob@x.io']) ids.push((await services.users.invite(system, { email, password: 'long-enough-password' })).user.id);
  });
  afterAll(async () => {
    if (database.dialect === 'sqlite') await db.destroy();
  });

  it('read by id and by email the same row, every column, as a Kysely query', async () => {
    for (const id of ids) {
      const row = await findUserById(db.kysely, id);
      expect(row?.password_hash).toMatch(/^\$argon2id\$/);
      expect(await readUserById(db, id)).toStrictEqual(row);
      expect(await readUserByEmail(db, row?.email ?? '')).toStrictEqual(await findUserByEmail(db.kysely, row?.email ?? ''));
    }
    const row = await findUserById(db.kysely, ids[0] ?? '');
    expect(await readUserStanding(db, ids[0] ?? '')).toStrictEqual({ id: row?.id, email: row?.email, role: row?.role, status: row?.status, token_generation: 0 });
    const record: Partial<typeof row> = { ...row };
    delete record.password_hash;
    expect(await readUserRecordByEmail(db, 'ann@x.io')).toStrictEqual(record);
    // Repeated reads reuse the prepared statement and still bind each call's value.
    expect((await readUserById(db, ids[1] ?? ''))?.email).toBe('bob@x.io');
    expect((await readUserByEmail(db, 'ann@x.io'))?.id).toBe(ids[0]);
  });

  it('read rows as arrays of their values, in the order of the columns the query names, as Kysely reads them', async () => {
    const query = db.kysely.selectFrom('users').select(['email', 'id', 'token_generation', 'last_login_at']).orderBy('email');
    const objects = await query.execute();
    expect(objects).toHaveLength(2);
    const rows = await db.rows(query.compile());
    expect(rows.columns).toEqual(['email', 'id', 'token_generation', 'last_login_at']);
    expect(rows.values).toEqual(objects.map((o) => [o.email, o.id, o.token_generation, o.last_login_at]));
    expect(columnsOf(rows, ['id', 'email'])).toEqual([1, 0]);
    expect(() => columnsOf(rows, ['password'])).toThrow(/no column password/);
    // The same SQL read by `first` still answers an object: the array statements are kept apart.
    expect(await db.first(query.compile())).toEqual(objects[0]);
    expect((await db.rows(db.kysely.selectFrom('users').select('id').where('email', '=', 'nobody@x.io').compile())).values).toEqual([]);
  });

  it('SQLite keeps a page cache of 64 MiB (its default, 2 MiB, copied the email index in from the OS at every deep offset)', async () => {
    if (database.dialect !== 'sqlite') return;
    const rows = await sql<{ cache_size: number }>`pragma cache_size`.execute(db.kysely);
    expect(rows.rows[0]?.cache_size).toBe(-65536);
  });

  it('answer undefined for an unknown id or email', async () => {
    expect(await readUserById(db, 'no-such-id')).toBeUndefined();
    expect(await readUserByEmail(db, 'nobody@x.io')).toBeUndefined();
    expect(await readUserStanding(db, 'no-such-id')).toBeUndefined();
    expect(await readUserRecordByEmail(db, 'nobody@x.io')).toBeUndefined();
  });

  it('never see what an open transaction has written but not committed', async () => {
    const id = ids[0] ?? '';
    let written!: () => void;
    const wrote = new Promise<void>((resolve) => (written = resolve));
    let undo!: () => void;
    const rollback = new Promise<void>((resolve) => (undo = resolve));
    const transaction = db.kysely
      .transaction()
      .execute(async (trx) => {
        await updateUser(trx, id, { status: 'inactive' });
        written();
        await rollback;
        throw new Error('rolled back');
      })
      .catch((err: unknown) => err);
    await wrote;
    // On SQLite the read waits for the transaction; on PostgreSQL it reads the committed row now.
    const reading = readUserById(db, id);
    const statuses = db.rows(db.kysely.selectFrom('users').select('status').where('id', '=', id).compile());
    // No row, read while the transaction is open: the columns are still named.
    const none = db.rows(db.kysely.selectFrom('users').select(['id', 'status']).where('id', '=', 'no-such-id').compile());
    undo();
    expect((await transaction) as Error).toHaveProperty('message', 'rolled back');
    expect((await reading)?.status).toBe('active');
    expect(await statuses).toEqual({ columns: ['status'], values: [['active']] });
    expect(await none).toEqual({ columns: ['id', 'status'], values: [] });
    expect((await readUserById(db, id))?.status).toBe('active');
  });

  it('see a committed change at once', async () => {
    const id = ids[1] ?? '';
    await updateUser(db.kysely, id, { status: 'inactive' });
    expect((await readUserById(db, id))?.status).toBe('inactive');
    await updateUser(db.kysely, id, { status: 'active' });
    expect((await readUserByEmail(db, 'bob@x.io'))?.status).toBe('active');
  });

  it('prepared queries keep constant parameters, bind a value used twice, and refuse a value compiled into the SQL text', async () => {
    const activeByIdOrEmail = prepared((k, v: string) =>
      k.selectFrom('users').select('email').where('status', '=', 'active').where((eb) => eb.or([eb('id', '=', v), eb('email', '=', v)])),
    );
    expect(await db.first(activeByIdOrEmail(db.kysely, ids[0] ?? ''))).toEqual({ email: 'ann@x.io' });
    expect(await db.first(activeByIdOrEmail(db.kysely, 'bob@x.io'))).toEqual({ email: 'bob@x.io' });
    const literal = prepared((k, v: string) => k.selectFrom('users').select('email').where(sql.raw<boolean>(`email = '${String(v)}'`)));
    expect(() => literal(db.kysely, 'ann@x.io')).toThrow(/not a parameter/);
  });
});
