import type { Kysely } from 'kysely';
import type { Reader } from '../db/database.js';
import type { Database, UserRecord, UserRow } from '../db/schema.js';
import { assertThat } from '../errors.js';
import { normalizeEmail } from '../domain/rules.js';
import { readUserById, readUserJsonByEmail, readUserRecordByEmail, readUserStanding } from '../queries/users.js';
import type { UserStanding } from '../queries/users.js';
import { countUsers, countUsersUpTo } from '../queries/user-counts.js';
import { queryUsers, queryUserEntries } from '../queries/user-pages.js';
import { STREAM_BATCH_SIZE, writtenUserBatches } from '../queries/user-batches.js';
import type { SortedUserRecord, UserEntry, UserFilter } from '../queries/user-listing.js';
import type { UserView } from '../queries/reply-json.js';
import { isAdmin } from './actor.js';
import type { Actor } from './actor.js';
import { primed } from './batches.js';
import { userCursor, userPosition } from './user-cursor.js';
import { andThen } from '../soon.js';
import type { Soon } from '../soon.js';

/** What a caller filters and sorts users by: the positions and limits are the listing's own. */
export type UserListFilter = Omit<UserFilter, 'afterEmail' | 'throughEmail' | 'after' | 'offset' | 'limit'>;

export type UserPageRequest = UserListFilter & {
  limit: number;
  /** A previous page's `nextCursor`; INVALID_REQUEST when it is not one of this listing's. */
  cursor?: string;
  /** Matches to skip (a jump to a page); the caller does not send it with a cursor. */
  offset?: number;
  includeTotal?: boolean;
};

export interface UserPage {
  /** Each user as its entry in a reply keyed by id, written by the database (see `userJson`). */
  users: UserEntry[];
  /** Where the next page starts; null on the last. */
  nextCursor: string | null;
  total?: number;
  /** False when `total` is SEARCH_TOTAL_CAP and more match (a search's total is counted that far). */
  totalExact?: boolean;
}

/** How far a searched page's total is counted: more matches answer this many, not exact. */
export const SEARCH_TOTAL_CAP = 1000;

export interface UserReadsDeps {
  db: Kysely<Database>;
  /** Single-row reads on the request path (the same database). */
  reader: Reader;
  /** Rows per read of `listAll` (tests make it small to span many batches). */
  streamBatchSize?: number;
}

/**
 * The users service's reads: a user by id or email (the request path's lookup and standing among
 * them), listings as an actor may see them, their pages and totals, and the unpaged listing streamed.
 */
export function createUserReads(deps: UserReadsDeps) {
  const { db, reader } = deps;
  const batchSize = deps.streamBatchSize ?? STREAM_BATCH_SIZE;
  return {
    async getByEmail(email: string): Promise<UserRecord | null> {
      return (await readUserRecordByEmail(reader, normalizeEmail(email))) ?? null;
    },

    /** The user with `email`, written as JSON in the fields `actor` may see (see `list`), or null. */
    lookup(actor: Actor, email: string): Soon<string | null> {
      return andThen(readUserJsonByEmail(reader, normalizeEmail(email), viewOf(actor)), (json) => json ?? null);
    },

    async getById(id: string): Promise<UserRow | null> {
      return (await readUserById(reader, id)) ?? null;
    },

    /** Whether the user behind a token may still act, and as what; read on every request. */
    standing(id: string): Soon<UserStanding | null> {
      return andThen(readUserStanding(reader, id), (standing) => standing ?? null);
    },

    async query(filter: UserFilter): Promise<SortedUserRecord[]> {
      return queryUsers(db, filter);
    },

    /** How many users match `filter` in all (positions and limits aside). */
    async count(filter: UserFilter): Promise<number> {
      return countUsers(db, filter);
    },

    /**
     * Users as `actor` may list them: a caller who is not an admin reads only `id`, `email`,
     * `username`, `enabled` and `createdTimestamp` of others, so they may filter and sort on those
     * alone (FORBIDDEN otherwise), and their search matches emails only.
     */
    async list(actor: Actor, filter: UserFilter): Promise<SortedUserRecord[]> {
      return queryUsers(db, readableFilter(actor, filter));
    },

    /**
     * What `list` gives `actor`, in batches read as the caller iterates (the unpaged listing,
     * streamed): each batch its users' entries in a reply keyed by id, joined by commas, in the
     * fields `actor` may see (see `writtenUserBatches`).
     * Refusals, and a failure of the first read, throw before anything is yielded.
     */
    async listAll(actor: Actor, filter: UserListFilter): Promise<AsyncIterable<string | Uint8Array>> {
      return primed(writtenUserBatches(reader, readableFilter(actor, filter), viewOf(actor), batchSize));
    },

    /**
     * One page of what `list` gives `actor`, from `cursor` (a page's `nextCursor`), with the total
     * when asked; each user as its entry in a reply keyed by id, in the fields `actor` may see.
     */
    page(actor: Actor, request: UserPageRequest): Soon<UserPage> {
      const { cursor, offset, limit, includeTotal, ...filter } = request;
      const readable = readableFilter(actor, filter);
      const from = cursor === undefined ? {} : userPosition(cursor, filter.sort);
      const read = (): Soon<UserEntry[]> => queryUserEntries(reader, { ...readable, ...from, ...(offset !== undefined && { offset }), limit: limit + 1 }, viewOf(actor));
      const paged = (rows: UserEntry[], total: number | undefined): UserPage => {
        const users = rows.slice(0, limit);
        const last = users.at(-1);
        const counted = total === undefined ? {} : total > SEARCH_TOTAL_CAP && readable.search ? { total: SEARCH_TOTAL_CAP, totalExact: false } : { total, totalExact: true };
        return { users, nextCursor: rows.length > limit && last ? userCursor(last, filter.sort) : null, ...counted };
      };
      // Without a total, the page is its read (at once on SQLite: see `Soon`).
      if (includeTotal !== true) return andThen(read(), (rows) => paged(rows, undefined));
      const count = async () => (readable.search ? countUsersUpTo(db, readable, SEARCH_TOTAL_CAP) : countUsers(db, readable));
      // A search's first page that holds every match is its own total: no count (a short text's
      // count walks 20,000 users first). Otherwise the page and the total are read side by side.
      const firstSearched = Boolean(readable.search) && cursor === undefined && !offset;
      return (firstSearched ? readThenCount(read, count, limit) : Promise.all([read(), count()])).then(([rows, total]) => paged(rows, total));
    },

    /** How many users `list` would give `actor` in all (positions and limits aside). */
    async countListed(actor: Actor, filter: UserFilter): Promise<number> {
      return countUsers(db, readableFilter(actor, filter));
    },
  };
}

/** What a non-admin may read of others, and so sort on: the Wallaroo SDK's `User`. */
const READABLE_SORTS: ReadonlySet<string> = new Set(['email', 'status']);

/** The fields of other users `actor` may read (see `list`). */
function viewOf(actor: Actor): UserView {
  return isAdmin(actor) ? 'full' : 'public';
}

function readableFilter(actor: Actor, filter: UserFilter): UserFilter {
  if (isAdmin(actor)) return filter;
  assertThat(filter.role === undefined, 'FORBIDDEN', 'Filtering users by role needs the admin role.');
  assertThat(filter.sort === undefined || READABLE_SORTS.has(filter.sort.by), 'FORBIDDEN', `Sorting users by ${filter.sort?.by ?? ''} needs the admin role.`);
  return filter.search === undefined ? filter : { ...filter, searchEmailOnly: true };
}

/** A first page, then its total: the page's own length when it holds fewer than `limit` + 1 rows (every match), else counted. */
async function readThenCount<R>(read: () => Soon<R[]>, count: () => Promise<number>, limit: number): Promise<[R[], number]> {
  const rows = await read();
  return [rows, rows.length <= limit ? rows.length : await count()];
}
