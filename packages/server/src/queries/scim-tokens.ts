import type { Kysely } from 'kysely';
import type { Database, ScimTokenRow } from '../db/schema.js';

type Db = Kysely<Database>;

export async function insertScimToken(db: Db, row: ScimTokenRow): Promise<void> {
  await db.insertInto('scim_tokens').values(row).execute();
}

export async function findScimTokenByName(db: Db, name: string): Promise<ScimTokenRow | undefined> {
  return db.selectFrom('scim_tokens').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function findScimTokenById(db: Db, id: string): Promise<ScimTokenRow | undefined> {
  return db.selectFrom('scim_tokens').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The token with this hash (unique index), revoked or not. */
export async function findScimTokenByHash(db: Db, tokenHash: string): Promise<ScimTokenRow | undefined> {
  return db.selectFrom('scim_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

export async function listScimTokens(db: Db): Promise<ScimTokenRow[]> {
  return db.selectFrom('scim_tokens').selectAll().orderBy('name').execute();
}

/** Answers whether a token that was not revoked yet is now. */
export async function revokeScimToken(db: Db, id: string, at: number): Promise<boolean> {
  const result = await db.updateTable('scim_tokens').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Records a use, unless one was recorded since `since` (a write per minute, not per request). */
export async function touchScimToken(db: Db, id: string, at: number, since: number): Promise<void> {
  await db
    .updateTable('scim_tokens')
    .set({ last_used_at: at })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', since)]))
    .execute();
}
