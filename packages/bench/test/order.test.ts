import { describe, expect, it } from 'vitest';
import { roundOrder } from '../src/order.js';

describe("a round's order", () => {
  const phase = ['baseline', 'lookup', 'page', 'pg lookup', 'lookup floor', 'page floor', 'rules floor'];
  const floors: Record<string, string[]> = { lookup: ['lookup floor', 'rules floor'], page: ['page floor'] };
  const floorsOf = (target: string) => floors[target] ?? [];

  it('measures each target right beside each of its floors, once each', () => {
    for (const round of [1, 2, 3, 4]) {
      const order = roundOrder(phase, floorsOf, round);
      expect([...order].sort()).toEqual([...phase].sort());
      for (const [target, its] of Object.entries(floors)) {
        for (const floor of its) expect(Math.abs(order.indexOf(target) - order.indexOf(floor)), `${target} / ${floor}, round ${round}`).toBe(1);
      }
    }
  });

  it('turns each group around every other round, and leaves targets without floors in place', () => {
    expect(roundOrder(phase, floorsOf, 1)).toEqual(['baseline', 'lookup floor', 'lookup', 'rules floor', 'page floor', 'page', 'pg lookup']);
    expect(roundOrder(phase, floorsOf, 2)).toEqual(['baseline', 'rules floor', 'lookup', 'lookup floor', 'page', 'page floor', 'pg lookup']);
    expect(roundOrder(['a', 'b'], () => [], 2)).toEqual(['a', 'b']);
  });
});
