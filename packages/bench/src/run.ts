/**
 * `npm run bench`: requests per second, measured with wrk (one thread, pinned to the second core,
 * every server on the first), of users/get_by_email and of 100-user pages of users/query
 * on a Paddock server holding 10,000 users, each as a ratio of a bare Fastify POST route measured
 * in the same run, and each against its floor on SQLite (the same answers read by a bare Fastify
 * route with one raw statement, the least any server does for them; and the lookup against the
 * same read behind the token and standing checks Paddock's rules ask for); then the token endpoint
 * (password login, client credentials, refresh) as requests per second and per CPU core (requests
 * per CPU-second of the server process). Targets are interleaved (baseline, A, B, baseline, A, B,
 * ..., baseline) so the noise of a shared machine falls on all of them alike, each target right
 * beside its floors (`roundOrder`). Options: --json, --only lookup,page,tokens (some of them),
 * --rounds N (5), --seconds S (5). PADDOCK_BENCH_PG_URL (a PostgreSQL URL of a user that may create
 * databases) adds the same two calls on PostgreSQL; PADDOCK_BENCH_NODE_ARGS passes node flags (e.g.
 * --cpu-prof) to the servers. `--users N [--db ...] [--data DIR]` runs the scale mode instead
 * (scale.ts: N users imported, every dashboard call's p50/p99, the unpaged listings).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dialectsOf } from './dialects.js';
import { BENCH_PARTS, benchFlags, exitWithUsage, mixedModes, partsFlag, wholeFlag } from './flags.js';
import { renewExpiringTokens, roundMillis } from './kept-token.js';
import { makeLicence } from './licence.js';
import { CONNECTIONS, CORES, ensureWrk, measure } from './load.js';
import type { Sample, Target } from './load.js';
import { roundOrder } from './order.js';
import { startPaddock } from './paddock.js';
import type { Paddock } from './paddock.js';
import { createScratchPgDatabase, freePort } from '@paddock/server/dist/tools/scratch.js';
import { pinPostgresBackends } from './pin-postgres.js';
import { startServer } from './processes.js';
import { againstFloor, benchJson, environmentLine, formatFloors, formatTable, formatTokenTable, summarise } from './report.js';
import { formatScale, runScale } from './scale.js';
import { benchEmail } from './seed.js';
import { baselineTarget, checkedLookupFloorTarget, getByEmailTarget, lookupFloorTarget, pageFloorTarget, queryTarget } from './targets.js';
import { clientCredentialsTarget, passwordGrantTarget, refreshTarget } from './token-targets.js';

const USERS = 10_000;
const WARMUP_SECONDS = 2;
const BARE_SERVER = fileURLToPath(new URL('./bare-server.js', import.meta.url));

const USAGE = `Usage: npm run bench -- [options]   (or: node packages/bench/dist/run.js [options])

Requests per second of users/get_by_email and of 100-user pages of users/query (${USERS.toLocaleString('en')} users), measured
with wrk, as ratios of a bare Fastify POST route and against their floors; then the token endpoint.

Options:
  --rounds N     rounds per target (default 5: a target's verdict is the median of its rounds)
  --seconds S    seconds per round (default 5)
  --json         the results as JSON on stdout
  --only PARTS   measure only these, comma-separated: lookup (users/get_by_email and its floors),
                 page (users/query and its floor), tokens (the token endpoint); default all. The bare
                 POST baseline is always measured
  --users N      the scale mode instead: N users (1000 or more) imported through paddock users import,
                 then every dashboard call's p50/p99 and the unpaged listings
  --db DB        scale mode: sqlite, postgres or both (default: both when PADDOCK_BENCH_PG_URL is set)
  --data DIR     scale mode: keep the databases in DIR and reuse them at the next run
  -h, --help     this text

Environment:
  PADDOCK_BENCH_PG_URL     a PostgreSQL URL of a user that may create databases: PostgreSQL as well
  PADDOCK_BENCH_NODE_ARGS  node flags for the servers (e.g. --cpu-prof)`;

const flags = benchFlags(
  {
    options: {
      json: { type: 'boolean', default: false },
      only: { type: 'string' },
      rounds: { type: 'string' },
      seconds: { type: 'string' },
      users: { type: 'string' },
      db: { type: 'string' },
      data: { type: 'string' },
    },
    strict: true,
  },
  USAGE,
);
const mixed = mixedModes(flags);
if (mixed !== null) exitWithUsage(mixed, USAGE);
/**
 * Five rounds by default: a single round on a shared machine moves by up to a third, and the median
 * of five steadies a verdict (met or not) that the median of three left to chance.
 */
const rounds = wholeFlag(flags.rounds ?? '5', '--rounds', 1, USAGE);
const seconds = wholeFlag(flags.seconds ?? '5', '--seconds', 1, USAGE);
const parts = partsFlag(flags.only, BENCH_PARTS, USAGE);
const log = (line: string) => void process.stderr.write(`${line}\n`);
const cleanups: Array<() => Promise<void>> = [];

/** The token endpoint's targets: reported per CPU core, not as a ratio of the baseline. */
const tokenTargets = new Set<Target>();
/**
 * The SQLite targets and their floors: the same answers read by a bare route with one raw statement
 * (and, for the lookup, that read behind the token and standing checks Paddock's rules ask for).
 */
const floors: Array<{ target: Target; floor: Target; name: string; goal: number | null }> = [];
/** A target's floors, measured beside it in each round (see `roundOrder`). */
const floorsOf = (target: Target): Target[] => floors.filter((f) => f.target === target).map((f) => f.floor);
/** The ratios to their raw floors the request path should reach (issue 14): the lookup's and a 100-user page's. */
const LOOKUP_GOAL = 0.7;
const PAGE_GOAL = 0.6;
/** The scratch PostgreSQL database, when PADDOCK_BENCH_PG_URL is set (its backends get pinned). */
let postgresUrl: string | null = null;
/** The Paddock servers, whose admin tokens the API's targets keep (see `keptToken`). */
const paddocks: Paddock[] = [];

async function setUp(): Promise<Target[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'paddock-bench-'));
  cleanups.push(async () => rm(dir, { recursive: true, force: true }));
  const licence = await makeLicence();

  const barePort = await freePort();
  const bare = await startServer('bare Fastify', barePort, BARE_SERVER, [String(barePort)], {}, '/healthz', CORES?.server);
  cleanups.push(bare.stop);
  const targets = [baselineTarget(bare, Array.from({ length: USERS }, (_, i) => benchEmail(i)))];

  const databases = [{ label: 'sqlite', url: path.join(dir, 'sqlite', 'paddock.sqlite') }];
  const pgUrl = process.env['PADDOCK_BENCH_PG_URL'];
  if (pgUrl) {
    const created = await createScratchPgDatabase(pgUrl, 'paddock_bench');
    cleanups.push(created.drop);
    databases.push({ label: 'postgres', url: created.url });
    postgresUrl = created.url;
  }
  for (const database of databases) {
    log(`starting Paddock on ${database.label} with ${USERS.toLocaleString('en')} users`);
    const dataDir = path.join(dir, database.label);
    const paddock = await startPaddock({ label: database.label, databaseUrl: database.url, dataDir, licence, users: USERS, log, cpu: CORES?.server });
    cleanups.push(paddock.stop);
    paddocks.push(paddock);
    const lookup = parts.has('lookup') ? await getByEmailTarget(paddock) : null;
    const query = parts.has('page') ? await queryTarget(paddock) : null;
    if (lookup) targets.push(lookup);
    if (query) targets.push(query);
    if (database.label === 'sqlite' && (lookup || query)) {
      const floorPort = await freePort();
      const floor = await startServer('bare Fastify + SQLite', floorPort, BARE_SERVER, [String(floorPort), database.url, paddock.url], {}, '/healthz', CORES?.server);
      cleanups.push(floor.stop);
      const pairs: Array<[Target, Target, string, number | null]> = [];
      if (lookup) pairs.push([lookup, await lookupFloorTarget(floor, paddock), lookup.name, LOOKUP_GOAL]);
      if (query) pairs.push([query, await pageFloorTarget(floor, paddock), query.name, PAGE_GOAL]);
      if (lookup) pairs.push([lookup, await checkedLookupFloorTarget(floor, paddock), `${lookup.name} against the floor keeping the rules`, null]);
      for (const [target, itsFloor, name, goal] of pairs) {
        floors.push({ target, floor: itsFloor, name, goal });
        targets.push(itsFloor);
      }
    }
    if (parts.has('tokens')) {
      for (const target of [await passwordGrantTarget(paddock), await clientCredentialsTarget(paddock), await refreshTarget(paddock)]) {
        tokenTargets.add(target);
        targets.push(target);
      }
    }
  }
  return targets;
}

async function bench(): Promise<void> {
  ensureWrk(log);
  log(CORES ? `servers on CPU ${CORES.server}, wrk on CPU ${CORES.load}` : 'one CPU: nothing pinned');
  const targets = await setUp();
  const [baseline] = targets;
  if (!baseline) throw new Error('no baseline');
  const samples = new Map<Target, Sample[]>(targets.map((t) => [t, []]));
  const run = async (target: Target) => {
    const sample = await measure(target, seconds);
    samples.get(target)?.push(sample);
    log(`  ${target.name}: ${Math.round(sample.rps)} req/s`);
  };
  // The API first, then the token endpoint: its logins write sessions and refresh tokens, and a
  // database (and WAL) growing under the API's reads would skew the ratios.
  for (const phase of [targets.filter((t) => !tokenTargets.has(t)), [...tokenTargets]].filter((p) => p.length > 0)) {
    log(`warming up (${WARMUP_SECONDS} s each), then ${rounds} rounds of ${seconds} s per target, ${CONNECTIONS} connections`);
    for (const target of phase) await measure(target, WARMUP_SECONDS);
    if (postgresUrl !== null && CORES) log(`pinned ${await pinPostgresBackends(postgresUrl, CORES.server)} PostgreSQL backends of the bench database to CPU ${CORES.server}`);
    // The API's phase (the baseline and the calls, which carry the kept tokens); the token endpoint's targets log in by themselves.
    const apiPhase = phase.includes(baseline);
    for (let round = 1; round <= rounds; round++) {
      // A login of its own in the middle of the rounds would cost a server more than the calls measured:
      // a new token only when the kept one could expire during the round, and the servers warmed up after it.
      if (apiPhase && (await renewExpiringTokens(paddocks, roundMillis(phase.length, seconds)))) {
        log(`renewed an expiring token: warming up again (${WARMUP_SECONDS} s each)`);
        for (const target of phase) await measure(target, WARMUP_SECONDS);
      }
      log(`round ${round}/${rounds}`);
      for (const target of roundOrder(phase, floorsOf, round)) await run(target);
    }
    if (apiPhase) {
      log('closing baseline');
      await run(baseline);
    }
  }

  const baseSamples = samples.get(baseline) ?? [];
  const summary = (t: Target) => summarise(t.name, samples.get(t) ?? [], t === baseline ? null : baseSamples);
  const rows = targets.filter((t) => !tokenTargets.has(t)).map(summary);
  const tokenRows = [...tokenTargets].map(summary);
  const floorRows = floors.map(({ target, floor, name, goal }) => againstFloor(name, samples.get(target) ?? [], samples.get(floor) ?? [], goal));
  const total = [...rows, ...tokenRows].reduce((a, r) => a + r.requests, 0);
  const environment = environmentLine();
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(benchJson({ users: USERS, rounds, seconds, connections: CONNECTIONS, environment }, parts, rows, floorRows, tokenRows), null, 2)}\n`);
    return;
  }
  process.stdout.write(
    `\nPaddock bench: ${USERS.toLocaleString('en')} users, ${rounds} rounds x ${seconds} s per target, ${CONNECTIONS} connections, ratio = req/s / baseline req/s (target >= 0.5)\n\n` +
      `${formatTable(rows)}\n\n` +
      (floorRows.length > 0 ? `${formatFloors(floorRows)}\n` : '') +
      'ratio min-max: per round, against the mean of the baseline runs before and after it\n' +
      'CPU us/req: server process CPU (user + system, from /proc) per answered request; CPU ratio = baseline CPU/req / this one,\n' +
      '  what the ratio would be if both servers were CPU-bound: steadier on a noisy machine, where the load generator shares the CPUs\n\n' +
      (tokenRows.length > 0
        ? `Token endpoint (Keycloak publishes 15 password logins, 120 client-credentials and 120 refreshes per s per vCPU)\n\n${formatTokenTable(tokenRows)}\n\n` +
          'per CPU core: answered requests per CPU-second of the server process (user + system, all its threads)\n'
        : '') +
      `${environment}; all ${total.toLocaleString('en')} measured requests answered 2xx, no socket errors; load: wrk, 1 thread\n`,
  );
}

/** `--users N`: the scale mode (see scale.ts) instead of the request rates. */
async function scale(): Promise<void> {
  const users = wholeFlag(flags.users ?? '', '--users', 1000, USAGE);
  const pgUrl = process.env['PADDOCK_BENCH_PG_URL'];
  const dialects = dialectsOf(flags.db, pgUrl, USAGE);
  const results = await runScale({ users, dialects, pgUrl, data: flags.data, log });
  process.stdout.write(flags.json ? `${JSON.stringify(results, null, 2)}\n` : `\n${formatScale(results)}\n${environmentLine()}\n`);
}

try {
  await (flags.users === undefined ? bench() : scale());
} catch (err) {
  log(`bench failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup().catch((err: unknown) => log(`cleanup: ${String(err)}`));
}
