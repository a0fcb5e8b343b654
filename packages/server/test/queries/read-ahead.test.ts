import { describe, expect, it } from 'vitest';
import { readAhead } from '../../src/queries/read-ahead.js';

/** Batches 0..count-1 of `size` numbers; `log` records each read as it starts and each batch as it is taken. */
function source(count: number, log: string[], fail?: number) {
  const read = async (after: number | undefined) => {
    const index = after === undefined ? 0 : after + 1;
    log.push(`read ${index}`);
    await new Promise((resolve) => setImmediate(resolve));
    if (index === fail) throw new Error(`batch ${index} failed`);
    return { index, last: index === count - 1 };
  };
  const next = (batch: { index: number; last: boolean }) => (batch.last ? null : batch.index);
  return readAhead(read, next);
}

describe('readAhead', () => {
  it('hands on every batch in order, the next read started before each batch is handed on', async () => {
    const log: string[] = [];
    for await (const batch of source(4, log)) log.push(`took ${batch.index}`);
    expect(log).toEqual(['read 0', 'read 1', 'took 0', 'read 2', 'took 1', 'read 3', 'took 2', 'took 3']);
  });

  it('a failure of the first read reaches the caller', async () => {
    const log: string[] = [];
    await expect(source(3, log, 0).next()).rejects.toThrow('batch 0 failed');
  });

  it('a caller that stops early waits for the read in flight, and its failure is not left unheard', async () => {
    const log: string[] = [];
    const unheard: unknown[] = [];
    const listen = (reason: unknown) => unheard.push(reason);
    process.on('unhandledRejection', listen);
    try {
      for await (const batch of source(5, log, 1)) {
        log.push(`took ${batch.index}`);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      process.off('unhandledRejection', listen);
    }
    expect(log).toEqual(['read 0', 'read 1', 'took 0']);
    expect(unheard).toEqual([]);
  });
});
