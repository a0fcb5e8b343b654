import { sql } from 'kysely';
import { beforeEach, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import { migrateTo, migrateToLatest } from '../../src/db/migrate.js';
import type { NewUser } from '../../src/db/schema.js';
import { countUsers, countUsersUpTo } from '../../src/queries/user-counts.js';
import { queryUsers } from '../../src/queries/user-pages.js';
import { pageWorkspaces } from '../../src/queries/workspaces.js';
import { describeEachDatabase } from '../support/databases.js';

/** People whose text holds what short searches trip on: short names, quotes, wildcards, non-ASCII, U+0001. */
const PEOPLE: Array<[email: string, first: string, last: string]> = [
  ['ann.wu@x.io', 'Ann', 'Wu'],
  ['li@y.io', 'Li', 'Ng'],
  ['q@z.io', '', ''],
  ['50%_off@x.io', 'Per', 'Cent'],
  ['a"b@x.io', 'Quo', 'Te'],
  ['zoë@x.io', 'Zoë', 'Ëmile'],
  ['ctl@x.io', 'A\u0001b', 'C'],
  ['upper@x.io', 'WU', 'QX'],
];

/** Every 1- and 2-character text of the people above, and some that none holds. */
const TEXTS = [...new Set(PEOPLE.flatMap(([e, f, l]) => [e, f.toLowerCase(), l.toLowerCase()].flatMap((t) => [...t].flatMap((c, i) => [c, c + ([...t][i + 1] ?? '')]))))]
  .filter((t) => t !== '')
  .concat(['zq', '%', '_', '"', '\\', 'Wu', 'ü', '\u0001\u0001', '\n']);

function user(i: number, [email, first, last]: [string, string, string]): NewUser {
  return { id: `u${i}`, email, username: email, first_name: first, last_name: last, role: 'user', status: i % 2 === 0 ? 'active' : 'inactive', email_verified: 1, password_hash: null, created_at: 1, last_login_at: null };
}

/** What a search means (the LIKE of `containsAny`): the lower-cased text within the email or a lower-cased name (ASCII case only, as SQLite's lower()). */
function expected(text: string, emailOnly = false, people = PEOPLE): string[] {
  const lower = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
  const t = text.toLowerCase();
  return people
    .filter(([e, f, l]) => e.includes(t) || (!emailOnly && (lower(f).includes(t) || lower(l).includes(t))))
    .map(([e]) => e)
    .sort();
}

/**
 * Searches of 1 or 2 characters (migration 0015): found through the short-search indexes, they
 * return exactly the users the LIKE selects, on both databases, whatever the text.
 */
describeEachDatabase('short searches', (database) => {
  let db: Db;
  beforeEach(async () => {
    db = await database.open();
    await db.kysely.insertInto('users').values(PEOPLE.map((p, i) => user(i, p))).execute();
  });

  const found = async (search: string, searchEmailOnly = false) => (await queryUsers(db.kysely, { search, searchEmailOnly, limit: 100 })).map((u) => u.email);

  it('find exactly what the LIKE does, for admins and for the email alone, pages and totals', async () => {
    // PostgreSQL's lower() folds beyond ASCII (Ë), SQLite's does not: compare where they agree.
    const texts = TEXTS.filter((t) => database.dialect === 'sqlite' || [...t].every((c) => c.charCodeAt(0) < 0x80));
    expect(texts.length).toBeGreaterThan(60);
    for (const text of texts) {
      expect(await found(text), JSON.stringify(text)).toEqual(expected(text));
      expect(await found(text, true), `${JSON.stringify(text)}, email only`).toEqual(expected(text, true));
      expect(await countUsers(db.kysely, { search: text }), JSON.stringify(text)).toBe(expected(text).length);
    }
  });

  it('a page that the walk cannot fill reads the index, and finds the rest', async () => {
    // A walk of 1 row: every page past it comes from the short-search index.
    for (const text of ['wu', 'q', 'ë', '%', 'x.', 'zq']) {
      const rows = await queryUsers(db.kysely, { search: text, limit: 10 }, { walkRows: 1, fewMatches: 0 });
      expect(rows.map((u) => u.email), text).toEqual(expected(text));
    }
  });

  it('a capped total counts its walk, then the index, and stops past the cap', async () => {
    const all = expected('.io').length;
    expect(all).toBe(PEOPLE.length);
    // The walk holds every user: its count is exact; past the cap, cap + 1.
    expect(await countUsersUpTo(db.kysely, { search: 'io' }, 100)).toBe(all);
    expect(await countUsersUpTo(db.kysely, { search: 'io' }, 3)).toBe(4);
    // A walk of 2 rows that does not reach the cap: the index counts.
    expect(await countUsersUpTo(db.kysely, { search: 'wu' }, 100, 2)).toBe(expected('wu').length);
    expect(await countUsersUpTo(db.kysely, { search: 'wu', status: 'active' }, 100, 2)).toBe(1);
    expect(await countUsersUpTo(db.kysely, { search: 'x', searchEmailOnly: true }, 100, 2)).toBe(expected('x', true).length);
    expect(await countUsersUpTo(db.kysely, { search: 'zq' }, 100, 2)).toBe(0);
    // Through the index, past the cap.
    expect(await countUsersUpTo(db.kysely, { search: 'o' }, 2, 1)).toBe(3);
    expect(await countUsersUpTo(db.kysely, { search: 'lovelace' }, 100)).toBe(0);
  });

  it('follow changes of email and names, and deletes', async () => {
    await db.kysely.updateTable('users').set({ last_name: 'Qi' }).where('id', '=', 'u1').execute();
    expect(await found('ng')).toEqual([]);
    expect(await found('qi')).toEqual(['li@y.io']);
    await db.kysely.updateTable('users').set({ email: 'jo@z.io', username: 'jo@z.io' }).where('id', '=', 'u2').execute();
    expect(await found('q@')).toEqual([]);
    expect(await found('jo', true)).toEqual(['jo@z.io']);
    await db.kysely.deleteFrom('users').where('id', '=', 'u1').execute();
    expect(await found('qi')).toEqual([]);
    expect(await countUsers(db.kysely, { search: 'qi' })).toBe(0);
  });

  it('find workspaces by 1 or 2 characters of their name, after a walk or through the index', async () => {
    const names = ['Fraud', 'Churn', 'QA', 'Ab', '100%', 'Wu lab'];
    const ids = await db.kysely.insertInto('workspaces').values(names.map((name) => ({ name, created_by: 'u0', created_at: 1, default_for: null }))).returning('id').execute();
    // u1 belongs to every other one: a member's page walks its memberships.
    const theirs = names.filter((_, i) => i % 2 === 1);
    await db.kysely.insertInto('memberships').values(ids.filter((_, i) => i % 2 === 1).map(({ id }) => ({ workspace_id: id, user_id: 'u1', role: 'collaborator' as const, created_at: 1 }))).execute();
    const inOrder = (among: string[], text: string) => among.filter((n) => n.toLowerCase().includes(text.toLowerCase())).slice(0, 2);
    for (const text of ['qa', 'a', '%', 'u', 'wu', 'zz', 'b']) {
      for (const walk of [1, 2, 100]) {
        const page = (await pageWorkspaces(db.kysely, { search: text, limit: 2 }, walk)).map((w) => w.name);
        expect(page, `${text}, walk ${walk}`).toEqual(inOrder(names, text));
        const member = (await pageWorkspaces(db.kysely, { search: text, memberId: 'u1', limit: 2 }, walk)).map((w) => w.name);
        expect(member, `${text}, walk ${walk}, member`).toEqual(inOrder(theirs, text));
      }
    }
  });

  it('migration 0015 indexes the users already there; its down leaves the trigram indexes of 0009 working', async () => {
    await migrateTo(db, '0014-listing-index');
    await db.kysely.insertInto('users').values(user(99, ['wu.q@x.io', 'W', 'Q'])).execute();
    if (database.dialect === 'sqlite') {
      const rows = await sql`select rowid from users_search where users_search match '"wu.q"'`.execute(db.kysely);
      expect(rows.rows).toHaveLength(1); // 0009's table and triggers, back
    } else {
      const rows = await sql`select indexname from pg_indexes where indexname like '%short%'`.execute(db.kysely);
      expect(rows.rows).toEqual([]);
    }
    await migrateToLatest(db);
    const people = [...PEOPLE, ['wu.q@x.io', 'W', 'Q'] as [string, string, string]];
    for (const t of ['wu', 'q', 'o', '%', '"', 'zq', 'w']) expect(await found(t), t).toEqual(expected(t, false, people));
  });
});
