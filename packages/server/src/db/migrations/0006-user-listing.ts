import type { Kysely, Migration } from 'kysely';
import { sql } from 'kysely';

/**
 * Indexes for the dashboard's users table: each sortable column paired with the email (unique,
 * the tie-breaker), so that any sort order pages by a keyset range scan at any number of users.
 * Names sort case-insensitively and logins with "never" first, hence the expressions.
 */
const INDEXES = {
  users_by_role: sql`role, email`,
  users_by_status: sql`status, email`,
  users_by_first_name: sql`lower(first_name), email`,
  users_by_last_name: sql`lower(last_name), email`,
  users_by_last_login: sql`coalesce(last_login_at, -1), email`,
  memberships_workspace_role: sql`workspace_id, role`,
} as const;

export function userListing(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      for (const [name, columns] of Object.entries(INDEXES)) {
        const table = name.startsWith('memberships') ? 'memberships' : 'users';
        await sql`create index ${sql.id(name)} on ${sql.id(table)} (${columns})`.execute(db);
      }
    },
    async down(db: Kysely<unknown>) {
      for (const name of Object.keys(INDEXES)) await db.schema.dropIndex(name).execute();
    },
  };
}
