/**
 * `node packages/bench/dist/compare.js --base DIR`: this checkout's server against another build of
 * Paddock (DIR: a checkout with `npm ci && npm run build` done), side by side on this machine.
 *
 * A change to the request path worth a few percent is lost in what `npm run bench` sees from one
 * run to the next here (a target's rounds move by up to a third). So the two servers run at once,
 * each pinned to the server core and each on its own 10,000 users (seeded by its own checkout, so
 * the two may differ in schema), and they are loaded in turn for short rounds, every other round
 * in the opposite order: a slow spell of the machine falls on both. And since a process has a
 * speed of its own, a few percent off its twin's for as long as it runs (measured here: four pairs
 * of the same build 0.982, 0.996, 0.997 and 1.076), this is done for several pairs of processes, one pair
 * after the other. The verdict is the median of the pairs, each the median of its rounds' ratios
 * of CPU per request (the server process's user + system time, from /proc). `--base .` compares
 * this build with itself: the spread it shows is the noise to beat.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { benchFlags, COMPARED_PARTS, exitWithUsage, partsFlag, wholeFlag } from './flags.js';
import { renewExpiringTokens, roundMillis } from './kept-token.js';
import { makeLicence } from './licence.js';
import { CONNECTIONS, CORES, ensureWrk, measure } from './load.js';
import type { Sample, Target } from './load.js';
import { roundOrder } from './order.js';
import { startPaddock } from './paddock.js';
import type { Paddock, PaddockOptions } from './paddock.js';
import { NODE_ARGS_VARIABLE, withNodeArgs } from './processes.js';
import { compareBuilds, environmentLine, formatComparison } from './report.js';
import type { BuildPair } from './report.js';
import { getByEmailTarget, queryTarget } from './targets.js';

const USERS = 10_000;
const WARMUP_SECONDS = 2;

const USAGE = `Usage: node packages/bench/dist/compare.js --base DIR [options]

This checkout's server against the build in DIR (another checkout of Paddock, after npm ci and
npm run build there), loaded in turn with wrk for short rounds, each on its own ${USERS.toLocaleString('en')} users, in
several pairs of processes. Prints, for each call, this build's CPU per request over the base's
(below 1: this build costs less): the median of the pairs, each the median of its rounds, and each
pair's. --base . compares this build with itself: the noise to beat.

Options:
  --base DIR     the other build (required)
  --only PARTS   lookup (users/get_by_email), page (100-user pages of users/query), or both,
                 comma-separated (default lookup)
  --pairs P      pairs of processes, one of each build, started one pair after the other (default 4)
  --rounds N     rounds per build and call in each pair (default 10)
  --seconds S    seconds per round (default 1)
  --node-args=FLAGS       node flags for this build's servers (default PADDOCK_BENCH_NODE_ARGS)
  --base-node-args=FLAGS  node flags for the base's servers (default PADDOCK_BENCH_NODE_ARGS);
                 with --base ., the two price a flag: --base . --node-args=--max-semi-space-size=8
  -h, --help     this text

Environment:
  PADDOCK_BENCH_NODE_ARGS  node flags for both builds' servers (e.g. --cpu-prof), unless the
                           options above give a build its own
`;

const flags = benchFlags(
  {
    options: {
      base: { type: 'string' },
      only: { type: 'string' },
      pairs: { type: 'string' },
      rounds: { type: 'string' },
      seconds: { type: 'string' },
      'node-args': { type: 'string' },
      'base-node-args': { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  },
  USAGE,
);
if (flags.base === undefined) exitWithUsage('--base DIR is required: the build to compare this one with', USAGE);
const parts = partsFlag(flags.only ?? 'lookup', COMPARED_PARTS, USAGE);
const pairs = wholeFlag(flags.pairs ?? '4', '--pairs', 1, USAGE);
const rounds = wholeFlag(flags.rounds ?? '10', '--rounds', 1, USAGE);
const seconds = wholeFlag(flags.seconds ?? '1', '--seconds', 1, USAGE);
/** Each build's node flags: its own flag's, or the environment's for both. */
const nodeArgs = { this: flags['node-args'] ?? process.env[NODE_ARGS_VARIABLE], base: flags['base-node-args'] ?? process.env[NODE_ARGS_VARIABLE] };

type StartPaddock = (options: PaddockOptions) => Promise<Paddock>;

/** The base checkout's own `startPaddock`: its server, seeded by its own code. */
async function baseStarter(dir: string): Promise<StartPaddock> {
  const module = path.resolve(dir, 'packages/bench/dist/paddock.js');
  const built = await stat(module).then(
    (s) => s.isFile(),
    () => false,
  );
  if (!built) exitWithUsage(`--base ${dir}: no ${module}; run npm ci && npm run build in that checkout first`, USAGE);
  const loaded = (await import(pathToFileURL(module).href)) as { startPaddock?: StartPaddock };
  if (typeof loaded.startPaddock !== 'function') exitWithUsage(`--base ${dir}: ${module} has no startPaddock (a checkout older than this tool?)`, USAGE);
  return loaded.startPaddock;
}

const log = (line: string) => process.stderr.write(`${line}\n`);
const cleanups: Array<() => Promise<void>> = [];

/** Starts one process of each build, each on its own freshly seeded users under `dir`. */
async function startPair(dir: string, startBase: StartPaddock, base: string): Promise<Paddock[]> {
  const licence = await makeLicence();
  const servers: Paddock[] = [];
  for (const [label, start] of [['this', startPaddock], ['base', startBase]] as const) {
    const options = { label, databaseUrl: path.join(dir, label, 'paddock.sqlite'), dataDir: path.join(dir, label), licence, users: USERS, log: () => undefined, cpu: CORES?.server };
    const server = await withNodeArgs(nodeArgs[label], async () => start(options));
    cleanups.push(server.stop);
    servers.push(server);
  }
  log(`  started this build and the base (${base}), ${USERS.toLocaleString('en')} users each`);
  return servers;
}

async function compare(base: string): Promise<void> {
  ensureWrk(log);
  const startBase = await baseStarter(base);
  const calls = [...parts].map((part) => (part === 'lookup' ? getByEmailTarget : queryTarget));
  const measured = calls.map((): BuildPair[] => []);
  const names: string[] = [];
  log(`${CORES ? `both servers on CPU ${CORES.server}, wrk on CPU ${CORES.load}` : 'one CPU: nothing pinned'}; ${pairs} pairs of processes, ${rounds} rounds of ${seconds} s per build and call, ${CONNECTIONS} connections`);
  for (let pair = 1; pair <= pairs; pair++) {
    log(`pair ${pair}/${pairs}`);
    const dir = await mkdtemp(path.join(tmpdir(), 'paddock-compare-'));
    cleanups.push(async () => rm(dir, { recursive: true, force: true }));
    const servers = await startPair(dir, startBase, base);
    for (const [i, call] of calls.entries()) {
      const [mine, theirs] = await Promise.all(servers.map(call));
      if (!mine || !theirs) throw new Error('two servers expected');
      names[i] = mine.name.replace(/ \[this\]$/, '');
      await measure(mine, WARMUP_SECONDS);
      await measure(theirs, WARMUP_SECONDS);
      const samples = new Map<Target, Sample[]>([
        [mine, []],
        [theirs, []],
      ]);
      // The base beside this build as run.js measures a target beside its floor: in the opposite
      // order every other round, so that a drift of the machine weighs on both alike.
      for (let round = 1; round <= rounds; round++) {
        // As run.js: a login only when a kept token could expire during the round, then a warm-up.
        if (await renewExpiringTokens(servers, roundMillis(2, seconds))) for (const target of [mine, theirs]) await measure(target, WARMUP_SECONDS);
        for (const target of roundOrder([mine, theirs], (t) => (t === mine ? [theirs] : []), round)) samples.get(target)?.push(await measure(target, seconds));
      }
      const measuredPair = { mine: samples.get(mine) ?? [], base: samples.get(theirs) ?? [] };
      measured[i]?.push(measuredPair);
      log(`  ${names[i]}: this/base ${formatRatio(measuredPair)} by CPU`);
    }
    // Stopped before the next pair starts: only the two measured processes share the server core.
    for (const server of servers) await server.stop();
  }
  for (const [i, pairsOfCall] of measured.entries()) process.stdout.write(formatComparison(compareBuilds(names[i] ?? '?', pairsOfCall)));
  if (nodeArgs.this !== undefined || nodeArgs.base !== undefined) process.stdout.write(`node flags: this build "${nodeArgs.this ?? ''}", the base "${nodeArgs.base ?? ''}"\n`);
  process.stdout.write(`${environmentLine()}\n`);
}

/** One pair's median ratio, for the progress lines. */
const formatRatio = (pair: BuildPair): string => compareBuilds('pair', [pair]).cpuRatio.toFixed(3);

try {
  await compare(flags.base);
} catch (err) {
  log(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exitCode = 1;
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
}
