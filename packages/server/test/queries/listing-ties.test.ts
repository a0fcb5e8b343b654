import { beforeAll, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import type { NewUser } from '../../src/db/schema.js';
import { usersListing } from '../../src/queries/user-listing.js';
import { queryUserEntries, queryUsers } from '../../src/queries/user-pages.js';
import { userEntriesInBatches } from '../../src/queries/user-batches.js';
import type { UserFilter, UserPosition, UserSortKey } from '../../src/queries/user-listing.js';
import { describeEachDatabase } from '../support/databases.js';

/**
 * After a position in an expression order (names, last login), a page is read as the rows tying
 * with the position, then the rows past its key (queries/users.ts, `readListing`). Here most users
 * tie: 40 never signed in, 25 share a first name, 20 a last name. Paging through in steps that
 * start inside, at the end of and across runs of ties gives everyone once, in the one order.
 */
function person(i: number): NewUser {
  const email = `p${String(i).padStart(2, '0')}@x.io`;
  return {
    id: `u${i}`, email, username: email, first_name: i % 2 === 0 ? 'Same' : `F${i % 7}`, last_name: i % 3 === 0 ? 'Tie' : `L${i}`,
    role: 'user', status: 'active', email_verified: 1, password_hash: null, created_at: 1, last_login_at: i % 5 < 4 ? null : 1000 + (i % 3),
  };
}

describeEachDatabase('pages after a position among ties', (database) => {
  let db: Db;
  beforeAll(async () => {
    db = await database.open();
    await db.kysely.insertInto('users').values(Array.from({ length: 50 }, (_, i) => person(i))).execute();
  });

  it.each<UserSortKey>(['first_name', 'last_name', 'last_login'])('by %s, both ways, every page size from 1 to 7', async (by) => {
    for (const order of ['asc', 'desc'] as const) {
      const sort = { by, order };
      const everyone = (await usersListing(db.kysely, { sort }).execute()).map((u) => u.email);
      expect(everyone).toHaveLength(50);
      for (let size = 1; size <= 7; size++) {
        const seen: string[] = [];
        let after: UserPosition | undefined;
        for (let page = 0; page < 60; page++) {
          const rows = await queryUsers(db.kysely, { sort, limit: size, ...(after && { after }) });
          seen.push(...rows.map((u) => u.email));
          const last = rows.at(-1);
          if (rows.length < size || !last) break;
          after = { key: last.sort_key, email: last.email };
        }
        expect(seen, `${by} ${order}, ${size} a page`).toEqual(everyone);
      }
      const batches: string[] = [];
      for await (const batch of userEntriesInBatches(db, { sort }, 'full', 3)) batches.push(...batch.map((u) => u.email));
      expect(batches, `${by} ${order} in batches`).toEqual(everyone);
    }
  });

  it.each<UserSortKey>(['email', 'first_name', 'last_name', 'last_login', 'role', 'status'])(
    'by %s, both ways, a page after an offset (its emails found first, then its rows) is the slice of the whole listing there',
    async (by) => {
      for (const order of ['asc', 'desc'] as const) {
        for (const filter of [{}, { status: 'active' }] as const satisfies UserFilter[]) {
          const sort = { by, order };
          const everyone = (await usersListing(db.kysely, { sort, ...filter }).execute()).map((u) => u.email);
          for (let offset = 1; offset < 52; offset += 6) {
            const rows = await queryUsers(db.kysely, { sort, ...filter, offset, limit: 5 });
            expect(rows.map((u) => u.email), `${by} ${order} ${JSON.stringify(filter)} offset ${offset}`).toEqual(everyone.slice(offset, offset + 5));
          }
        }
      }
    },
  );

  it('answers an unsearched page of entries at once on SQLite, read in one part or as ties then the rows past them', async () => {
    const sort = { by: 'first_name', order: 'asc' } as const;
    const rows = await usersListing(db.kysely, { sort }).execute();
    const everyone = rows.map((u) => u.email);
    // The first page is one read; the one after `p02` (a 'Same', among 25) reads its ties, then, with 10 a page, not past them;
    // with 30 a page, the rows past them too.
    const at = everyone.indexOf('p02@x.io');
    const after = { key: rows[at]!.sort_key, email: 'p02@x.io' };
    for (const [filter, expected] of [
      [{ sort, limit: 5 }, everyone.slice(0, 5)],
      [{ sort, limit: 10, after }, everyone.slice(at + 1, at + 11)],
      [{ sort, limit: 30, after }, everyone.slice(at + 1, at + 31)],
    ] as const) {
      const page = queryUserEntries(db, filter, 'full');
      expect(page instanceof Promise, JSON.stringify(filter)).toBe(db.dialect === 'postgres');
      expect((await page).map((u) => u.email), JSON.stringify(filter)).toEqual(expected);
    }
  });
});
