import type { Kysely, Migration } from 'kysely';

/**
 * Invitation links and first-login password changes: a flag on users, and single-use tokens
 * stored only as their SHA-256.
 */
export function invitations(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('users').addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await db.schema
        .createTable('invitations')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('used_at', 'bigint')
        .execute();
      await db.schema.createIndex('invitations_user_id').on('invitations').column('user_id').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('invitations').execute();
      await db.schema.alterTable('users').dropColumn('must_change_password').execute();
    },
  };
}
