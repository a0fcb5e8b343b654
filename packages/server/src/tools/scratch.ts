import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:net';
import pg from 'pg';

/**
 * Scratch resources for the test suite and the bench: a free port, a throwaway PostgreSQL
 * database. Nothing in the server itself uses them.
 */

/** A port that was free a moment ago. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('could not find a free port');
  return address.port;
}

export interface ScratchDatabase {
  url: string;
  /** Drops it, best effort: a database left behind costs disk, not correctness. */
  drop: () => Promise<void>;
}

/** Creates an empty database named `<prefix>_<random>` beside the one `serverUrl` names. */
export async function createScratchPgDatabase(serverUrl: string, prefix: string): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: async () => dropDatabase(serverUrl, name) };
}

async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  // A connection still being set up cannot be terminated yet, so try a few times.
  for (let attempt = 1; ; attempt++) {
    const c = new pg.Client({ connectionString: serverUrl });
    try {
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      return;
    } catch (err) {
      if (attempt >= 5) {
        process.stderr.write(`scratch database ${name} was not dropped: ${(err as Error).message}\n`);
        return;
      }
      await new Promise((r) => setTimeout(r, 200 * attempt));
    } finally {
      await c.end().catch(() => undefined);
    }
  }
}
