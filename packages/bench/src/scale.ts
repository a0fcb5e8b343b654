/**
 * `npm run bench -- --users 1000000`: Paddock holding a million users. For each database, imports
 * `--users` people through `paddock users import` (the bulk import path, as an administrator
 * would, its progress shown) into an empty database, then times every call the dashboard and the
 * CLI make, one at a time, 20 of each at different places (pages anywhere in every order,
 * searches from rare to common, totals, the seat meter), and the unpaged Wallaroo listings
 * (`users/query {}`, `workspaces/list {}`) on a fresh server each, with its peak RSS. Prints
 * p50/p99 per call against the 20 ms goal. `--data DIR` keeps the databases (the SQLite file in
 * DIR, the PostgreSQL database `paddock_bench_scale_<users>`) and reuses them on the next run.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createReadStream, createWriteStream } from 'node:fs';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { UserSortKey } from '@paddock/server/dist/queries/user-listing.js';
import { userCursor } from '@paddock/server/dist/services/user-cursor.js';
import { createScratchPgDatabase, freePort } from '@paddock/server/dist/tools/scratch.js';
import type { Dialect } from './dialects.js';
import { memoryMb, timed } from './http-timing.js';
import type { BenchLicence } from './licence.js';
import { makeLicence } from './licence.js';
import { CORES } from './load.js';
import { requestTokens } from './paddock.js';
import { person, SEARCHES } from './people.js';
import { startServer } from './processes.js';
import type { ServerProcess } from './processes.js';
import { percentile } from './report.js';

const SERVER_MAIN = fileURLToPath(import.meta.resolve('@paddock/server/dist/main.js'));
const CLI_MAIN = fileURLToPath(import.meta.resolve('@paddock/cli/dist/main.js'));
const ADMIN = { email: 'admin@scale.bench.test', password: 'scale-bench-admin-password' };
const SAMPLES = 20;
export const GOAL_MS = 20;

export interface ScaleOptions {
  users: number;
  dialects: Dialect[];
  pgUrl: string | undefined;
  /** Keep the databases here and reuse them; a temporary directory (removed) otherwise. */
  data: string | undefined;
  log: (line: string) => void;
}

export interface CallFigures {
  name: string;
  p50: number;
  p99: number;
  /** The body of the slowest call, to see what missed. */
  slowest: string;
}

export interface ListingFigures {
  name: string;
  firstByteMs: number;
  totalMs: number;
  bytes: number;
  peakRssMb: number;
}

export interface ScaleFigures {
  database: Dialect;
  users: number;
  /** Null when the database was reused. */
  import: { seconds: number; perSecond: number } | null;
  calls: CallFigures[];
  listings: ListingFigures[];
}

/** `count` indexes spread over 0..users-1, each in a different part of the table. */
function spread(users: number, count = SAMPLES): number[] {
  return Array.from({ length: count }, (_, k) => Math.floor(((k + 0.37) * users) / count) % users);
}

/** A users/query cursor at person `i` in `sort` (the default order without one), made as the server makes them. */
function cursorAt(i: number, sort?: { by: UserSortKey; order: 'asc' | 'desc' }): string {
  const p = person(i);
  const key = { email: p.email, role: p.role, status: p.status, first_name: p.firstName.toLowerCase(), last_name: p.lastName.toLowerCase(), last_login: -1 }[sort?.by ?? 'email'];
  return userCursor({ email: p.email, sort_key: key }, sort);
}

interface Call {
  name: string;
  path: string;
  /** One body per sample. */
  bodies: unknown[];
}

function calls(users: number): Call[] {
  const at = spread(users);
  const sorts: Array<{ by: UserSortKey; order: 'asc' | 'desc' }> = [
    { by: 'first_name', order: 'asc' },
    { by: 'last_name', order: 'desc' },
    { by: 'last_login', order: 'desc' },
    { by: 'role', order: 'asc' },
    { by: 'status', order: 'desc' },
  ];
  const same = (body: unknown) => Array.from({ length: SAMPLES }, () => body);
  return [
    { name: 'license/get (the seat meter)', path: 'license/get', bodies: same({}) },
    { name: 'users/get_by_email', path: 'users/get_by_email', bodies: at.map((i) => ({ email: person(i).email })) },
    { name: 'users/query, first page of 25', path: 'users/query', bodies: same({ limit: 25 }) },
    { name: 'users/query, 25 anywhere (cursor)', path: 'users/query', bodies: at.map((i) => ({ limit: 25, cursor: cursorAt(i) })) },
    ...sorts.map((sort) => ({
      name: `users/query, 100 anywhere by ${sort.by} ${sort.order}`,
      path: 'users/query',
      bodies: at.map((i, k) => (k === 0 ? { limit: 100, sort: sort.by, order: sort.order } : { limit: 100, sort: sort.by, order: sort.order, cursor: cursorAt(i, sort) })),
    })),
    { name: 'users/query, page 25 with include_total', path: 'users/query', bodies: same({ limit: 25, include_total: true }) },
    { name: 'users/query, active only, with total', path: 'users/query', bodies: same({ limit: 25, status: 'active', include_total: true }) },
    { name: 'users/query, admins only, with total', path: 'users/query', bodies: same({ limit: 25, role: 'admin', include_total: true }) },
    { name: `users/query, "Go to page" (offset ${Math.floor(users / 2).toLocaleString('en')})`, path: 'users/query', bodies: same({ limit: 25, offset: Math.floor(users / 2) }) },
    { name: 'users/query, search (20 texts), page 25', path: 'users/query', bodies: SEARCHES.map((search) => ({ limit: 25, search })) },
    { name: 'users/query, search, 100 by last name desc', path: 'users/query', bodies: SEARCHES.map((search) => ({ limit: 100, search, sort: 'last_name', order: 'desc' })) },
    { name: 'users/query, search with include_total', path: 'users/query', bodies: SEARCHES.map((search) => ({ limit: 25, search, include_total: true })) },
    { name: 'workspaces/overview, first page', path: 'workspaces/overview', bodies: same({ limit: 50 }) },
    { name: 'workspaces/overview, search (20 texts)', path: 'workspaces/overview', bodies: SEARCHES.map((search) => ({ limit: 50, search })) },
    { name: 'audit/query, first page', path: 'audit/query', bodies: same({ limit: 100 }) },
  ];
}

async function adminToken(server: ServerProcess, label: string): Promise<string> {
  const form = new URLSearchParams({ grant_type: 'password', client_id: 'sdk-client', username: ADMIN.email, password: ADMIN.password }).toString();
  return (await requestTokens(server.url, label, form)).access_token;
}

async function post(server: ServerProcess, token: string, call: string, body: unknown): Promise<{ status: number; text: string }> {
  const response = await fetch(`${server.url}/v1/api/${call}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  return { status: response.status, text: await response.text() };
}

/** Times each call SAMPLES times, one at a time, after one untimed round; throws on anything but 200. */
async function timeCalls(server: ServerProcess, label: string, users: number, log: ScaleOptions['log']): Promise<CallFigures[]> {
  const figures: CallFigures[] = [];
  for (const call of calls(users)) {
    const token = await adminToken(server, label);
    for (const body of call.bodies) await post(server, token, call.path, body);
    const times: Array<[number, unknown]> = [];
    for (const body of call.bodies) {
      const started = performance.now();
      const { status, text } = await post(server, token, call.path, body);
      times.push([performance.now() - started, body]);
      if (status !== 200) throw new Error(`[${label}] ${call.name} answered ${status}: ${text.slice(0, 300)}`);
    }
    const sorted = times.map(([t]) => t).sort((a, b) => a - b);
    const slowest = times.reduce((a, b) => (b[0] > a[0] ? b : a));
    const row = { name: call.name, p50: percentile(sorted, 50), p99: percentile(sorted, 99), slowest: JSON.stringify(slowest[1]) };
    log(`  [${label}] ${row.name}: p50 ${row.p50.toFixed(1)} ms, p99 ${row.p99.toFixed(1)} ms`);
    figures.push(row);
  }
  return figures;
}

async function start(label: string, databaseUrl: string, dataDir: string, licence: BenchLicence): Promise<ServerProcess> {
  const port = await freePort();
  return startServer(`Paddock [${label}]`, port, SERVER_MAIN, [], {
    PADDOCK_HOST: '127.0.0.1',
    PADDOCK_PORT: String(port),
    PADDOCK_DATA_DIR: dataDir,
    PADDOCK_DATABASE_URL: databaseUrl,
    PADDOCK_ADMIN_EMAIL: ADMIN.email,
    PADDOCK_ADMIN_PASSWORD: ADMIN.password,
    PADDOCK_LOG_LEVEL: 'warn',
    PADDOCK_LICENSE: licence.document,
    PADDOCK_LICENSE_PUBLIC_KEY: licence.publicKeyPem,
  }, '/readyz', CORES?.server);
}

/** The CSV `paddock users import` reads: person 0..users-1. */
async function writePeople(file: string, users: number): Promise<void> {
  const out = createWriteStream(file);
  out.write('email,first_name,last_name,role,status\n');
  for (let i = 0; i < users; i++) {
    const p = person(i);
    if (!out.write(`${p.email},${p.firstName},${p.lastName},${p.role},${p.status}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** Runs `paddock users import FILE` against the server as its admin, showing its progress; answers the seconds it took. */
async function importPeople(server: ServerProcess, file: string, configDir: string, label: string): Promise<number> {
  const started = performance.now();
  const command = [process.execPath, CLI_MAIN, '--url', server.url, 'users', 'import', file];
  const [bin = process.execPath, ...args] = CORES ? ['taskset', '-c', CORES.load, ...command] : command;
  const child = spawn(bin, args, { env: { PATH: process.env['PATH'] ?? '', PADDOCK_USERNAME: ADMIN.email, PADDOCK_PASSWORD: ADMIN.password, PADDOCK_CONFIG_DIR: configDir }, stdio: ['ignore', 'ignore', 'inherit'] });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`[${label}] paddock users import exited ${code}`);
  return (performance.now() - started) / 1000;
}

async function listing(label: string, databaseUrl: string, dataDir: string, licence: BenchLicence, name: string, call: string): Promise<ListingFigures> {
  const server = await start(label, databaseUrl, dataDir, licence);
  try {
    const token = await adminToken(server, label);
    const result = await timed(`${server.url}/v1/api/${call}`, token, {});
    if (result.status !== 200 || !/[}\]]}$/.test(result.tail)) throw new Error(`[${label}] ${name} answered ${result.status}, ending ${JSON.stringify(result.tail)}`);
    return { name, firstByteMs: result.firstByteMs, totalMs: result.totalMs, bytes: result.bytes, peakRssMb: memoryMb(server.pid, 'VmHWM') };
  } finally {
    await server.stop();
  }
}

/** The database for `dialect`: kept under `data` (and its PostgreSQL name) or made for this run; `drop` removes a made one. */
async function database(dialect: Dialect, options: ScaleOptions, dir: string): Promise<{ url: string; drop: () => Promise<void> }> {
  if (dialect === 'sqlite') return { url: path.join(dir, `paddock-scale-${options.users}.sqlite`), drop: async () => {} };
  const server = options.pgUrl ?? '';
  if (options.data === undefined) return createScratchPgDatabase(server, 'paddock_bench_scale');
  const name = `paddock_bench_scale_${options.users}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  try {
    if ((await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount === 0) await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(server);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: async () => {} };
}

/**
 * Reads a SQLite database file through once, so that calls are timed against the operating
 * system's page cache, as on a server that has been running, and not against a disk whose pages
 * this VM's host may have just dropped (seen here: the same unpaged listing of a million users in
 * 3.6 s warm and in 128 s after the cache was dropped). PostgreSQL's files are its server's.
 */
async function warm(dialect: Dialect, url: string): Promise<void> {
  if (dialect !== 'sqlite') return;
  for (const file of [url, `${url}-wal`]) {
    const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
    await pipeline(createReadStream(file, { highWaterMark: 4 << 20 }), sink).catch((err: unknown) => {
      if ((err as { code?: string }).code !== 'ENOENT') throw err;
    });
  }
}

async function analyze(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('analyze');
  } finally {
    await client.end();
  }
}

export async function runScale(options: ScaleOptions): Promise<ScaleFigures[]> {
  const { users, log } = options;
  const dir = options.data ?? (await mkdtemp(path.join(tmpdir(), 'paddock-scale-')));
  await mkdir(dir, { recursive: true });
  const licence = await makeLicence();
  const results: ScaleFigures[] = [];
  try {
    const csv = path.join(dir, `people-${users}.csv`);
    for (const dialect of options.dialects) {
      const db = await database(dialect, options, dir);
      const dataDir = path.join(dir, `data-${dialect}`);
      try {
        let server = await start(dialect, db.url, dataDir, licence);
        let imported: ScaleFigures['import'] = null;
        try {
          const have = JSON.parse((await post(server, await adminToken(server, dialect), 'users/query', { limit: 1, include_total: true })).text) as { total: number };
          if (have.total > 1) {
            if (have.total !== users + 1) throw new Error(`[${dialect}] the kept database holds ${have.total - 1} bench users, not ${users}: remove it first`);
            log(`[${dialect}] reusing the ${users.toLocaleString('en')} users already imported`);
          } else {
            await writePeople(csv, users);
            log(`[${dialect}] paddock users import ${path.basename(csv)} (${users.toLocaleString('en')} people)`);
            const seconds = await importPeople(server, csv, dir, dialect);
            imported = { seconds, perSecond: users / seconds };
            log(`[${dialect}] imported ${users.toLocaleString('en')} users in ${seconds.toFixed(1)} s (${Math.round(users / seconds).toLocaleString('en')}/s)`);
          }
        } catch (err) {
          await server.stop();
          throw err;
        }
        if (dialect === 'postgres') {
          // What autovacuum does within a minute of a bulk load: planner statistics for the new rows.
          await analyze(db.url);
        }
        await server.stop();
        await warm(dialect, db.url);
        server = await start(dialect, db.url, dataDir, licence);
        let timedCalls: CallFigures[];
        try {
          timedCalls = await timeCalls(server, dialect, users, log);
        } finally {
          await server.stop();
        }
        const listings: ListingFigures[] = [];
        for (const [name, call] of [['users/query {} (list_users)', 'users/query'], ['workspaces/list {}', 'workspaces/list']] as const) {
          await warm(dialect, db.url);
          const figures = await listing(dialect, db.url, dataDir, licence, name, call);
          log(`  [${dialect}] ${name}: first byte ${figures.firstByteMs.toFixed(0)} ms, whole ${(figures.totalMs / 1000).toFixed(2)} s, ${(figures.bytes / 1e6).toFixed(0)} MB, peak RSS ${figures.peakRssMb.toFixed(0)} MB`);
          listings.push(figures);
        }
        results.push({ database: dialect, users, import: imported, calls: timedCalls, listings });
      } finally {
        await db.drop();
      }
    }
  } finally {
    if (options.data === undefined) await rm(dir, { recursive: true, force: true });
    else await writeFile(path.join(dir, 'README'), 'npm run bench -- --users N --data DIR keeps its databases here; remove the directory (and the PostgreSQL database paddock_bench_scale_N) to start again.\n');
  }
  return results;
}

const ms = (n: number) => n.toFixed(1);
const mark = (ok: boolean) => (ok ? '' : ' ✗');

/** The figures as Markdown tables: the calls (p50 / p99 per database, against the goal), then the listings and the import. */
export function formatScale(results: readonly ScaleFigures[]): string {
  if (results.length === 0) return '';
  const users = results[0]?.users ?? 0;
  const head = `| call (${users.toLocaleString('en')} users, ${SAMPLES} calls each) | ${results.map((r) => `${r.database} p50 / p99 ms`).join(' | ')} |`;
  const rule = `| --- |${results.map(() => ' --- |').join('')}`;
  const names = results[0]?.calls.map((c) => c.name) ?? [];
  const rows = names.map((name) => `| ${name} | ${results.map((r) => {
    const c = r.calls.find((x) => x.name === name);
    return c ? `${ms(c.p50)} / ${ms(c.p99)}${mark(c.p99 < GOAL_MS)}` : '-';
  }).join(' | ')} |`);
  const listingRows = results.flatMap((r) => r.listings.map((l) => `| ${r.database} | ${l.name} | ${l.firstByteMs.toFixed(0)} ms${mark(l.firstByteMs < 100)} | ${(l.totalMs / 1000).toFixed(1)} s${mark(l.totalMs < 5000)} | ${(l.bytes / 1e6).toFixed(0)} MB | ${l.peakRssMb.toFixed(0)} MB${mark(l.peakRssMb < 300)} |`));
  const importRows = results.map((r) => `| ${r.database} | ${r.import ? `${r.import.seconds.toFixed(1)} s, ${Math.round(r.import.perSecond).toLocaleString('en')} users/s` : 'reused (not measured)'} |`);
  return [
    head, rule, ...rows, '',
    `✗: p99 at or over the goal of ${GOAL_MS} ms`, '',
    '| database | unpaged listing | first byte (goal 100 ms) | whole reply (goal 5 s) | bytes | server peak RSS (goal 300 MB) |', '| --- | --- | --- | --- | --- | --- |', ...listingRows, '',
    '| database | paddock users import |', '| --- | --- |', ...importRows, '',
  ].join('\n');
}

export { SAMPLES };
