import { describe, expect, it } from 'vitest';
import { firstBatch, inRanges } from '../../src/queries/ranges.js';

/**
 * A listing of the rows 1..`total` (each its own position) read in ranges of `size` (the first a
 * tenth of it), `inFlight` at once; `log` records each bound and read as it starts and each batch as
 * it is taken. Bounds and reads take a turn of the loop; reads may fail at a range's start, `rows`
 * may change between a bound and its read.
 */
function source(options: { rows: number[]; size: number; inFlight: number; log: string[]; failAt?: number }) {
  const { rows, size, inFlight, log, failAt } = options;
  const turn = () => new Promise((resolve) => setImmediate(resolve));
  const bound = async (after: number | undefined, limit: number) => {
    log.push(`bound ${after ?? 0}+${limit}`);
    await turn();
    const next = rows.filter((row) => row > (after ?? 0)).slice(0, limit);
    return { through: next.at(-1) ?? null, rows: next.length };
  };
  const read = async (after: number | undefined, through: number) => {
    log.push(`read ${after ?? 0}..${through}`);
    await turn();
    if (failAt !== undefined && (after ?? 0) === failAt) throw new Error(`the read after ${after ?? 0} failed`);
    return rows.filter((row) => row > (after ?? 0) && row <= through);
  };
  return inRanges(bound, read, size, inFlight);
}

const upTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('inRanges', () => {
  it('the first range is a tenth of the others, at least one row', () => {
    expect([firstBatch(2000), firstBatch(10), firstBatch(9), firstBatch(1)]).toEqual([200, 1, 1, 1]);
  });

  it('two in flight: the next range is bounded and its read started before each batch is handed on; every row once, in order', async () => {
    const log: string[] = [];
    const taken: number[] = [];
    for await (const batch of source({ rows: upTo(45), size: 20, inFlight: 2, log })) {
      log.push(`took ${batch[0]}..${batch.at(-1)}`);
      taken.push(...batch);
    }
    expect(taken).toEqual(upTo(45));
    expect(log).toEqual(['bound 0+2', 'read 0..2', 'bound 2+20', 'read 2..22', 'took 1..2', 'bound 22+20', 'read 22..42', 'took 3..22', 'bound 42+20', 'read 42..45', 'took 23..42', 'took 43..45']);
  });

  it('one in flight: each range is bounded and read when the batch before has been taken', async () => {
    const log: string[] = [];
    for await (const batch of source({ rows: upTo(45), size: 20, inFlight: 1, log })) log.push(`took ${batch[0]}..${batch.at(-1)}`);
    expect(log).toEqual(['bound 0+2', 'read 0..2', 'took 1..2', 'bound 2+20', 'read 2..22', 'took 3..22', 'bound 22+20', 'read 22..42', 'took 23..42', 'bound 42+20', 'read 42..45', 'took 43..45']);
  });

  it('a listing of exactly a whole number of ranges ends on an empty bound; an empty one reads nothing', async () => {
    const log: string[] = [];
    const batches: number[][] = [];
    for await (const batch of source({ rows: upTo(22), size: 20, inFlight: 2, log })) batches.push(batch);
    expect(batches).toEqual([upTo(2), upTo(22).slice(2)]);
    expect(log.at(-1)).toBe('bound 22+20');
    const none: string[] = [];
    for await (const batch of source({ rows: [], size: 20, inFlight: 2, log: none })) batches.push(batch);
    expect(none).toEqual(['bound 0+2']);
  });

  it('rows added while the listing runs, in a range already bounded and beyond: none is read twice, none lost, the order kept', async () => {
    const rows = upTo(30).map((n) => n * 2);
    const taken: number[] = [];
    let added = false;
    for await (const batch of source({ rows, size: 10, inFlight: 2, log: [] })) {
      taken.push(...batch);
      if (!added) {
        // (0..2] is taken and (2..22] bounded: 5 falls in it, 25 in a range not yet bounded.
        rows.push(5, 25);
        rows.sort((a, b) => a - b);
        added = true;
      }
    }
    expect(taken).toEqual([...new Set(taken)].sort((a, b) => a - b));
    expect(taken).toEqual(expect.arrayContaining(upTo(30).map((n) => n * 2)));
    expect(taken).toContain(25);
  });

  it('a failure of the first read reaches the caller', async () => {
    await expect(source({ rows: upTo(30), size: 10, inFlight: 2, log: [], failAt: 0 }).next()).rejects.toThrow('failed');
  });

  it('a failed read behind the one being taken reaches the caller in its turn, and the batches before it are taken first', async () => {
    const taken: number[] = [];
    const listing = (async () => {
      for await (const batch of source({ rows: upTo(50), size: 10, inFlight: 2, log: [], failAt: 1 })) taken.push(...batch);
    })();
    await expect(listing).rejects.toThrow('the read after 1 failed');
    expect(taken).toEqual([1]);
  });

  it('a caller that stops early waits for the reads in flight, and their failure is not left unheard', async () => {
    const log: string[] = [];
    const unheard: unknown[] = [];
    const listen = (reason: unknown) => unheard.push(reason);
    process.on('unhandledRejection', listen);
    try {
      for await (const batch of source({ rows: upTo(50), size: 10, inFlight: 2, log, failAt: 1 })) {
        log.push(`took ${batch[0]}`);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      process.off('unhandledRejection', listen);
    }
    expect(log).toEqual(['bound 0+1', 'read 0..1', 'bound 1+10', 'read 1..11', 'took 1']);
    expect(unheard).toEqual([]);
  });
});
