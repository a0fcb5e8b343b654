import { sql } from 'kysely';
import type { Kysely, RawBuilder } from 'kysely';
import type { Database, UserRecord } from '../db/schema.js';

type Db = Kysely<Database>;

/** The last activity of a user: their latest sign-in, else their creation (an invited user who never signed in). */
const LAST_ACTIVE: RawBuilder<number> = sql<number>`coalesce(last_login_at, created_at)`;
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

function dormant(db: Db, filter: DormantFilter) {
  let q = db.selectFrom('users').where(ACTIVE).where(LAST_ACTIVE, '<', filter.before);
  if (filter.since !== undefined) q = q.where(LAST_ACTIVE, '>=', filter.since);
  if (filter.usersOnly === true) q = q.where('role', '=', 'user');
  return q;
}

/** Active users idle since before `filter.before`, the most recently active first (then by email). */
export async function queryDormantUsers(db: Db, filter: DormantFilter): Promise<DormantUser[]> {
  const rows = await dormant(db, filter)
    .select(['id', 'email', 'first_name', 'last_name', 'role', 'created_at', 'last_login_at', 'idle_warned_at'])
    .select(LAST_ACTIVE.as('last_active_at'))
    .orderBy(LAST_ACTIVE, 'desc')
    .orderBy('email', 'asc')
    .limit(filter.limit)
    .execute();
  return rows.map((r) => ({ ...r, last_active_at: Number(r.last_active_at) }));
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
 * Records a use of a login (a refresh) as activity: sets `last_login_at` to `now` only when it is
 * older than `now - staleAfter`, so that a burst of refreshes writes once.
 */
export async function touchLastActivity(db: Db, id: string, now: number, staleAfter: number): Promise<void> {
  await db
    .updateTable('users')
    .set({ last_login_at: now })
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
