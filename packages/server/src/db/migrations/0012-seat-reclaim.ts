import type { Kysely, Migration } from 'kysely';
import { sql } from 'kysely';

/**
 * Seat reclaim (issue 11).
 *
 * - `users.last_active_at`: the last sign-in (any way in, refreshes included) or activation; null
 *   for a user who has done neither since their invitation. A user's last activity, from which
 *   idleness is counted, is `coalesce(last_active_at, created_at)`: an activation by an admin starts
 *   the count again (else the policy would take back at once a user an admin just let back in),
 *   while `last_login_at` keeps saying when they last signed in. Backfilled from `last_login_at`.
 *   Writers that know nothing of it (imports) leave it null, which counts from the creation.
 * - `users.deactivated_by`: who made an inactive user inactive: `policy` (the idle-seat policy, whose
 *   users may float back on their next sign-in) or `admin` (anyone else: never undone by a login);
 *   null for active users and for users imported inactive.
 * - `users.idle_warned_at`: when the policy last mailed the user that their seat is about to go; a
 *   warning counts for the idle stretch it was sent in (until the next sign-in).
 * - An index on the last activity (`coalesce(last_active_at, created_at)`) of active users, so that
 *   the dormant listing and the policy read the idle users alone, oldest or newest first.
 * - A `locks` row whose `touched_at` is the time of the policy's last run: a process runs the policy
 *   only when its conditional UPDATE of that row wins (see `claimPolicyRun`).
 */
export function seatReclaim(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('users').addColumn('last_active_at', 'bigint').execute();
      await sql`update users set last_active_at = last_login_at`.execute(db);
      await db.schema.alterTable('users').addColumn('deactivated_by', 'text').execute();
      await db.schema.alterTable('users').addColumn('idle_warned_at', 'bigint').execute();
      await sql`create index users_last_active on users ((coalesce(last_active_at, created_at)), email) where status = 'active'`.execute(db);
      await sql`insert into locks (name, touched_at) values ('seat-reclaim', 0)`.execute(db);
    },
    async down(db: Kysely<unknown>) {
      await sql`delete from locks where name = 'seat-reclaim'`.execute(db);
      await sql`drop index if exists users_last_active`.execute(db);
      await db.schema.alterTable('users').dropColumn('idle_warned_at').execute();
      await db.schema.alterTable('users').dropColumn('deactivated_by').execute();
      await db.schema.alterTable('users').dropColumn('last_active_at').execute();
    },
  };
}
