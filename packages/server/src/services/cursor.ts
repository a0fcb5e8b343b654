import { z } from 'zod';
import { AppError } from '../errors.js';

/** Turns a keyset position into an opaque cursor and back. */
export interface CursorCodec<T> {
  encode(position: T): string;
  /** The position, or INVALID_REQUEST when `cursor` is not one of this listing's. */
  decode(cursor: string): T;
}

/**
 * The one cursor codec of every listing: base64url of JSON `[listing, position]`. A cursor that
 * does not decode, or that another listing (or another order of this one) gave, is refused with
 * INVALID_REQUEST rather than read as the start or as a position it never was.
 */
export function cursorCodec<T>(listing: string, position: z.ZodType<T>): CursorCodec<T> {
  const shape = z.tuple([z.literal(listing), position]);
  return {
    encode: (p) => Buffer.from(JSON.stringify([listing, p])).toString('base64url'),
    decode: (cursor) => {
      let json: unknown;
      try {
        json = JSON.parse(Buffer.from(cursor, 'base64url').toString());
      } catch {
        json = undefined;
      }
      const parsed = shape.safeParse(json);
      if (!parsed.success) throw new AppError('INVALID_REQUEST', 'The cursor does not belong to this listing; start again without one.');
      return parsed.data[1];
    },
  };
}

/** Row ids as positions (audit events, workspaces). */
export const idPosition = z.number().int().positive();
