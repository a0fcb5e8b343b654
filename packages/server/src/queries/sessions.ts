import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

type Db = Kysely<Database>;

/** A stored oidc-provider model: its id, the JSON payload, and when it lapses (epoch ms). */
export interface StoredModel {
  id: string;
  payload: string;
  expires_at: number | null;
}

const live = (now: number) => (eb: ExpressionBuilder<Database, 'oidc_payloads'>) =>
  eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]);

/** The account's unexpired Grants: one per login. */
export async function listAccountGrants(db: Db, accountId: string, now: number): Promise<StoredModel[]> {
  return db
    .selectFrom('oidc_payloads')
    .select(['id', 'payload', 'expires_at'])
    .where('model', '=', 'Grant')
    .where('account_id', '=', accountId)
    .where(live(now))
    .execute();
}

export async function findGrant(db: Db, grantId: string, now: number): Promise<(StoredModel & { account_id: string | null }) | undefined> {
  return db
    .selectFrom('oidc_payloads')
    .select(['id', 'payload', 'expires_at', 'account_id'])
    .where('model', '=', 'Grant')
    .where('id', '=', grantId)
    .where(live(now))
    .executeTakeFirst();
}

/** Unexpired refresh tokens (consumed ones too: their issue times date the chain) under these grants. */
export async function listGrantRefreshTokens(db: Db, grantIds: readonly string[], now: number): Promise<(StoredModel & { grant_id: string | null })[]> {
  if (grantIds.length === 0) return [];
  return db
    .selectFrom('oidc_payloads')
    .select(['id', 'payload', 'expires_at', 'grant_id'])
    .where('model', '=', 'RefreshToken')
    .where('grant_id', 'in', grantIds)
    .where(live(now))
    .execute();
}

/** The account's browser sessions (oidc-provider's Session model). */
export async function listAccountSessions(db: Db, accountId: string): Promise<StoredModel[]> {
  return db.selectFrom('oidc_payloads').select(['id', 'payload', 'expires_at']).where('model', '=', 'Session').where('account_id', '=', accountId).execute();
}

/** Deletes the grant and everything issued under it (refresh tokens, codes, ...). */
export async function deleteGrant(db: Db, grantId: string): Promise<void> {
  await db
    .deleteFrom('oidc_payloads')
    .where((eb) => eb.or([eb('grant_id', '=', grantId), eb.and([eb('model', '=', 'Grant'), eb('id', '=', grantId)])]))
    .execute();
}

export async function deleteSessions(db: Db, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.deleteFrom('oidc_payloads').where('model', '=', 'Session').where('id', 'in', ids).execute();
}
