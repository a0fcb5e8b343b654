import type { Kysely } from 'kysely';
import type { Database, ServiceAccountRow } from '../db/schema.js';

type Db = Kysely<Database>;

export async function findServiceAccount(db: Db, clientId: string): Promise<ServiceAccountRow | undefined> {
  return db.selectFrom('service_accounts').selectAll().where('client_id', '=', clientId).executeTakeFirst();
}

export async function insertServiceAccount(db: Db, row: ServiceAccountRow): Promise<void> {
  await db.insertInto('service_accounts').values(row).execute();
}

export async function listServiceAccounts(db: Db): Promise<ServiceAccountRow[]> {
  return db.selectFrom('service_accounts').selectAll().orderBy('name').execute();
}

/** Answers whether a row was changed. */
export async function setServiceAccountSecret(db: Db, clientId: string, secretHash: string, rotatedAt: number): Promise<boolean> {
  const result = await db
    .updateTable('service_accounts')
    .set({ secret_hash: secretHash, secret_rotated_at: rotatedAt })
    .where('client_id', '=', clientId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function deleteServiceAccount(db: Db, clientId: string): Promise<boolean> {
  const result = await db.deleteFrom('service_accounts').where('client_id', '=', clientId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
