import { describe, expect, it } from 'vitest';
import type { Sample } from '../src/load.js';
import { formatFloors, summarise } from '../src/report.js';

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

  it('states a target against its floor, by rate and by CPU', () => {
    const target = summarise('users/query [sqlite]', [sample(800, 1_250)], null);
    const floor = summarise('floor [sqlite]', [sample(1_600, 500)], null);
    expect(formatFloors([{ target, floor }])).toBe("users/query [sqlite] runs at 0.50 of its floor's req/s, 0.40 by CPU\n");
    const unknownCpu = summarise('floor [sqlite]', [sample(1_600, null)], null);
    expect(formatFloors([{ target, floor: unknownCpu }])).toBe("users/query [sqlite] runs at 0.50 of its floor's req/s\n");
  });
});
