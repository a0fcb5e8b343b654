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
 *
 * Within one read transaction the same query with the same values answers the same rows, so a
 * read that requests of one turn repeat (the caller's standing: a client's parallel calls carry
 * one token) may be remembered for as long as the transaction lasts (`remembered`).
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
  /**
   * What `read` answers for `sql` with `parameters`, read once per read transaction: call only
   * once `enter` said yes. The answer is shared by every caller of the transaction: never change it.
   */
  remembered: <R>(sql: string, parameters: readonly unknown[], read: () => R) => R;
}

/** A remembered read's values as one key: most have one, a string (an id). */
function keyOf(parameters: readonly unknown[]): unknown {
  return parameters.length === 1 && typeof parameters[0] === 'string' ? parameters[0] : JSON.stringify(parameters);
}

export function turnReads(sqlite: SQLite.Database): TurnReads {
  const begin = sqlite.prepare('begin');
  const commit = sqlite.prepare('commit');
  /** The connection's open transaction, if any, is the turn's read transaction. */
  let reading = false;
  let scheduled = false;
  /** The current read transaction's remembered answers, by SQL and then values. */
  const memory = new Map<string, Map<unknown, unknown>>();
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
      // A new snapshot: what the last one answered may have changed since.
      memory.clear();
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
    remembered: <R>(sql: string, parameters: readonly unknown[], read: () => R): R => {
      let answers = memory.get(sql);
      if (answers === undefined) memory.set(sql, (answers = new Map()));
      const key = keyOf(parameters);
      if (answers.has(key)) return answers.get(key) as R;
      const answer = read();
      answers.set(key, answer);
      return answer;
    },
  };
}
