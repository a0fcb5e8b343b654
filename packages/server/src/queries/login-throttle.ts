import type { Kysely } from 'kysely';
import type { Database, LoginFailureRow } from '../db/schema.js';

type Db = Kysely<Database>;

/**
 * Makes sure the row exists and takes its write lock until the transaction ends (a row lock on
 * PostgreSQL, the database's write lock on SQLite), so that concurrent failures on any process
 * count one after the other. Answers the row as it stands once the lock is held.
 */
export async function lockLoginFailure(db: Db, key: string, now: number): Promise<LoginFailureRow> {
  await db
    .insertInto('login_failures')
    .values({ key, failures: 0, window_started_at: now, locked_until: null, lock_count: 0 })
    .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ failures: eb.ref('login_failures.failures') })))
    .execute();
  return db.selectFrom('login_failures').selectAll().where('key', '=', key).executeTakeFirstOrThrow();
}

export async function updateLoginFailure(db: Db, row: LoginFailureRow): Promise<void> {
  const { key, ...rest } = row;
  await db.updateTable('login_failures').set(rest).where('key', '=', key).execute();
}

/** Answers how many rows went (0 or 1). */
export async function deleteLoginFailure(db: Db, key: string): Promise<number> {
  const result = await db.deleteFrom('login_failures').where('key', '=', key).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export interface LoginFailureFilter {
  key?: string;
  /** Rows locked past this time... */
  lockedAfter: number;
  /** ...or whose window of failures started after this one. */
  windowStartedAfter: number;
}

export async function listLoginFailures(db: Db, f: LoginFailureFilter): Promise<LoginFailureRow[]> {
  let q = db
    .selectFrom('login_failures')
    .selectAll()
    .where((eb) => eb.or([eb('locked_until', '>', f.lockedAfter), eb.and([eb('failures', '>', 0), eb('window_started_at', '>', f.windowStartedAfter)])]))
    .orderBy('key');
  if (f.key !== undefined) q = q.where('key', '=', f.key);
  return q.execute();
}

/** Deletes rows with neither a failure nor a lock since `before`. */
export async function purgeLoginFailures(db: Db, before: number): Promise<void> {
  await db
    .deleteFrom('login_failures')
    .where('window_started_at', '<', before)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', before)]))
    .execute();
}
