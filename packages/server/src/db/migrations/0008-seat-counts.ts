import type { Kysely, Migration } from 'kysely';
import { sql } from 'kysely';
import type { DialectName } from '../database.js';

/**
 * The seat meter as data: one row holding how many users are active and how many of them are
 * admins, kept by triggers on `users` in the transaction of every insert, status or role change
 * and delete, whoever writes it. The seat check and `license/get` read one row instead of counting
 * a million; `doctor` recounts and repairs a drift (which only hand edits with triggers off can make).
 */
export function seatCounts(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('seat_counts')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('active_users', 'integer', (c) => c.notNull())
        .addColumn('active_admins', 'integer', (c) => c.notNull())
        .execute();
      await sql`insert into seat_counts (id, active_users, active_admins)
        select 1, count(*), coalesce(sum(case when role = 'admin' then 1 else 0 end), 0) from users where status = 'active'`.execute(db);
      for (const statement of dialect === 'postgres' ? POSTGRES_TRIGGERS : SQLITE_TRIGGERS) await sql.raw(statement).execute(db);
    },
    async down(db: Kysely<unknown>) {
      if (dialect === 'postgres') {
        await sql.raw('drop trigger if exists users_seat_counts on users').execute(db);
        await sql.raw('drop function if exists users_seat_counts()').execute(db);
      } else {
        for (const name of ['users_seat_counts_insert', 'users_seat_counts_update', 'users_seat_counts_delete']) {
          await sql.raw(`drop trigger if exists ${name}`).execute(db);
        }
      }
      await db.schema.dropTable('seat_counts').execute();
    },
  };
}

/** 1 when the row holds a seat, as an admin or at all. */
const SQLITE_SEAT = (row: 'new' | 'old') => `(${row}.status = 'active')`;
const SQLITE_ADMIN_SEAT = (row: 'new' | 'old') => `(${row}.status = 'active' and ${row}.role = 'admin')`;

const SQLITE_TRIGGERS = [
  `create trigger users_seat_counts_insert after insert on users when new.status = 'active' begin
     update seat_counts set active_users = active_users + 1, active_admins = active_admins + ${SQLITE_ADMIN_SEAT('new')} where id = 1;
   end`,
  `create trigger users_seat_counts_update after update of status, role on users
     when old.status is not new.status or old.role is not new.role begin
     update seat_counts set
       active_users = active_users - ${SQLITE_SEAT('old')} + ${SQLITE_SEAT('new')},
       active_admins = active_admins - ${SQLITE_ADMIN_SEAT('old')} + ${SQLITE_ADMIN_SEAT('new')}
     where id = 1;
   end`,
  `create trigger users_seat_counts_delete after delete on users when old.status = 'active' begin
     update seat_counts set active_users = active_users - 1, active_admins = active_admins - ${SQLITE_ADMIN_SEAT('old')} where id = 1;
   end`,
];

const POSTGRES_TRIGGERS = [
  `create function users_seat_counts() returns trigger language plpgsql as $$
   declare
     users_delta integer := 0;
     admins_delta integer := 0;
   begin
     if tg_op in ('UPDATE', 'DELETE') then
       users_delta := users_delta - (old.status = 'active')::integer;
       admins_delta := admins_delta - (old.status = 'active' and old.role = 'admin')::integer;
     end if;
     if tg_op in ('INSERT', 'UPDATE') then
       users_delta := users_delta + (new.status = 'active')::integer;
       admins_delta := admins_delta + (new.status = 'active' and new.role = 'admin')::integer;
     end if;
     if users_delta <> 0 or admins_delta <> 0 then
       update seat_counts set active_users = active_users + users_delta, active_admins = active_admins + admins_delta where id = 1;
     end if;
     return null;
   end $$`,
  `create trigger users_seat_counts after insert or delete or update of status, role on users
     for each row execute function users_seat_counts()`,
];
