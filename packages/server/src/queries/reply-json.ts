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
  const value = jsonValue(isSqlite(db));
  const fields = [
    sql`'{"id":' || ${value(sql`id`)}`,
    sql`',"email":' || ${value(sql`email`)}`,
    sql`',"username":' || ${value(sql`username`)}`,
    sql`',"enabled":' || case when status = 'active' then 'true' else 'false' end`,
    // The serializer writes a schema's required properties first, then the optional ones.
    sql`',"createdTimestamp":' || ${value(sql`created_at`)}`,
  ];
  if (view === 'full') {
    fields.push(
      sql`',"emailVerified":' || case when email_verified = 1 then 'true' else 'false' end`,
      sql`',"firstName":' || ${value(sql`first_name`)}`,
      sql`',"lastName":' || ${value(sql`last_name`)}`,
      sql`',"lastLogin":' || ${value(sql`last_login_at`)}`,
      sql`',"realmRoles":' || case when role = 'admin' then '["admin"]' else '[]' end`,
      // Absent, not null, for local users (as the serializer leaves out an undefined optional field).
      sql`case when source is null then '' else ',"source":' || ${value(sql`source`)} end`,
      sql`case when external_id is null then '' else ',"externalId":' || ${value(sql`external_id`)} end`,
    );
  }
  return sql<string>`(${sql.join(fields, sql` || `)} || '}')`;
}

/** `"id":{...}`: one entry of a reply's object keyed by user id. */
export function userEntryJson<T>(db: Kysely<T>, view: UserView): RawBuilder<string> {
  return sql<string>`(${jsonValue(isSqlite(db))(sql`id`)} || ':' || ${userJson(db, view)})`;
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
    ? sql`strftime('%Y-%m-%dT%H:%M:%f', created_at / 1000.0, 'unixepoch')`
    : sql`to_char(timestamp '1970-01-01' + created_at * interval '1 millisecond', 'YYYY-MM-DD"T"HH24:MI:SS.MS')`;
  return sql<string>`('{"id":' || ${value(sql`id`)}
    || ',"name":' || ${value(sql`name`)}
    || ',"created_at":"' || ${createdAt} || '+00:00"'
    || ',"created_by":' || ${value(sql`created_by`)}
    || ',"archived":' || case when archived = 1 then 'true' else 'false' end
    || ',"models":[],"pipelines":[]'
    || ',"default_for":' || ${value(sql`default_for`)} || '}')`;
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
