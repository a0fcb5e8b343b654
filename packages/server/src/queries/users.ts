import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database, NewUser, UserRecord, UserRow, UserUpdate } from '../db/schema.js';

type Db = Kysely<Database>;

/** Every column but the password hash: what listings read. */
const RECORD_COLUMNS = ['id', 'email', 'username', 'first_name', 'last_name', 'role', 'status', 'email_verified', 'created_at', 'last_login_at', 'must_change_password'] as const;

export async function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** `email` must already be normalised (trimmed, lower-cased): the column holds lower-case. */
export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
}

export async function insertUser(db: Db, user: NewUser): Promise<void> {
  await db.insertInto('users').values(user).execute();
}

export async function updateUser(db: Db, id: string, patch: UserUpdate): Promise<void> {
  await db.updateTable('users').set(patch).where('id', '=', id).execute();
}

export async function countActiveUsers(db: Db): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function countActiveAdmins(db: Db): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('status', '=', 'active')
    .where('role', '=', 'admin')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface UserFilter {
  ids?: readonly string[];
  /** Substring of email, first or last name, case-insensitive. */
  search?: string;
  status?: UserRow['status'];
  role?: UserRow['role'];
  /** Users whose email sorts after this one (keyset paging). */
  afterEmail?: string;
  limit?: number;
}

function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Users ordered by email, filtered; one indexed range scan. */
export async function queryUsers(db: Db, filter: UserFilter): Promise<UserRecord[]> {
  let q = db.selectFrom('users').select(RECORD_COLUMNS).orderBy('email');
  if (filter.ids) {
    if (filter.ids.length === 0) return Promise.resolve([]);
    q = q.where('id', 'in', filter.ids);
  }
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.role) q = q.where('role', '=', filter.role);
  if (filter.afterEmail !== undefined) q = q.where('email', '>', filter.afterEmail);
  if (filter.search) {
    const pattern = likePattern(filter.search);
    // Explicit ESCAPE: SQLite has no default escape character, PostgreSQL's is the backslash.
    q = q.where(
      sql<boolean>`(email like ${pattern} escape '\\' or lower(first_name) like ${pattern} escape '\\' or lower(last_name) like ${pattern} escape '\\')`,
    );
  }
  if (filter.limit !== undefined) q = q.limit(filter.limit);
  return q.execute();
}

/**
 * Takes the seat lock until the transaction ends: every change to who is active, or who is an
 * admin, goes through it, so concurrent checks on any number of processes see each other.
 */
export async function lockSeats(db: Db, now: number): Promise<void> {
  await db.updateTable('locks').set({ touched_at: now }).where('name', '=', 'seats').execute();
}
