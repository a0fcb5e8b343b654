import type { CompiledQuery, Compilable, Kysely } from 'kysely';
import type { Database } from './schema.js';

/**
 * A query built and compiled once per database, then run with other values: Kysely builds and
 * compiles every query it executes, which on the request path costs more than the indexed lookup
 * itself. `build` is called once with stand-ins for the values, which must reach the SQL as
 * parameters (`where('id', '=', id)`), not as SQL text.
 */
export function prepared<A extends readonly unknown[], R>(
  build: (db: Kysely<Database>, ...values: A) => Compilable<R>,
): (db: Kysely<Database>, ...values: A) => CompiledQuery<R> {
  const compiled = new WeakMap<Kysely<Database>, Compiled<R>>();
  return (db, ...values) => {
    let entry = compiled.get(db);
    if (!entry) {
      const made = compileWithStandIns(values.length, (standIns) => build(db, ...(standIns as unknown as A)));
      const missing = values.findIndex((_, i) => !made.slots.includes(i));
      if (missing >= 0) throw new Error(`prepared query: value ${missing} is not a parameter of ${made.query.sql}`);
      compiled.set(db, (entry = made));
    }
    return withValues(entry, values);
  };
}

/** A query compiled with stand-ins, and which stand-in each of its parameters is (-1: a constant). */
interface Compiled<R> {
  query: CompiledQuery<R>;
  slots: number[];
}

function compileWithStandIns<R>(count: number, build: (standIns: readonly unknown[]) => Compilable<R>): Compiled<R> {
  const standIns = Array.from({ length: count }, (_, i) => ({ standIn: i }));
  const query = build(standIns).compile();
  return { query, slots: query.parameters.map((p) => standIns.indexOf(p as (typeof standIns)[number])) };
}

function withValues<R>({ query, slots }: Compiled<R>, values: readonly unknown[]): CompiledQuery<R> {
  // Named rather than spread: a spread copies by walking the object's properties, on every request.
  return { sql: query.sql, query: query.query, queryId: query.queryId, parameters: slots.map((slot, i) => (slot < 0 ? query.parameters[i] : values[slot])) };
}

/**
 * `prepared` for a query whose SQL takes one of several shapes (which filters are present, which
 * order): each shape, named by `key`, is built and compiled once per database with stand-ins for
 * its values, then run with other values. `build` must make the same SQL for the same key.
 * A value the shape's SQL does not use is left out of its parameters.
 */
export function preparedShapes<S, R>(
  build: (db: Kysely<Database>, shape: S, standIns: readonly unknown[]) => Compilable<R>,
): (db: Kysely<Database>, key: string, shape: S, values: readonly unknown[]) => CompiledQuery<R> {
  const compiled = new WeakMap<Kysely<Database>, Map<string, Compiled<R>>>();
  return (db, key, shape, values) => {
    let shapes = compiled.get(db);
    if (!shapes) compiled.set(db, (shapes = new Map<string, Compiled<R>>()));
    let entry = shapes.get(key);
    if (!entry) {
      entry = compileWithStandIns(values.length, (standIns) => build(db, shape, standIns));
      shapes.set(key, entry);
    }
    return withValues(entry, values);
  };
}
