/**
 * `node packages/bench/dist/stream.js`: the unpaged Wallaroo listings at scale. Seeds `--users`
 * (1,000,000) users, each with a default workspace, into a SQLite file under `--dir`
 * (/tmp/paddock-stream-bench) and, with PADDOCK_BENCH_PG_URL (a user that may create databases),
 * into the PostgreSQL database paddock_bench_stream beside it, once: a database that already
 * holds them is reused. Then, for each database and call, starts the server anew (so its peak RSS,
 * /proc/<pid>/status VmHWM, is that call's) and prints time to first byte, total time, bytes and
 * the server's peak RSS for `users/query {}` as admin and as a user, and `workspaces/list {}` as admin.
 * `--db sqlite|postgres|both` picks the databases (default: both when the URL is set).
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openDatabase } from '@paddock/server/dist/db/database.js';
import { migrateToLatest } from '@paddock/server/dist/db/migrate.js';
import { freePort } from '@paddock/server/dist/tools/scratch.js';
import { dialectsOf } from './dialects.js';
import { benchFlags, wholeFlag } from './flags.js';
import { makeLicence } from './licence.js';
import type { BenchLicence } from './licence.js';
import { requestTokens } from './paddock.js';
import { memoryMb, timed } from './http-timing.js';
import { startServer } from './processes.js';
import { BENCH_PASSWORD, benchEmail, seedUsers } from './seed.js';

const MAIN = fileURLToPath(import.meta.resolve('@paddock/server/dist/main.js'));
const ADMIN_EMAIL = 'admin@bench.paddock.test';
const PG_DATABASE = 'paddock_bench_stream';
/** Fixed: the admin is created at the first start and keeps its password at the next. */
const ADMIN_PASSWORD = 'bench-admin-password';

const USAGE = `Usage: node packages/bench/dist/stream.js [options]

The unpaged Wallaroo listings at scale: time to the first byte, whole time, bytes and the server's
peak RSS of users/query {} (as admin and as a user) and workspaces/list {} (as admin).

Options:
  --users N    users, each with a default workspace, seeded once and reused (default 1000000)
  --dir DIR    where the SQLite database is kept (default /tmp/paddock-stream-bench)
  --db DB      sqlite, postgres or both (default: both when PADDOCK_BENCH_PG_URL is set)
  --json       the results as JSON on stdout
  -h, --help   this text

PostgreSQL needs PADDOCK_BENCH_PG_URL, the URL of a user that may create databases.`;
const flags = benchFlags(
  {
    options: {
      users: { type: 'string', default: '1000000' },
      dir: { type: 'string', default: '/tmp/paddock-stream-bench' },
      db: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
  },
  USAGE,
);
const users = wholeFlag(flags.users, '--users', 1, USAGE);
const pgServerUrl = process.env['PADDOCK_BENCH_PG_URL'];
const dialects = dialectsOf(flags.db, pgServerUrl, USAGE);
const log = (line: string) => void process.stderr.write(`${line}\n`);

interface Figures {
  database: string;
  call: string;
  status: number;
  firstByteMs: number;
  totalMs: number;
  bytes: number;
  peakRssMb: number;
  idleRssMb: number;
}

/** The database's URL, holding `users` seeded users (seeded now unless it already does). */
async function seeded(dialect: string): Promise<string> {
  let url: string;
  if (dialect === 'sqlite') {
    await mkdir(flags.dir, { recursive: true });
    url = path.join(flags.dir, `paddock-${users}.sqlite`);
  } else {
    const server = pgServerUrl ?? '';
    const name = `${PG_DATABASE}_${users}`;
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    try {
      const exists = await admin.query('select 1 from pg_database where datname = $1', [name]);
      if (exists.rowCount === 0) await admin.query(`create database ${name}`);
    } finally {
      await admin.end();
    }
    const u = new URL(server);
    u.pathname = `/${name}`;
    url = u.toString();
  }
  const db = openDatabase({ url });
  let have: number;
  try {
    await migrateToLatest(db);
    const row = await db.kysely.selectFrom('users').select((eb) => eb.fn.countAll<number | string>().as('n')).where('email', 'like', 'bench-%').executeTakeFirstOrThrow();
    have = Number(row.n);
  } finally {
    await db.destroy();
  }
  if (have === users) {
    log(`[${dialect}] reusing ${users.toLocaleString('en')} seeded users`);
    return url;
  }
  if (have !== 0) throw new Error(`[${dialect}] ${url} holds ${have} bench users, not ${users}: remove it first`);
  const started = Date.now();
  await seedUsers(url, users, (done) => {
    if (done % 100_000 === 0 || done === users) log(`[${dialect}] seeded ${done.toLocaleString('en')}/${users.toLocaleString('en')} users`);
  });
  log(`[${dialect}] seeding took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return url;
}

async function measureCall(dialect: string, url: string, licence: BenchLicence, call: { name: string; path: string; as: 'admin' | 'user'; body: unknown }): Promise<Figures> {
  const password = ADMIN_PASSWORD;
  const port = await freePort();
  const env = {
    PADDOCK_HOST: '127.0.0.1',
    PADDOCK_PORT: String(port),
    PADDOCK_DATA_DIR: flags.dir,
    PADDOCK_DATABASE_URL: url,
    PADDOCK_ADMIN_EMAIL: ADMIN_EMAIL,
    PADDOCK_ADMIN_PASSWORD: password,
    PADDOCK_LOG_LEVEL: 'warn',
    PADDOCK_LICENSE: licence.document,
    PADDOCK_LICENSE_PUBLIC_KEY: licence.publicKeyPem,
    PADDOCK_API_CLIENT_SECRET: randomBytes(24).toString('base64url'),
  };
  const server = await startServer(`Paddock [${dialect}]`, port, MAIN, [], env, '/readyz');
  try {
    const [username, secret] = call.as === 'admin' ? [ADMIN_EMAIL, password] : [benchEmail(0), BENCH_PASSWORD];
    const form = new URLSearchParams({ grant_type: 'password', client_id: 'sdk-client', username, password: secret }).toString();
    const token = (await requestTokens(server.url, dialect, form)).access_token;
    const idleRssMb = memoryMb(server.pid, 'VmRSS');
    const result = await timed(`${server.url}/v1/api/${call.path}`, token, call.body);
    if (result.status !== 200 || !/[}\]]}$/.test(result.tail)) throw new Error(`[${dialect}] ${call.name} answered ${result.status}, ending ${JSON.stringify(result.tail)}`);
    return { database: dialect, call: call.name, status: result.status, firstByteMs: result.firstByteMs, totalMs: result.totalMs, bytes: result.bytes, peakRssMb: memoryMb(server.pid, 'VmHWM'), idleRssMb };
  } finally {
    await server.stop();
  }
}

const CALLS = [
  { name: 'users/query {} (admin)', path: 'users/query', as: 'admin', body: {} },
  { name: 'users/query {} (user)', path: 'users/query', as: 'user', body: {} },
  { name: 'workspaces/list {} (admin)', path: 'workspaces/list', as: 'admin', body: {} },
] as const;

const licence = await makeLicence();
const figures: Figures[] = [];
for (const dialect of dialects) {
  const url = await seeded(dialect);
  for (const call of CALLS) {
    const f = await measureCall(dialect, url, licence, call);
    log(`[${dialect}] ${call.name}: first byte ${f.firstByteMs.toFixed(0)} ms, whole ${(f.totalMs / 1000).toFixed(2)} s, ${(f.bytes / 1e6).toFixed(1)} MB, peak RSS ${f.peakRssMb.toFixed(0)} MB`);
    figures.push(f);
  }
}
if (flags.json) {
  process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
} else {
  const rows = figures.map((f) => `| ${f.database} | ${f.call} | ${f.firstByteMs.toFixed(0)} ms | ${(f.totalMs / 1000).toFixed(2)} s | ${(f.bytes / 1e6).toFixed(1)} MB | ${f.idleRssMb.toFixed(0)} MB | ${f.peakRssMb.toFixed(0)} MB |`);
  process.stdout.write(
    [`${users.toLocaleString('en')} users`, '| database | call | first byte | whole reply | bytes | server RSS before | peak server RSS (VmHWM) |', '| --- | --- | --- | --- | --- | --- | --- |', ...rows, ''].join('\n'),
  );
}
