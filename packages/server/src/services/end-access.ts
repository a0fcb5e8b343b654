import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { deleteAccountArtifacts } from '../queries/oidc.js';
import { retireTokens } from '../queries/users.js';

/**
 * Ends everything a user holds, inside the caller's transaction: every access token issued so far
 * is refused from the next request on, for good (a reactivation does not revive it), and every
 * session, grant and refresh token is deleted. For a deactivation, a lost admin role, a new password.
 */
export async function endAccess(trx: Kysely<Database>, userId: string): Promise<void> {
  await retireTokens(trx, userId);
  await deleteAccountArtifacts(trx, userId);
}
