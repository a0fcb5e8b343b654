import type { Kysely } from 'kysely';
import type { Database, OidcPayloadRow } from '../db/schema.js';

type Db = Kysely<Database>;

/**
 * Deletes every stored OpenID artefact bound to the account: sessions, grants, and whatever was
 * issued under those grants (refresh tokens, codes). Run in the transaction that deactivates or
 * demotes the user.
 */
export async function deleteAccountArtifacts(db: Db, accountId: string): Promise<number> {
  const owned = await db.selectFrom('oidc_payloads').select(['model', 'id', 'grant_id']).where('account_id', '=', accountId).execute();
  const grantIds = [...new Set(owned.flatMap((r) => (r.model === 'Grant' ? [r.id] : r.grant_id ? [r.grant_id] : [])))];
  const result = await db
    .deleteFrom('oidc_payloads')
    .where((eb) => (grantIds.length > 0 ? eb.or([eb('account_id', '=', accountId), eb('grant_id', 'in', grantIds)]) : eb('account_id', '=', accountId)))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** The stored columns of one oidc-provider model instance, besides its model and id. */
export type OidcPayloadColumns = Omit<OidcPayloadRow, 'model' | 'id'>;

export async function upsertOidcPayload(db: Db, model: string, id: string, columns: OidcPayloadColumns): Promise<void> {
  await db
    .insertInto('oidc_payloads')
    .values({ model, id, ...columns })
    .onConflict((oc) => oc.columns(['model', 'id']).doUpdateSet(columns))
    .execute();
}

/** The instance of `model` whose `column` is `value`, unless it expired before `now`. */
export async function findOidcPayload(db: Db, model: string, column: 'id' | 'uid' | 'user_code', value: string, now: number): Promise<OidcPayloadRow | undefined> {
  return db
    .selectFrom('oidc_payloads')
    .selectAll()
    .where('model', '=', model)
    .where(column, '=', value)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .executeTakeFirst();
}

/** Marks the instance consumed at `now`, once. */
export async function consumeOidcPayload(db: Db, model: string, id: string, now: number): Promise<void> {
  await db.updateTable('oidc_payloads').set({ consumed_at: now }).where('model', '=', model).where('id', '=', id).where('consumed_at', 'is', null).execute();
}

export async function deleteOidcPayload(db: Db, model: string, id: string): Promise<void> {
  await db.deleteFrom('oidc_payloads').where('model', '=', model).where('id', '=', id).execute();
}

/** Everything issued under the grant, whatever the model. */
export async function deleteOidcPayloadsOfGrant(db: Db, grantId: string): Promise<void> {
  await db.deleteFrom('oidc_payloads').where('grant_id', '=', grantId).execute();
}

/** Deletes rows that expired before `before`; returns how many. */
export async function deleteOidcPayloadsExpiredBefore(db: Db, before: number): Promise<number> {
  const result = await db.deleteFrom('oidc_payloads').where('expires_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
