import { sql } from 'kysely';
import type { Kysely, RawBuilder } from 'kysely';
import type { Database, UserRecord, UserRow } from '../db/schema.js';
import { isSqlite } from './like.js';

type Db = Kysely<Database>;

/**
 * The last activity of a user: their latest sign-in or activation, else their creation (an invited
 * user who never signed in). The expression of the index `users_last_active` (migration 0012).
 */
const LAST_ACTIVE: RawBuilder<number> = sql<number>`coalesce(last_active_at, created_at)`;
/** A literal, not a parameter, so that PostgreSQL matches the partial index `users_last_active` in every plan. */
const ACTIVE: RawBuilder<boolean> = sql<boolean>`status = 'active'`;

export type DormantUser = Pick<UserRecord, 'id' | 'email' | 'first_name' | 'last_name' | 'role' | 'created_at' | 'last_login_at' | 'idle_warned_at'> & {
  last_active_at: number;
};

export interface DormantFilter {
  /** Active users whose last activity is strictly before this time. */
  before: number;
  /** And at or after this time (the policy's warning window). */
  since?: number;
  /** Leave admins out (the policy never takes them). */
  usersOnly?: boolean;
  limit: number;
}

/**
 * The users a dormant query reads: on SQLite, those the index `users_last_active` names (`indexed
 * by`: without statistics, SQLite would rather read every active user through `users_status_role`,
 * an equality beating a range); PostgreSQL's planner picks the index by itself.
 */
function dormantSource(db: Db, before: number) {
  if (!isSqlite(db)) return sql<UserRow>`users`.as('users');
  return sql<UserRow>`(select * from users indexed by users_last_active where ${ACTIVE} and ${LAST_ACTIVE} < ${before})`.as('users');
}

function dormant(db: Db, filter: DormantFilter) {
  let q = db.selectFrom(dormantSource(db, filter.before)).where(ACTIVE).where(LAST_ACTIVE, '<', filter.before);
  if (filter.since !== undefined) q = q.where(LAST_ACTIVE, '>=', filter.since);
  if (filter.usersOnly === true) q = q.where('role', '=', 'user');
  return q;
}

/** Active users idle since before `filter.before`, the most recently active first (then by email). */
export async function queryDormantUsers(db: Db, filter: DormantFilter): Promise<DormantUser[]> {
  const rows = await dormantListing(db, filter).execute();
  return rows.map((r) => ({ ...r, last_active_at: Number(r.last_active_at) }));
}

/** The query of `queryDormantUsers`, unexecuted (its plan is tested: it reads the index `users_last_active`). */
export function dormantListing(db: Db, filter: DormantFilter) {
  return dormant(db, filter)
    .select(['id', 'email', 'first_name', 'last_name', 'role', 'created_at', 'last_login_at', 'idle_warned_at'])
    .select(LAST_ACTIVE.as('last_active_at'))
    .orderBy(LAST_ACTIVE, 'desc')
    .orderBy('email', 'asc')
    .limit(filter.limit);
}

/** How many users `queryDormantUsers` selects in all, and how many of them are admins. */
export async function countDormantUsers(db: Db, filter: Omit<DormantFilter, 'limit'>): Promise<{ users: number; admins: number }> {
  const row = await dormant(db, { ...filter, limit: 0 })
    .select((eb) => [eb.fn.countAll<number | string>().as('users'), eb.fn.sum<number | string | null>(eb.case().when('role', '=', 'admin').then(1).else(0).end()).as('admins')])
    .executeTakeFirstOrThrow();
  return { users: Number(row.users), admins: Number(row.admins ?? 0) };
}

/**
 * Claims the policy's next run: moves the `seat-reclaim` lock row's time to `now` only if its last
 * run is at least `every` ms old. One conditional UPDATE, so of any number of processes ticking at
 * once exactly one wins (the row lock serialises them, and the losers then see the new time), and
 * the time of the last run outlives every process.
 */
export async function claimPolicyRun(db: Db, now: number, every: number): Promise<boolean> {
  const result = await db
    .updateTable('locks')
    .set({ touched_at: now })
    .where('name', '=', 'seat-reclaim')
    .where('touched_at', '<=', now - every)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Marks the user warned at `now` unless they were already warned since their last activity, and
 * says whether this call did it: of two processes, one sends the mail.
 */
export async function claimIdleWarning(db: Db, id: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ idle_warned_at: now })
    .where('id', '=', id)
    .where(ACTIVE)
    .where((eb) => eb.or([eb('idle_warned_at', 'is', null), eb('idle_warned_at', '<=', LAST_ACTIVE)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Records a use of a login (a refresh) as a sign-in: sets `last_login_at` and `last_active_at` to
 * `now` only when the sign-in is older than `now - staleAfter`, so that a burst of refreshes writes once.
 */
export async function touchLastActivity(db: Db, id: string, now: number, staleAfter: number): Promise<void> {
  await db
    .updateTable('users')
    .set({ last_login_at: now, last_active_at: now })
    .where('id', '=', id)
    .where(ACTIVE)
    .where((eb) => eb.or([eb('last_login_at', 'is', null), eb('last_login_at', '<', now - staleAfter)]))
    .execute();
}

/** Active admins' emails, for the "ask an administrator" sentence of a full licence. */
export async function activeAdminEmails(db: Db, limit: number): Promise<string[]> {
  const rows = await db.selectFrom('users').select('email').where(ACTIVE).where('role', '=', 'admin').orderBy('email').limit(limit).execute();
  return rows.map((r) => r.email);
}
