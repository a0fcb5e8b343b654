import type { Kysely, Migration } from 'kysely';
import { sql } from 'kysely';
import type { DialectName } from '../database.js';

/**
 * Indexes made for substring search (`users/query` `search`, `workspaces/overview` `search`), so a
 * search reads the rows that contain the text instead of scanning a million.
 *
 * SQLite: FTS5 tables with the `trigram` tokenizer, contentless (`content=''`, the text stays in
 * `users`/`workspaces` alone) with `contentless_delete=1`, keyed by the row's rowid (`users`'s
 * implicit rowid, which VACUUM keeps in the SQLite bundled with better-sqlite3; `workspaces.id`).
 * Triggers keep them in step in the transaction of every insert, change of the searched columns and
 * delete, whoever writes, as migration 0008 does for the seat counts. An FTS match is a superset of
 * the LIKE match (it folds case beyond ASCII); the query rechecks with LIKE, so results are the same.
 *
 * PostgreSQL: `pg_trgm` GIN indexes on the very expressions the LIKE tests, maintained by
 * PostgreSQL itself. `pg_trgm` is a trusted extension (PostgreSQL 13+): the database's owner, or any
 * role with CREATE on it, may create it; otherwise a superuser runs `create extension pg_trgm` in
 * the database first and this migration's `if not exists` leaves it be.
 *
 * Trigrams need 3 characters: migration 0015 serves shorter searches (and rebuilds the FTS5 tables).
 */
export function search(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      for (const statement of dialect === 'postgres' ? POSTGRES_UP : SQLITE_UP) await sql.raw(statement).execute(db);
    },
    async down(db: Kysely<unknown>) {
      for (const statement of dialect === 'postgres' ? POSTGRES_DOWN : SQLITE_DOWN) await sql.raw(statement).execute(db);
    },
  };
}

/**
 * The FTS5 tables and their triggers, each column's text as `text` makes it of an expression
 * (`new.email`, `name`): as it is here; with padding after it in migration 0015.
 */
export function sqliteSearchTables(text: (expression: string) => string): string[] {
  const userText = (row: 'new' | 'old') => `${row}.rowid, ${text(`${row}.email`)}, ${text(`${row}.first_name`)}, ${text(`${row}.last_name`)}`;
  const workspaceText = (row: 'new' | 'old') => `${row}.id, ${text(`${row}.name`)}`;
  return [
    `create virtual table users_search using fts5(email, first_name, last_name, content='', contentless_delete=1, tokenize='trigram')`,
    `insert into users_search (rowid, email, first_name, last_name) select rowid, ${text('email')}, ${text('first_name')}, ${text('last_name')} from users`,
    `create trigger users_search_insert after insert on users begin
       insert into users_search (rowid, email, first_name, last_name) values (${userText('new')});
     end`,
    `create trigger users_search_update after update of email, first_name, last_name on users
       when old.email is not new.email or old.first_name is not new.first_name or old.last_name is not new.last_name begin
       delete from users_search where rowid = old.rowid;
       insert into users_search (rowid, email, first_name, last_name) values (${userText('new')});
     end`,
    `create trigger users_search_delete after delete on users begin
       delete from users_search where rowid = old.rowid;
     end`,
    `create virtual table workspaces_search using fts5(name, content='', contentless_delete=1, tokenize='trigram')`,
    `insert into workspaces_search (rowid, name) select id, ${text('name')} from workspaces`,
    `create trigger workspaces_search_insert after insert on workspaces begin
       insert into workspaces_search (rowid, name) values (${workspaceText('new')});
     end`,
    `create trigger workspaces_search_update after update of name on workspaces when old.name is not new.name begin
       delete from workspaces_search where rowid = old.id;
       insert into workspaces_search (rowid, name) values (${workspaceText('new')});
     end`,
    `create trigger workspaces_search_delete after delete on workspaces begin
       delete from workspaces_search where rowid = old.id;
     end`,
  ];
}

export const SQLITE_UP = sqliteSearchTables((expression) => expression);

export const SQLITE_DOWN = [
  ...['users_search_insert', 'users_search_update', 'users_search_delete', 'workspaces_search_insert', 'workspaces_search_update', 'workspaces_search_delete'].map(
    (name) => `drop trigger if exists ${name}`,
  ),
  'drop table if exists users_search',
  'drop table if exists workspaces_search',
];

const POSTGRES_UP = [
  'create extension if not exists pg_trgm',
  'create index users_search_email on users using gin (email gin_trgm_ops)',
  'create index users_search_first_name on users using gin (lower(first_name) gin_trgm_ops)',
  'create index users_search_last_name on users using gin (lower(last_name) gin_trgm_ops)',
  'create index workspaces_search_name on workspaces using gin (lower(name) gin_trgm_ops)',
];

const POSTGRES_DOWN = ['users_search_email', 'users_search_first_name', 'users_search_last_name', 'workspaces_search_name'].map((name) => `drop index if exists ${name}`);
