import type { Kysely, Migration } from 'kysely';

/**
 * Upstream SSO: the external OpenID providers an admin added through the API (those from
 * configuration live in memory), and which provider account (issuer alias + subject) is linked
 * to which user.
 */
export function sso(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('sso_providers')
        .addColumn('alias', 'text', (c) => c.primaryKey())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('issuer', 'text', (c) => c.notNull())
        .addColumn('client_id', 'text', (c) => c.notNull())
        .addColumn('client_secret', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('user_identities')
        .addColumn('provider_alias', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('user_identities_pk', ['provider_alias', 'subject'])
        .execute();
      await db.schema.createIndex('user_identities_user_id').on('user_identities').column('user_id').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('user_identities').execute();
      await db.schema.dropTable('sso_providers').execute();
    },
  };
}
