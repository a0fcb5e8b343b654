import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import type { Db, DialectName } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { createScratchPgDatabase } from '../../src/tools/scratch.js';
import type { ScratchDatabase } from '../../src/tools/scratch.js';

export const PG_URL = process.env['PADDOCK_TEST_PG_URL'];

/** Creates an empty PostgreSQL database for one test file and returns its URL. */
export async function createPgDatabase(): Promise<ScratchDatabase> {
  if (!PG_URL) throw new Error('PADDOCK_TEST_PG_URL is not set');
  return createScratchPgDatabase(PG_URL, 'paddock_t');
}

export interface TestDatabase {
  dialect: DialectName;
  /** A fresh, migrated, empty database. */
  open(): Promise<Db>;
  /** A database URL (for spawning server processes); sqlite gets a temp file path. */
  url(): Promise<string>;
}

function sqliteDatabase(): TestDatabase {
  return {
    dialect: 'sqlite',
    open: async () => {
      const db = openDatabase({ url: ':memory:' });
      await migrateToLatest(db);
      return db;
    },
    url: () => Promise.resolve(path.join(tmpdir(), `paddock-db-${randomBytes(6).toString('hex')}`, 'paddock.sqlite')),
  };
}

function postgresDatabase(): TestDatabase {
  const drops: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const drop of drops) await drop();
  });
  const url = async () => {
    const created = await createPgDatabase();
    drops.push(created.drop);
    return created.url;
  };
  return {
    dialect: 'postgres',
    url,
    open: async () => {
      const db = openDatabase({ url: await url(), poolSize: 25 });
      drops.unshift(() => db.destroy());
      await migrateToLatest(db);
      return db;
    },
  };
}

/**
 * Runs the same suite on SQLite and on PostgreSQL. PostgreSQL runs when PADDOCK_TEST_PG_URL is
 * set; the global setup makes its absence fatal in CI and visible elsewhere.
 */
export function describeEachDatabase(title: string, body: (database: TestDatabase) => void): void {
  describe(`${title} [sqlite]`, () => body(sqliteDatabase()));
  describe.skipIf(!PG_URL)(`${title} [postgres]`, () => body(postgresDatabase()));
}
