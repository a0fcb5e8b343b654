import { sql } from 'kysely';
import type { RawBuilder } from 'kysely';

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
