import { describe, expect, it } from 'vitest';
import type { Sample } from '../src/load.js';
import { againstFloor, benchJson, compareBuilds, formatComparison, formatFloors, percentile, summarise } from '../src/report.js';

const sample = (rps: number, cpuMicros: number | null): Sample => ({ rps, p50: 1, p99: 2, requests: rps * 5, cpuMicros });

describe('bench report', () => {
  it('rates each round against the baseline runs on either side of it, and CPU against the baseline CPU', () => {
    const baseline = [sample(10_000, 80), sample(12_000, 80), sample(8_000, 80)];
    const row = summarise('lookup', [sample(5_500, 200), sample(4_000, 160)], baseline);
    expect(row.ratio).toBeCloseTo(4_750 / 10_000);
    expect(row.ratioMin).toBeCloseTo(4_000 / 10_000);
    expect(row.ratioMax).toBeCloseTo(5_500 / 11_000);
    expect(row.cpuRatio).toBeCloseTo(80 / 180);
  });

  it('states a target against its floor round by round: the median of the rounds, each against the same round\'s floor', () => {
    // The floor's second round met a slow spell of the machine: one round's ratio, where means over
    // the rounds would give 3,000 / 5,000 (0.60).
    const target = [sample(1_000, 1_000), sample(1_000, 1_000), sample(1_000, 1_000)];
    const floor = [sample(2_000, 400), sample(1_000, 800), sample(2_000, 400)];
    const row = againstFloor('users/query [sqlite]', target, floor);
    expect([row.ratio, row.ratioMin, row.ratioMax, row.rounds]).toEqual([0.5, 0.5, 1, 3]);
    expect(row.cpuRatio).toBeCloseTo(0.4);
    expect(formatFloors([row])).toBe("users/query [sqlite] runs at 0.50 of its floor's req/s, 0.40 by CPU (median of 3 rounds, each against the same round's floor; 0.50-1.00)\n");
    // An even number of rounds: the mean of the middle two.
    expect(againstFloor('x', [sample(500, null), sample(700, null)], [sample(1_000, null), sample(1_000, null)])).toMatchObject({ ratio: 0.6, cpuRatio: null });
    expect(formatFloors([againstFloor('x', [sample(500, null)], [sample(1_000, 100)])])).toBe("x runs at 0.50 of its floor's req/s (median of 1 rounds, each against the same round's floor; 0.50-0.50)\n");
    expect(() => againstFloor('x', [sample(500, null)], [])).toThrow(/1 rounds against 0/);
  });

  it("says whether a target's median ratio to its floor reaches its goal", () => {
    const floor = [sample(1_000, 100), sample(1_000, 100), sample(1_000, 100)];
    const target = [sample(600, 200), sample(700, 200), sample(900, 200)];
    expect(againstFloor('lookup', target, floor, 0.7)).toMatchObject({ ratio: 0.7, goal: 0.7, met: true });
    expect(againstFloor('lookup', target, floor, 0.71)).toMatchObject({ goal: 0.71, met: false });
    expect(againstFloor('lookup', target, floor)).toMatchObject({ goal: null, met: null });
    expect(formatFloors([againstFloor('lookup', target, floor, 0.75)])).toMatch(/; goal 0\.75: NOT MET\n$/);
    expect(formatFloors([againstFloor('lookup', target, floor, 0.6)])).toMatch(/; goal 0\.60: met\n$/);
  });

  it('takes the nearest-rank percentile: of 20 calls, p99 is the slowest and p50 the tenth', () => {
    const sorted = Array.from({ length: 20 }, (_, i) => i + 1);
    expect([percentile(sorted, 50), percentile(sorted, 99), percentile(sorted, 100)]).toEqual([10, 20, 20]);
    expect(percentile([], 50)).toBeNaN();
  });

  it('compares two builds pair of processes by pair: the median of the pairs, each the median of its rounds', () => {
    // Pair 1's base met a slow spell in its third round: one ratio of four. Pair 3's processes
    // landed 20% apart: one pair of three.
    const pairs = [
      { mine: [sample(1_100, 90), sample(1_000, 100), sample(1_000, 100), sample(900, 110)], base: [sample(1_000, 100), sample(1_000, 100), sample(500, 200), sample(1_000, 100)] },
      { mine: [sample(1_000, 96), sample(1_000, 98)], base: [sample(1_000, 100), sample(1_000, 100)] },
      { mine: [sample(1_000, 120), sample(1_000, 120)], base: [sample(1_000, 100), sample(1_000, 100)] },
    ];
    const c = compareBuilds('users/get_by_email', pairs);
    // Pair 1's ratios sorted: 0.5, 0.9, 1.0, 1.1 (median 0.95); pair 2: 0.97; pair 3: 1.2.
    expect(c.pairRatios.map((r) => Number(r.toFixed(3)))).toEqual([0.95, 0.97, 1.2]);
    expect(c.cpuRatio).toBeCloseTo(0.97);
    expect(c).toMatchObject({ cpuMicros: 100, baseCpuMicros: 100, rounds: 8, rpsRatio: 1 });
    expect(formatComparison(c)).toBe(
      'users/get_by_email: this build 100.0 µs of CPU a request, the base 100.0; this/base 0.970 by CPU (median of 3 pairs of processes: 0.950 0.970 1.200), 1.000 by req/s (8 rounds)\n',
    );
    expect(() => compareBuilds('x', [])).toThrow(/no pair/);
    expect(() => compareBuilds('x', [{ mine: pairs[1]?.mine ?? [], base: [] }])).toThrow(/pair 1: 2 rounds against 0/);
    expect(() => compareBuilds('x', [{ mine: [sample(1_000, null)], base: [sample(1_000, 100)] }])).toThrow(/no CPU figures/);
  });
  it("gives --json's rows of the parts it ran only, and names them", () => {
    const run = { users: 10_000, rounds: 5, seconds: 5, connections: 10, environment: 'here' };
    const row = summarise('lookup', [sample(5_000, 100)], [sample(10_000, 50), sample(10_000, 50)]);
    const floor = againstFloor('lookup', [sample(5_000, 100)], [sample(7_000, 70)], 0.7);
    const token = summarise('password grant', [sample(40, 20_000)], null);
    const lookupOnly = benchJson(run, new Set(['lookup'] as const), [row], [floor], []);
    expect(lookupOnly).toEqual({ ...run, parts: ['lookup'], rows: [row], floorRows: [floor] });
    expect(lookupOnly).not.toHaveProperty('tokenRows');
    const tokensOnly = benchJson(run, new Set(['tokens'] as const), [row], [], [token]);
    expect(tokensOnly).toEqual({ ...run, parts: ['tokens'], rows: [row], tokenRows: [token] });
    expect(tokensOnly).not.toHaveProperty('floorRows');
    // Every part, named in the bench's order whatever the order of --only.
    expect(benchJson(run, new Set(['tokens', 'page', 'lookup'] as const), [row], [floor], [token])).toEqual({ ...run, parts: ['lookup', 'page', 'tokens'], rows: [row], floorRows: [floor], tokenRows: [token] });
  });
});
