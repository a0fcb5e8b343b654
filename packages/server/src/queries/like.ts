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
 * Whether the trigram indexes of migration 0009 can answer a search for `text`: they need 3
 * characters. A shorter search (1 or 2 characters) is the LIKE alone: a page walks its sort
 * index and stops at the limit, quick since such short text is common in emails and names; its
 * total (and a short search that matches few rows) scans.
 */
export function searchIndexed(text: string): boolean {
  return [...text.toLowerCase()].length >= 3;
}

/** True on SQLite, where search goes through the FTS5 tables (PostgreSQL's GIN indexes serve the LIKE itself). */
export function isSqlite<T>(db: Kysely<T>): boolean {
  return db.getExecutor().adapter instanceof SqliteAdapter;
}

/**
 * The rows of the FTS5 table `table` whose `column` (any column, when absent) contains `text`: an
 * FTS5 phrase, which the trigram tokenizer matches as a substring, case folded. A superset of the
 * LIKE match, which the caller keeps as the exact test.
 */
export function ftsContains(table: 'users_search' | 'workspaces_search', text: string, column?: string): RawBuilder<unknown> {
  const phrase = `"${text.toLowerCase().replace(/"/g, '""')}"`;
  const query = column === undefined ? phrase : `${column} : ${phrase}`;
  return sql`(select rowid from ${sql.table(table)} where ${sql.table(table)} match ${query})`;
}
