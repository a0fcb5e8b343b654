/**
 * Batches of a listing read one after another by keyset, each read started before the batch
 * before it is handed on: PostgreSQL builds the next batch in its own process, on the other core,
 * while this one writes the last to the client. `read(after)` reads the batch after position
 * `after` (the first batch with undefined); `next(batch)` gives the position after it, or null
 * when it was the last. A read left running when the caller stops early is awaited, never left to
 * fail unheard.
 */
export async function* readAhead<B, P>(read: (after: P | undefined) => Promise<B>, next: (batch: B) => P | null): AsyncGenerator<B> {
  let pending: Promise<B> | null = read(undefined);
  try {
    while (pending) {
      const batch: B = await pending;
      const after = next(batch);
      pending = after === null ? null : read(after);
      yield batch;
    }
  } finally {
    await pending?.catch(() => undefined);
  }
}
