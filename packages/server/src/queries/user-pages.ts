/*
 * A page of users as a call answers it, searched or not (`queryUsers`, `queryUserEntries`): a
 * searched page's ways (few matches, the walks, the prefix split), each read as records or as the
 * entries the database writes.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { containsAny, ftsQuery, isShortSearch, isSqlite, LAST_CHARACTER } from './like.js';
import { userEntryJson } from './reply-json.js';
import type { UserView } from './reply-json.js';
import { columnsOf } from '../db/database.js';
import type { Reader, Rows } from '../db/database.js';
import { andThen } from '../soon.js';
import type { Soon } from '../soon.js';
import type { Database } from '../db/schema.js';
import { RECORD_COLUMNS } from './users.js';
import { compiledListing, DEFAULT_SORT, inParts, listingOf, orderTerms, PREFIX_COLUMNS, readListing, searchColumns, SORT_EXPRESSIONS, unsearched } from './user-listing.js';
import type { Shape, SortedUserRecord, UserEntry, UserFilter, UserSortKey } from './user-listing.js';

type Db = Kysely<Database>;

function recordShape(db: Db): Shape<SortedUserRecord> {
  return { listing: async (filter) => (await db.executeQuery(compiledListing(db, filter, 'records'))).rows as SortedUserRecord[], walk: async (filter, walk) => usersWalk(db, filter, walk).execute() };
}

export function entryShape(reader: Reader, view: UserView): Shape<UserEntry> {
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
