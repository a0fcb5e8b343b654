/*
 * How many users a listing selects: from the counts row where no search, ids or exact email ask
 * more, and a search's total counted no further than a cap.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { containsAny, isShortSearch } from './like.js';
import type { Database } from '../db/schema.js';
import { countFromRow, seatCounts } from './users.js';
import { filtered, searchColumns, unsearched } from './user-listing.js';
import type { UserFilter } from './user-listing.js';

type Db = Kysely<Database>;

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
