import { exitWithUsage } from './flags.js';

export type Dialect = 'sqlite' | 'postgres';

/**
 * The databases a bench script runs on, from its `--db sqlite|postgres|both` flag (default: both
 * when PADDOCK_BENCH_PG_URL is set, else SQLite), or what is wrong with the flag.
 */
export function readDialects(flag: string | undefined, pgUrl: string | undefined): { dialects: Dialect[] } | { error: string } {
  const chosen = flag === undefined ? (pgUrl ? ['sqlite', 'postgres'] : ['sqlite']) : flag === 'both' ? ['sqlite', 'postgres'] : [flag];
  if (chosen.some((d) => d !== 'sqlite' && d !== 'postgres')) return { error: `--db takes sqlite, postgres or both (got "${flag}")` };
  if (chosen.includes('postgres') && !pgUrl) return { error: '--db postgres needs PADDOCK_BENCH_PG_URL, a PostgreSQL URL of a user that may create databases' };
  return { dialects: chosen as Dialect[] };
}

/** `readDialects`, or exits 2 with what is wrong and `usage`. */
export function dialectsOf(flag: string | undefined, pgUrl: string | undefined, usage: string): Dialect[] {
  const read = readDialects(flag, pgUrl);
  if ('dialects' in read) return read.dialects;
  return exitWithUsage(read.error, usage);
}
