import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

type Db = Kysely<Database>;

export async function usersWithUsernameMismatch(db: Db): Promise<Array<{ id: string; email: string; username: string }>> {
  return db.selectFrom('users').select(['id', 'email', 'username']).whereRef('username', '<>', 'email').orderBy('email').execute();
}

export async function allUserEmails(db: Db): Promise<Array<{ id: string; email: string }>> {
  return db.selectFrom('users').select(['id', 'email']).orderBy('email').execute();
}

export async function firstActiveAdmin(db: Db): Promise<{ id: string } | undefined> {
  return db.selectFrom('users').select('id').where('role', '=', 'admin').where('status', '=', 'active').orderBy('created_at').limit(1).executeTakeFirst();
}
