import type { Kysely, Migration } from 'kysely';
import { sql } from 'kysely';
import type { DialectName } from '../database.js';

/**
 * SQLite: an index that holds, in email order, every column a listed user's entry is written from
 * (see `userJson` in queries/reply-json.ts), so that the unpaged listing (Wallaroo's `list_users()`)
 * and pages in email order read it alone, in order, and never the table. A SQLite table is kept in
 * the order its rows were inserted: an imported million arrives in no email order, and reading it
 * by email through the unique index fetched one table page per user (measured on a shuffled
 * million: 8.4–10 s for `users/query {}`; 2.0 s with this index, which took 3.3 s to build and 150
 * MB). `test/queries/users-listing-plan.test.ts` fails when the entry needs a column it lacks.
 *
 * PostgreSQL is left as it is: its listing spends its time writing the JSON, not reading rows
 * (measured on a million in email order: 100,000 rows read in 14 ms, their entries written in
 * 400–550 ms), and an index-only scan there depends on the visibility map of a table that every
 * sign-in updates.
 */
export function listingIndex(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (dialect !== 'sqlite') return;
      await sql`create index users_listing on users (email, id, username, status, created_at, email_verified, first_name, last_name, last_login_at, role, source, external_id)`.execute(db);
    },
    async down(db: Kysely<unknown>) {
      if (dialect !== 'sqlite') return;
      await sql`drop index if exists users_listing`.execute(db);
    },
  };
}
