import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database, NewUser } from '../db/schema.js';
import type { NewAuditEvent } from './audit.js';
import { isSqlite } from './like.js';

type Db = Kysely<Database>;

/** Rows per statement: under SQLite's and PostgreSQL's bound-parameter limits for every table here. */
export const IMPORT_BATCH = 500;

function* batches<T>(items: readonly T[]): Generator<T[]> {
  for (let i = 0; i < items.length; i += IMPORT_BATCH) yield items.slice(i, i + IMPORT_BATCH);
}

/** Which of `emails` (normalised) belong to a user already. */
export async function existingEmails(db: Db, emails: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const batch of batches(emails)) {
    for (const row of (await existingEmailsQuery(db, batch).execute(db)).rows) found.add(row.email);
  }
  return found;
}

/**
 * The users among `emails`, each found through the unique email index (its plan is tested).
 * PostgreSQL's trigram index on the email (`gin_trgm_ops`) also answers `=`, and the planner
 * rated it cheaper for `email in (500 emails)`: each of them then read the posting lists of
 * trigrams every imported email shares, 3–4 s a batch, which made importing 100,000 users take
 * 211 s. Here each email is its own lookup, which the unique index answers: a lateral
 * subquery, kept apart by its `limit` (never merged into a hash join reading every user either).
 */
export function existingEmailsQuery(db: Db, emails: readonly string[]) {
  if (isSqlite(db)) return sql<{ email: string }>`select email from users where email in (${sql.join(emails)})`;
  return sql<{ email: string }>`select found.email from unnest(${[...emails]}::text[]) as wanted(email) cross join lateral (select email from users where users.email = wanted.email limit 1) as found`;
}

/** Which of `names` a workspace already holds. */
export async function takenWorkspaceNames(db: Db, names: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const batch of batches(names)) {
    for (const row of await db.selectFrom('workspaces').select('name').where('name', 'in', batch).execute()) found.add(row.name);
  }
  return found;
}

/**
 * Inserts users with their default workspaces (owned by them) and one audit event each, a batch
 * of rows per statement: what `users.create` does for one user, for many.
 */
export async function insertImportedUsers(db: Db, users: readonly NewUser[], workspaceName: (email: string) => string, event: (user: NewUser, workspaceId: number) => NewAuditEvent): Promise<void> {
  for (const batch of batches(users)) {
    await db.insertInto('users').values(batch).execute();
    const workspaces = await db
      .insertInto('workspaces')
      .values(batch.map((u) => ({ name: workspaceName(u.email), created_by: u.id, created_at: u.created_at, default_for: u.id })))
      .returning(['id', 'created_by'])
      .execute();
    await db
      .insertInto('memberships')
      .values(workspaces.map((w) => ({ workspace_id: w.id, user_id: w.created_by, role: 'owner' as const, created_at: batch[0]?.created_at ?? 0 })))
      .execute();
    const byUser = new Map(workspaces.map((w) => [w.created_by, w.id]));
    await db
      .insertInto('audit_events')
      .values(batch.map((u) => event(u, byUser.get(u.id) ?? 0)))
      .execute();
  }
}
