import { z } from 'zod';
import type { UserEntry, UserPosition, UserSort } from '../queries/user-listing.js';
import { cursorCodec } from './cursor.js';

/** The default order (by email, Wallaroo's) pages after the last email. */
const byEmail = cursorCodec('users', z.string());
const position = z.object({ key: z.union([z.string(), z.number()]), email: z.string() });
const bySort = (sort: UserSort) => cursorCodec<UserPosition>(`users:${sort.by}:${sort.order}`, position);

/** Where a page starts: the position `cursor` names, in `sort` order (the default without one). */
export function userPosition(cursor: string, sort: UserSort | undefined): { afterEmail: string } | { after: UserPosition } {
  return sort === undefined ? { afterEmail: byEmail.decode(cursor) } : { after: bySort(sort).decode(cursor) };
}

/** The cursor of the page after `last`. */
export function userCursor(last: Pick<UserEntry, 'email' | 'sort_key'>, sort: UserSort | undefined): string {
  return sort === undefined ? byEmail.encode(last.email) : bySort(sort).encode({ key: last.sort_key, email: last.email });
}
