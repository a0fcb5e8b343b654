import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import { usersListing } from '../../src/queries/users.js';
import type { UserSortKey } from '../../src/queries/users.js';
import { describeEachDatabase } from '../support/databases.js';

const KEYS: UserSortKey[] = ['role', 'status', 'email', 'first_name', 'last_name', 'last_login'];
const POSITION = { key: 'm', email: 'm@x.io' };

/**
 * Guards the paging that stays fast at 100,000 users: a page in any order, first or later, is
 * read from an index in order, with no sort step over every user (migration 0006).
 */
describeEachDatabase('users listing query plans', (database) => {
  let db: Db;
  beforeAll(async () => {
    db = await database.open();
  });
  afterAll(async () => {
    if (database.dialect === 'sqlite') await db.destroy();
  });

  async function plan(by: UserSortKey, order: 'asc' | 'desc', after: boolean): Promise<string> {
    const position = by === 'last_login' ? { ...POSITION, key: 5 } : POSITION;
    const query = usersListing(db.kysely, { sort: { by, order }, limit: 26, ...(after && { after: position }) }).compile();
    if (database.dialect === 'sqlite') {
      const rows = await db.kysely.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]));
      return rows.rows.map((r) => r.detail).join('\n');
    }
    return db.kysely.transaction().execute(async (trx) => {
      // On an empty table the planner would rather sort; forbid it, so only a missing index shows a Sort.
      await sql`set local enable_sort = off`.execute(trx);
      await sql`set local enable_seqscan = off`.execute(trx);
      const rows = await trx.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain ${query.sql}`, [...query.parameters]));
      return rows.rows.map((r) => r['QUERY PLAN']).join('\n');
    });
  }

  it.each(KEYS)('sorting by %s reads an index in order, both ways, on the first page and after a cursor', async (by) => {
    for (const order of ['asc', 'desc'] as const) {
      for (const after of [false, true]) {
        const text = await plan(by, order, after);
        expect(text, `${by} ${order}${after ? ' after a cursor' : ''}:\n${text}`).not.toMatch(database.dialect === 'sqlite' ? /TEMP B-TREE/ : /\bSort\b/);
        expect(text).toMatch(/index/i);
        // After a cursor the index is entered at the position, not read from its start.
        if (after) expect(text, `${by} ${order} after a cursor:\n${text}`).toMatch(database.dialect === 'sqlite' ? /^SEARCH/ : /Index Cond/);
      }
    }
  });
});
