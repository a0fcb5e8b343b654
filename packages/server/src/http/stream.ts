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

/** A reply already written as JSON (see `writtenReply`): `mount` sends it as it is. */
export class Written {
  constructor(readonly json: string) {}
}

/**
 * The JSON of a reply of `schema` around its first property, `key`, which is one large object or
 * array: what the serializer of `mount` writes before the container's entries (`open`) and after
 * them (`close`). The reply around the container (`rest`: the other properties) is written by that
 * serializer with the container `empty`.
 */
function replyShell<R extends Record<string, unknown>, K extends keyof R & string>(schema: z.ZodType, key: K) {
  const serialize = fastJson(replyJsonSchema(schema)) as (reply: R) => string;
  return (rest: Omit<R, K>, empty: R[K]): { open: string; close: string } => {
    const shell = serialize({ [key]: empty, ...rest } as R);
    const open = `{${JSON.stringify(key)}:${shell.charAt(key.length + 4)}`;
    if (!shell.startsWith(open)) throw new Error(`A reply written around ${key} needs it first: ${shell}`);
    return { open, close: shell.slice(open.length) };
  };
}

/**
 * A reply of `schema` whose first property, `key`, comes as its entries already written
 * (entries the database writes, say): the bytes the serializer of `mount` would
 * write for the whole reply, without building the entries as objects to serialize.
 */
export function writtenReply<R extends Record<string, unknown>, K extends keyof R & string>(schema: z.ZodType, key: K) {
  const shell = replyShell<R, K>(schema, key);
  return (rest: Omit<R, K>, empty: R[K], entries: string): Written => {
    const { open, close } = shell(rest, empty);
    return new Written(open + entries + close);
  };
}

/**
 * A reply of `schema` with one property, `key`, a nullable object that comes already written as JSON
 * (by the database, say), or null: the bytes the serializer of `mount` would write.
 */
export function writtenValue<R extends Record<string, unknown>, K extends keyof R & string>(schema: z.ZodType, key: K) {
  const serialize = fastJson(replyJsonSchema(schema)) as (reply: R) => string;
  const none = serialize({ [key]: null } as R);
  const open = `{${JSON.stringify(key)}:`;
  if (none !== `${open}null}`) throw new Error(`A reply written as its ${key} alone needs it nullable and alone: ${none}`);
  return (json: string | null): Written => new Written(json === null ? none : `${open}${json}}`);
}

/**
 * Writes a reply of `schema` whose first property, `key`, is one large object or array, batch by
 * batch, with the bytes the serializer of `mount` writes for the whole reply at once (see
 * `replyShell`). Each batch comes as its entries already written (text, or its UTF-8 bytes), and
 * batches are joined with commas.
 */
export function streamedReply<R extends Record<string, unknown>, K extends keyof R & string>(schema: z.ZodType, key: K) {
  const shell = replyShell<R, K>(schema, key);
  return (rest: Omit<R, K>, empty: R[K], batches: AsyncIterable<string | Uint8Array>): Streamed => {
    const { open, close } = shell(rest, empty);
    async function* chunks(): AsyncGenerator<string | Uint8Array> {
      yield open;
      let first = true;
      for await (const entries of batches) {
        if (entries.length === 0) continue;
        if (!first) yield ',';
        yield entries;
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
