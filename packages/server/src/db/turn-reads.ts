import type SQLite from 'better-sqlite3';

/**
 * The reads of one event-loop turn share one SQLite read transaction.
 *
 * In WAL mode every statement outside a transaction takes and releases the file's shared lock and
 * a read mark in the `-shm` file: about 8 µs of system calls here, where reading one indexed row
 * costs under 1 µs. A request on the request path reads twice (the caller's standing, then what
 * it asked for), and under load one turn of the event loop answers several requests. So the first
 * read of a turn begins a transaction, and it is committed as the turn ends (`setImmediate`), or
 * earlier, before any statement that is not a plain read runs on the connection: a write, a
 * `begin` or `savepoint` of Kysely's, a pragma that sets something.
 *
 * What a read sees is therefore what was committed when the turn's first read ran, plus every
 * write this process made since (its writes end the transaction before they run). A commit by
 * another process on the same file is seen from the next turn on: a turn lasts as long as the
 * work it does (under a millisecond for the ten lookups one answers under full load here).
 */
export interface TurnReads {
  /**
   * Whether a read may run on the connection now: false while a writer's transaction is open
   * (its uncommitted rows must not be seen). Otherwise it begins the turn's read transaction if
   * none is open.
   */
  enter: () => boolean;
  /** Ends the turn's read transaction before `statement` runs, unless the statement only reads. */
  before: (statement: SQLite.Statement) => void;
}

export function turnReads(sqlite: SQLite.Database): TurnReads {
  const begin = sqlite.prepare('begin');
  const commit = sqlite.prepare('commit');
  /** The connection's open transaction, if any, is the turn's read transaction. */
  let reading = false;
  let scheduled = false;
  const end = (): void => {
    if (!reading) return;
    reading = false;
    // SQLite ends a transaction itself on some errors (a full disk, an I/O error), and closing
    // the connection ends it too.
    if (sqlite.inTransaction) commit.run();
  };
  const endOfTurn = (): void => {
    scheduled = false;
    end();
  };
  return {
    enter: () => {
      if (reading && sqlite.inTransaction) return true;
      reading = false;
      if (sqlite.inTransaction) return false;
      begin.run();
      reading = true;
      if (!scheduled) {
        scheduled = true;
        setImmediate(endOfTurn);
      }
      return true;
    },
    before: (statement) => {
      // `begin`, `commit` and `savepoint` are read-only to SQLite, but return no rows.
      if (reading && !(statement.reader && statement.readonly)) end();
    },
  };
}
