import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import { existingEmails, existingEmailsQuery, IMPORT_BATCH } from '../../src/queries/user-import.js';
import { describeEachDatabase } from '../support/databases.js';

/**
 * The import's check for existing users reads the unique email index: on PostgreSQL the planner
 * otherwise took the email's trigram index (it answers `=` too) for a batch of emails, and read
 * the posting lists of every trigram they share, seconds a batch at 100,000 users.
 */
describeEachDatabase('import lookups', (database) => {
  let db: Db;
  const users = 20_000;
  beforeAll(async () => {
    db = await database.open();
    await sql`with recursive n(i) as (select 1 union all select i + 1 from n where i < ${users})
      insert into users (id, email, username, first_name, last_name, role, status, created_at)
      select 'u' || i, 'person-' || i || '@import.bench', 'person-' || i || '@import.bench', 'First' || i, 'Last' || i, 'user', 'active', 1 from n`.execute(db.kysely);
    await sql`analyze`.execute(db.kysely);
  });
  afterAll(async () => {
    if (database.dialect === 'sqlite') await db.destroy();
  });

  const batch = Array.from({ length: IMPORT_BATCH }, (_, i) => `person-${users - 249 + i}@import.bench`);

  it('find a batch of emails through the unique email index', async () => {
    const query = existingEmailsQuery(db.kysely, batch).compile(db.kysely);
    if (database.dialect === 'sqlite') {
      const rows = await db.kysely.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]));
      const text = rows.rows.map((r) => r.detail).join('\n');
      expect(text, text).toMatch(/^SEARCH users USING COVERING INDEX sqlite_autoindex_users_\d+ \(email=\?\)$/m);
      return;
    }
    const text = await db.kysely.transaction().execute(async (trx) => {
      // 20,000 users are read whole sooner than probed 500 times; forbid that, as at a million.
      await sql`set local enable_seqscan = off`.execute(trx);
      const rows = await trx.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain ${query.sql}`, [...query.parameters]));
      return rows.rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    // One probe of the unique index per email, whatever the statistics say (`in (...)` left it to them).
    expect(text, text).toMatch(/^Nested Loop .*\n[\s\S]*Index (Only )?Scan using users_email_key on users/);
    expect(text, text).not.toMatch(/users_search_email|users_short_email|Seq Scan on users/);
  });

  it('answer exactly the emails that belong to a user', async () => {
    const found = await existingEmails(db.kysely, [...batch, 'nobody@import.bench', `person-1@import.bench`]);
    const expected = [...batch.slice(0, 250), 'person-1@import.bench'];
    expect([...found].sort()).toEqual(expected.sort());
  });
});
