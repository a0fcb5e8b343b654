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
  const compiled = new WeakMap<Kysely<Database>, { query: CompiledQuery<R>; slots: number[] }>();
  return (db, ...values) => {
    let entry = compiled.get(db);
    if (!entry) {
      const standIns = values.map((_, i) => ({ standIn: i }));
      const query = build(db, ...(standIns as unknown as A)).compile();
      const slots = query.parameters.map((p) => standIns.indexOf(p as (typeof standIns)[number]));
      const missing = standIns.findIndex((_, i) => !slots.includes(i));
      if (missing >= 0) throw new Error(`prepared query: value ${missing} is not a parameter of ${query.sql}`);
      entry = { query, slots };
      compiled.set(db, entry);
    }
    const { query, slots } = entry;
    return { ...query, parameters: slots.map((slot, i) => (slot < 0 ? query.parameters[i] : values[slot])) };
  };
}
