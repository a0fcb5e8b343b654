import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import { compiledListing, userEntriesListing, usersListing } from '../../src/queries/user-listing.js';
import type { ListingKind, UserFilter, UserSortKey } from '../../src/queries/user-listing.js';
import { describeEachDatabase } from '../support/databases.js';

/**
 * Listing statements are compiled once per shape and run with other values (queries/users.ts,
 * `compiledListing`). Every shape a page or a batch can take, asked twice with different values,
 * must give exactly the SQL and parameters Kysely builds for that filter afresh.
 */
const SORTS: UserSortKey[] = ['email', 'role', 'status', 'first_name', 'last_name', 'last_login'];

function filters(seed: number): UserFilter[] {
  const out: UserFilter[] = [{ limit: 10 + seed }, { afterEmail: `a${seed}@x.io`, limit: 5 }, { status: 'active', role: seed % 2 ? 'admin' : 'user', limit: 3, offset: seed + 1 }, {}];
  for (const by of SORTS) {
    for (const order of ['asc', 'desc'] as const) {
      const sort = { by, order };
      const key = by === 'last_login' ? 1000 + seed : `k${seed}`;
      out.push({ sort, limit: 7 });
      out.push({ sort, status: 'inactive', limit: 2, offset: 0 });
      for (const part of [undefined, 'ties', 'beyond'] as const) out.push({ sort, after: { key, email: `e${seed}@x.io`, ...(part && { part }) }, limit: 4 + seed });
    }
  }
  return out;
}

describeEachDatabase('listing statements compiled once per shape', (database) => {
  let db: Db;
  beforeAll(async () => {
    db = await database.open();
  });
  afterAll(async () => db.destroy());

  it.each<ListingKind>(['records', 'full', 'public'])('as %s: the SQL and parameters of a fresh build, shape after shape', (kind) => {
    for (const seed of [1, 2]) {
      for (const filter of filters(seed)) {
        const fresh = kind === 'records' ? usersListing(db.kysely, filter).compile() : userEntriesListing(db.kysely, filter, kind).compile();
        const cached = compiledListing(db.kysely, filter, kind);
        expect({ sql: cached.sql, parameters: cached.parameters }, JSON.stringify(filter)).toEqual({ sql: fresh.sql, parameters: fresh.parameters });
      }
    }
  });

  it('a shape is compiled once: the second page of a shape is the first statement with other values', () => {
    const first = compiledListing(db.kysely, { afterEmail: 'a@x.io', limit: 3 }, 'full');
    const second = compiledListing(db.kysely, { afterEmail: 'b@x.io', limit: 9 }, 'full');
    expect(second.query).toBe(first.query);
    expect(second.parameters).toEqual(['b@x.io', 9]);
  });
});
