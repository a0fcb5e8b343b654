import type { Kysely, Migration } from 'kysely';
import { sql } from 'kysely';
import type { DialectName } from '../database.js';

/**
 * The users page's totals as data: beside the active users and active admins (migration 0008),
 * the seat row keeps how many users and admins there are whatever their status, changed by the
 * same triggers in the same transaction. A total filtered by status and role alone, the users
 * page's default, is then arithmetic on one row instead of a count of a million.
 */
export function userCounts(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('seat_counts').addColumn('all_users', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await db.schema.alterTable('seat_counts').addColumn('all_admins', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await sql`update seat_counts set
        all_users = (select count(*) from users),
        all_admins = (select count(*) from users where role = 'admin') where id = 1`.execute(db);
      for (const statement of dialect === 'postgres' ? POSTGRES_UP : SQLITE_UP) await sql.raw(statement).execute(db);
    },
    async down(db: Kysely<unknown>) {
      for (const statement of dialect === 'postgres' ? POSTGRES_DOWN : SQLITE_DOWN) await sql.raw(statement).execute(db);
      await db.schema.alterTable('seat_counts').dropColumn('all_admins').execute();
      await db.schema.alterTable('seat_counts').dropColumn('all_users').execute();
    },
  };
}

/** SQL for "1 if `row` counts as a user, an admin, an active user, an active admin", in each dialect. */
const SQLITE = {
  admin: (row: string) => `(${row}.role = 'admin')`,
  active: (row: string) => `(${row}.status = 'active')`,
  activeAdmin: (row: string) => `(${row}.status = 'active' and ${row}.role = 'admin')`,
};

const SQLITE_UP = [
  'drop trigger users_seat_counts_insert',
  'drop trigger users_seat_counts_update',
  'drop trigger users_seat_counts_delete',
  `create trigger users_counts_insert after insert on users begin
     update seat_counts set all_users = all_users + 1, all_admins = all_admins + ${SQLITE.admin('new')},
       active_users = active_users + ${SQLITE.active('new')}, active_admins = active_admins + ${SQLITE.activeAdmin('new')} where id = 1;
   end`,
  `create trigger users_counts_update after update of status, role on users
     when old.status is not new.status or old.role is not new.role begin
     update seat_counts set all_admins = all_admins - ${SQLITE.admin('old')} + ${SQLITE.admin('new')},
       active_users = active_users - ${SQLITE.active('old')} + ${SQLITE.active('new')},
       active_admins = active_admins - ${SQLITE.activeAdmin('old')} + ${SQLITE.activeAdmin('new')} where id = 1;
   end`,
  `create trigger users_counts_delete after delete on users begin
     update seat_counts set all_users = all_users - 1, all_admins = all_admins - ${SQLITE.admin('old')},
       active_users = active_users - ${SQLITE.active('old')}, active_admins = active_admins - ${SQLITE.activeAdmin('old')} where id = 1;
   end`,
];

const SQLITE_DOWN = [
  'drop trigger users_counts_insert',
  'drop trigger users_counts_update',
  'drop trigger users_counts_delete',
  `create trigger users_seat_counts_insert after insert on users when new.status = 'active' begin
     update seat_counts set active_users = active_users + 1, active_admins = active_admins + ${SQLITE.activeAdmin('new')} where id = 1;
   end`,
  `create trigger users_seat_counts_update after update of status, role on users
     when old.status is not new.status or old.role is not new.role begin
     update seat_counts set
       active_users = active_users - ${SQLITE.active('old')} + ${SQLITE.active('new')},
       active_admins = active_admins - ${SQLITE.activeAdmin('old')} + ${SQLITE.activeAdmin('new')}
     where id = 1;
   end`,
  `create trigger users_seat_counts_delete after delete on users when old.status = 'active' begin
     update seat_counts set active_users = active_users - 1, active_admins = active_admins - ${SQLITE.activeAdmin('old')} where id = 1;
   end`,
];

/** A PostgreSQL statement trigger's update: the four counts of a transition table's rows, added or taken away. */
const statementDelta = (table: string, sign: '+' | '-') => `
     update seat_counts set
       all_users = all_users ${sign} (select count(*) from ${table}),
       all_admins = all_admins ${sign} (select count(*) from ${table} where role = 'admin'),
       active_users = active_users ${sign} (select count(*) from ${table} where status = 'active'),
       active_admins = active_admins ${sign} (select count(*) from ${table} where status = 'active' and role = 'admin')
     where id = 1 and exists (select 1 from ${table});`;

const POSTGRES_UP = [
  // Row trigger, on changes of status or role only (migration 0010): the user count never moves.
  `create or replace function users_seat_counts() returns trigger language plpgsql as $$
   declare
     admins_delta integer := (new.role = 'admin')::integer - (old.role = 'admin')::integer;
     users_delta integer := (new.status = 'active')::integer - (old.status = 'active')::integer;
     active_admins_delta integer := (new.status = 'active' and new.role = 'admin')::integer - (old.status = 'active' and old.role = 'admin')::integer;
   begin
     if admins_delta <> 0 or users_delta <> 0 or active_admins_delta <> 0 then
       update seat_counts set all_admins = all_admins + admins_delta, active_users = active_users + users_delta,
         active_admins = active_admins + active_admins_delta where id = 1;
     end if;
     return null;
   end $$`,
  `create or replace function users_seat_counts_inserted() returns trigger language plpgsql as $$
   begin ${statementDelta('inserted', '+')}
     return null;
   end $$`,
  `create or replace function users_seat_counts_deleted() returns trigger language plpgsql as $$
   begin ${statementDelta('deleted', '-')}
     return null;
   end $$`,
];

const POSTGRES_DOWN = [
  `create or replace function users_seat_counts() returns trigger language plpgsql as $$
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
  `create or replace function users_seat_counts_inserted() returns trigger language plpgsql as $$
   begin
     update seat_counts set
       active_users = active_users + (select count(*) from inserted where status = 'active'),
       active_admins = active_admins + (select count(*) from inserted where status = 'active' and role = 'admin')
     where id = 1 and exists (select 1 from inserted where status = 'active');
     return null;
   end $$`,
  `create or replace function users_seat_counts_deleted() returns trigger language plpgsql as $$
   begin
     update seat_counts set
       active_users = active_users - (select count(*) from deleted where status = 'active'),
       active_admins = active_admins - (select count(*) from deleted where status = 'active' and role = 'admin')
     where id = 1 and exists (select 1 from deleted where status = 'active');
     return null;
   end $$`,
];
