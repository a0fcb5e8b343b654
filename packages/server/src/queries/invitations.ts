import type { Kysely } from 'kysely';
import type { Database, InvitationRow } from '../db/schema.js';

type Db = Kysely<Database>;

export async function insertInvitation(db: Db, row: InvitationRow): Promise<void> {
  await db.insertInto('invitations').values(row).execute();
}

/**
 * Marks the invitation used if it is still unused and unexpired, in one statement: of two
 * concurrent redemptions, on any number of processes, exactly one answers true.
 */
export async function consumeInvitation(db: Db, tokenHash: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable('invitations')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function findInvitation(db: Db, tokenHash: string): Promise<InvitationRow | undefined> {
  return db.selectFrom('invitations').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** Marks every unused invitation of a user used (a password was set, by a link or otherwise). */
export async function useInvitationsOf(db: Db, userId: string, at: number): Promise<void> {
  await db.updateTable('invitations').set({ used_at: at }).where('user_id', '=', userId).where('used_at', 'is', null).execute();
}
