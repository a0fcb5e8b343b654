import { sql } from 'kysely';
import type { CompiledQuery, Kysely, RawBuilder } from 'kysely';
import { containsAny, ftsQuery, ftsQueryNotStarting, hasShortGram, isShortSearch, isSqlite, LAST_CHARACTER } from './like.js';
import { inRanges, POSTGRES_READS_IN_FLIGHT } from './ranges.js';
import { joinedJson, userEntryJson, userJson } from './reply-json.js';
import type { UserView } from './reply-json.js';
import { columnsOf } from '../db/database.js';
import type { Reader, Rows } from '../db/database.js';
import { prepared, preparedShapes } from '../db/prepared.js';
import { andThen } from '../soon.js';
import type { Soon } from '../soon.js';
import type { Database, NewUser, UserRecord, UserRow, UserUpdate } from '../db/schema.js';

type Db = Kysely<Database>;

/** Every column but the password hash: what listings read. */
const RECORD_COLUMNS = [
  'id',
  'email',
  'username',
  'first_name',
  'last_name',
  'role',
  'status',
  'email_verified',
  'created_at',
  'last_login_at',
  'must_change_password',
  'token_generation',
  'external_id',
  'source',
  'updated_at',
  'scim_deleted_at',
  'last_active_at',
  'deactivated_by',
  'idle_warned_at',
] as const;

/** Every column, named: a cached PostgreSQL plan must not change shape when a migration adds one. */
const ROW_COLUMNS = [...RECORD_COLUMNS, 'password_hash'] as const;

/** What the per-request check of a token's user reads: no more, since every column read costs. */
const STANDING_COLUMNS = ['id', 'email', 'role', 'status', 'token_generation'] as const;
export type UserStanding = Pick<UserRow, (typeof STANDING_COLUMNS)[number]>;

const userById = prepared((db, id: string) => db.selectFrom('users').select(ROW_COLUMNS).where('id', '=', id));
const standingById = prepared((db, id: string) => db.selectFrom('users').select(STANDING_COLUMNS).where('id', '=', id));
const userByEmail = prepared((db, email: string) => db.selectFrom('users').select(ROW_COLUMNS).where('email', '=', email));
const recordByEmail = prepared((db, email: string) => db.selectFrom('users').select(RECORD_COLUMNS).where('email', '=', email));
const jsonByEmail = {
  full: prepared((db, email: string) => db.selectFrom('users').select(userJson(db, 'full').as('json')).where('email', '=', email)),
  public: prepared((db, email: string) => db.selectFrom('users').select(userJson(db, 'public').as('json')).where('email', '=', email)),
};

/*
 * Reads outside any transaction, of committed rows, for the request path (see `Reader`). Emails
 * must be normalised, as for `findUserByEmail`.
 */

export async function readUserById(reader: Reader, id: string): Promise<UserRow | undefined> {
  return reader.first(userById(reader.kysely, id));
}

/**
 * The status and role of a token's user, checked on every request: recalled (see `Reader`), since
 * a client's parallel calls carry the same token.
 */
export function readUserStanding(reader: Reader, id: string): Soon<UserStanding | undefined> {
  return reader.recall(standingById(reader.kysely, id));
}

/** With the password hash, for a login. */
export async function readUserByEmail(reader: Reader, email: string): Promise<UserRow | undefined> {
  return reader.first(userByEmail(reader.kysely, email));
}

/** Without the password hash. */
export async function readUserRecordByEmail(reader: Reader, email: string): Promise<UserRecord | undefined> {
  return reader.first(recordByEmail(reader.kysely, email));
}

/** A lookup's answer: the user written as JSON by the database, in `view` (see `userJson`). */
export function readUserJsonByEmail(reader: Reader, email: string, view: UserView): Soon<string | undefined> {
  return andThen(reader.first(jsonByEmail[view](reader.kysely, email)), (row) => row?.json);
}

export async function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** `email` must already be normalised (trimmed, lower-cased): the column holds lower-case. */
export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
}

export async function findUserByExternalId(db: Db, externalId: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('external_id', '=', externalId).executeTakeFirst();
}

export async function insertUser(db: Db, user: NewUser): Promise<void> {
  await db.insertInto('users').values(user).execute();
}

export async function updateUser(db: Db, id: string, patch: UserUpdate): Promise<void> {
  await db.updateTable('users').set(patch).where('id', '=', id).execute();
}

/** Moves the user's token generation on: every access token issued before is refused from now on. */
export async function retireTokens(db: Db, id: string): Promise<void> {
  await db
    .updateTable('users')
    .set((eb) => ({ token_generation: eb('token_generation', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

/** Seats in use: one row kept by triggers on `users` (migration 0008), never a count of the table. */
export async function countActiveUsers(db: Db): Promise<number> {
  return (await seatCounts(db)).active_users;
}

/** Active admins, from the same row. */
export async function countActiveAdmins(db: Db): Promise<number> {
  return (await seatCounts(db)).active_admins;
}

/** The counts row (migrations 0008 and 0011): users and admins, all and active, as the triggers keep them. */
export interface UserCounts {
  active_users: number;
  active_admins: number;
  all_users: number;
  all_admins: number;
}

/** The counts row, as the triggers keep it. */
export async function seatCounts(db: Db): Promise<UserCounts> {
  const row = await db.selectFrom('seat_counts').select(['active_users', 'active_admins', 'all_users', 'all_admins']).where('id', '=', 1).executeTakeFirstOrThrow();
  return { active_users: Number(row.active_users), active_admins: Number(row.active_admins), all_users: Number(row.all_users), all_admins: Number(row.all_admins) };
}

/** The same four figures counted from the users table: what `doctor` compares the row with. */
export async function recountSeats(db: Db): Promise<UserCounts> {
  const one = (condition: RawBuilder<boolean>) => sql<number | string | null>`sum(case when ${condition} then 1 else 0 end)`;
  const row = await db
    .selectFrom('users')
    .select((eb) => [
      eb.fn.countAll<number | string>().as('all_users'),
      one(sql`role = 'admin'`).as('all_admins'),
      one(sql`status = 'active'`).as('active_users'),
      one(sql`status = 'active' and role = 'admin'`).as('active_admins'),
    ])
    .executeTakeFirstOrThrow();
  return { active_users: Number(row.active_users ?? 0), active_admins: Number(row.active_admins ?? 0), all_users: Number(row.all_users), all_admins: Number(row.all_admins ?? 0) };
}

/** Sets the row to `counts` (doctor's repair, under the seat lock). */
export async function storeSeatCounts(db: Db, counts: UserCounts): Promise<void> {
  await db.updateTable('seat_counts').set(counts).where('id', '=', 1).execute();
}

/**
 * How many users have `status` and `role` (either may be absent), from the counts row: the total
 * of a listing filtered by nothing else, without counting the table.
 */
export function countFromRow(counts: UserCounts, status: UserRow['status'] | undefined, role: UserRow['role'] | undefined): number {
  const [all, active] =
    role === 'admin' ? [counts.all_admins, counts.active_admins] : role === 'user' ? [counts.all_users - counts.all_admins, counts.active_users - counts.active_admins] : [counts.all_users, counts.active_users];
  return status === 'active' ? active : status === 'inactive' ? all - active : all;
}

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
const DEFAULT_SORT: UserSort = { by: 'email', order: 'asc' };

/** Each key as an expression that one index of migration 0006 covers. */
const SORT_EXPRESSIONS: Record<UserSortKey, RawBuilder<string | number>> = {
  role: sql`role`,
  status: sql`status`,
  email: sql`email`,
  first_name: sql`lower(first_name)`,
  last_name: sql`lower(last_name)`,
  last_login: sql`coalesce(last_login_at, -1)`,
};

function filtered(db: Db, filter: UserFilter) {
  let q = db.selectFrom(usersSource(db, filter));
  if (filter.ids) q = q.where('id', 'in', filter.ids.length === 0 ? [''] : filter.ids);
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.role) q = q.where('role', '=', filter.role);
  if (filter.email !== undefined) q = q.where('email', '=', filter.email);
  if (filter.username !== undefined) q = q.where('username', '=', filter.username);
  return q;
}

/** The lower-cased columns a search looks in: email, first and last name, or the email alone. */
function searchColumns(filter: UserFilter, table?: 'users'): RawBuilder<unknown>[] {
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
interface Shape<R> {
  listing(filter: UserFilter): Soon<R[]>;
  walk(filter: UserFilter, walk: number): Promise<R[]>;
}

function recordShape(db: Db): Shape<SortedUserRecord> {
  return { listing: async (filter) => (await db.executeQuery(compiledListing(db, filter, 'records'))).rows as SortedUserRecord[], walk: async (filter, walk) => usersWalk(db, filter, walk).execute() };
}

function entryShape(reader: Reader, view: UserView): Shape<UserEntry> {
  const db = reader.kysely;
  return {
    // As arrays, not row objects (see `Reader.rows`).
    listing: (filter): Soon<UserEntry[]> => andThen(reader.rows(compiledListing(db, filter, view)), userEntries),
    walk: async (filter, walk) => walkFrom(db, filter, walk).select(['users.email', 'matched.sort_key']).select(userEntryJson(db, view).as('entry')).execute(),
  };
}

/**
 * Entries from a listing's rows. In an email order the sort key is the email, which the listing
 * then reads once (see `userEntriesListing`).
 */
function userEntries(rows: Rows): UserEntry[] {
  const [key, entry] = columnsOf(rows, ['sort_key', 'entry']);
  const at = rows.columns.indexOf('email');
  const email = at < 0 ? key : at;
  return rows.values.map((row) => ({ email: row[email] as string, sort_key: row[key] as UserEntry['sort_key'], entry: row[entry] as string }));
}

/**
 * How a searched page chooses its way (see `queryListing`): the rows of its order it first walks,
 * and the number of matches below which it sorts them all at once. Tests pass smaller ones.
 */
export interface SearchTuning {
  walkRows?: number;
  fewMatches?: number;
}

/** Users filtered and sorted; with a position and a limit, one indexed range scan per page (a searched page: see `queryListing`). */
export async function queryUsers(db: Db, filter: UserFilter, tuning?: SearchTuning): Promise<SortedUserRecord[]> {
  return queryListing(db, filter, recordShape(db), tuning);
}

/** `queryUsers`, each user written by the database as its entry in a reply (see `userJson`). */
export function queryUserEntries(reader: Reader, filter: UserFilter, view: UserView, tuning?: SearchTuning): Soon<UserEntry[]> {
  return queryListing(reader.kysely, filter, entryShape(reader, view), tuning);
}

/**
 * A page, searched or not. A searched page takes the cheapest of these ways, trying them in this
 * order (SQLite; PostgreSQL, whose GIN indexes cannot stop early, has the walks and the last):
 * 1. Few matches (fewer than `fewMatches` in the FTS5 table, counted by rowid alone): all of them, sorted.
 * 2. A short walk: the first fifth of `walkRows` rows of the order, filtered (see `searchWalk`):
 *    a text in a twentieth of the users or more, spread over the order, fills its page there.
 * 3. The prefix split (see `prefixSplit`): a common text that begins the sorted column (a name, an
 *    email typed from its start) is one run in its order, found by seeking to it.
 * 4. The whole walk, for a text in 1 user in 100 or more, spread over the order; when it finds at
 *    least half the page, the walk on from its last match (see `walkOn`).
 * 5. Every match, sorted.
 */
function queryListing<R extends Pick<UserEntry, 'email' | 'sort_key'>>(db: Db, filter: UserFilter, shape: Shape<R>, tuning: SearchTuning = {}): Soon<R[]> {
  if (filter.ids?.length === 0) return [];
  const walk = searchWalk(filter, tuning.walkRows);
  // Not searched: its one read (at once on SQLite, see `Soon`).
  if (walk === null) return readListing(filter, shape);
  return searchedListing(db, filter, shape, walk, tuning);
}

async function searchedListing<R extends Pick<UserEntry, 'email' | 'sort_key'>>(db: Db, filter: UserFilter, shape: Shape<R>, walk: number, tuning: SearchTuning): Promise<R[]> {
  // A text of 1 or 2 characters is counted only when the short walk found none of it: most are
  // common, and the FTS5 vocabulary's OR of every trigram they begin is slow to set up for a common one.
  const short = isShortSearch(filter.search ?? '');
  const few = async () => fewMatches(db, filter, tuning.fewMatches ?? FEW_MATCHES);
  if (!short && (await few())) return readListing(filter, shape);
  for (const [rows, first] of [[Math.max(1, Math.floor(walk / 5)), true], [walk, false]] as const) {
    const found = await shape.walk(filter, rows);
    if (found.length === filter.limit || (await walkEnded(db, filter, rows))) return found;
    if (first && short && found.length === 0 && (await few())) return readListing(filter, shape);
    const page = first ? await prefixSplit(db, filter, shape, walk) : await walkOn(filter, shape, found, walk);
    if (page) return page;
  }
  return readListing(filter, shape);
}

/**
 * After the whole walk found at least half of its page: the page filled by walking on, as far
 * again, from its last match, or null where that does not fill it. The matches of a common text
 * may begin deep in an order ("ez" among a million users by last name, descending, begins about
 * 9,000 rows in): the walk of 10,100 rows finds most of a page, and reading every match sorted
 * instead took 24 ms. A text the walk found fewer of is rarer than 1 row in 200: the walk on would
 * less often fill its page, so it goes to the indexes at once.
 */
async function walkOn<R extends Pick<UserEntry, 'email' | 'sort_key'>>(filter: UserFilter, shape: Shape<R>, found: R[], walk: number): Promise<R[] | null> {
  const limit = filter.limit ?? 0;
  const last = found.at(-1);
  if (!last || found.length * 2 < limit) return null;
  const more = await inParts({ ...filter, after: { key: last.sort_key, email: last.email }, limit: limit - found.length }, async (part) => shape.walk(part, walk));
  return found.length + more.length === limit ? [...found, ...more] : null;
}

/** Below this many matches a searched page sorts them all: 2,000 rows cost about as much as the walk. */
const FEW_MATCHES = 2_000;

/**
 * SQLite: whether the FTS5 table finds fewer than `few` rows for the search (a superset of its
 * matches), reading their rowids alone and stopping at `few`.
 */
async function fewMatches(db: Db, filter: UserFilter, few: number): Promise<boolean> {
  const text = filter.search ?? '';
  if (!isSqlite(db)) return false;
  const column = filter.searchEmailOnly === true ? 'email' : undefined;
  const found = await sql<{ n: number }>`select count(*) as n from (select rowid from users_search where users_search match ${ftsQuery('users_search', text, column)} limit ${few})`.execute(db);
  return Number(found.rows[0]?.n ?? few) < few;
}

/** Whether the walk of `walk` rows (see `searchWalk`) reached the end of the order: then every match was in it. */
async function walkEnded(db: Db, filter: UserFilter, walk: number): Promise<boolean> {
  const window = listingOf(db, { ...unsearched(filter), limit: walk }).select('email').as('walked');
  const walked = await db.selectFrom(window).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
  return Number(walked.n) < walk;
}

/** The sorted columns a prefix split (see `prefixSplit`) seeks in, with the FTS5 column each is searched in. */
const PREFIX_COLUMNS: Partial<Record<UserSortKey, 'email' | 'first_name' | 'last_name'>> = { email: 'email', first_name: 'first_name', last_name: 'last_name' };

/**
 * SQLite, an order by email, first or last name, a text of 3 printable ASCII characters or more:
 * the page as two parts that meet where the sorted column would begin with the text (`start`: the
 * text ascending, the text followed by the greatest code point descending). From there on
 * (`keyFrom`), the walk of the order: the rows that begin with the text come first (every one a
 * match), then the rest. Before it (`keyBefore`), only matches whose sorted column does not begin
 * with the text can lie, and the FTS5 table finds just those (FTS5's `^`, a phrase at a column's
 * first token): "olivia" among a million users is 20,000 first names and emails in one run of the
 * email order, and none before it. A row FTS5 excludes must lie in the run; see
 * `excludedRowsInRun` for the rows where that needs a check. Null when the split does not apply,
 * where no run begins at `start`, or when the walk from there neither fills the page nor ends.
 */
async function prefixSplit<R>(db: Db, filter: UserFilter, shape: Shape<R>, walk: number): Promise<R[] | null> {
  const sort = filter.sort ?? DEFAULT_SORT;
  const text = filter.search ?? '';
  const limit = filter.limit ?? 0;
  if (!isSqlite(db) || PREFIX_COLUMNS[sort.by] === undefined || isShortSearch(text) || !/^[\x20-\x7e]+$/.test(text)) return null;
  const folded = text.toLowerCase();
  const start = sort.order === 'asc' ? folded : folded + LAST_CHARACTER;
  // No run where the order's next row from `start` does not begin with the text: one seek says so.
  const [next] = await listingOf(db, { ...unsearched(filter), keyFrom: start, limit: 1 }).execute();
  if (next === undefined || !String(next.sort_key).startsWith(folded)) return null;
  if (sort.order === 'desc' && !(await excludedRowsInRun(db, sort.by, folded))) return null;
  const region = { ...filter, keyFrom: start };
  // The run's first rows are matches: a window of twice the page is read first, then the whole walk.
  let found: R[] = [];
  for (const rows of limit * 2 < walk ? [limit * 2, walk] : [walk]) {
    found = await shape.walk(region, rows);
    if (found.length === limit || (await walkEnded(db, region, rows))) break;
    if (rows === walk) return null;
  }
  const before = await readListing({ ...filter, keyBefore: start }, shape);
  return [...before, ...found].slice(0, limit);
}

/**
 * Whether every row whose `by` column FTS5 says begins with `text` has its key in the run of a
 * descending split, at or below `text` + U+10FFFF. A row whose column begins with the text in
 * ASCII (any case: SQLite's lower() folds it as FTS5 does) has. Two others would lie above and be
 * lost, so each is looked for by a seek of the order's index: a key that continues the text with
 * U+10FFFF itself, and a column FTS5 folds to the text and SQLite does not. FTS5's trigram folds
 * two characters outside ASCII to ASCII letters (`FTS5_FOLDED_TO_ASCII`), both sorting after every
 * ASCII letter, so such a key equals the text up to a "k" or an "s" of it, then has one of them.
 * (Ascending, both sort at or after the text, inside the run.)
 */
async function excludedRowsInRun(db: Db, by: UserSortKey, text: string): Promise<boolean> {
  const key = SORT_EXPRESSIONS[by];
  const next = sql`select ${key} as k from users where ${key} > ${text + LAST_CHARACTER} order by ${key} limit 1`;
  const above = [sql<boolean>`exists (select 1 from (${next}) where substr(k, 1, ${text.length}) = ${text})`];
  for (const [i, c] of [...text].entries()) {
    for (const [folded, ascii] of FTS5_FOLDED_TO_ASCII) {
      if (ascii !== c) continue;
      // The keys that equal the text up to here, then have the folded character.
      const from = text.slice(0, i) + folded;
      const to = text.slice(0, i) + String.fromCodePoint((folded.codePointAt(0) ?? 0) + 1);
      above.push(sql<boolean>`exists (select 1 from users where ${key} >= ${from} and ${key} < ${to})`);
    }
  }
  const found = await sql<{ any: number }>`select (${sql.join(above, sql` or `)}) as any`.execute(db);
  return Number(found.rows[0]?.any ?? 1) === 0;
}

/** The characters outside ASCII that FTS5's trigram tokenizer folds to an ASCII letter, with it (`test/queries/search-prefix.test.ts` asks SQLite for every code point). */
export const FTS5_FOLDED_TO_ASCII: readonly (readonly [string, string])[] = [
  ['\u212a', 'k'], // KELVIN SIGN
  ['\u017f', 's'], // LATIN SMALL LETTER LONG S
];

/** `prefixSplit` of records, for its tests: the page, or null where the split does not answer it. */
export async function usersSplitAtPrefix(db: Db, filter: UserFilter, walk: number): Promise<SortedUserRecord[] | null> {
  return prefixSplit(db, filter, recordShape(db), walk);
}

/**
 * How many rows a searched page first walks in its sort order, or null where it does not. A page
 * of a common text (a name, a domain) fills within a few hundred rows of its sort index, while the
 * trigram indexes would hand over every one of its many thousand matches to be sorted; a rare text
 * walks these rows in vain, then takes the indexes, which find its few matches at once. Limit × 100
 * rows cost a few milliseconds and fill the page of any text that 1 row in 100 contains.
 */
function searchWalk(filter: UserFilter, rows?: number): number | null {
  if (filter.search === undefined || filter.search === '' || filter.limit === undefined || filter.offset !== undefined) return null;
  return rows ?? Math.max(2_000, filter.limit * 100);
}

function unsearched(filter: UserFilter): UserFilter {
  const rest = { ...filter };
  delete rest.search;
  delete rest.searchEmailOnly;
  return rest;
}

/** The first `filter.limit` matches among the next `walk` rows of the sort order (see `searchWalk`). */
export function usersWalk(db: Db, filter: UserFilter, walk: number) {
  return walkFrom(db, filter, walk).select(RECORD_COLUMNS.map((c) => `users.${c}` as const)).select('matched.sort_key');
}

/**
 * The walk's matches joined to their users. The window itself reads only the sort key, the email
 * and the names (on SQLite, in email order, from the covering listing index of migration 0014 and
 * never the table), and the page's few users are then read by email.
 */
function walkFrom(db: Db, filter: UserFilter, walk: number) {
  const sort = filter.sort ?? DEFAULT_SORT;
  const window = listingOf(db, { ...unsearched(filter), limit: walk }).select(['email', 'first_name', 'last_name']).as('walked');
  let matched = db.selectFrom(window).select(['walked.email as matched_email', 'walked.sort_key']).where(containsAny(searchColumns(filter), filter.search ?? ''));
  for (const term of orderTerms(sort, sql`walked.sort_key`, sql`walked.email`)) matched = matched.orderBy(term);
  if (filter.limit !== undefined) matched = matched.limit(filter.limit);
  let q = db.selectFrom(matched.as('matched')).innerJoin('users', 'users.email', 'matched.matched_email');
  for (const term of orderTerms(sort, sql`matched.sort_key`, sql`matched.matched_email`)) q = q.orderBy(term);
  return q;
}

/** The terms of an ORDER BY in `sort`: the key, then the email (which breaks ties) unless the key is the email. */
function orderTerms(sort: UserSort, key: RawBuilder<unknown>, email: RawBuilder<unknown>): RawBuilder<unknown>[] {
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
function listingOf(db: Db, filter: UserFilter) {
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
function readListing<R>(filter: UserFilter, shape: Shape<R>): Soon<R[]> {
  return filter.offset === undefined ? inParts(filter, (part): Soon<R[]> => shape.listing(part)) : shape.listing(filter);
}

/**
 * `read` of the rows after `filter.after`: in an expression order with a limit, the rows that tie
 * with the position, then, if they do not fill the limit, those past its key (see `readListing`).
 */
function inParts<R>(filter: UserFilter, read: (part: UserFilter) => Soon<R[]>): Soon<R[]> {
  const { after, limit, sort } = filter;
  if (!after || after.part !== undefined || !sort || !EXPRESSION_SORTS.has(sort.by) || limit === undefined) return read(filter);
  return andThen(read({ ...filter, after: { ...after, part: 'ties' } }), (ties): Soon<R[]> =>
    ties.length >= limit ? ties : andThen(read({ ...filter, after: { ...after, part: 'beyond' }, limit: limit - ties.length }), (beyond) => [...ties, ...beyond]),
  );
}

/** How many users match the filter, ignoring positions and limits. */
export async function countUsers(db: Db, filter: UserFilter): Promise<number> {
  if (filter.ids?.length === 0) return 0;
  if (filter.ids === undefined && !filter.search && filter.email === undefined && filter.username === undefined) {
    return countFromRow(await seatCounts(db), filter.status, filter.role);
  }
  const row = await usersCount(db, filter).executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * How many users match, counting no further than `cap` + 1: a search's total costs at most that
 * many matches, however common its text (a caller shows "1,000+"). On SQLite the matches are read
 * from the FTS5 table as it finds them, not gathered first. A text of 1 or 2 characters is first
 * counted among any `walk` users (`countWalk`): a common one reaches the cap there, where the
 * short-search indexes would answer it slowly (SQLite's vocabulary lists a million rows under
 * "a"; PostgreSQL's plan tests each row's grams).
 */
export async function countUsersUpTo(db: Db, filter: UserFilter, cap: number, walk = COUNT_WALK): Promise<number> {
  if (filter.ids?.length === 0) return 0;
  const text = filter.search;
  if (text !== undefined && text !== '' && isShortSearch(text)) {
    const walked = await countWalk(db, filter, walk).executeTakeFirstOrThrow();
    const [rows, matches] = [Number(walked.rows), Number(walked.matches ?? 0)];
    if (matches > cap || rows < walk) return Math.min(matches, cap + 1);
  }
  return Number((await usersCountUpTo(db, filter, cap).executeTakeFirstOrThrow()).n);
}

/** How many users a short search's total first counts (a few milliseconds at a million). */
const COUNT_WALK = 20_000;

/** Of any `walk` users the filter (unsearched) selects, in no order, how many there are and how many match. */
export function countWalk(db: Db, filter: UserFilter, walk: number) {
  const walked = filtered(db, unsearched(filter)).select(['email', 'first_name', 'last_name']).limit(walk).as('walked');
  const match = containsAny(searchColumns(filter), filter.search ?? '');
  return db.selectFrom(walked).select([sql<number | string>`count(*)`.as('rows'), sql<number | string | null>`sum(case when ${match} then 1 else 0 end)`.as('matches')]);
}

/** The query of `countUsersUpTo` after its walk, unexecuted (its plan is tested: the matches are read as the index finds them). */
export function usersCountUpTo(db: Db, filter: UserFilter, cap: number) {
  const matches = filtered(db, filter).select(sql<number>`1`.as('one')).limit(cap + 1).as('matches');
  return db.selectFrom(matches).select((eb) => eb.fn.countAll<number | string>().as('n'));
}

/** The query of `countUsers`, unexecuted (its plan is tested: a search reads the trigram index). */
export function usersCount(db: Db, filter: UserFilter) {
  return filtered(db, filter).select((eb) => eb.fn.countAll<number | string>().as('n'));
}

/**
 * Takes the seat lock until the transaction ends: every change to who is active, or who is an
 * admin, goes through it, so concurrent checks on any number of processes see each other.
 */
export async function lockSeats(db: Db, now: number): Promise<void> {
  await db.updateTable('locks').set({ touched_at: now }).where('name', '=', 'seats').execute();
}
