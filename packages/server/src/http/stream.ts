import { Readable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import fastJson from 'fast-json-stringify';
import type { z } from 'zod';
import { replyJsonSchema } from './serializer.js';

/** A reply written as it is read: `mount` sends its body as JSON, unserialized. */
export class Streamed {
  constructor(readonly body: Readable) {}
}

/** The Content-Type Fastify gives a serialized JSON reply. */
export const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * Writes a reply of `schema` whose first property, `key`, is one large object or array, batch by
 * batch, with the bytes the serializer of `mount` writes for the whole reply at once. The reply
 * around the container (`rest`: the other properties, known before the first batch) is written by
 * that serializer with the container `empty`; each batch comes as its entries already written
 * (`recordEntries`, `arrayItems`), and batches are joined with commas.
 */
export function streamedReply<R extends Record<string, unknown>, K extends keyof R & string>(schema: z.ZodType, key: K) {
  const serialize = fastJson(replyJsonSchema(schema)) as (reply: R) => string;
  return (rest: Omit<R, K>, empty: R[K], batches: AsyncIterable<string>): Streamed => {
    const shell = serialize({ [key]: empty, ...rest } as R);
    const open = `{${JSON.stringify(key)}:${shell.charAt(key.length + 4)}`;
    if (!shell.startsWith(open)) throw new Error(`A streamed reply needs ${key} first: ${shell}`);
    const close = shell.slice(open.length);
    async function* chunks(): AsyncGenerator<string> {
      yield open;
      let first = true;
      for await (const entries of batches) {
        if (entries === '') continue;
        yield first ? entries : `,${entries}`;
        first = false;
        // A turn of the event loop between batches: SQLite reads are synchronous, and without it a
        // long listing would keep other requests (and the news of a client gone) waiting to its end.
        await nextTurn();
      }
      yield close;
    }
    return new Streamed(Readable.from(chunks(), { objectMode: false }));
  };
}

/**
 * The entries of a record whose values are `valueSchema`, `"key":value,...`, as the reply's
 * serializer writes them: fast-json-stringify writes a record's keys as strings and its values by
 * the record's value schema, which is this one.
 */
export function recordEntries<V>(valueSchema: z.ZodType): (pairs: ReadonlyArray<readonly [string, V]>) => string {
  const writeKey = fastJson({ type: 'string' }) as (key: string) => string;
  const writeValue = fastJson(replyJsonSchema(valueSchema)) as (value: V) => string;
  return (pairs) => {
    let out = '';
    for (const [k, v] of pairs) out += `${out === '' ? '' : ','}${writeKey(k)}:${writeValue(v)}`;
    return out;
  };
}

/** The items of an array of `itemSchema`, `item,item,...`, as the reply's serializer writes them. */
export function arrayItems<V>(itemSchema: z.ZodType): (items: readonly V[]) => string {
  const writeItem = fastJson(replyJsonSchema(itemSchema)) as (item: V) => string;
  return (items) => items.map(writeItem).join(',');
}

/** Each batch of `batches` through `f`, as it is read. */
export async function* mapBatches<T, U>(batches: AsyncIterable<T>, f: (batch: T) => U): AsyncGenerator<U> {
  for await (const batch of batches) yield f(batch);
}
