import type { Kysely } from 'kysely';
import type { Database, SsoProviderRow, UserIdentityRow } from '../db/schema.js';

type Db = Kysely<Database>;

export async function listSsoProviders(db: Db): Promise<SsoProviderRow[]> {
  return db.selectFrom('sso_providers').selectAll().orderBy('alias').execute();
}

export async function findSsoProvider(db: Db, alias: string): Promise<SsoProviderRow | undefined> {
  return db.selectFrom('sso_providers').selectAll().where('alias', '=', alias).executeTakeFirst();
}

export async function insertSsoProvider(db: Db, row: SsoProviderRow): Promise<void> {
  await db.insertInto('sso_providers').values(row).execute();
}

/** Deletes the provider and the links to its accounts; answers whether it existed. */
export async function deleteSsoProvider(db: Db, alias: string): Promise<boolean> {
  await db.deleteFrom('user_identities').where('provider_alias', '=', alias).execute();
  const result = await db.deleteFrom('sso_providers').where('alias', '=', alias).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function findIdentity(db: Db, alias: string, subject: string): Promise<UserIdentityRow | undefined> {
  return db.selectFrom('user_identities').selectAll().where('provider_alias', '=', alias).where('subject', '=', subject).executeTakeFirst();
}

export async function insertIdentity(db: Db, row: UserIdentityRow): Promise<void> {
  await db.insertInto('user_identities').values(row).execute();
}
