import { beforeAll, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import type { NewUser } from '../../src/db/schema.js';
import { usersListing } from '../../src/queries/user-listing.js';
import { queryUsers } from '../../src/queries/user-pages.js';
import type { UserFilter, UserSortKey } from '../../src/queries/user-listing.js';
import type { SearchTuning } from '../../src/queries/user-pages.js';
import { describeEachDatabase } from '../support/databases.js';

/**
 * A searched page walks a window of its sort order first and takes the trigram indexes only when
 * the window does not fill it (queries/users.ts, `searchWalk`). Whichever way a page is found, it
 * must be the page the plain query gives: the same users in the same order, in every order, after
 * any position, with other filters, when the window fills, when it does not and when it reaches
 * the end. The window here is 6 rows (1,000 × fewer than in production) over 120 users.
 */
const WALK = 6;
/** Never "few matches" (0), so the walk is always tried; or few below 3, so "zed" is sorted at once. */
const TUNINGS: SearchTuning[] = [{ walkRows: WALK, fewMatches: 0 }, { walkRows: WALK, fewMatches: 3 }];

function person(i: number): NewUser {
  // "smith" in every 3rd last name (dense), "zed" in 2 emails (rare), "ann" in names and emails.
  const last = i % 3 === 0 ? `Smith${i % 7}` : `Jones${i % 5}`;
  const first = i % 10 === 4 ? 'Ann' : `Bob${i % 4}`;
  const email = `${i === 17 || i === 101 ? 'zed' : 'user'}${String(i).padStart(3, '0')}@${i % 2 === 0 ? 'annex.io' : 'x.io'}`;
  return {
    id: `u${i}`, email, username: email, first_name: first, last_name: last, role: i % 9 === 0 ? 'admin' : 'user',
    status: i % 4 === 0 ? 'inactive' : 'active', email_verified: 1, password_hash: null, created_at: 1, last_login_at: i % 5 === 0 ? null : 1000 + i,
  };
}

describeEachDatabase('searched pages: the walk finds what the plain query finds', (database) => {
  let db: Db;
  beforeAll(async () => {
    db = await database.open();
    await db.kysely.insertInto('users').values(Array.from({ length: 120 }, (_, i) => person(i))).execute();
  });

  const plain = async (filter: UserFilter) => (await usersListing(db.kysely, filter).execute()).map((u) => u.email);
  const walked = async (filter: UserFilter) => (await queryUsers(db.kysely, filter, TUNINGS[0])).map((u) => u.email);

  const KEYS: UserSortKey[] = ['email', 'first_name', 'last_name', 'last_login', 'role', 'status'];
  it.each(KEYS)('by %s, both ways, pages of 3 followed to the end, for dense, rare and absent texts', async (by) => {
    for (const [order, tuning] of [['asc', TUNINGS[0]], ['desc', TUNINGS[0]], ['asc', TUNINGS[1]], ['desc', TUNINGS[1]]] as const) {
      for (const search of ['smith', 'zed', 'ann', 'nobody', 'an']) {
        const filter: UserFilter = { search, sort: { by, order }, limit: 3 };
        const everyone = await plain({ search, sort: { by, order } });
        const seen: string[] = [];
        let after: UserFilter['after'];
        for (let pages = 0; pages < 100; pages++) {
          const page = await queryUsers(db.kysely, { ...filter, ...(after && { after }) }, tuning);
          expect(page.map((u) => u.email), `${search} by ${by} ${order} page ${pages + 1}`).toEqual(await plain({ ...filter, ...(after && { after }) }));
          seen.push(...page.map((u) => u.email));
          const last = page.at(-1);
          if (page.length < 3 || !last) break;
          after = { key: last.sort_key, email: last.email };
        }
        expect(seen, `${search} by ${by} ${order}`).toEqual(everyone);
      }
    }
  });

  it('keeps the other filters and the email-only search of non-admins', async () => {
    for (const filter of [
      { search: 'smith', status: 'active', limit: 4 },
      { search: 'ann', role: 'admin', limit: 2 },
      { search: 'ann', searchEmailOnly: true, limit: 5 },
      { search: 'zed', status: 'inactive', limit: 5 },
      { search: 'smith', afterEmail: 'user050@annex.io', limit: 5 },
    ] as UserFilter[]) {
      expect(await walked(filter), JSON.stringify(filter)).toEqual(await plain(filter));
    }
    // Email only: "ann" is in Ann's first name and in annex.io emails; only the emails count.
    expect((await walked({ search: 'ann', searchEmailOnly: true, limit: 200 })).every((e) => e.includes('annex.io'))).toBe(true);
  });

  it('reads a text with few matches from the indexes at once, without the walk (SQLite: FTS5 counts its rowids)', async () => {
    const statements: string[] = [];
    const counted = db.kysely.withPlugin({
      transformQuery: (args) => {
        statements.push(args.node.kind);
        return args.node;
      },
      transformResult: async (args) => Promise.resolve(args.result),
    });
    const page = async (fewMatches: number) => {
      statements.length = 0;
      const emails = (await queryUsers(counted, { search: 'zed', limit: 3 }, { walkRows: WALK, fewMatches })).map((u) => u.email);
      return { emails, statements: statements.length };
    };
    // "zed" is in 2 users: below 3 the count of its matches and their page; never few, the walk as well.
    const few = await page(3);
    const walked = await page(0);
    expect(few.emails).toEqual(['zed017@x.io', 'zed101@x.io']);
    expect(walked.emails).toEqual(few.emails);
    if (database.dialect === 'sqlite') expect(few.statements).toBe(2);
    expect(walked.statements).toBeGreaterThan(2);
  });

  it('fills a page the whole walk half filled by walking on from its last match, never reading the indexes', async () => {
    const statements: string[] = [];
    const recorded = db.kysely.withPlugin({
      transformQuery: (args) => {
        statements.push(db.kysely.getExecutor().compileQuery(args.node, args.queryId).sql);
        return args.node;
      },
      transformResult: async (args) => Promise.resolve(args.result),
    });
    // The indexes' reading of the matches (see usersSource): the FTS5 table joined to users, or the trigram LIKE's derived table.
    const readsIndexes = (text: string) => (database.dialect === 'sqlite' ? text.includes('users.rowid = users_search.rowid') : text.includes('offset 0)'));
    const cases: UserFilter[] = [
      // The first 6 by email hold "smith" twice (user000, user003): walking on from user003 finds user006.
      { search: 'smith', limit: 3 },
      // By first name, the first 6 are Anns, 2 of them Smiths: walking on among the Anns after the last of them finds 2 more.
      { search: 'smith', sort: { by: 'first_name', order: 'asc' }, limit: 4 },
      // Active only, the 6 Anns hold 2 Smiths and none follows: walking on past "Ann" finds them among the Bobs.
      { search: 'smith', status: 'active', sort: { by: 'first_name', order: 'asc' }, limit: 4 },
    ];
    for (const filter of cases) {
      statements.length = 0;
      const page = (await queryUsers(recorded, filter, TUNINGS[0])).map((u) => u.email);
      expect(page, JSON.stringify(filter)).toEqual(await plain(filter));
      expect(page, JSON.stringify(filter)).toHaveLength(filter.limit ?? 0);
      expect(statements.length, JSON.stringify(filter)).toBeGreaterThan(0);
      expect(statements.filter(readsIndexes), JSON.stringify(filter)).toEqual([]);
    }
    // Walked without finding half its page, a text goes to the indexes: "zed" (2 users) by email.
    statements.length = 0;
    expect((await queryUsers(recorded, { search: 'zed', limit: 2 }, TUNINGS[0])).map((u) => u.email)).toEqual(['zed017@x.io', 'zed101@x.io']);
    expect(statements.filter(readsIndexes)).not.toEqual([]);
  });

  it('answers a page the window fills from the window, and one it cannot fill from the indexes', async () => {
    // The first 6 users by email (user000..user005) hold 2 of "smith" (0, 3): a page of 2 fills.
    expect(await walked({ search: 'smith', limit: 2 })).toEqual(['user000@annex.io', 'user003@x.io']);
    // "zed" is nowhere in those 6, so the page comes from the indexes, in order.
    expect(await walked({ search: 'zed', limit: 2 })).toEqual(['zed017@x.io', 'zed101@x.io']);
  });
});
