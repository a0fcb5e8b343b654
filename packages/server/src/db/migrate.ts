import { Migrator } from 'kysely';
import type { Migration, MigrationProvider, MigrationResultSet } from 'kysely';
import type { Db, DialectName } from './database.js';
import { init } from './migrations/0001-init.js';
import { loginThrottle } from './migrations/0002-login-throttle.js';
import { serviceAccounts } from './migrations/0003-service-accounts.js';
import { invitations } from './migrations/0004-invitations.js';
import { sso } from './migrations/0005-sso.js';
import { userListing } from './migrations/0006-user-listing.js';
import { tokenGeneration } from './migrations/0007-token-generation.js';
import { seatCounts } from './migrations/0008-seat-counts.js';
import { search } from './migrations/0009-search.js';
import { seatCountStatements } from './migrations/0010-seat-count-statements.js';
import { userCounts } from './migrations/0011-user-counts.js';
import { seatReclaim } from './migrations/0012-seat-reclaim.js';
import { scim } from './migrations/0013-scim.js';
import { listingIndex } from './migrations/0014-listing-index.js';
import { shortSearch } from './migrations/0015-short-search.js';

/** Every migration, in order. One set serves both dialects. */
function migrations(dialect: DialectName): Record<string, Migration> {
  return {
    '0001-init': init(dialect),
    '0002-login-throttle': loginThrottle(),
    '0003-service-accounts': serviceAccounts(),
    '0004-invitations': invitations(),
    '0005-sso': sso(),
    '0006-user-listing': userListing(),
    '0007-token-generation': tokenGeneration(),
    '0008-seat-counts': seatCounts(dialect),
    '0009-search': search(dialect),
    '0010-seat-count-statements': seatCountStatements(dialect),
    '0011-user-counts': userCounts(dialect),
    '0012-seat-reclaim': seatReclaim(),
    '0013-scim': scim(dialect),
    '0014-listing-index': listingIndex(dialect),
    '0015-short-search': shortSearch(dialect),
  };
}

function migrator(db: Db): Migrator {
  const provider: MigrationProvider = { getMigrations: async () => migrations(db.dialect) };
  return new Migrator({ db: db.kysely, provider });
}

/**
 * Brings the schema up to date. Safe to run from several processes at once: Kysely takes a
 * lock (an advisory lock on PostgreSQL), so one migrates and the others wait.
 */
export async function migrateToLatest(db: Db): Promise<MigrationResultSet> {
  const result = await migrator(db).migrateToLatest();
  if (result.error instanceof Error) throw result.error;
  if (result.error !== undefined) throw new Error(`migration failed: ${JSON.stringify(result.error)}`);
  return result;
}

/** Brings the schema to migration `name` exactly (the bench measures before and after one). */
export async function migrateTo(db: Db, name: string): Promise<MigrationResultSet> {
  const result = await migrator(db).migrateTo(name);
  if (result.error instanceof Error) throw result.error;
  if (result.error !== undefined) throw new Error(`migration failed: ${JSON.stringify(result.error)}`);
  return result;
}

/** True when every known migration has been applied (what `/readyz` reports). */
export async function migrationsCurrent(db: Db): Promise<boolean> {
  const all = await migrator(db).getMigrations();
  return all.every((m) => m.executedAt !== undefined);
}
