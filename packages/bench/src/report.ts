import { cpus, loadavg } from 'node:os';
import { BENCH_PARTS } from './flags.js';
import type { BenchPart } from './flags.js';
import type { Sample } from './load.js';

export interface Row {
  name: string;
  /** Mean over the rounds, and the lowest and highest round. */
  rps: number;
  rpsMin: number;
  rpsMax: number;
  /** Means over the rounds, milliseconds. */
  p50: number;
  p99: number;
  /** Mean requests/s over the baseline's mean; null for the baseline itself. */
  ratio: number | null;
  /** Lowest and highest per-round ratio, each against the mean of the baseline runs around it. */
  ratioMin: number | null;
  ratioMax: number | null;
  /** Server CPU per request (mean over the rounds), microseconds, or null. */
  cpuMicros: number | null;
  /** Baseline CPU per request over this one: the ratio a CPU-bound server would reach, immune to noise. */
  cpuRatio: number | null;
  requests: number;
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

function meanCpu(samples: readonly Sample[]): number | null {
  const values = samples.map((s) => s.cpuMicros);
  return values.every((v) => v !== null) ? mean(values) : null;
}

/**
 * `baseline` has one more run than the rounds (it runs first in every round and once more at the
 * end), so round i of a target lies between baseline runs i and i+1.
 */
export function summarise(name: string, samples: readonly Sample[], baseline: readonly Sample[] | null): Row {
  const rps = samples.map((s) => s.rps);
  const base = baseline && mean(baseline.map((s) => s.rps));
  const ratios = baseline ? samples.map((s, i) => s.rps / mean([baseline[i]?.rps ?? NaN, baseline[i + 1]?.rps ?? NaN])) : null;
  const cpuMicros = meanCpu(samples);
  const baseCpu = baseline && meanCpu(baseline);
  return {
    name,
    rps: mean(rps),
    rpsMin: Math.min(...rps),
    rpsMax: Math.max(...rps),
    p50: mean(samples.map((s) => s.p50)),
    p99: mean(samples.map((s) => s.p99)),
    ratio: base ? mean(rps) / base : null,
    ratioMin: ratios && Math.min(...ratios),
    ratioMax: ratios && Math.max(...ratios),
    cpuMicros,
    cpuRatio: baseCpu && cpuMicros ? baseCpu / cpuMicros : null,
    requests: samples.reduce((a, s) => a + s.requests, 0),
  };
}

/** Node, the CPUs, the time and the load average over the last 15 minutes (other work on a shared machine shows there). */
export function environmentLine(): string {
  return `Node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model.trim() ?? 'unknown'}), load average ${loadavg()[2]?.toFixed(1) ?? '?'} (15 min), ${new Date().toISOString()}`;
}

const int = (n: number) => Math.round(n).toLocaleString('en');
const ms = (n: number) => (n < 1 ? '<1' : n.toFixed(1));
const fixed = (n: number | null) => (n === null ? '-' : n.toFixed(2));

/** name, req/s, min-max, p50 ms, p99 ms */
const rateCells = (r: Row) => [r.name, int(r.rps), `${int(r.rpsMin)}-${int(r.rpsMax)}`, ms(r.p50), ms(r.p99)];

export function formatTable(rows: readonly Row[]): string {
  const header = ['name', 'req/s', 'min-max', 'p50 ms', 'p99 ms', 'ratio', 'ratio min-max', 'CPU us/req', 'CPU ratio'];
  const lines = rows.map((r) => [
    ...rateCells(r),
    r.ratio === null ? '1' : fixed(r.ratio),
    r.ratioMin === null || r.ratioMax === null ? '' : `${fixed(r.ratioMin)}-${fixed(r.ratioMax)}`,
    r.cpuMicros === null ? '-' : int(r.cpuMicros),
    r.ratio === null ? '1' : fixed(r.cpuRatio),
  ]);
  return renderTable(header, lines);
}

/** Left-aligned first column, right-aligned numbers, a rule under the header. */
function renderTable(header: readonly string[], lines: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]?.length ?? 0)));
  const render = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [render(header), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(render)].join('\n');
}

/** The token endpoint's rows: rate, latency, and requests per CPU-second of the server (per core). */
export function formatTokenTable(rows: readonly Row[]): string {
  const header = ['name', 'req/s', 'min-max', 'p50 ms', 'p99 ms', 'CPU us/req', 'per CPU core/s'];
  const lines = rows.map((r) => [...rateCells(r), r.cpuMicros === null ? '-' : int(r.cpuMicros), r.cpuMicros === null ? '-' : int(1e6 / r.cpuMicros)]);
  return renderTable(header, lines);
}

/**
 * A target against its floor (the least any server does for the same answer), round by round:
 * each round's target against the same round's floor, measured seconds apart, so that a slow
 * spell of a shared machine weighs on both (means over the rounds let one slow round of either
 * move the ratio by a tenth).
 */
export interface FloorRatio {
  name: string;
  /** The median of the rounds' ratios of requests/s, and the lowest and highest. */
  ratio: number;
  ratioMin: number;
  ratioMax: number;
  /** The median of the rounds' floor CPU per request over the target's, or null where unknown. */
  cpuRatio: number | null;
  rounds: number;
  /** The ratio the target should reach, where it has one, and whether the median reaches it. */
  goal: number | null;
  met: boolean | null;
}

/** The nearest-rank `p`th percentile of sorted values (the slowest of 20 calls is their p99). */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? NaN) : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
}

export function againstFloor(name: string, target: readonly Sample[], floor: readonly Sample[], goal: number | null = null): FloorRatio {
  if (target.length === 0 || target.length !== floor.length) throw new Error(`${name}: ${target.length} rounds against ${floor.length} of its floor`);
  const ratios = target.map((s, i) => s.rps / (floor[i]?.rps ?? NaN));
  const cpu = target.map((s, i) => {
    const own = s.cpuMicros;
    const least = floor[i]?.cpuMicros ?? null;
    return own === null || least === null ? null : least / own;
  });
  const ratio = median(ratios);
  return {
    name,
    ratio,
    ratioMin: Math.min(...ratios),
    ratioMax: Math.max(...ratios),
    cpuRatio: cpu.every((r) => r !== null) ? median(cpu) : null,
    rounds: ratios.length,
    goal,
    met: goal === null ? null : ratio >= goal,
  };
}

/** What a run of run.js measured, beside its rows. */
export interface BenchRun {
  users: number;
  rounds: number;
  seconds: number;
  connections: number;
  environment: string;
}

/**
 * run.js's `--json`: the parts it ran, and the rows of those parts only. The floors come with the
 * lookup and the page, the token rows with the tokens; a part left out by `--only` leaves its key
 * out rather than an empty list, which would read as measured with nothing to show.
 */
export function benchJson(run: BenchRun, parts: ReadonlySet<BenchPart>, rows: readonly Row[], floorRows: readonly FloorRatio[], tokenRows: readonly Row[]): object {
  const ran = BENCH_PARTS.filter((part) => parts.has(part));
  return {
    ...run,
    parts: ran,
    rows,
    ...((parts.has('lookup') || parts.has('page')) && { floorRows }),
    ...(parts.has('tokens') && { tokenRows }),
  };
}

/** Each target against its floor: what is left of the ratio once the database's own cost is set aside. */
export function formatFloors(rows: readonly FloorRatio[]): string {
  return rows
    .map((r) => {
      const cpu = r.cpuRatio === null ? '' : `, ${fixed(r.cpuRatio)} by CPU`;
      const goal = r.goal === null ? '' : `; goal ${fixed(r.goal)}: ${r.met === true ? 'met' : 'NOT MET'}`;
      return `${r.name} runs at ${fixed(r.ratio)} of its floor's req/s${cpu} (median of ${r.rounds} rounds, each against the same round's floor; ${fixed(r.ratioMin)}-${fixed(r.ratioMax)})${goal}\n`;
    })
    .join('');
}

/** One pair of processes, one of each build, measured round by round side by side (compare.js). */
export interface BuildPair {
  mine: readonly Sample[];
  base: readonly Sample[];
}

/** Two builds of one call, over several pairs of processes. */
export interface BuildComparison {
  name: string;
  /** Median CPU per request of each build over every round, microseconds. */
  cpuMicros: number;
  baseCpuMicros: number;
  /** Each pair's median of its rounds' CPU per request of this build over the base's (below 1: this build costs less). */
  pairRatios: number[];
  /** The median of the pairs' ratios, the verdict. */
  cpuRatio: number;
  /** The median of every round's requests/s of this build over the base's. */
  rpsRatio: number;
  rounds: number;
}

function cpuOf(name: string, samples: readonly Sample[]): number[] {
  return samples.map((s) => {
    if (s.cpuMicros === null) throw new Error(`${name}: no CPU figures (they are read from /proc)`);
    return s.cpuMicros;
  });
}

/**
 * This build against the base, each round against the base's round beside it, each pair of
 * processes by the median of its rounds (a slow spell of the machine moves one round), and the
 * verdict the median of the pairs: a process has a speed of its own (where its heap and code
 * landed), a few percent off its twin's for as long as it runs, so one pair cannot tell a 3%
 * change. Needs CPU figures (Linux's /proc): by requests/s alone such a change is lost in the noise.
 */
export function compareBuilds(name: string, pairs: readonly BuildPair[]): BuildComparison {
  if (pairs.length === 0) throw new Error(`${name}: no pair measured`);
  const own: number[] = [];
  const theirs: number[] = [];
  const rps: number[] = [];
  const pairRatios = pairs.map(({ mine, base }, i) => {
    if (mine.length === 0 || mine.length !== base.length) throw new Error(`${name}, pair ${i + 1}: ${mine.length} rounds against ${base.length} of the base`);
    const a = cpuOf(name, mine);
    const b = cpuOf(name, base);
    own.push(...a);
    theirs.push(...b);
    rps.push(...mine.map((s, j) => s.rps / (base[j]?.rps ?? NaN)));
    return median(a.map((c, j) => c / (b[j] ?? NaN)));
  });
  return { name, cpuMicros: median(own), baseCpuMicros: median(theirs), pairRatios, cpuRatio: median(pairRatios), rpsRatio: median(rps), rounds: own.length };
}

export function formatComparison(c: BuildComparison): string {
  return (
    `${c.name}: this build ${c.cpuMicros.toFixed(1)} µs of CPU a request, the base ${c.baseCpuMicros.toFixed(1)}; ` +
    `this/base ${c.cpuRatio.toFixed(3)} by CPU (median of ${c.pairRatios.length} pairs of processes: ${c.pairRatios.map((r) => r.toFixed(3)).join(' ')}), ` +
    `${c.rpsRatio.toFixed(3)} by req/s (${c.rounds} rounds)\n`
  );
}
