/** Where a range of a listing ends, and how many rows it holds (0: the listing has no more). */
export interface RangeEnd<P> {
  through: P | null;
  rows: number;
}

/**
 * A listing read in ranges of its order. `bound(after, size)` finds where the range of the next
 * `size` rows after position `after` ends (the first with undefined): a cheap read of the index
 * alone. `read(after, through)` reads the rows in (after, through]: the costly one, which writes
 * them. The first range is a tenth of the others (`firstBatch`), so that the first bytes go out
 * before a whole batch is written from a cold cache.
 *
 * Since each range's end is known before its rows are read, up to `inFlight` reads run at once
 * (PostgreSQL: 2, each in its own backend: the database writes the next batch while the last one
 * is on its way and being written to the client, where a keyset read, which learns where it ends
 * only with its rows, left the database idle for every batch's transfer). With 1 (SQLite, which
 * reads in this thread) each range is bounded and read when the one before has been taken.
 *
 * Ranges split the order by positions, not by counts: a row added or removed while the listing
 * runs cannot shift another out of its range, so every row there throughout is read exactly once.
 * Reads left running when the caller stops early are awaited, never left to fail unheard.
 */
export async function* inRanges<B, P>(
  bound: (after: P | undefined, size: number) => Promise<RangeEnd<P>>,
  read: (after: P | undefined, through: P) => Promise<B>,
  batchSize: number,
  inFlight: number,
): AsyncGenerator<B> {
  const reads: Promise<Settled<B>>[] = [];
  let after: P | undefined;
  let size = firstBatch(batchSize);
  let more = true;
  try {
    for (;;) {
      while (more && reads.length < inFlight) {
        const end = await bound(after, size);
        if (end.through === null || end.rows === 0) {
          more = false;
          break;
        }
        reads.push(settled(read(after, end.through)));
        after = end.through;
        more = end.rows >= size;
        size = batchSize;
      }
      const next = reads.shift();
      if (!next) return;
      yield taken(await next);
    }
  } finally {
    await Promise.all(reads);
  }
}

/** The size of a listing's first batch: a tenth of the others, at least 1. */
export function firstBatch(batchSize: number): number {
  return Math.max(1, Math.ceil(batchSize / 10));
}

/** How many ranges of a listing are read at once on PostgreSQL: one written while the one before is sent (see `inRanges`). */
export const POSTGRES_READS_IN_FLIGHT = 2;

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** A promise that never rejects: a read waiting its turn must not fail unheard. */
async function settled<T>(promise: Promise<T>): Promise<Settled<T>> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    return { ok: false, error };
  }
}

function taken<T>(result: Settled<T>): T {
  if (!result.ok) throw result.error;
  return result.value;
}
