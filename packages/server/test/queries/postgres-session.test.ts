import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import type { Db, OpenDatabaseOptions } from '../../src/db/database.js';
import { createPgDatabase, PG_URL } from '../support/databases.js';

/** Every PostgreSQL session Paddock opens plans without parallel workers, keeping the URL's own settings. */
describe.skipIf(!PG_URL)('PostgreSQL sessions', () => {
  const opened: Db[] = [];
  const drops: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const db of opened) await db.destroy();
    for (const drop of drops) await drop();
  });

  async function open(query = '', onIdleError?: OpenDatabaseOptions['onIdleError']): Promise<Db> {
    const created = await createPgDatabase();
    drops.push(created.drop);
    const db = openDatabase({ url: created.url + query, poolSize: 3, ...(onIdleError && { onIdleError }) });
    opened.push(db);
    return db;
  }

  const setting = async (db: Db, name: string) => (await sql<Record<string, string>>`select current_setting(${name}) as value`.execute(db.kysely)).rows[0]?.['value'];

  it('start no parallel workers, on every connection of the pool', async () => {
    const db = await open();
    const values = await Promise.all([1, 2, 3].map(async () => db.kysely.connection().execute(async (c) => setting({ ...db, kysely: c }, 'max_parallel_workers_per_gather'))));
    expect(values).toEqual(['0', '0', '0']);
  });

  it("keep the settings of the URL's options parameter", async () => {
    const db = await open(`?options=${encodeURIComponent('-c statement_timeout=4321')}`);
    expect(await setting(db, 'statement_timeout')).toBe('4321ms');
    expect(await setting(db, 'max_parallel_workers_per_gather')).toBe('0');
  });

  it('survive PostgreSQL ending an idle connection: told once, and the next query opens another', async () => {
    const ended: Array<string | undefined> = [];
    const db = await open('', (err) => ended.push(err.code));
    const pid = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db.kysely)).rows[0]?.pid;
    const other = await open();
    await sql`select pg_terminate_backend(${pid})`.execute(other.kysely);
    await expect.poll(() => ended, { timeout: 5000 }).toEqual(['57P01']);
    const next = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db.kysely)).rows[0]?.pid;
    expect(next).not.toBe(pid);
  });
});
