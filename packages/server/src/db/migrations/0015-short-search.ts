import type { Kysely, Migration } from 'kysely';
import { sql } from 'kysely';
import type { DialectName } from '../database.js';
import { sqliteSearchTables, SQLITE_DOWN as TRIGRAM_TABLES_DOWN, SQLITE_UP as TRIGRAM_TABLES_UP } from './0009-search.js';

/**
 * Indexes for searches of 1 or 2 characters, which the trigram indexes of migration 0009 cannot
 * answer: such a search scanned every user (or workspace) whenever the text was rare (`%`, `q`,
 * `wu`): 0.3–4 s at a million users on SQLite. A typeahead sends exactly these first.
 *
 * SQLite: the FTS5 tables are rebuilt with two U+0001 characters after each column's text, so that
 * every occurrence of 1 or 2 characters begins some indexed trigram; a short search is then the OR
 * of every trigram in the index that begins with it, read from the table's vocabulary (an
 * `fts5vocab` table, `users_search_terms` / `workspaces_search_terms`). Searches of 3 characters
 * or more match as before (the padding is only ever at the end; the LIKE rechecks every match).
 * Rebuilding a million users' table took 21 s here.
 *
 * PostgreSQL: `paddock_short_grams(text)`, every substring of 1 and 2 characters, and GIN indexes
 * on it (the email; first and last name together, a newline between them; a workspace's name),
 * which a short search asks for with `@>` beside its LIKE.
 */
export function shortSearch(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      for (const statement of dialect === 'postgres' ? POSTGRES_UP : SQLITE_UP) await sql.raw(statement).execute(db);
    },
    async down(db: Kysely<unknown>) {
      for (const statement of dialect === 'postgres' ? POSTGRES_DOWN : SQLITE_DOWN) await sql.raw(statement).execute(db);
    },
  };
}

/** A column's text as the FTS5 tables hold it: with two U+0001 after it (NULL stays NULL). */
const padded = (expression: string) => `${expression} || char(1, 1)`;

const SQLITE_UP = [
  ...TRIGRAM_TABLES_DOWN,
  ...sqliteSearchTables(padded),
  `create virtual table users_search_terms using fts5vocab(users_search, 'row')`,
  `create virtual table workspaces_search_terms using fts5vocab(workspaces_search, 'row')`,
];

const SQLITE_DOWN = ['drop table if exists users_search_terms', 'drop table if exists workspaces_search_terms', ...TRIGRAM_TABLES_DOWN, ...TRIGRAM_TABLES_UP];

const POSTGRES_UP = [
  // Every substring of 1 and 2 characters; GIN sorts and deduplicates an array's elements itself.
  `create function paddock_short_grams(t text) returns text[] language sql immutable strict parallel safe as $$
     select array(select substr(t, i, n) from generate_series(1, char_length(t)) as i, (values (1), (2)) as g(n) where i + n - 1 <= char_length(t))
   $$`,
  'create index users_short_email on users using gin (paddock_short_grams(email))',
  `create index users_short_names on users using gin (paddock_short_grams(lower(first_name) || chr(10) || lower(last_name)))`,
  'create index workspaces_short_name on workspaces using gin (paddock_short_grams(lower(name)))',
];

const POSTGRES_DOWN = [
  ...['users_short_email', 'users_short_names', 'workspaces_short_name'].map((name) => `drop index if exists ${name}`),
  'drop function if exists paddock_short_grams(text)',
];
