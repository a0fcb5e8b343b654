export type Dialect = 'sqlite' | 'postgres';

/**
 * The databases a bench script runs on, from its `--db sqlite|postgres|both` flag (default: both
 * when PADDOCK_BENCH_PG_URL is set, else SQLite). Exits 2 with `usage` on anything else.
 */
export function dialectsOf(flag: string | undefined, pgUrl: string | undefined, usage: string): Dialect[] {
  const chosen = flag === undefined ? (pgUrl ? ['sqlite', 'postgres'] : ['sqlite']) : flag === 'both' ? ['sqlite', 'postgres'] : [flag];
  if (chosen.some((d) => d !== 'sqlite' && d !== 'postgres') || (chosen.includes('postgres') && !pgUrl)) {
    process.stderr.write(`${usage}\n`);
    process.exit(2);
  }
  return chosen as Dialect[];
}
