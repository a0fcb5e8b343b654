import { sql } from 'kysely';
import type { Kysely, RawBuilder } from 'kysely';
import { isSqlite } from './like.js';

/**
 * Which of a user's fields a reply shows: `full` to admins, `public` (`id`, `email`, `username`,
 * `enabled`, `createdTimestamp`, what the Wallaroo SDK's `User` needs) to everyone else.
 */
export type UserView = 'full' | 'public';

/**
 * A user in Keycloak's field names (the `keycloakUser` reply schema), written as JSON by the
 * database: the same bytes, key for key and escape for escape, as `presentUser` run through the
 * reply serializer, which `test/queries/reply-json.test.ts` checks on both dialects. A listing that
 * answers a million users, or a page of a hundred many times a second, then builds no object
 * per user in JavaScript and writes none: each row comes out as the text that goes on the wire.
 * Columns are referenced unqualified, so the expression fits any query over the users table or a
 * derived table with its columns.
 */
export function userJson<T>(db: Kysely<T>, view: UserView): RawBuilder<string> {
  return written(isSqlite(db), userParts(isSqlite(db), view));
}

/** `"id":{...}`: one entry of a reply's object keyed by user id. */
export function userEntryJson<T>(db: Kysely<T>, view: UserView): RawBuilder<string> {
  const sqlite = isSqlite(db);
  return written(sqlite, [jsonValue(sqlite)(sql`id`), ':', ...userParts(sqlite, view)]);
}

function userParts(sqlite: boolean, view: UserView): Part[] {
  const value = jsonValue(sqlite);
  const parts: Part[] = [
    '{"id":',
    value(sql`id`),
    ',"email":',
    value(sql`email`),
    ',"username":',
    value(sql`username`),
    ',"enabled":',
    sql`case when status = 'active' then 'true' else 'false' end`,
    // The serializer writes a schema's required properties first, then the optional ones.
    ',"createdTimestamp":',
    value(sql`created_at`),
  ];
  if (view === 'full') {
    parts.push(
      ',"emailVerified":',
      sql`case when email_verified = 1 then 'true' else 'false' end`,
      ',"firstName":',
      value(sql`first_name`),
      ',"lastName":',
      value(sql`last_name`),
      ',"lastLogin":',
      value(sql`last_login_at`),
      ',"realmRoles":',
      sql`case when role = 'admin' then '["admin"]' else '[]' end`,
      // Absent, not null, for local users (as the serializer leaves out an undefined optional field).
      sql`case when source is null then '' else ',"source":' || ${value(sql`source`)} end`,
      sql`case when external_id is null then '' else ',"externalId":' || ${value(sql`external_id`)} end`,
    );
  }
  parts.push('}');
  return parts;
}

/**
 * A workspace as the `workspace` reply schema has it (Wallaroo's fields), written as JSON by the
 * database, with the bytes of `presentWorkspace` run through the reply serializer: `created_at` as
 * ISO-8601 to the millisecond with `+00:00`, `models` and `pipelines` empty. Columns unqualified.
 */
export function workspaceJson<T>(db: Kysely<T>): RawBuilder<string> {
  const sqlite = isSqlite(db);
  const value = jsonValue(sqlite);
  // Whole milliseconds: SQLite rounds the seconds given to the millisecond, PostgreSQL adds an exact interval.
  const createdAt = sqlite
    ? sql<string>`strftime('%Y-%m-%dT%H:%M:%f', created_at / 1000.0, 'unixepoch')`
    : sql<string>`to_char(timestamp '1970-01-01' + created_at * interval '1 millisecond', 'YYYY-MM-DD"T"HH24:MI:SS.MS')`;
  return written(sqlite, [
    '{"id":',
    value(sql`id`),
    ',"name":',
    value(sql`name`),
    ',"created_at":"',
    createdAt,
    '+00:00","created_by":',
    value(sql`created_by`),
    ',"archived":',
    sql`case when archived = 1 then 'true' else 'false' end`,
    ',"models":[],"pipelines":[],"default_for":',
    value(sql`default_for`),
    '}',
  ]);
}

/** A JSON text in pieces: literal text (a string) and SQL text values, in order. */
type Part = string | RawBuilder<string>;

/**
 * The parts as one text. PostgreSQL gets one `format()`, which writes the text once: a chain of
 * `||` copies the text so far at every step, which made a million entries cost it 6.8 s against
 * 5.3 s (measured in psql, one statement over a million users). SQLite gets the chain, and adjacent
 * literals are joined first on both.
 */
function written(sqlite: boolean, parts: readonly Part[]): RawBuilder<string> {
  const joined: Part[] = [];
  for (const part of parts) {
    const last = joined.at(-1);
    if (typeof part === 'string' && typeof last === 'string') joined[joined.length - 1] = last + part;
    else joined.push(part);
  }
  if (sqlite) return sql<string>`(${sql.join(joined.map((part) => (typeof part === 'string' ? sql.lit(part) : part)), sql` || `)})`;
  const template = joined.map((part) => (typeof part === 'string' ? part.replaceAll('%', '%%') : '%s')).join('');
  const values = joined.filter((part): part is RawBuilder<string> => typeof part !== 'string');
  return sql<string>`format(${sql.lit(template)}, ${sql.join(values)})`;
}

/**
 * `items` (JSON text, one per row, a derived table's column) joined by commas in the order of
 * `order`, as one value: bytes on SQLite (a blob needs no decoding into a string and encoding back
 * on the way out), text on PostgreSQL.
 */
export function joinedJson<T>(db: Kysely<T>, items: RawBuilder<unknown>, order: RawBuilder<unknown>): RawBuilder<string | Uint8Array | null> {
  return isSqlite(db) ? sql`cast(group_concat(${items}, ',' order by ${order}) as blob)` : sql`string_agg(${items}, ',' order by ${order})`;
}

/**
 * A column's value as JSON text: a string quoted and escaped as JSON.stringify does (both
 * databases escape `"`, `\` and the control characters, with the short forms for \b \f \n \r \t
 * and lower-case \u00xx for the rest), a number as its digits, NULL as null.
 */
function jsonValue(sqlite: boolean): (column: RawBuilder<unknown>) => RawBuilder<string> {
  return sqlite ? (column) => sql<string>`json_quote(${column})` : (column) => sql<string>`coalesce(to_json(${column})::text, 'null')`;
}
