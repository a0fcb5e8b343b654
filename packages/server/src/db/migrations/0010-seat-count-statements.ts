import type { Kysely, Migration } from 'kysely';
import { sql } from 'kysely';
import type { DialectName } from '../database.js';

/**
 * PostgreSQL: the seat counts of migration 0008 kept once per INSERT or DELETE statement rather
 * than once per row. A row trigger updated the one `seat_counts` row for every user a bulk import
 * inserts, and every such update leaves one more version of that row for the next to step over
 * until the transaction ends: 1,000 users in one statement cost 1,000 updates of a lengthening
 * chain. A statement trigger reads the statement's rows (a transition table) and updates the row
 * once. Changes of status or role stay a row trigger (PostgreSQL allows no transition table on a
 * trigger limited to columns, and those statements touch a few rows). SQLite's row triggers are
 * cheap (no row versions) and stay as they are.
 */
export function seatCountStatements(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (dialect !== 'postgres') return;
      for (const statement of UP) await sql.raw(statement).execute(db);
    },
    async down(db: Kysely<unknown>) {
      if (dialect !== 'postgres') return;
      for (const statement of DOWN) await sql.raw(statement).execute(db);
    },
  };
}

/** The seats and admin seats among a transition table's rows, added (+) or taken away (-). */
const delta = (table: string, sign: '+' | '-') => `
     update seat_counts set
       active_users = active_users ${sign} (select count(*) from ${table} where status = 'active'),
       active_admins = active_admins ${sign} (select count(*) from ${table} where status = 'active' and role = 'admin')
     where id = 1 and exists (select 1 from ${table} where status = 'active');`;

const UP = [
  'drop trigger users_seat_counts on users',
  `create trigger users_seat_counts after update of status, role on users
     for each row execute function users_seat_counts()`,
  `create function users_seat_counts_inserted() returns trigger language plpgsql as $$
   begin ${delta('inserted', '+')}
     return null;
   end $$`,
  `create trigger users_seat_counts_insert after insert on users
     referencing new table as inserted for each statement execute function users_seat_counts_inserted()`,
  `create function users_seat_counts_deleted() returns trigger language plpgsql as $$
   begin ${delta('deleted', '-')}
     return null;
   end $$`,
  `create trigger users_seat_counts_delete after delete on users
     referencing old table as deleted for each statement execute function users_seat_counts_deleted()`,
];

const DOWN = [
  'drop trigger users_seat_counts_insert on users',
  'drop trigger users_seat_counts_delete on users',
  'drop function users_seat_counts_inserted()',
  'drop function users_seat_counts_deleted()',
  'drop trigger users_seat_counts on users',
  `create trigger users_seat_counts after insert or delete or update of status, role on users
     for each row execute function users_seat_counts()`,
];
