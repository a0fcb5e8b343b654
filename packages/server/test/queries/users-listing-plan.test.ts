import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import { usersListing } from '../../src/queries/user-listing.js';
import { usersCount, usersCountUpTo } from '../../src/queries/user-counts.js';
import { usersWalk } from '../../src/queries/user-pages.js';
import { userRangeEnd, writtenBatch } from '../../src/queries/user-batches.js';
import { workspacesMatchedInOrder, workspacesPage } from '../../src/queries/workspaces.js';
import type { UserSortKey } from '../../src/queries/user-listing.js';
import { describeEachDatabase } from '../support/databases.js';

const KEYS: UserSortKey[] = ['role', 'status', 'email', 'first_name', 'last_name', 'last_login'];
const POSITION = { key: 'm', email: 'm@x.io' };

/**
 * Guards the paging that stays fast at 100,000 users: a page in any order, first or later, is
 * read from an index in order, with no sort step over every user (migration 0006).
 */
describeEachDatabase('users listing query plans', (database) => {
  let db: Db;
  beforeAll(async () => {
    db = await database.open();
  });
  afterAll(async () => {
    if (database.dialect === 'sqlite') await db.destroy();
  });

  async function plan(by: UserSortKey, order: 'asc' | 'desc', after: boolean): Promise<string> {
    const position = by === 'last_login' ? { ...POSITION, key: 5 } : POSITION;
    return explain(usersListing(db.kysely, { sort: { by, order }, limit: 26, ...(after && { after: position }) }).compile());
  }

  async function explain(query: CompiledQuery, sortOff = true): Promise<string> {
    if (database.dialect === 'sqlite') {
      const rows = await db.kysely.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]));
      return rows.rows.map((r) => r.detail).join('\n');
    }
    return db.kysely.transaction().execute(async (trx) => {
      // On an empty table the planner would rather sort; forbid it, so only a missing index shows a Sort.
      if (sortOff) await sql`set local enable_sort = off`.execute(trx);
      await sql`set local enable_seqscan = off`.execute(trx);
      const rows = await trx.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain ${query.sql}`, [...query.parameters]));
      return rows.rows.map((r) => r['QUERY PLAN']).join('\n');
    });
  }

  it.each(['first_name', 'last_name', 'last_login'] as const)('after a position by %s, the ties and the rows beyond are each a seek of the index', async (by) => {
    for (const order of ['asc', 'desc'] as const) {
      for (const part of ['ties', 'beyond'] as const) {
        const position = { ...POSITION, key: by === 'last_login' ? -1 : 'm', part };
        const text = await explain(usersListing(db.kysely, { sort: { by, order }, limit: 26, after: position }).compile());
        expect(text, `${by} ${order} ${part}:\n${text}`).not.toMatch(database.dialect === 'sqlite' ? /TEMP B-TREE/ : /\bSort\b/);
        expect(text, `${by} ${order} ${part}:\n${text}`).toMatch(database.dialect === 'sqlite' ? /^SEARCH/ : /Index Cond/);
        // The tie's email bound is part of the seek, not a filter over every row with that key.
        if (part === 'ties') expect(text, `${by} ${order} ties:\n${text}`).toMatch(database.dialect === 'sqlite' ? /AND email[<>]\?/ : /Index Cond: .*email/s);
      }
    }
  });

  it.each(KEYS)('a searched page walks its window of %s in index order, first page and after a cursor', async (by) => {
    for (const order of ['asc', 'desc'] as const) {
      for (const after of [false, true]) {
        const position = by === 'last_login' ? { ...POSITION, key: 5 } : POSITION;
        const text = await explain(usersWalk(db.kysely, { search: 'smith', sort: { by, order }, limit: 26, ...(after && { after: position }) }, 2600).compile(), false);
        // The window is read from an index in order (a sort of its 26 matches afterwards is fine), never the table.
        expect(text, `${by} ${order}:\n${text}`).toMatch(database.dialect === 'sqlite' ? /(SCAN|SEARCH) users USING (COVERING )?INDEX/ : /Index (Only )?Scan/);
        expect(text, `${by} ${order}:\n${text}`).not.toMatch(database.dialect === 'sqlite' ? /SCAN users$/m : /Seq Scan on users/);
        // In email order, on SQLite, from the covering listing index alone; the page's users are then read by email.
        if (by === 'email' && database.dialect === 'sqlite') {
          expect(text, `${order}:\n${text}`).toMatch(/^(SCAN|SEARCH) users USING COVERING INDEX users_listing/m);
          expect(text, `${order}:\n${text}`).toMatch(/^SEARCH users USING INDEX \w+ \(email=\?\)$/m);
        }
      }
    }
  });

  it('the unpaged listing reads its ranges in email order from an index; on SQLite from the listing index alone, never the table', async () => {
    for (const view of ['full', 'public'] as const) {
      for (const order of ['asc', 'desc'] as const) {
        for (const position of [{}, order === 'asc' ? { afterEmail: 'm@x.io' } : { sort: { by: 'email', order }, after: POSITION } as const]) {
          const text = await explain(writtenBatch(db.kysely, { ...position, throughEmail: 'n@x.io' }, view, order).compile());
          const label = `${view} ${order} ${JSON.stringify(position)}:\n${text}`;
          // Migration 0014: every column the entry is written from is in users_listing.
          // Entered at the range's start (the first range at the listing's), ended at its end.
          if (database.dialect === 'sqlite') expect(text, label).toMatch(/^SEARCH users USING COVERING INDEX users_listing \((email[<>]\? AND )?email[<>]\?\)/m);
          else expect(text, label).toMatch(/Index Cond: .*email [<>]= /);
          expect(text, label).not.toMatch(database.dialect === 'sqlite' ? /TEMP B-TREE FOR ORDER BY/ : /\bSort\b/);
        }
      }
    }
  });

  it("a range's end is found in the email index alone, entered at the position", async () => {
    for (const order of ['asc', 'desc'] as const) {
      const position = order === 'asc' ? { afterEmail: 'm@x.io' } : ({ sort: { by: 'email', order }, after: POSITION } as const);
      const text = await explain(userRangeEnd(db.kysely, { ...position, limit: 2000 }, order).compile());
      expect(text, `${order}:\n${text}`).toMatch(database.dialect === 'sqlite' ? /^SEARCH users USING COVERING INDEX \w+ \(email[<>]\?\)/m : /Index Only Scan( Backward)? using users_email_key/);
    }
  });

  it.each(KEYS)('a page after an offset by %s skips in the order\'s own index and reads only its rows from the table', async (by) => {
    for (const order of ['asc', 'desc'] as const) {
      // The page's 26 rows are sorted after they are read (a sort allowed, unlike for the other pages).
      const text = await explain(usersListing(db.kysely, { sort: { by, order }, offset: 500_000, limit: 26 }).compile(), false);
      const label = `${by} ${order}:\n${text}`;
      if (database.dialect === 'sqlite') {
        expect(text, label).toMatch(/^SCAN users USING COVERING INDEX (?!users_listing\b)\w+$/m);
        expect(text, label).toMatch(/^SEARCH users USING INDEX \w+ \(email=\?\)$/m);
      } else {
        expect(text, label).toMatch(/Limit[\s\S]*Index (Only )?Scan( Backward)? using \w+ on users/);
        expect(text, label).toMatch(/Index Cond: \(email = \w+\.email\)/);
      }
      expect(text, label).not.toMatch(database.dialect === 'sqlite' ? /^SCAN users$/m : /Seq Scan/);
    }
  });

  it.each(KEYS)('sorting by %s reads an index in order, both ways, on the first page and after a cursor', async (by) => {
    for (const order of ['asc', 'desc'] as const) {
      for (const after of [false, true]) {
        const text = await plan(by, order, after);
        expect(text, `${by} ${order}${after ? ' after a cursor' : ''}:\n${text}`).not.toMatch(database.dialect === 'sqlite' ? /TEMP B-TREE/ : /\bSort\b/);
        expect(text).toMatch(/index/i);
        // After a cursor the index is entered at the position, not read from its start.
        if (after) expect(text, `${by} ${order} after a cursor:\n${text}`).toMatch(database.dialect === 'sqlite' ? /^SEARCH/ : /Index Cond/);
      }
    }
  });
});

/**
 * Guards search at a million users (migration 0009): a search of 3 characters or more reads the
 * trigram index (SQLite's FTS5 table, PostgreSQL's pg_trgm GIN indexes) and fetches the rows it
 * names, never scanning the users table; its total does the same.
 */
describeEachDatabase('users search query plans', (database) => {
  let db: Db;
  beforeAll(async () => {
    db = await database.open();
    if (database.dialect === 'postgres') {
      // Rows and statistics: on an empty table PostgreSQL rates a whole-index bitmap as cheap as any.
      await sql`insert into users (id, email, username, first_name, last_name, role, status, created_at)
        select 'u' || i, 'user' || i || '@x.io', 'user' || i || '@x.io', 'First' || i, 'Last' || i, 'user', 'active', 1 from generate_series(1, 20000) as i`.execute(db.kysely);
      await sql`insert into workspaces (name, created_by, created_at) select 'Workspace ' || i, 'u' || i, 1 from generate_series(1, 2000) as i`.execute(db.kysely);
      await sql`analyze`.execute(db.kysely);
    }
  });
  afterAll(async () => {
    if (database.dialect === 'sqlite') await db.destroy();
  });

  async function explain(query: CompiledQuery): Promise<string> {
    if (database.dialect === 'sqlite') {
      const rows = await db.kysely.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]));
      return rows.rows.map((r) => r.detail).join('\n');
    }
    return db.kysely.transaction().execute(async (trx) => {
      // An empty table would be read whole; forbid that, so only a missing index shows a Seq Scan.
      await sql`set local enable_seqscan = off`.execute(trx);
      const rows = await trx.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain ${query.sql}`, [...query.parameters]));
      return rows.rows.map((r) => r['QUERY PLAN']).join('\n');
    });
  }

  function expectIndexed(text: string, what: string, emailOnly: boolean, short = false): void {
    if (database.dialect === 'sqlite') {
      // The FTS5 table drives, each match's row read by rowid as it comes (no list of rowids gathered first), then the rest.
      expect(text, `${what}:\n${text}`).toMatch(/^SCAN users_search VIRTUAL TABLE INDEX \d+:M\d*\n(SCALAR SUBQUERY \d+\nSCAN users_search_terms VIRTUAL TABLE INDEX [1-9]\d*:\n)?SEARCH users USING INTEGER PRIMARY KEY \(rowid=\?\)/m);
      expect(text, `${what}:\n${text}`).not.toMatch(/INDEX users_|INDEX sqlite_autoindex_users|SCAN users USING|LIST SUBQUERY/);
      // A short text's trigrams: a range of the vocabulary (index 0 would be all of it).
      if (short) expect(text, `${what}:\n${text}`).toMatch(/SCAN users_search_terms VIRTUAL TABLE INDEX [1-9]\d*:/);
    } else {
      const [email, names] = short ? ['users_short_email', 'users_short_names'] : ['users_search_email', 'users_search_first_name'];
      expect(text, `${what}:\n${text}`).toMatch(new RegExp(`Bitmap Index Scan on ${email}\\b`));
      if (!emailOnly) {
        expect(text).toMatch(new RegExp(`Bitmap Index Scan on ${names}\\b`));
        if (!short) expect(text).toMatch(/Bitmap Index Scan on users_search_last_name/);
      }
      expect(text, `${what}:\n${text}`).not.toMatch(/Seq Scan|Index Scan using users_by|Index Scan using users_email/);
    }
  }

  it.each(KEYS)('a search sorted by %s reads the trigram index, for admins and for the email alone', async (by) => {
    for (const emailOnly of [false, true]) {
      for (const order of ['asc', 'desc'] as const) {
        const query = usersListing(db.kysely, { search: 'lovelace', searchEmailOnly: emailOnly, sort: { by, order }, limit: 26 }).compile();
        expectIndexed(await explain(query), `${by} ${order}${emailOnly ? ' email only' : ''}`, emailOnly);
      }
    }
  });

  it('a prefix split seeks the run in its order and reads the matches before it from the FTS5 table (SQLite)', async () => {
    if (database.dialect !== 'sqlite') return; // PostgreSQL does not split (queries/users.ts, prefixSplit)
    for (const by of ['email', 'first_name', 'last_name'] as const) {
      const region = await explain(usersWalk(db.kysely, { search: 'olivia', sort: { by, order: 'asc' }, keyFrom: 'olivia', limit: 26 }, 2600).compile());
      expect(region, `${by}:\n${region}`).toMatch(/^SEARCH users USING (COVERING )?INDEX \w+ \((email|<expr>)>\?\)$/m);
      expectIndexed(await explain(usersListing(db.kysely, { search: 'olivia', sort: { by, order: 'asc' }, keyBefore: 'olivia', limit: 26 }).compile()), `${by} before the run`, false);
    }
  });

  it('a search total reads the trigram index', async () => {
    expectIndexed(await explain(usersCount(db.kysely, { search: 'lovelace' }).compile()), 'total', false);
    expectIndexed(await explain(usersCount(db.kysely, { search: 'lovelace', searchEmailOnly: true, status: 'active' }).compile()), 'total, email only', true);
  });

  it('an administrator\'s workspace search reads the FTS5 table in id order, with no sort (SQLite)', async () => {
    if (database.dialect !== 'sqlite') return; // PostgreSQL reads the GIN index (below)
    const text = await explain(workspacesMatchedInOrder(db.kysely, { search: 'fraud models', afterId: 10, limit: 26 }).compile(db.kysely));
    expect(text, text).toMatch(/^SCAN workspaces_search VIRTUAL TABLE INDEX \d+:M\S*\nSEARCH workspaces USING INTEGER PRIMARY KEY \(rowid=\?\)$/);
  });

  it('a workspace search reads the trigram index', async () => {
    const text = await explain(workspacesPage(db.kysely, { search: 'fraud models', limit: 26 }).compile());
    if (database.dialect === 'sqlite') {
      expect(text, text).toMatch(/CO-ROUTINE workspaces\nSEARCH workspaces USING INTEGER PRIMARY KEY \(rowid=\?\)\nLIST SUBQUERY \d+\nSCAN workspaces_search VIRTUAL TABLE INDEX \d+:M/);
    } else {
      expect(text, text).toMatch(/Bitmap Index Scan on workspaces_search_name/);
      expect(text, text).not.toMatch(/Index Scan using workspaces_pkey/);
    }
  });

  it.each(KEYS)('a search of 1 or 2 characters sorted by %s reads the short-search indexes, for admins and for the email alone', async (by) => {
    for (const [emailOnly, text] of [[false, 'ab'], [true, 'q'], [false, '%']] as const) {
      for (const order of ['asc', 'desc'] as const) {
        const query = usersListing(db.kysely, { search: text, searchEmailOnly: emailOnly, sort: { by, order }, limit: 26 }).compile();
        expectIndexed(await explain(query), `${text} ${by} ${order}${emailOnly ? ' email only' : ''}`, emailOnly, true);
      }
    }
  });

  it('a short search total reads the short-search indexes; a capped total reads the matches as the index finds them', async () => {
    expectIndexed(await explain(usersCount(db.kysely, { search: 'ab' }).compile()), 'total', false, true);
    for (const text of ['ab', 'lovelace']) {
      const capped = await explain(usersCountUpTo(db.kysely, { search: text, status: 'active' }, 1000).compile());
      if (database.dialect === 'sqlite') {
        // The FTS5 table drives, each match's row read by rowid as it comes: nothing gathered first.
        expect(capped, capped).toMatch(/SCAN users_search VIRTUAL TABLE INDEX \d+:M\d*\n(SCALAR SUBQUERY \d+\nSCAN users_search_terms VIRTUAL TABLE INDEX [1-9]\d*:\n)?SEARCH users USING INTEGER PRIMARY KEY \(rowid=\?\)/);
        expect(capped, capped).not.toMatch(/LIST SUBQUERY|SCAN users\b(?!_)|USING INDEX|USING COVERING INDEX/);
      } else {
        expectIndexed(capped, `capped total of ${text}`, false, text.length < 3);
      }
    }
  });

  it('a workspace search of 1 or 2 characters reads the short-search index', async () => {
    const text = await explain(workspacesPage(db.kysely, { search: 'fr', limit: 26 }).compile());
    if (database.dialect === 'sqlite') {
      expect(text, text).toMatch(/CO-ROUTINE workspaces\nSEARCH workspaces USING INTEGER PRIMARY KEY \(rowid=\?\)\nLIST SUBQUERY \d+\nSCAN workspaces_search VIRTUAL TABLE INDEX \d+:M/);
      expect(text, text).toMatch(/SCAN workspaces_search_terms VIRTUAL TABLE INDEX [1-9]\d*:/);
    } else {
      expect(text, text).toMatch(/Bitmap Index Scan on workspaces_short_name/);
      expect(text, text).not.toMatch(/Index Scan using workspaces_pkey|Seq Scan/);
    }
  });
});
