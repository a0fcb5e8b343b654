/**
 * `batches` with its first batch already read: a refusal or a failing first read throws here,
 * before the caller has written a byte of its reply, and is answered as any other error. The
 * rest is read as the caller iterates; stopping early (`return`) closes `batches`.
 */
export async function primed<T>(batches: AsyncGenerator<T>): Promise<AsyncIterable<T>> {
  const first = await batches.next();
  return {
    async *[Symbol.asyncIterator]() {
      try {
        if (first.done === true) return;
        yield first.value;
        yield* batches;
      } finally {
        await batches.return(undefined);
      }
    },
  };
}
