/**
 * The order of one round's measurements. A target's ratio to its floor is taken within a round,
 * and a shared machine drifts (the same server measured 82 and 135 µs a lookup ten minutes
 * apart): so each target is measured right beside its floors, and every other round in the
 * opposite order, so that a steady drift weighs on the target first, then on its floor.
 */
export function roundOrder<T>(phase: readonly T[], floorsOf: (target: T) => readonly T[], round: number): T[] {
  const floors = new Set(phase.flatMap((target) => floorsOf(target)));
  const order: T[] = [];
  for (const target of phase) {
    if (floors.has(target)) continue;
    const [first, ...others] = floorsOf(target);
    const group = first === undefined ? [target] : [first, target, ...others];
    order.push(...(round % 2 === 0 ? group.reverse() : group));
  }
  return order;
}
