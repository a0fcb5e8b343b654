/*
 * The SQL of a listing of users: its filter, its order and keyset positions, the search's source
 * of rows, the statements compiled once per shape, and a page read in parts after a position in an
 * expression order. How a searched page chooses its way is in `user-pages.ts`.
 */
import { sql } from 'kysely';
import type { CompiledQuery, Kysely, RawBuilder } from 'kysely';
import { containsAny, ftsQuery, ftsQueryNotStarting, hasShortGram, isShortSearch, isSqlite } from './like.js';
import { userEntryJson } from './reply-json.js';
import type { UserView } from './reply-json.js';
import { preparedShapes } from '../db/prepared.js';
import { andThen } from '../soon.js';
import type { Soon } from '../soon.js';
import type { Database, UserRecord, UserRow } from '../db/schema.js';
import { RECORD_COLUMNS } from './users.js';

type Db = Kysely<Database>;

/** The columns the users table sorts by; the email (unique) breaks ties. */
export type UserSortKey = 'role' | 'status' | 'email' | 'first_name' | 'last_name' | 'last_login';

export interface UserSort {
  by: UserSortKey;
  order: 'asc' | 'desc';
}

/** A keyset position: the sort key of the previous page's last row, and its email. */
export interface UserPosition {
  key: string | number;
  email: string;
  /**
   * Of an expression order's rows after the position, only those that tie with it on the key
   * (`ties`) or only those past its key (`beyond`); both when absent. See `readListing`.
   */
  part?: 'ties' | 'beyond';
}

export interface UserFilter {
  ids?: readonly string[];
  /** Substring of email, first or last name (of the email alone with `searchEmailOnly`), case-insensitive. */
  search?: string;
  searchEmailOnly?: boolean;
  /** Exactly this (normalised) email. */
  email?: string;
  /** Exactly this username (equal to the email, unless `doctor` has something to repair). */
  username?: string;
  status?: UserRow['status'];
  role?: UserRow['role'];
  /** Users whose email sorts after this one (keyset paging in the default order). */
  afterEmail?: string;
  /** Users whose email comes no later than this one in an email order, either way (a range's end). */
  throughEmail?: string;
  /** Default: by email, ascending. */
  sort?: UserSort;
  /** Users after this position in `sort` order (keyset paging). */
  after?: UserPosition;
  /** Rows to skip (Keycloak's `first`); keyset positions are cheaper where a client can use them. */
  offset?: number;
  limit?: number;
  /**
   * Internal to a searched page (see `prefixSplit`), in an order by email, first or last name:
   * rows whose sort key is this or comes after it in the order (`keyFrom`), or, of the matches
   * whose sorted column does not begin with the search text, those whose key comes before it (`keyBefore`).
   */
  keyFrom?: string;
  keyBefore?: string;
}

/** A user and the value of its sort key, which the next page's position is made of. */
export type SortedUserRecord = UserRecord & { sort_key: string | number };

/** The order of a listing that names none. */
export const DEFAULT_SORT: UserSort = { by: 'email', order: 'asc' };

/** Each key as an expression that one index of migration 0006 covers. */
export const SORT_EXPRESSIONS: Record<UserSortKey, RawBuilder<string | number>> = {
  role: sql`role`,
  status: sql`status`,
  email: sql`email`,
  first_name: sql`lower(first_name)`,
  last_name: sql`lower(last_name)`,
  last_login: sql`coalesce(last_login_at, -1)`,
};

export function filtered(db: Db, filter: UserFilter) {
  let q = db.selectFrom(usersSource(db, filter));
  if (filter.ids) q = q.where('id', 'in', filter.ids.length === 0 ? [''] : filter.ids);
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.role) q = q.where('role', '=', filter.role);
  if (filter.email !== undefined) q = q.where('email', '=', filter.email);
  if (filter.username !== undefined) q = q.where('username', '=', filter.username);
  return q;
}

/** The lower-cased columns a search looks in: email, first and last name, or the email alone. */
export function searchColumns(filter: UserFilter, table?: 'users'): RawBuilder<unknown>[] {
  const column = (name: string) => (table === undefined ? sql.ref(name) : sql.ref(`${table}.${name}`));
  const email = column('email');
  return filter.searchEmailOnly === true ? [email] : [email, sql`lower(${column('first_name')})`, sql`lower(${column('last_name')})`];
}

/**
 * PostgreSQL's `paddock_short_grams` indexes of the users (migration 0015): the email; first and
 * last name together. The expressions are the indexes' own, as the planner matches them.
 */
function shortGrams(filter: UserFilter): RawBuilder<unknown>[] {
  const email = sql`paddock_short_grams(email)`;
  return filter.searchEmailOnly === true ? [email] : [email, sql`paddock_short_grams(lower(first_name) || chr(10) || lower(last_name))`];
}

/**
 * The users a query reads: the table, or, for a search, only the rows that contain the text,
 * found through the indexes of migrations 0009 and 0015 first, so that a page in any order, and a
 * total, cost the number of matches: never a walk of a sort or status index filtering a million
 * rows, which either planner would otherwise pick for an ordered page. SQLite: the FTS5 table is
 * read first, its matches as it finds them, each user then read by rowid (`cross join` keeps that
 * order of the two; reading the matches' rowids into a list first took twice as long), and the
 * LIKE keeps the exact semantics. PostgreSQL: the GIN indexes serve the LIKE, or, for 1 or 2
 * characters, the short grams beside it, in a derived table the planner does not merge (`offset
 * 0`). A common text's page is found by a walk first (see `queryListing`).
 */
function usersSource(db: Db, filter: UserFilter) {
  const text = filter.search;
  if (text === undefined || text === '') return sql<UserRow>`users`.as('users');
  if (isSqlite(db)) {
    const column = filter.searchEmailOnly === true ? 'email' : undefined;
    const query =
      filter.keyBefore === undefined ? ftsQuery('users_search', text, column) : ftsQueryNotStarting('users_search', text, PREFIX_COLUMNS[(filter.sort ?? DEFAULT_SORT).by] ?? 'email', column);
    const qualified = containsAny(searchColumns(filter, 'users'), text); // users_search has columns of the same names
    return sql<UserRow>`(select users.* from users_search cross join users on users.rowid = users_search.rowid where users_search match ${query} and ${qualified})`.as('users');
  }
  const like = containsAny(searchColumns(filter), text);
  const grams = isShortSearch(text) ? sql` and ${hasShortGram(shortGrams(filter), text)}` : sql``;
  return sql<UserRow>`(select * from users where ${like}${grams} offset 0)`.as('users');
}

/** A user as a listing writes it (see `userJson`): its entry's text, and what a position is made of. */
export interface UserEntry {
  email: string;
  sort_key: string | number;
  /** `"<id>":{...}`, the bytes of the user's entry in a reply keyed by id. */
  entry: string;
}

/** How a listing's rows are read: as records, or as entries the database writes. */
export interface Shape<R> {
  listing(filter: UserFilter): Soon<R[]>;
  walk(filter: UserFilter, walk: number): Promise<R[]>;
}

/** The sorted columns a prefix split (see `prefixSplit`) seeks in, with the FTS5 column each is searched in. */
export const PREFIX_COLUMNS: Partial<Record<UserSortKey, 'email' | 'first_name' | 'last_name'>> = { email: 'email', first_name: 'first_name', last_name: 'last_name' };

export function unsearched(filter: UserFilter): UserFilter {
  const rest = { ...filter };
  delete rest.search;
  delete rest.searchEmailOnly;
  return rest;
}

/** The terms of an ORDER BY in `sort`: the key, then the email (which breaks ties) unless the key is the email. */
export function orderTerms(sort: UserSort, key: RawBuilder<unknown>, email: RawBuilder<unknown>): RawBuilder<unknown>[] {
  const direction = sql.raw(sort.order);
  return sort.by === 'email' ? [sql`${key} ${direction}`] : [sql`${key} ${direction}`, sql`${email} ${direction}`];
}

/** The query of `queryUsers`, unexecuted (its plan is tested: no sort step, whatever the order). */
export function usersListing(db: Db, filter: UserFilter) {
  return listingOf(db, filter).select(RECORD_COLUMNS);
}

/**
 * The query of `queryUserEntries`, unexecuted: `usersListing`'s rows as their entries. A search's
 * matches are sorted before the page is cut, and a database writes each row's entry before its
 * sort: so the sort takes only keys, and the page's users are then read by email and written
 * (a third of the time of a page of a text in 10,000 users).
 */
export function userEntriesListing(db: Db, filter: UserFilter, view: UserView) {
  const sort = filter.sort ?? DEFAULT_SORT;
  if (!filter.search) {
    // Every value a row answers costs the driver a string: in an email order the sort key is the email.
    const listed = listingOf(db, filter).select(userEntryJson(db, view).as('entry'));
    return sort.by === 'email' ? listed : listed.select('email');
  }
  const page = listingOf(db, filter).select('email as page_email').as('page');
  let q = db.selectFrom(page).innerJoin('users', 'users.email', 'page.page_email').select('page.sort_key').select(userEntryJson(db, view).as('entry'));
  for (const term of orderTerms(sort, sql`page.sort_key`, sql`page.page_email`)) q = q.orderBy(term);
  return sort.by === 'email' ? q : q.select('users.email');
}

/**
 * The rows and order of a listing, selecting only the sort key. A page after an `offset` ("Go to
 * page N") finds its rows' emails in the order's own index, skipping there, and reads only those
 * rows from the table: skipped in place, 500,000 users cost 78–105 ms on SQLite, where the query
 * reads the covering listing index of migration 0014 (its rows are wide), against 33 ms (measured
 * on an imported million); PostgreSQL skips in an index-only scan rather than visiting each
 * skipped row in the table.
 */
export function listingOf(db: Db, filter: UserFilter) {
  // `!== 0`, not `> 0`: a compiled shape (`compiledListing`) builds this with a stand-in for the value.
  if (filter.offset === undefined || filter.offset === 0) return orderedListing(db, filter);
  const page = orderedListing(db, filter).clearSelect().select('email').offset(filter.offset);
  return orderedListing(db, filter.sort ? { sort: filter.sort } : {}).where('email', 'in', page);
}

function orderedListing(db: Db, filter: UserFilter) {
  const sort = filter.sort ?? DEFAULT_SORT;
  const key = SORT_EXPRESSIONS[sort.by];
  const direction = sql.raw(sort.order);
  // Rows that tie on the key are in email order (SQLite would sort them again, not seeing that the key is fixed).
  const tied = filter.after?.part === 'ties';
  let q = filtered(db, filter)
    .select(key.as('sort_key'))
    .orderBy(tied ? sql`email ${direction}` : sql`${key} ${direction}`);
  if (sort.by !== 'email' && !tied) q = q.orderBy(sql`email ${direction}`);
  const [before, atOrAfter] = sort.order === 'asc' ? [sql.raw('<'), sql.raw('>=')] : [sql.raw('>'), sql.raw('<=')];
  if (filter.keyFrom !== undefined) q = q.where(sql<boolean>`${key} ${atOrAfter} ${filter.keyFrom}`);
  if (filter.keyBefore !== undefined) q = q.where(sql<boolean>`${key} ${before} ${filter.keyBefore}`);
  if (filter.afterEmail !== undefined) q = q.where('email', '>', filter.afterEmail);
  if (filter.throughEmail !== undefined) q = q.where('email', sort.order === 'desc' ? '>=' : '<=', filter.throughEmail);
  if (filter.after) q = q.where(afterPosition(sort, filter.after));
  if (filter.limit !== undefined) q = q.limit(filter.limit);
  return q;
}

/** The values of a listing's filter that reach its SQL as parameters; the rest is its shape. */
const LISTING_VALUES = ['afterEmail', 'throughEmail', 'status', 'role', 'limit', 'offset'] as const;

/** What a listing's rows are: records (`usersListing`), or entries in a view (`userEntriesListing`). */
export type ListingKind = 'records' | UserView;

/** A listing's statement for a shape, built from a filter whose values are stand-ins. */
const listingStatement = preparedShapes((db, shape: { filter: UserFilter; kind: ListingKind }, standIns) => {
  const { filter, kind } = shape;
  const present = LISTING_VALUES.filter((name) => hasValue(filter, name));
  const standing: UserFilter = { ...(filter.sort && { sort: filter.sort }) };
  present.forEach((name, i) => Object.assign(standing, { [name]: standIns[i] }));
  if (filter.after) {
    const [key, email] = standIns.slice(present.length) as [string, string];
    standing.after = { key, email, ...(filter.after.part && { part: filter.after.part }) };
  }
  return listingQuery(db, standing, kind);
});

function listingQuery(db: Db, filter: UserFilter, kind: ListingKind) {
  return kind === 'records' ? usersListing(db, filter) : userEntriesListing(db, filter, kind);
}

function hasValue(filter: UserFilter, name: (typeof LISTING_VALUES)[number]): boolean {
  return name === 'offset' ? (filter.offset ?? 0) > 0 : filter[name] !== undefined;
}

/**
 * A listing's statement. That of a listing without a search, ids or an exact email or username
 * (every page the dashboard turns) is compiled once per shape: building and compiling it with
 * Kysely cost about a fifth of a 100-user page.
 */
export function compiledListing(db: Db, filter: UserFilter, kind: ListingKind): CompiledQuery {
  if (filter.search || filter.ids || filter.email !== undefined || filter.username !== undefined) {
    return listingQuery(db, filter, kind).compile();
  }
  const present = LISTING_VALUES.filter((name) => hasValue(filter, name));
  const values: unknown[] = present.map((name) => filter[name]);
  if (filter.after) values.push(filter.after.key, filter.after.email);
  const key = JSON.stringify([kind, filter.sort?.by ?? null, filter.sort?.order ?? null, filter.after ? (filter.after.part ?? 'both') : null, present]);
  return listingStatement(db, key, { filter, kind }, values);
}

/**
 * Rows after `p` in `sort` order. Plain columns take the row value `(key, email) > (v, e)`, which
 * both dialects seek in a composite index; expression keys take `key >= v and (key > v or
 * email > e)`, because SQLite scans an expression index for a row value rather than seeking it.
 */
function afterPosition(sort: UserSort, p: UserPosition): RawBuilder<boolean> {
  const key = SORT_EXPRESSIONS[sort.by];
  const [after, atOrAfter] = sort.order === 'asc' ? [sql.raw('>'), sql.raw('>=')] : [sql.raw('<'), sql.raw('<=')];
  if (sort.by === 'email') return sql<boolean>`email ${after} ${p.email}`;
  if (sort.by === 'role' || sort.by === 'status') return sql<boolean>`(${key}, email) ${after} (${p.key}, ${p.email})`;
  if (p.part === 'ties') return sql<boolean>`${key} = ${p.key} and email ${after} ${p.email}`;
  if (p.part === 'beyond') return sql<boolean>`${key} ${after} ${p.key}`;
  return sql<boolean>`${key} ${atOrAfter} ${p.key} and (${key} ${after} ${p.key} or email ${after} ${p.email})`;
}

/** The orders by an expression (see `afterPosition`). */
const EXPRESSION_SORTS = new Set<UserSortKey>(['first_name', 'last_name', 'last_login']);

/**
 * A listing, run. After a position in an expression order, a page is two seeks of its
 * index: the rows that tie with the position on the key and follow it by email, then, if the page
 * is not full, the rows past the key. One condition for both would be a seek to the key and a walk
 * over every row that ties with it, however many: a million users who never signed in tie on
 * "last login", and a page deep among them would read them all.
 */
export function readListing<R>(filter: UserFilter, shape: Shape<R>): Soon<R[]> {
  return filter.offset === undefined ? inParts(filter, (part): Soon<R[]> => shape.listing(part)) : shape.listing(filter);
}

/**
 * `read` of the rows after `filter.after`: in an expression order with a limit, the rows that tie
 * with the position, then, if they do not fill the limit, those past its key (see `readListing`).
 */
export function inParts<R>(filter: UserFilter, read: (part: UserFilter) => Soon<R[]>): Soon<R[]> {
  const { after, limit, sort } = filter;
  if (!after || after.part !== undefined || !sort || !EXPRESSION_SORTS.has(sort.by) || limit === undefined) return read(filter);
  return andThen(read({ ...filter, after: { ...after, part: 'ties' } }), (ties): Soon<R[]> =>
    ties.length >= limit ? ties : andThen(read({ ...filter, after: { ...after, part: 'beyond' }, limit: limit - ties.length }), (beyond) => [...ties, ...beyond]),
  );
}
