/*
 * The users table row by row: the reads by id and email (the request path's among them), the
 * writes, and the seat counts kept beside it. Listings are in `user-listing.ts` (their SQL),
 * `user-pages.ts` (how a page is read, searched or not), `user-counts.ts` (their totals) and
 * `user-batches.ts` (every user, streamed).
 */
import { sql } from 'kysely';
import type { Kysely, RawBuilder } from 'kysely';
import { userJson } from './reply-json.js';
import type { UserView } from './reply-json.js';
import type { Reader } from '../db/database.js';
import { prepared } from '../db/prepared.js';
import { andThen } from '../soon.js';
import type { Soon } from '../soon.js';
import type { Database, NewUser, UserRecord, UserRow, UserUpdate } from '../db/schema.js';

type Db = Kysely<Database>;

/** Every column but the password hash: what listings read. */
export const RECORD_COLUMNS = [
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

/**
 * Takes the seat lock until the transaction ends: every change to who is active, or who is an
 * admin, goes through it, so concurrent checks on any number of processes see each other.
 */
export async function lockSeats(db: Db, now: number): Promise<void> {
  await db.updateTable('locks').set({ touched_at: now }).where('name', '=', 'seats').execute();
}
