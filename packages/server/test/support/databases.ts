import { randomBytes } from 'node:crypto';
import { afterAll, describe } from 'vitest';
import pg from 'pg';
import { openDatabase } from '../../src/db/database.js';
import type { Db, DialectName } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';

export const PG_URL = process.env['PADDOCK_TEST_PG_URL'];

/** Creates an empty PostgreSQL database for one test file and returns its URL. */
export async function createPgDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  if (!PG_URL) throw new Error('PADDOCK_TEST_PG_URL is not set');
  const name = `paddock_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      // Best effort: a connection still being set up cannot be terminated yet, so try a few times;
      // a database left behind costs disk, not correctness.
      for (let attempt = 1; ; attempt++) {
        const c = new pg.Client({ connectionString: PG_URL });
        try {
          await c.connect();
          await c.query(`drop database if exists ${name} with (force)`);
          return;
        } catch (err) {
          if (attempt >= 5) {
            process.stderr.write(`test database ${name} was not dropped: ${(err as Error).message}\n`);
            return;
          }
          await new Promise((r) => setTimeout(r, 200 * attempt));
        } finally {
          await c.end().catch(() => undefined);
        }
      }
    },
  };
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
    url: () => Promise.resolve(`/tmp/paddock-test-${randomBytes(6).toString('hex')}/paddock.sqlite`),
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
