import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import type { NewUser } from '../../src/db/schema.js';
import { usersListing } from '../../src/queries/user-listing.js';
import { FTS5_FOLDED_TO_ASCII, queryUsers, usersSplitAtPrefix } from '../../src/queries/user-pages.js';
import type { UserFilter, UserSortKey } from '../../src/queries/user-listing.js';
import { describeEachDatabase } from '../support/databases.js';

/**
 * A searched page whose text begins the sorted column of a run of users (queries/users.ts,
 * `prefixSplit`): on SQLite it is read as the matches before the run (those whose column does not
 * begin with the text) and a walk from the run's start. Its pages must be the plain query's.
 */
const WALK = 6;

function user(i: number, email: string, first: string, last: string): NewUser {
  return {
    id: `p${i}`, email, username: email, first_name: first, last_name: last, role: i % 7 === 0 ? 'admin' : 'user',
    status: i % 4 === 0 ? 'inactive' : 'active', email_verified: 1, password_hash: null, created_at: 1, last_login_at: null,
  };
}

function people(): NewUser[] {
  const list: NewUser[] = [];
  const add = (email: string, first: string, last: string) => list.push(user(list.length, email, first, last));
  for (let i = 0; i < 60; i++) add(`user${String(i).padStart(3, '0')}@x.io`, 'Bob', `Jones${i % 3}`); // filler, in every order
  for (let i = 0; i < 15; i++) add(`kite${String(i).padStart(2, '0')}@x.io`, 'Bob', 'Jones'); // "kite" begins the email
  for (let i = 0; i < 4; i++) add(`bkite${i}@a.io`, 'Bob', 'Jones'); // "kite" inside an email that sorts before the run
  for (let i = 0; i < 6; i++) add(`cat${i}@x.io`, i % 2 === 0 ? 'Kitty' : 'KITTEN', 'Jones'); // "kit" begins the first name, any case
  for (let i = 0; i < 3; i++) add(`dog${i}@x.io`, 'Al', `Skitt${i}`); // "kit" inside a last name, first name before "kit"; "skit" begins it
  for (let i = 0; i < 3; i++) add(`eel${i}@x.io`, 'Nikita', 'Jones'); // "kit" inside a first name after "kit"
  add('akit@x.io', '\u212aitty', 'Jones'); // the Kelvin sign, which FTS5 folds to "k" and SQLite's lower() does not
  add('fox@x.io', '\u212aitty', 'Jones');
  add('skit@x.io', 'Zed', 'Zed'); // "skit" and "kit" in an email whose names sort after every run
  return list;
}

describeEachDatabase('searched pages: the prefix split finds what the plain query finds', (database) => {
  let db: Db;
  beforeAll(async () => {
    db = await database.open();
    await db.kysely.insertInto('users').values(people()).execute();
  });

  const plain = async (filter: UserFilter) => (await usersListing(db.kysely, filter).execute()).map((u) => u.email);
  const TEXTS = ['kite', 'kit', 'KIT', 'skit', 'jones', 'itty', 'zzz'];
  const SPLIT_KEYS: UserSortKey[] = ['email', 'first_name', 'last_name'];

  it.each(SPLIT_KEYS)('by %s, both ways, pages of 4 followed to the end, with and without other filters', async (by) => {
    for (const [search, order] of TEXTS.flatMap((t) => [[t, 'asc'], [t, 'desc']] as const)) {
      for (const more of [{}, { status: 'active' }, { searchEmailOnly: true }] as UserFilter[]) {
        const filter: UserFilter = { search, ...more, sort: { by, order }, limit: 4 };
        const seen: string[] = [];
        let after: UserFilter['after'];
        for (let pages = 0; pages < 50; pages++) {
          const at = { ...filter, ...(after && { after }) };
          const expected = await plain(at);
          const label = `${JSON.stringify(at)}`;
          const split = await usersSplitAtPrefix(db.kysely, at, WALK);
          // Null where the walk from the run neither fills the page nor ends (the page is then read another way).
          if (split !== null) expect(split.map((u) => u.email), label).toEqual(expected);
          if (database.dialect === 'postgres') expect(split, label).toBeNull();
          const page = await queryUsers(db.kysely, at, { walkRows: WALK, fewMatches: 0 });
          expect(page.map((u) => u.email), label).toEqual(expected);
          seen.push(...page.map((u) => u.email));
          const last = page.at(-1);
          if (page.length < 4 || !last) break;
          after = { key: last.sort_key, email: last.email };
        }
        expect(seen, JSON.stringify(filter)).toEqual(await plain({ search, ...more, sort: { by, order } }));
      }
    }
  });

  it('leaves the pages it cannot split to the other ways: other keys, short or non-ASCII texts, a folded character above a descending run', async () => {
    for (const filter of [
      // The Kelvin sign's Kitty sorts above "kit" + U+10FFFF, and FTS5 would exclude it as beginning with "kit".
      { search: 'kit', sort: { by: 'first_name', order: 'desc' }, limit: 4 },
      { search: 'kit', sort: { by: 'role', order: 'asc' }, limit: 4 },
      { search: 'ki', sort: { by: 'email', order: 'asc' }, limit: 4 },
      { search: 'k\u00eft', sort: { by: 'email', order: 'asc' }, limit: 4 },
    ] as UserFilter[]) {
      expect(await usersSplitAtPrefix(db.kysely, filter, WALK), JSON.stringify(filter)).toBeNull();
      expect((await queryUsers(db.kysely, filter, { walkRows: WALK, fewMatches: 0 })).map((u) => u.email), JSON.stringify(filter)).toEqual(await plain(filter));
    }
  });

  it('answers from before the run and from the run itself, in each order it splits', async () => {
    if (database.dialect !== 'sqlite') return;
    // Before "kite" in email order: the four emails with "kite" inside; then the run.
    const page = await usersSplitAtPrefix(db.kysely, { search: 'kite', limit: 6 }, WALK);
    expect(page?.map((u) => u.email)).toEqual(['bkite0@a.io', 'bkite1@a.io', 'bkite2@a.io', 'bkite3@a.io', 'kite00@x.io', 'kite01@x.io']);
    // By first name: before the run Al Skitt, then Bob of the emails with "kit"; then KITTEN and Kitty, the run.
    const byName: UserFilter = { search: 'kit', sort: { by: 'first_name', order: 'asc' }, limit: 26 };
    const emails = (await usersSplitAtPrefix(db.kysely, byName, 200))?.map((u) => u.email);
    expect(emails).toEqual(await plain(byName));
    expect(emails?.slice(0, 5)).toEqual(['dog0@x.io', 'dog1@x.io', 'dog2@x.io', 'bkite0@a.io', 'bkite1@a.io']);
    expect(emails?.slice(22)).toEqual(['cat1@x.io', 'cat3@x.io', 'cat5@x.io', 'cat0@x.io']);
    const last = await usersSplitAtPrefix(db.kysely, { search: 'skit', sort: { by: 'last_name', order: 'asc' }, limit: 3 }, WALK);
    expect(last?.map((u) => u.email)).toEqual(['dog0@x.io', 'dog1@x.io', 'dog2@x.io']);
    // Descending by last name: Zed (its email has "skit") above "skit" + U+10FFFF; then the run, from its end.
    const down: UserFilter = { search: 'skit', sort: { by: 'last_name', order: 'desc' }, limit: 4 };
    expect((await usersSplitAtPrefix(db.kysely, down, 200))?.map((u) => u.email)).toEqual(['skit@x.io', 'dog2@x.io', 'dog1@x.io', 'dog0@x.io']);
  });

  it('a descending split looks for the rows FTS5 excludes above its run: the text continued by U+10FFFF', async () => {
    if (database.dialect !== 'sqlite') return;
    const filter: UserFilter = { search: 'skit', sort: { by: 'last_name', order: 'desc' }, limit: 4 };
    expect(await usersSplitAtPrefix(db.kysely, filter, 200)).not.toBeNull();
    await db.kysely.insertInto('users').values(user(900, 'odd@x.io', 'Bob', `Skit\u{10ffff}z`)).execute();
    try {
      expect(await usersSplitAtPrefix(db.kysely, filter, 200)).toBeNull();
      expect((await queryUsers(db.kysely, filter, { walkRows: WALK, fewMatches: 0 })).map((u) => u.email)).toEqual(await plain(filter));
    } finally {
      await db.kysely.deleteFrom('users').where('id', '=', 'p900').execute();
    }
  });

  it('knows every character outside ASCII that FTS5 folds to an ASCII letter', async () => {
    if (database.dialect !== 'sqlite') return;
    // Every code point past ASCII, as a row of its own; then which of them FTS5 matches for each ASCII letter.
    await sql`create virtual table temp.fold using fts5(x, tokenize='trigram')`.execute(db.kysely);
    await sql`with recursive c(n) as (select 128 union all select n + 1 from c where n < 1114111)
      insert into temp.fold (rowid, x) select n, char(n) || 'qq' from c where n not between 55296 and 57343`.execute(db.kysely);
    const folded: (readonly [string, string])[] = [];
    for (const letter of 'abcdefghijklmnopqrstuvwxyz') {
      const rows = await sql<{ rowid: number }>`select rowid from temp.fold where fold match ${`"${letter}qq"`}`.execute(db.kysely);
      folded.push(...rows.rows.map((r) => [String.fromCodePoint(r.rowid), letter] as const));
    }
    await sql`drop table temp.fold`.execute(db.kysely);
    expect(folded).toEqual(FTS5_FOLDED_TO_ASCII);
  });
});
