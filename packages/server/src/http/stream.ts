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
 * batch, with the bytes the serializer of `mount` writes for the whole reply at once: each batch
 * goes through the same fast-json-stringify serializer of the contract's reply, as a reply of its
 * own around that batch, and its entries are cut out and joined with commas.
 */
export function streamedReplies<R extends Record<string, unknown>, K extends keyof R & string>(schema: z.ZodType, key: K) {
  const serialize = fastJson(replyJsonSchema(schema)) as (reply: R) => string;
  /** `rest`: the reply's other properties, known before the first batch; `batches`: each as `key`'s value. */
  return (rest: Omit<R, K>, empty: R[K], batches: AsyncIterable<R[K]>): Streamed => {
    const whole = (part: R[K]) => serialize({ [key]: part, ...rest } as R);
    const shell = whole(empty);
    const open = `{${JSON.stringify(key)}:${shell.charAt(key.length + 4)}`;
    if (!shell.startsWith(open)) throw new Error(`A streamed reply needs ${key} first: ${shell}`);
    const close = shell.slice(open.length);
    async function* chunks(): AsyncGenerator<string> {
      yield open;
      let first = true;
      for await (const batch of batches) {
        const written = whole(batch);
        const entries = written.slice(open.length, written.length - close.length);
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

/** Each batch of `batches` through `f`, as it is read. */
export async function* mapBatches<T, U>(batches: AsyncIterable<T>, f: (batch: T) => U): AsyncGenerator<U> {
  for await (const batch of batches) yield f(batch);
}
