/**
 * `node packages/bench/dist/search.js --database sqlite|postgres [--users 1000000] [--skip-before]`:
 * p50/p99 of 20 searched pages (and totals, and workspace searches) at a million users, before
 * and after migration 0009's substring indexes, timed at the query layer (the SQL the services
 * run: `queryUsers`, `countUsers`, `pageWorkspaces`), one call at a time.
 *
 * Seeds once, in SQL (a million users take about a minute), into a kept database: the SQLite file
 * --file (default /tmp/paddock-search-bench-USERS.sqlite) or the PostgreSQL database
 * `paddock_search_bench_USERS` beside PADDOCK_TEST_PG_URL. A rerun reuses the seed; it migrates down to
 * 0008 for the "before" figures and up again for the "after" ones (timing the index build).
 */
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase } from '@paddock/server/dist/db/database.js';
import type { Db } from '@paddock/server/dist/db/database.js';
import { migrateTo, migrateToLatest } from '@paddock/server/dist/db/migrate.js';
import { countUsers } from '@paddock/server/dist/queries/user-counts.js';
import { queryUsers } from '@paddock/server/dist/queries/user-pages.js';
import type { UserFilter } from '@paddock/server/dist/queries/user-listing.js';
import { pageWorkspaces } from '@paddock/server/dist/queries/workspaces.js';
import { containsAny } from '@paddock/server/dist/queries/like.js';
import { DOMAIN_RUN, DOMAINS, FIRST, LAST, SEARCHES } from './people.js';
import { benchFlags, wholeFlag } from './flags.js';
import { percentile } from './report.js';

const USAGE = `Usage: node packages/bench/dist/search.js [options]

p50/p99 of 20 searched pages, totals and workspace searches at the query layer, before and after
migration 0009's substring indexes, on a database seeded once and kept.

Options:
  --database DB   sqlite or postgres (default sqlite; PostgreSQL beside PADDOCK_TEST_PG_URL)
  --users N       users to seed (default 1000000)
  --file PATH     the SQLite file (default /tmp/paddock-search-bench-USERS.sqlite)
  --skip-before   only the figures after migration 0009
  -h, --help      this text`;
const args = benchFlags(
  {
    options: {
      database: { type: 'string', default: 'sqlite' },
      users: { type: 'string', default: '1000000' },
      file: { type: 'string' },
      'skip-before': { type: 'boolean', default: false },
    },
    strict: true,
  },
  USAGE,
);
const USERS = wholeFlag(args.users, '--users', 1, USAGE);
const NAME = `paddock_search_bench_${USERS}`;
const log = (line: string) => void process.stderr.write(`${line}\n`);

interface Mode {
  label: string;
  run: (db: Db, search: string) => Promise<unknown>;
  /** The same call as the queries ran it before migration 0009 (a LIKE alone), when measured before. */
  before?: (db: Db, search: string) => Promise<unknown>;
}

const USER_COLUMNS = ['id', 'email', 'username', 'first_name', 'last_name', 'role', 'status', 'email_verified', 'created_at', 'last_login_at', 'must_change_password', 'token_generation'] as const;
const likeUsers = (search: string) => containsAny([sql`email`, sql`lower(first_name)`, sql`lower(last_name)`], search);

const page = (limit: number, extra: Partial<UserFilter>) => async (db: Db, search: string) => queryUsers(db.kysely, { search, limit: limit + 1, ...extra });
const MODES: Mode[] = [
  {
    label: 'users page 25, by email',
    run: page(25, {}),
    before: async (db, search) => db.kysely.selectFrom('users').select(USER_COLUMNS).select(sql`email`.as('sort_key')).where(likeUsers(search)).orderBy(sql`email asc`).limit(26).execute(),
  },
  {
    label: 'users page 100, by last name desc',
    run: page(100, { sort: { by: 'last_name', order: 'desc' } }),
    before: async (db, search) =>
      db.kysely.selectFrom('users').select(USER_COLUMNS).select(sql`lower(last_name)`.as('sort_key')).where(likeUsers(search)).orderBy(sql`lower(last_name) desc`).orderBy(sql`email desc`).limit(101).execute(),
  },
  { label: 'users page 25, by last login desc', run: page(25, { sort: { by: 'last_login', order: 'desc' } }) },
  { label: 'users page 25, by role, active only', run: page(25, { sort: { by: 'role', order: 'asc' }, status: 'active' }) },
  { label: 'users page 25, non-admin (email only)', run: page(25, { searchEmailOnly: true }) },
  {
    label: 'users search total (include_total)',
    run: async (db, search) => countUsers(db.kysely, { search }),
    before: async (db, search) => db.kysely.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).where(likeUsers(search)).executeTakeFirst(),
  },
  {
    label: 'workspaces/overview page 25',
    run: async (db, search) => pageWorkspaces(db.kysely, { search, limit: 26 }),
    before: async (db, search) => db.kysely.selectFrom('workspaces').selectAll().where(containsAny([sql`lower(workspaces.name)`], search)).orderBy('id').limit(26).execute(),
  },
];

async function measure(db: Db, label: string, all: boolean): Promise<void> {
  log(`\n${label}: p50 / p99 / max of the 20 searches, ms (slowest search)`);
  for (const mode of MODES) {
    const run = all ? mode.run : mode.before;
    if (run === undefined) continue;
    if (all) for (const s of SEARCHES) await run(db, s); // warm the cache
    const times: Array<[number, string]> = [];
    for (const s of SEARCHES) {
      const start = process.hrtime.bigint();
      await run(db, s);
      times.push([Number(process.hrtime.bigint() - start) / 1e6, s]);
    }
    const sorted = times.map((t) => t[0]).sort((a, b) => a - b);
    const slowest = times.reduce((a, b) => (b[0] > a[0] ? b : a));
    const line = `  ${mode.label.padEnd(40)} ${percentile(sorted, 50).toFixed(1).padStart(8)} ${percentile(sorted, 99).toFixed(1).padStart(8)}   (${JSON.stringify(slowest[1])})`;
    process.stdout.write(`${label} | ${line.trim()}\n`);
    log(line);
  }
  if (all) {
    log(`  per search, page 25 by email / total, ms:`);
    for (const s of SEARCHES) {
      const t0 = process.hrtime.bigint();
      const rows = await queryUsers(db.kysely, { search: s, limit: 26 });
      const t1 = process.hrtime.bigint();
      const total = await countUsers(db.kysely, { search: s });
      const t2 = process.hrtime.bigint();
      log(`    ${JSON.stringify(s).padEnd(20)} ${(Number(t1 - t0) / 1e6).toFixed(1).padStart(7)} ${(Number(t2 - t1) / 1e6).toFixed(1).padStart(7)}  rows ${rows.length}, total ${total}`);
    }
  }
}

async function seed(db: Db): Promise<void> {
  const have = Number((await sql<{ n: number | string }>`select count(*) as n from users`.execute(db.kysely)).rows[0]?.n ?? 0);
  if (have >= USERS) {
    log(`${have.toLocaleString('en')} users already seeded`);
    return;
  }
  if (have > 0) throw new Error(`the bench database holds ${have} users, fewer than ${USERS}: remove it first`);
  const started = Date.now();
  const now = Date.now();
  log(`seeding ${USERS.toLocaleString('en')} users and their default workspaces…`);
  await db.kysely.transaction().execute(async (trx) => {
    if (db.dialect === 'postgres') {
      await sql`insert into users (id, email, username, first_name, last_name, role, status, email_verified, password_hash, created_at, last_login_at)
        select md5(i::text), e, e, f, l, case when i % 100 = 0 then 'admin' else 'user' end, case when i % 10 = 9 then 'inactive' else 'active' end,
          1, null, ${now}::bigint, case when i % 3 = 0 then null else ${now}::bigint - i * 1000 end
        from (select i, f, l, lower(f) || '.' || lower(l) || i || '@' || (${DOMAINS}::text[])[1 + (i / ${sql.lit(DOMAIN_RUN)}) % 5] as e
          from (select i, (${FIRST}::text[])[1 + i % 50] as f, (${LAST}::text[])[1 + (i / 50) % 100] as l from generate_series(0, ${USERS - 1}) as i) a) b`.execute(trx);
    } else {
      const at = (list: string[], index: RawSql) => sql`json_extract(${JSON.stringify(list)}, '$[' || (${index}) || ']')`;
      await sql`insert into users (id, email, username, first_name, last_name, role, status, email_verified, password_hash, created_at, last_login_at)
        with recursive n(i) as (select 0 union all select i + 1 from n where i < ${USERS - 1}),
          a as (select i, ${at(FIRST, sql`i % 50`)} as f, ${at(LAST, sql`(i / 50) % 100`)} as l from n),
          b as (select i, f, l, lower(f) || '.' || lower(l) || i || '@' || ${at(DOMAINS, sql`(i / ${sql.lit(DOMAIN_RUN)}) % 5`)} as e from a)
        select lower(hex(randomblob(16))), e, e, f, l, case when i % 100 = 0 then 'admin' else 'user' end, case when i % 10 = 9 then 'inactive' else 'active' end,
          1, null, ${now}, case when i % 3 = 0 then null else ${now} - i * 1000 end from b`.execute(trx);
    }
    await sql`insert into workspaces (name, created_by, created_at, archived, default_for)
      select email || ' - Default Workspace', id, created_at, 0, id from users`.execute(trx);
  });
  if (db.dialect === 'postgres') await sql`analyze`.execute(db.kysely);
  log(`seeded in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
type RawSql = ReturnType<typeof sql>;

async function open(): Promise<Db> {
  if (args.database === 'sqlite') return openDatabase({ url: args.file ?? `/tmp/paddock-search-bench-${USERS}.sqlite` });
  const server = process.env['PADDOCK_TEST_PG_URL'];
  if (!server) throw new Error('PADDOCK_TEST_PG_URL is not set');
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  try {
    const exists = await admin.query(`select 1 from pg_database where datname = '${NAME}'`);
    if (exists.rowCount === 0) await admin.query(`create database ${NAME}`);
  } finally {
    await admin.end();
  }
  const url = new URL(server);
  url.pathname = `/${NAME}`;
  return openDatabase({ url: url.toString(), poolSize: 4 });
}

async function main(): Promise<void> {
  const db = await open();
  try {
    // --skip-before on a database already migrated measures again without rebuilding the indexes.
    if (args['skip-before']) await migrateToLatest(db);
    else await migrateTo(db, '0008-seat-counts');
    await seed(db);
    const label = `${db.dialect}, ${USERS.toLocaleString('en')} users`;
    if (!args['skip-before']) await measure(db, `${label}, before (LIKE scans)`, false);
    const started = Date.now();
    await migrateToLatest(db);
    if (db.dialect === 'postgres') await sql`analyze users`.execute(db.kysely);
    log(`\nmigration 0009 (building the search indexes over ${USERS.toLocaleString('en')} users and workspaces): ${((Date.now() - started) / 1000).toFixed(1)} s`);
    await measure(db, `${label}, after (trigram indexes)`, true);
  } finally {
    await db.destroy();
  }
}

await main();
