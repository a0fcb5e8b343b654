import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

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
