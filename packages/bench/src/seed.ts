import { randomUUID } from 'node:crypto';
import { openDatabase } from '@paddock/server/dist/db/database.js';
import { migrateToLatest } from '@paddock/server/dist/db/migrate.js';
import type { NewUser } from '@paddock/server/dist/db/schema.js';
import { argon2Hasher } from '@paddock/server/dist/deps.js';
import { defaultWorkspaceName } from '@paddock/server/dist/domain/rules.js';

const BATCH = 500;

/** Every seeded user's password. */
export const BENCH_PASSWORD = 'bench-user-password';

export function benchEmail(i: number): string {
  return `bench-${String(i).padStart(5, '0')}@bench.paddock.test`;
}

/**
 * Migrates the database at `url` and inserts `count` active users, each with their default
 * workspace and owner membership (what users.create makes), in batches in one transaction.
 * All share one precomputed argon2id hash: hashing 10,000 passwords would take minutes.
 * Returns the emails.
 */
export async function seedUsers(url: string, count: number, progress: (done: number) => void): Promise<string[]> {
  const db = openDatabase({ url });
  try {
    await migrateToLatest(db);
    const passwordHash = await argon2Hasher().hash(BENCH_PASSWORD);
    const now = Date.now();
    const emails: string[] = [];
    await db.kysely.transaction().execute(async (trx) => {
      for (let start = 0; start < count; start += BATCH) {
        const users: NewUser[] = [];
        for (let i = start; i < Math.min(count, start + BATCH); i++) {
          const email = benchEmail(i);
          emails.push(email);
          users.push({
            id: randomUUID(),
            email,
            username: email,
            first_name: 'Bench',
            last_name: `User ${i}`,
            role: 'user',
            status: 'active',
            email_verified: 1,
            password_hash: passwordHash,
            created_at: now,
            last_login_at: null,
          });
        }
        await trx.insertInto('users').values(users).execute();
        const workspaces = await trx
          .insertInto('workspaces')
          .values(users.map((u) => ({ name: defaultWorkspaceName(u.email), created_by: u.id, created_at: now, default_for: u.id })))
          .returning(['id', 'created_by'])
          .execute();
        await trx
          .insertInto('memberships')
          .values(workspaces.map((w) => ({ workspace_id: w.id, user_id: w.created_by, role: 'owner' as const, created_at: now })))
          .execute();
        progress(start + users.length);
      }
    });
    return emails;
  } finally {
    await db.destroy();
  }
}
