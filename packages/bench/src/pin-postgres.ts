import { spawnSync } from 'node:child_process';
import pg from 'pg';

/**
 * Pins the PostgreSQL backends serving the database at `url` (those open now: call it after a
 * warm-up, once the server's pool has its connections) to CPU `cpu`, beside the Paddock server,
 * so the database's work is counted on the server's core and not taken from the load generator's.
 * Only that database's backends: the cluster itself (and other users of it) is left alone.
 * Answers how many were pinned.
 */
export async function pinPostgresBackends(url: string, cpu: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>('select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()');
    let pinned = 0;
    for (const { pid } of rows) if (spawnSync('taskset', ['-p', '-c', cpu, String(pid)], { stdio: 'ignore' }).status === 0) pinned++;
    return pinned;
  } finally {
    await client.end();
  }
}
