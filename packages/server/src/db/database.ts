import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import type { CompiledQuery } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';
import type { Soon } from '../soon.js';
import { turnReads } from './turn-reads.js';

export type DialectName = 'sqlite' | 'postgres';

/**
 * Reads on the request path, by the driver's shortest way: a compiled query (see `prepared`) runs
 * on a cached SQLite statement, or as a named PostgreSQL prepared statement on a pool connection.
 * Reads never join a writer's transaction and never see uncommitted rows. On SQLite the reads of
 * one event-loop turn share one read transaction (`turnReads`), which every write in the process
 * ends before it runs.
 */
export interface Reader {
  readonly kysely: Kysely<Database>;
  /** At once when the read can run at once (SQLite, no writer's transaction open). */
  first<R>(query: CompiledQuery<R>): Soon<R | undefined>;
  /**
   * `first`, for a read that requests of one moment repeat: on SQLite its answer is remembered
   * for as long as the turn's read transaction (the same snapshot answers the same), and shared by
   * every caller: never change it. On PostgreSQL every read is its own snapshot: `first`.
   */
  recall<R>(query: CompiledQuery<R>): Soon<R | undefined>;
  /**
   * Every row, each as the array of its values in the order of `columns`: the drivers make no
   * object per row, naming its properties one by one (a 100-user page's read: 266 µs of CPU as
   * objects, 222 as arrays).
   */
  rows(query: CompiledQuery): Soon<Rows>;
}

/** Rows as arrays of their values, and the names of the columns they hold, in that order. */
export interface Rows {
  columns: readonly string[];
  values: unknown[][];
}

/** Where each named column is in `rows`; refuses a name the query did not select. */
export function columnsOf<const N extends readonly string[]>(rows: Rows, names: N): { [K in keyof N]: number } {
  return names.map((name) => {
    const at = rows.columns.indexOf(name);
    if (at < 0) throw new Error(`the query selects no column ${name} (it selects ${rows.columns.join(', ')})`);
    return at;
  }) as { [K in keyof N]: number };
}

export interface Db extends Reader {
  readonly dialect: DialectName;
  /** Where the data lives, for logs: a file path or the PostgreSQL host/database (never the password). */
  readonly location: string;
  destroy(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** `postgres://...` selects PostgreSQL; anything else is a SQLite file path (or `:memory:`). */
  url: string;
  /** PostgreSQL pool size. */
  poolSize?: number;
  /**
   * Told when PostgreSQL ends an idle pooled connection (a restart, an administrator's
   * `pg_terminate_backend`, a dropped database). The pool discards that connection and opens
   * another for the next query; without a listener node-postgres throws, ending the process.
   */
  onIdleError?: (err: Error & { code?: string }) => void;
}

const INT8_OID = 20;

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

export function openDatabase(options: OpenDatabaseOptions): Db {
  return isPostgresUrl(options.url) ? openPostgres(options) : openSqlite(options.url);
}

function openSqlite(file: string): Db {
  if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  // A page cache of 64 MiB (SQLite's default is 2 MiB): the pages a request reads again stay in
  // the process rather than being copied from the operating system's cache each time. At a
  // million users, "Go to page 20,000" steps through half of the 45 MB email index: 12-15 ms of
  // which 8-10 went on those copies. The cache grows only as pages are read: the server's memory
  // grows by up to this much (README, Operations).
  sqlite.pragma('cache_size = -65536');
  const reads = turnReads(sqlite);
  const database = withStatementCache(sqlite, reads.before);
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  // One connection: while a writer's transaction is open, reading on it would see that
  // transaction's uncommitted rows, so the read waits for it in Kysely's queue. Otherwise it runs
  // at once and alone (better-sqlite3 is synchronous), in the turn's read transaction.
  const first = <R>(query: CompiledQuery<R>): Soon<R | undefined> => {
    if (!reads.enter()) return kysely.executeQuery(query).then((result) => result.rows[0]);
    return database.prepare(query.sql).get(query.parameters) as R | undefined;
  };
  const recall = <R>(query: CompiledQuery<R>): Soon<R | undefined> => {
    if (!reads.enter()) return first(query);
    return reads.remembered(query.sql, query.parameters, () => database.prepare(query.sql).get(query.parameters) as R | undefined);
  };
  const rows = (query: CompiledQuery): Soon<Rows> => {
    // The statement names the columns, rows or none.
    const { statement, columns } = database.prepareRaw(query.sql);
    if (!reads.enter()) {
      return kysely.executeQuery(query).then((result) => {
        const objects = result.rows as Record<string, unknown>[];
        return { columns, values: objects.map((row) => columns.map((column) => row[column])) };
      });
    }
    return { columns, values: statement.all(query.parameters) as unknown[][] };
  };
  // Closing the connection ends the turn's read transaction, if one is open.
  return { kysely, first, recall, rows, dialect: 'sqlite', location: file, destroy: async () => kysely.destroy() };
}

const STATEMENT_CACHE_SIZE = 256;

/** A statement that answers rows as arrays, and its column names. */
interface RawStatement {
  statement: SQLite.Statement;
  columns: readonly string[];
}

/**
 * Kysely prepares every query anew; better-sqlite3 statements are reusable, and preparing costs
 * more than running an indexed lookup. Kysely never streams here, so a cached statement is
 * never busy when it is reused. Statements in raw mode (rows as arrays) are kept apart. `before`
 * sees each statement as it is handed out to run.
 */
function withStatementCache(
  sqlite: SQLite.Database,
  before: (statement: SQLite.Statement) => void,
): { close(): void; prepare(sql: string): SQLite.Statement; prepareRaw(sql: string): RawStatement } {
  const statements = new Map<string, SQLite.Statement>();
  const raw = new Map<string, RawStatement>();
  const cached = <T>(cache: Map<string, T>, sql: string, make: () => T): T => {
    let entry = cache.get(sql);
    if (entry === undefined) {
      entry = make();
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value ?? '');
      cache.set(sql, entry);
    }
    return entry;
  };
  return {
    close: () => sqlite.close(),
    prepare: (sql) => {
      const statement = cached(statements, sql, () => sqlite.prepare(sql));
      before(statement);
      return statement;
    },
    prepareRaw: (sql) => {
      const entry = cached(raw, sql, () => {
        const statement = sqlite.prepare(sql).raw(true);
        return { statement, columns: statement.columns().map((c) => c.name) };
      });
      before(entry.statement);
      return entry;
    },
  };
}

function parserFor(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
  if (oid === INT8_OID) return Number;
  return pg.types.getTypeParser(oid, format) as (value: string) => unknown;
}

/**
 * The URL without its `options` parameter, and the settings of every session: the URL's, then no
 * parallel workers. Paddock's statements read a few rows through an index, and starting workers
 * cost more than the read itself (a short search that matches nothing, planned as a parallel
 * bitmap scan of an estimated 5,867 rows: 45 ms with two workers, 0.9 ms without, on a million
 * users here). node-postgres would let the URL's `options` replace the one given beside it.
 */
function withSessionOptions(url: string): { connectionString: string; options: string } {
  const parsed = new URL(url);
  const given = parsed.searchParams.get('options');
  if (given !== null) parsed.searchParams.delete('options');
  const options = [given, '-c max_parallel_workers_per_gather=0'].filter((o) => o !== null && o !== '').join(' ');
  return { connectionString: given === null ? url : parsed.toString(), options };
}

function openPostgres(options: OpenDatabaseOptions): Db {
  const pool = new pg.Pool({
    ...withSessionOptions(options.url),
    max: options.poolSize ?? 10,
    // Epoch-millisecond columns are bigint; they fit a JS number exactly.
    types: { getTypeParser: parserFor as typeof pg.types.getTypeParser },
  });
  pool.on('error', (err) => options.onIdleError?.(err));
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const url = new URL(options.url);
  const names = new Map<string, string>();
  // A named statement is parsed and planned once per connection. The queries name their
  // columns, so a column added by a later migration cannot change a cached plan's result.
  const nameOf = (sql: string): string => {
    let name = names.get(sql);
    if (name === undefined) {
      name = `paddock_${createHash('sha256').update(sql).digest('hex').slice(0, 24)}`;
      names.set(sql, name);
    }
    return name;
  };
  const first = async <R>(query: CompiledQuery<R>): Promise<R | undefined> => {
    const result = await pool.query<R & pg.QueryResultRow>({ name: nameOf(query.sql), text: query.sql, values: [...query.parameters] });
    return result.rows[0];
  };
  const rows = async (query: CompiledQuery): Promise<Rows> => {
    const result = await pool.query<unknown[]>({ name: nameOf(query.sql), text: query.sql, values: [...query.parameters], rowMode: 'array' });
    return { columns: result.fields.map((field) => field.name), values: result.rows };
  };
  return {
    kysely,
    first,
    recall: first,
    rows,
    dialect: 'postgres',
    location: `postgres://${url.host}${url.pathname}`,
    destroy: async () => kysely.destroy(),
  };
}
