import type { Kysely, Migration } from 'kysely';
import { sql } from 'kysely';
import type { DialectName } from '../database.js';

/**
 * SCIM 2.0 provisioning. Users and workspaces learn who manages them (`source`: 'scim' once an
 * identity provider provisioned or adopted them; null for local ones), the provider's id for them
 * (`external_id`, unique when set), when SCIM last changed them (`updated_at`, null: never since
 * creation) and whether the provider deleted them (`scim_deleted_at`: SCIM answers 404 for them
 * while Paddock keeps the row, its audit trail and its memberships). SCIM tokens are the long-lived
 * bearer tokens identity providers call with, stored as SHA-256 like service-account secrets.
 */
export function scim(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      for (const table of ['users', 'workspaces']) {
        await db.schema.alterTable(table).addColumn('external_id', 'text').execute();
        await db.schema.alterTable(table).addColumn('source', 'text').execute();
        await db.schema.alterTable(table).addColumn('updated_at', 'bigint').execute();
        await db.schema.alterTable(table).addColumn('scim_deleted_at', 'bigint').execute();
        // Both dialects let any number of rows hold null in a unique index.
        await db.schema.createIndex(`${table}_external_id`).on(table).column('external_id').unique().execute();
      }
      await db.schema
        .createTable('scim_tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('last_used_at', 'bigint')
        .addColumn('revoked_at', 'bigint')
        .execute();
      if (dialect === 'postgres') await sql`analyze scim_tokens`.execute(db);
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('scim_tokens').execute();
      for (const table of ['users', 'workspaces']) {
        await db.schema.dropIndex(`${table}_external_id`).execute();
        for (const column of ['scim_deleted_at', 'updated_at', 'source', 'external_id']) await db.schema.alterTable(table).dropColumn(column).execute();
      }
    },
  };
}
