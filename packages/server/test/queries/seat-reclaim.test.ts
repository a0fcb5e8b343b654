import { CompiledQuery, sql } from 'kysely';
import { expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import { migrateTo, migrateToLatest } from '../../src/db/migrate.js';
import { openDatabase } from '../../src/db/database.js';
import { dormantListing } from '../../src/queries/seat-reclaim.js';
import { describeEachDatabase } from '../support/databases.js';

describeEachDatabase('seat reclaim: migration 0012 and the idle query', (database) => {
  async function explain(db: Db, query: CompiledQuery): Promise<string> {
    if (db.dialect === 'sqlite') {
      const rows = await db.kysely.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]));
      return rows.rows.map((r) => r.detail).join('\n');
    }
    return db.kysely.transaction().execute(async (trx) => {
      await sql`set local enable_seqscan = off`.execute(trx);
      const rows = await trx.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain ${query.sql}`, [...query.parameters]));
      return rows.rows.map((r) => r['QUERY PLAN']).join('\n');
    });
  }

  it('the idle listing reads the partial index users_last_active, not the whole table', async () => {
    const db = await database.open();
    for (const usersOnly of [false, true]) {
      const text = await explain(db, dormantListing(db.kysely, { before: 1_000, usersOnly, limit: 500 }).compile());
      expect(text, text).toContain('users_last_active');
    }
  });

  it('backfills the last activity from the last sign-in, keeps the creation for those who never signed in, and adds the policy lock row', async () => {
    const url = await database.url();
    const db = openDatabase({ url });
    try {
      await migrateTo(db, '0009-search');
      await sql`insert into users (id, email, username, first_name, last_name, role, status, email_verified, password_hash, created_at, last_login_at)
        values ('a', 'a@x.io', 'a@x.io', '', '', 'user', 'active', 0, null, 100, 500), ('b', 'b@x.io', 'b@x.io', '', '', 'user', 'active', 0, null, 200, null)`.execute(db.kysely);
      await migrateToLatest(db);
      const rows = await db.kysely.selectFrom('users').select(['email', 'last_active_at', 'deactivated_by', 'idle_warned_at']).orderBy('email').execute();
      expect(rows).toEqual([
        { email: 'a@x.io', last_active_at: 500, deactivated_by: null, idle_warned_at: null },
        { email: 'b@x.io', last_active_at: null, deactivated_by: null, idle_warned_at: null },
      ]);
      expect(await db.kysely.selectFrom('locks').select('touched_at').where('name', '=', 'seat-reclaim').executeTakeFirst()).toEqual({ touched_at: 0 });
    } finally {
      await db.destroy();
    }
  });
});
