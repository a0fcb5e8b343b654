import { sql, SqliteAdapter } from 'kysely';
import type { Kysely, RawBuilder } from 'kysely';

/** `LIKE` pattern for "contains `text`", case-insensitive once the column is lower-cased. */
function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * True where one of `columns` (SQL expressions, already lower-cased) contains `text`.
 * Explicit ESCAPE: SQLite has no default escape character, PostgreSQL's is the backslash.
 */
export function containsAny(columns: readonly RawBuilder<unknown>[], text: string): RawBuilder<boolean> {
  const pattern = containsPattern(text);
  return sql<boolean>`(${sql.join(
    columns.map((c) => sql`${c} like ${pattern} escape '\\'`),
    sql` or `,
  )})`;
}

/**
 * Whether `text` is shorter than a trigram (1 or 2 characters): the trigram indexes of migration
 * 0009 cannot answer it, and migration 0015's short-search indexes do (see `ftsContains`, `hasShortGram`).
 */
export function isShortSearch(text: string): boolean {
  return [...text].length < 3;
}

/** True on SQLite, where search goes through the FTS5 tables (PostgreSQL's GIN indexes serve the LIKE itself). */
export function isSqlite<T>(db: Kysely<T>): boolean {
  return db.getExecutor().adapter instanceof SqliteAdapter;
}

/**
 * The rows of the FTS5 table `table` whose `column` (any column, when absent) contains `text`, a
 * superset of the LIKE match, which the caller keeps as the exact test. Text of 3 characters or
 * more is an FTS5 phrase, which the trigram tokenizer matches as a substring, case folded. Shorter
 * text is the OR of every trigram in the table's vocabulary that begins with it: migration 0015
 * pads each column with two U+0001, so every occurrence begins one. A text no trigram begins with
 * gets a phrase nothing contains (three U+0001), as FTS5 refuses an empty query.
 */
export function ftsContains(table: FtsTable, text: string, column?: string): RawBuilder<unknown> {
  return sql`(select rowid from ${sql.table(table)} where ${sql.table(table)} match ${ftsQuery(table, text, column)})`;
}

type FtsTable = 'users_search' | 'workspaces_search';

/** The FTS5 query of `ftsContains`, for a `match` of the table. */
export function ftsQuery(table: FtsTable, text: string, column?: string): RawBuilder<string> {
  const folded = text.toLowerCase();
  const query = isShortSearch(folded)
    ? sql`coalesce((select group_concat('"' || replace(term, '"', '""') || '"', ' OR ') from ${sql.table(`${table}_terms`)} where term >= ${folded} and term < ${folded + LAST_CHARACTER}), '"' || char(1, 1, 1) || '"')`
    : sql`${phrase(folded)}`;
  return column === undefined ? sql<string>`${query}` : sql<string>`${column + ' : ('} || ${query} || ')'`;
}

/**
 * The FTS5 query of `ftsQuery` (text of 3 characters or more) less the rows whose `startColumn`
 * begins with the text: FTS5's `^`, a phrase at the column's first token, which the trigram
 * tokenizer keeps (its first token is the column's first three characters).
 */
export function ftsQueryNotStarting(table: FtsTable, text: string, startColumn: string, column?: string): RawBuilder<string> {
  return sql<string>`${ftsQuery(table, text, column)} || ${` NOT (${startColumn} : ^ ${phrase(text.toLowerCase())})`}`;
}

/** The greatest code point: every term that begins with a text sorts before the text followed by it. */
export const LAST_CHARACTER = String.fromCodePoint(0x10ffff);

function phrase(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/**
 * PostgreSQL, a text of 1 or 2 characters: true where one of `grams` (expressions of
 * `paddock_short_grams`, each one a GIN index of migration 0015) holds it: a superset of the LIKE
 * match (the names' grams also hold the pairs around the newline between first and last name,
 * which the LIKE then refuses).
 */
export function hasShortGram(grams: readonly RawBuilder<unknown>[], text: string): RawBuilder<boolean> {
  const folded = text.toLowerCase();
  return sql<boolean>`(${sql.join(
    grams.map((g) => sql`${g} @> array[${folded}::text]`),
    sql` or `,
  )})`;
}
