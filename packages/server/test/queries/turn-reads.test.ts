import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import type { Db } from '../../src/db/database.js';

/**
 * SQLite's reads of one event-loop turn share one read transaction (`db/turn-reads.ts`). On a file
 * in WAL mode, with a second connection standing for another process.
 */
describe('reads of one turn on SQLite', () => {
  let dir: string;
  let db: Db;
  let other: SQLite.Database;
  const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
  /** The value of row 1, read as the request path reads. */
  const read = async () => (await db.first(sql<{ v: number }>`select v from t where id = 1`.compile(db.kysely)))?.v;
  const readRows = async () => (await db.rows(sql`select v from t where id = 1`.compile(db.kysely))).values[0]?.[0];
  const seenByOther = () => (other.prepare('select v from t where id = 1').get() as { v: number }).v;
  /** A checkpoint that resets the WAL: busy (1) while any connection still reads an older snapshot. */
  const checkpointBusy = () => (other.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[])[0]?.busy;

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'paddock-turn-'));
    db = openDatabase({ url: path.join(dir, 'p.sqlite') });
    await sql`create table t (id integer primary key, v integer not null)`.execute(db.kysely);
    await sql`insert into t values (1, 1)`.execute(db.kysely);
    // No busy wait: a blocked checkpoint answers at once rather than stalling this thread.
    other = new SQLite(path.join(dir, 'p.sqlite'), { timeout: 0 });
  });
  afterEach(async () => {
    other.close();
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it("see another connection's commit from the next turn on, and one snapshot within a turn", async () => {
    expect(await read()).toBe(1);
    other.prepare('update t set v = 2 where id = 1').run();
    expect(await read()).toBe(1);
    expect(await readRows()).toBe(1);
    await nextTurn();
    expect(await read()).toBe(2);
    expect(await readRows()).toBe(2);
  });

  it('end the read transaction with the turn, so that the WAL can be checkpointed', async () => {
    expect(await read()).toBe(1);
    other.prepare('update t set v = 2 where id = 1').run();
    expect(checkpointBusy()).toBe(1);
    await nextTurn();
    expect(checkpointBusy()).toBe(0);
    expect(await read()).toBe(2);
  });

  it("commit this process's write at once, even in the turn of a read, and read it next", async () => {
    expect(await read()).toBe(1);
    await sql`update t set v = 3 where id = 1`.execute(db.kysely);
    expect(seenByOther()).toBe(3);
    expect(await read()).toBe(3);
    const returned = await sql<{ v: number }>`update t set v = 4 where id = 1 returning v`.execute(db.kysely);
    expect(returned.rows[0]?.v).toBe(4);
    expect(seenByOther()).toBe(4);
    expect(await readRows()).toBe(4);
  });

  it("run Kysely's transactions and savepoints in the turn of a read, committed when they end", async () => {
    expect(await read()).toBe(1);
    await db.kysely.transaction().execute(async (trx) => {
      await sql`update t set v = 5 where id = 1`.execute(trx);
    });
    expect(seenByOther()).toBe(5);
    expect(await read()).toBe(5);
    const trx = await db.kysely.startTransaction().execute();
    await sql`update t set v = 6 where id = 1`.execute(trx);
    const inner = await trx.savepoint('inner').execute();
    await sql`update t set v = 7 where id = 1`.execute(inner);
    await inner.rollbackToSavepoint('inner').execute();
    await trx.commit().execute();
    expect(seenByOther()).toBe(6);
    expect(await read()).toBe(6);
    // A savepoint outside a transaction begins one.
    expect(await read()).toBe(6);
    await sql`savepoint outer_one`.execute(db.kysely);
    await sql`update t set v = 8 where id = 1`.execute(db.kysely);
    await sql`release outer_one`.execute(db.kysely);
    expect(seenByOther()).toBe(8);
  });

  it("answer a read at once, and one asked during this process's transaction once it ends, without its rolled-back rows", async () => {
    const query = sql<{ v: number }>`select v from t where id = 1`.compile(db.kysely);
    const now = db.first(query);
    expect(now).not.toBeInstanceOf(Promise);
    expect(now).toEqual({ v: 1 });
    const trx = await db.kysely.startTransaction().execute();
    await sql`update t set v = 9 where id = 1`.execute(trx);
    const later = db.first(query);
    expect(later).toBeInstanceOf(Promise);
    await trx.rollback().execute();
    expect(await later).toEqual({ v: 1 });
  });

  it("remember a recalled read for the turn's transaction, by its values, and read afresh after this process's write or in the next turn", async () => {
    await sql`insert into t values (2, 20)`.execute(db.kysely);
    const recall = (id: number) => db.recall(sql<{ v: number }>`select v from t where id = ${id}`.compile(db.kysely));
    const one = recall(1);
    expect(one).toEqual({ v: 1 });
    expect(recall(1)).toBe(one);
    expect(recall(2)).toEqual({ v: 20 });
    // Another process's commit is not in this turn's snapshot: remembered or read, the answer is the same.
    other.prepare('update t set v = 2 where id = 1').run();
    expect(recall(1)).toBe(one);
    expect(await read()).toBe(1);

    await sql`update t set v = 3 where id = 1`.execute(db.kysely);
    const afterWrite = await recall(1);
    expect(afterWrite).toEqual({ v: 3 });
    expect(recall(1)).toBe(afterWrite);
    await nextTurn();
    const nextOne = recall(1);
    expect(nextOne).toEqual({ v: 3 });
    expect(nextOne).not.toBe(afterWrite);

    // Asked while this process's transaction is open, it waits for it, as `first` does, and is not remembered.
    const trx = await db.kysely.startTransaction().execute();
    await sql`update t set v = 4 where id = 1`.execute(trx);
    const waiting = recall(1);
    expect(waiting).toBeInstanceOf(Promise);
    await trx.commit().execute();
    expect(await waiting).toEqual({ v: 4 });
  });

  it('close cleanly with a read transaction open', async () => {
    expect(await read()).toBe(1);
    await db.destroy();
    expect(checkpointBusy()).toBe(0);
    db = openDatabase({ url: path.join(dir, 'p.sqlite') });
    expect(await read()).toBe(1);
  });
});
