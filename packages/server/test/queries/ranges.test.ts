import { describe, expect, it } from 'vitest';
import { firstBatch, readAhead } from '../../src/queries/read-ahead.js';

/**
 * A listing of `total` rows read in batches of `size` (the first a tenth of it); `log` records each
 * read as it starts, with its size, and each batch as it is taken. Reads take a turn of the loop.
 */
function source(total: number, size: number, ahead: boolean, log: string[], fail?: number) {
  const read = async (after: number | undefined, limit: number) => {
    const from = after ?? 0;
    log.push(`read ${from}+${limit}`);
    await new Promise((resolve) => setImmediate(resolve));
    if (from === fail) throw new Error(`the read from ${from} failed`);
    return { from, rows: Math.max(0, Math.min(limit, total - from)) };
  };
  const next = (batch: { from: number; rows: number }, limit: number) => (batch.rows < limit ? null : batch.from + batch.rows);
  return readAhead(read, next, size, ahead);
}

describe('readAhead', () => {
  it('the first batch is a tenth of the others, at least one row', () => {
    expect([firstBatch(2000), firstBatch(10), firstBatch(9), firstBatch(1)]).toEqual([200, 1, 1, 1]);
  });

  it('ahead: the next read starts before each batch is handed on; every row once, in order', async () => {
    const log: string[] = [];
    for await (const batch of source(45, 20, true, log)) log.push(`took ${batch.from}`);
    expect(log).toEqual(['read 0+2', 'read 2+20', 'took 0', 'read 22+20', 'took 2', 'read 42+20', 'took 22', 'took 42']);
  });

  it('not ahead: each read starts when the batch before has been taken', async () => {
    const log: string[] = [];
    for await (const batch of source(45, 20, false, log)) log.push(`took ${batch.from}`);
    expect(log).toEqual(['read 0+2', 'took 0', 'read 2+20', 'took 2', 'read 22+20', 'took 22', 'read 42+20', 'took 42']);
  });

  it('a failure of the first read reaches the caller', async () => {
    await expect(source(30, 10, true, [], 0).next()).rejects.toThrow('failed');
  });

  it('a caller that stops early waits for the read in flight, and its failure is not left unheard', async () => {
    const log: string[] = [];
    const unheard: unknown[] = [];
    const listen = (reason: unknown) => unheard.push(reason);
    process.on('unhandledRejection', listen);
    try {
      for await (const batch of source(50, 10, true, log, 1)) {
        log.push(`took ${batch.from}`);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      process.off('unhandledRejection', listen);
    }
    expect(log).toEqual(['read 0+1', 'read 1+10', 'took 0']);
    expect(unheard).toEqual([]);
  });
});
