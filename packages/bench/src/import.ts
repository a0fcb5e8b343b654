/**
 * `node packages/bench/dist/import.js [--users 100000] [--db sqlite|postgres|both]`: the bulk import
 * at scale. Writes a CSV of `--users` people, starts the server on an empty database (SQLite in a
 * temp dir; PostgreSQL beside PADDOCK_BENCH_PG_URL) with a licence without a seat limit, and runs
 * `paddock users import` on it as a user would, showing its progress lines, then the rate.
 * The goals: 100,000 users in under 30 s on SQLite and 60 s on PostgreSQL.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createScratchPgDatabase, freePort } from '@paddock/server/dist/tools/scratch.js';
import { dialectsOf } from './dialects.js';
import { benchFlags, wholeFlag } from './flags.js';
import { makeLicence } from './licence.js';
import { startServer } from './processes.js';

const SERVER_MAIN = fileURLToPath(import.meta.resolve('@paddock/server/dist/main.js'));
const CLI_MAIN = fileURLToPath(import.meta.resolve('@paddock/cli/dist/main.js'));
const ADMIN = { email: 'admin@bench.paddock.test', password: 'bench-admin-password' };

const USAGE = `Usage: node packages/bench/dist/import.js [--users N] [--db sqlite|postgres|both]

Runs paddock users import on a generated CSV of N people (default 100000) against a fresh server,
showing its progress, then the rate. The goals: 100,000 users in under 30 s on SQLite, 60 s on PostgreSQL.

Options:
  --users N    people in the file (a whole number, default 100000)
  --db DB      sqlite, postgres or both (default: both when PADDOCK_BENCH_PG_URL is set)
  -h, --help   this text

PostgreSQL needs PADDOCK_BENCH_PG_URL, the URL of a user that may create databases.`;
const flags = benchFlags({ options: { users: { type: 'string', default: '100000' }, db: { type: 'string' } }, strict: true }, USAGE);
const users = wholeFlag(flags.users, '--users', 1, USAGE);
const pgUrl = process.env['PADDOCK_BENCH_PG_URL'];
const dialects = dialectsOf(flags.db, pgUrl, USAGE);

const dir = await mkdtemp(path.join(tmpdir(), 'paddock-import-bench-'));
const csv = path.join(dir, `people-${users}.csv`);
const lines = ['email,first_name,last_name,role,status'];
for (let i = 0; i < users; i++) lines.push(`person-${i}@import.bench,Person,Number ${i},user,${i % 10 === 9 ? 'inactive' : 'active'}`);
await writeFile(csv, `${lines.join('\n')}\n`);
const licence = await makeLicence();

try {
  for (const dialect of dialects) {
    const scratch = dialect === 'postgres' && pgUrl ? await createScratchPgDatabase(pgUrl, 'paddock_bench_import') : null;
    const port = await freePort();
    const server = await startServer(`Paddock [${dialect}]`, port, SERVER_MAIN, [], {
      PADDOCK_PORT: String(port),
      PADDOCK_DATA_DIR: path.join(dir, dialect),
      ...(scratch !== null && { PADDOCK_DATABASE_URL: scratch.url }),
      PADDOCK_ADMIN_EMAIL: ADMIN.email,
      PADDOCK_ADMIN_PASSWORD: ADMIN.password,
      PADDOCK_LOG_LEVEL: 'warn',
      PADDOCK_LICENSE: licence.document,
      PADDOCK_LICENSE_PUBLIC_KEY: licence.publicKeyPem,
    }, '/readyz');
    try {
      process.stderr.write(`[${dialect}] paddock users import ${path.basename(csv)}\n`);
      const started = Date.now();
      const child = spawn(process.execPath, [CLI_MAIN, '--url', server.url, 'users', 'import', csv], {
        env: { PATH: process.env['PATH'] ?? '', PADDOCK_USERNAME: ADMIN.email, PADDOCK_PASSWORD: ADMIN.password, PADDOCK_CONFIG_DIR: dir },
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      const [code] = (await once(child, 'exit')) as [number | null];
      const seconds = (Date.now() - started) / 1000;
      process.stdout.write(`[${dialect}] ${users.toLocaleString('en')} users in ${seconds.toFixed(1)} s (${Math.round(users / seconds).toLocaleString('en')} users/s), exit ${code}\n`);
    } finally {
      await server.stop();
      await scratch?.drop();
    }
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
