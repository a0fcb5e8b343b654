import type { Kysely, Migration } from 'kysely';

/**
 * A counter per user that every access token carries: deactivating a user, demoting an admin or
 * changing a password moves it on, and tokens of an earlier generation stay dead for good, whatever
 * happens to the user next (reactivation included).
 */
export function tokenGeneration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('users').addColumn('token_generation', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('users').dropColumn('token_generation').execute();
    },
  };
}
