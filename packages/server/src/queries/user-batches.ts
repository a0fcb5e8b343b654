/*
 * Every user a listing selects, in batches, for the streamed unpaged listings (Wallaroo's
 * `users/query {}`): ranges of the email order written by the database, or keyset batches in any
 * other order.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { isSqlite } from './like.js';
import { inRanges, POSTGRES_READS_IN_FLIGHT } from './ranges.js';
import { joinedJson } from './reply-json.js';
import type { UserView } from './reply-json.js';
import type { Reader } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { listingOf, readListing, userEntriesListing } from './user-listing.js';
import type { Shape, UserEntry, UserFilter, UserPosition, UserSort } from './user-listing.js';
import { entryShape } from './user-pages.js';

type Db = Kysely<Database>;

/** The default size of the batches `userEntriesInBatches` and `writtenUserBatches` read. */
export const STREAM_BATCH_SIZE = 2000;

type BatchFilter = Omit<UserFilter, 'after' | 'afterEmail' | 'throughEmail' | 'offset' | 'limit'>;

/**
 * Every user `filter` selects, in the order of `queryUsers`, each written by the database as its
 * entry in a reply (see `userJson`), read `batchSize` at a time by keyset (each batch one indexed
 * range read of the listing after the last row of the one before). Nothing is held between
 * batches: no cursor, no connection, no transaction, so a reader that stops early (a client gone
 * mid-stream) leaves nothing to release, and writers never wait on it.
 */
export function userEntriesInBatches(reader: Reader, filter: BatchFilter, view: UserView, batchSize = STREAM_BATCH_SIZE): AsyncGenerator<UserEntry[]> {
  return inBatches(filter, batchSize, entryShape(reader, view));
}

/**
 * Every user `filter` selects, in the order of `queryUsers`, written by the database about
 * `batchSize` at a time: each batch is its users' entries (see `userJson`) joined by commas, as one
 * value of one statement (bytes on SQLite, text on PostgreSQL), so that a million users cost
 * neither a row object nor a string each in JavaScript. Batches are ranges of emails (see
 * `inRanges`: the first is small, and PostgreSQL writes two at once). In the email order (the
 * unpaged listing's, Wallaroo's); other orders are joined from `userEntriesInBatches`.
 */
export async function* writtenUserBatches(reader: Reader, filter: BatchFilter, view: UserView, batchSize = STREAM_BATCH_SIZE): AsyncGenerator<string | Uint8Array> {
  const sort = filter.sort;
  if (sort && sort.by !== 'email') {
    for await (const rows of userEntriesInBatches(reader, filter, view, batchSize)) yield rows.map((u) => u.entry).join(',');
    return;
  }
  const db = reader.kysely;
  if (filter.ids?.length === 0) return;
  const order = sort?.order ?? 'asc';
  const from = (after: string | undefined): UserFilter => (after === undefined ? {} : sort ? { after: { key: after, email: after } } : { afterEmail: after });
  const bound = async (after: string | undefined, size: number) => {
    const end = await userRangeEnd(db, { ...filter, ...from(after), limit: size }, order).executeTakeFirstOrThrow();
    return { through: end.through, rows: Number(end.rows) };
  };
  const read = async (after: string | undefined, through: string) =>
    (await writtenBatch(db, { ...filter, ...from(after), throughEmail: through }, view, order).executeTakeFirstOrThrow()).entries;
  for await (const entries of inRanges(bound, read, batchSize, isSqlite(db) ? 1 : POSTGRES_READS_IN_FLIGHT)) {
    if (entries !== null) yield entries;
  }
}

/** Where the listing's next `filter.limit` users in email order end: their last email and how many they are (the index alone). */
export function userRangeEnd(db: Db, filter: UserFilter, order: UserSort['order']) {
  const last = order === 'asc' ? sql<string | null>`max(email)` : sql<string | null>`min(email)`;
  return db.selectFrom(listingOf(db, filter).select('email').as('listed')).select([last.as('through'), sql<number | string>`count(*)`.as('rows')]);
}

/** One batch of `writtenUserBatches`: the listing's entries aggregated in its order, an email order (null when none). */
export function writtenBatch(db: Db, filter: UserFilter, view: UserView, order: UserSort['order']) {
  // The sort key is the email (see `userEntriesListing`).
  const joined = joinedJson(db, sql`entry`, sql`sort_key ${sql.raw(order)}`);
  return db.selectFrom(userEntriesListing(db, filter, view).as('listed')).select(joined.as('entries'));
}

async function* inBatches<R extends Pick<UserEntry, 'email' | 'sort_key'>>(filter: BatchFilter, batchSize: number, shape: Shape<R>): AsyncGenerator<R[]> {
  if (filter.ids?.length === 0) return;
  let after: UserPosition | undefined;
  for (;;) {
    const rows = await readListing({ ...filter, ...(after && { after }), limit: batchSize }, shape);
    if (rows.length > 0) yield rows;
    const last = rows.at(-1);
    if (rows.length < batchSize || !last) return;
    after = { key: last.sort_key, email: last.email };
  }
}
