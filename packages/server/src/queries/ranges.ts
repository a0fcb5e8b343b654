/**
 * Batches of a listing read one after another by keyset. `read(after, size)` reads up to `size`
 * rows after position `after` (the first batch with undefined); `next(batch)` gives the position
 * after it, or null when it was the last. The first batch is a tenth of the others (`firstBatch`),
 * so that the first bytes go out before a whole batch is read from a cold cache.
 *
 * With `ahead` (PostgreSQL), each read starts before the batch before it is handed on: the
 * database builds the next batch in its own process, on the other core, while this one writes the
 * last to the client. A read left running when the caller stops early is awaited, never left to
 * fail unheard. SQLite reads in this thread: reading ahead would only hold the batch back.
 */
export async function* readAhead<B, P>(
  read: (after: P | undefined, size: number) => Promise<B>,
  next: (batch: B, size: number) => P | null,
  batchSize: number,
  ahead: boolean,
): AsyncGenerator<B> {
  let size = firstBatch(batchSize);
  let pending: Promise<B> | null = read(undefined, size);
  try {
    while (pending) {
      const batch: B = await pending;
      const after = next(batch, size);
      size = batchSize;
      pending = after === null ? null : ahead ? read(after, size) : null;
      yield batch;
      if (after !== null && !ahead) pending = read(after, size);
    }
  } finally {
    await pending?.catch(() => undefined);
  }
}

/** The size of a listing's first batch: a tenth of the others, at least 1. */
export function firstBatch(batchSize: number): number {
  return Math.max(1, Math.ceil(batchSize / 10));
}
