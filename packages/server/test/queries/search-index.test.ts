import { sql } from 'kysely';
import { beforeEach, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import type { NewUser } from '../../src/db/schema.js';
import { countUsers } from '../../src/queries/user-counts.js';
import { queryUsers } from '../../src/queries/user-pages.js';
import { pageWorkspaces } from '../../src/queries/workspaces.js';
import { describeEachDatabase } from '../support/databases.js';

function user(id: string, email: string, first = '', last = ''): NewUser {
  return { id, email, username: email, first_name: first, last_name: last, role: 'user', status: 'active', email_verified: 1, password_hash: null, created_at: 1, last_login_at: null };
}

/**
 * The substring indexes of migration 0009 stay in step with `users` and `workspaces` in the
 * transaction of every write, whoever makes it: a search finds what is there and nothing else.
 * On SQLite the FTS5 table itself is read too, since the LIKE recheck would hide a stale entry.
 */
describeEachDatabase('search indexes kept in step', (database) => {
  let db: Db;
  beforeEach(async () => {
    db = await database.open();
  });

  const found = async (search: string, searchEmailOnly = false) =>
    (await queryUsers(db.kysely, { search, searchEmailOnly })).map((u) => u.email);
  /** Rowids the FTS5 table holds for `text` (SQLite), whatever the users table says. */
  const indexed = async (table: 'users_search' | 'workspaces_search', text: string) =>
    database.dialect === 'sqlite' ? (await sql<{ rowid: number }>`select rowid from ${sql.table(table)} where ${sql.table(table)} match ${`"${text}"`}`.execute(db.kysely)).rows.length : null;

  it('follows inserts, changes of email and names, and deletes', async () => {
    await db.kysely.insertInto('users').values([user('a', 'ann.lovelace@x.io', 'Ann', 'Lovelace'), user('b', 'bob@y.io', 'Bob', 'Babbage')]).execute();
    expect(await found('lovel')).toEqual(['ann.lovelace@x.io']);
    expect(await found('BABB')).toEqual(['bob@y.io']);
    expect(await found('babb', true)).toEqual([]); // the email alone
    expect(await countUsers(db.kysely, { search: 'io' })).toBe(2);

    await db.kysely.updateTable('users').set({ email: 'ada@x.io', username: 'ada@x.io' }).where('id', '=', 'a').execute();
    expect(await found('lovel')).toEqual(['ada@x.io']); // still by the last name
    expect(await found('lovel', true)).toEqual([]);
    expect(await found('ada@x')).toEqual(['ada@x.io']);

    await db.kysely.updateTable('users').set({ first_name: 'Augusta', last_name: 'King' }).where('id', '=', 'a').execute();
    expect(await found('lovel')).toEqual([]);
    expect(await found('augus')).toEqual(['ada@x.io']);
    expect(await indexed('users_search', 'lovel')).toBe(database.dialect === 'sqlite' ? 0 : null);

    await db.kysely.updateTable('users').set({ status: 'inactive' }).where('id', '=', 'a').execute(); // not a searched column
    expect(await found('augus')).toEqual(['ada@x.io']);

    await db.kysely.deleteFrom('users').where('id', '=', 'b').execute();
    expect(await found('babb')).toEqual([]);
    expect(await indexed('users_search', 'babb')).toBe(database.dialect === 'sqlite' ? 0 : null);
    expect(await indexed('users_search', 'augus')).toBe(database.dialect === 'sqlite' ? 1 : null);
  });

  it('keeps nothing of a rolled-back transaction', async () => {
    await db.kysely.insertInto('users').values(user('a', 'kept@x.io', 'Kept', 'Here')).execute();
    await expect(
      db.kysely.transaction().execute(async (trx) => {
        await trx.insertInto('users').values(user('r', 'rolled@x.io', 'Rolled', 'Back')).execute();
        await trx.updateTable('users').set({ email: 'moved@x.io', username: 'moved@x.io', last_name: 'Gone' }).where('id', '=', 'a').execute();
        expect((await queryUsers(trx, { search: 'rolled' })).map((u) => u.email)).toEqual(['rolled@x.io']); // seen inside
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await found('rolled')).toEqual([]);
    expect(await found('moved')).toEqual([]);
    expect(await found('kept@')).toEqual(['kept@x.io']);
    expect(await found('here')).toEqual(['kept@x.io']);
    expect(await indexed('users_search', 'rolled')).toBe(database.dialect === 'sqlite' ? 0 : null);
    expect(await indexed('users_search', 'gone')).toBe(database.dialect === 'sqlite' ? 0 : null);
  });

  it('takes any text literally: FTS5 syntax, quotes, LIKE wildcards, non-ASCII', async () => {
    const odd = ['a"b@x.io', 'near(x@y.io', 'or-and@x.io', '50%_off@x.io', 'zoë@x.io'];
    await db.kysely.insertInto('users').values(odd.map((email, i) => user(`u${i}`, email))).execute();
    expect(await found('a"b')).toEqual(['a"b@x.io']);
    expect(await found('near(')).toEqual(['near(x@y.io']);
    expect(await found('or-and')).toEqual(['or-and@x.io']);
    expect(await found('0%_o')).toEqual(['50%_off@x.io']);
    expect(await found('%_')).toEqual(['50%_off@x.io']); // two characters: no trigram, the LIKE alone
    expect(await found('zoë@')).toEqual(['zoë@x.io']);
    expect(await found('"*')).toEqual([]);
  });

  it('pages a workspace search in id order, after any id, for admins and for a member', async () => {
    await db.kysely.insertInto('users').values([user('a', 'a@x.io'), user('m', 'm@x.io')]).execute();
    // "Fraud" in every 3rd name, any case; "fraudster" in a few; the member belongs to every 4th.
    const names = Array.from({ length: 60 }, (_, i) => (i % 3 === 0 ? `${i % 2 === 0 ? 'FRAUD' : 'fraud'} ${i}` : i % 7 === 0 ? `the fraudster ${i}` : `churn ${i}`));
    const ids = await db.kysely.insertInto('workspaces').values(names.map((name) => ({ name, created_by: 'a', created_at: 1, default_for: null }))).returning('id').execute();
    await db.kysely.insertInto('memberships').values(ids.filter((_, i) => i % 4 === 0).map(({ id }) => ({ workspace_id: id, user_id: 'm', role: 'collaborator' as const, created_at: 1 }))).execute();
    const byId = names.map((name, i) => ({ name, id: ids[i]?.id ?? 0 }));
    for (const search of ['fraud', 'fraudster', 'churn 5', 'nothing']) {
      for (const memberId of [undefined, 'm']) {
        const expected = byId.filter((w, i) => w.name.toLowerCase().includes(search) && (memberId === undefined || i % 4 === 0)).map((w) => w.name);
        const seen: string[] = [];
        let afterId: number | undefined;
        for (let pages = 0; pages < 40; pages++) {
          const page = await pageWorkspaces(db.kysely, { search, limit: 4, ...(memberId && { memberId }), ...(afterId !== undefined && { afterId }) }, 5);
          seen.push(...page.map((w) => w.name));
          if (page.length < 4) break;
          afterId = page.at(-1)?.id;
        }
        expect(seen, `${search}${memberId ? ', member' : ''}`).toEqual(expected);
      }
    }
  });

  it('follows workspace names', async () => {
    await db.kysely.insertInto('users').values(user('a', 'a@x.io')).execute();
    const ws = await db.kysely.insertInto('workspaces').values({ name: 'Fraud Models', created_by: 'a', created_at: 1, default_for: null }).returning('id').executeTakeFirstOrThrow();
    const names = async (search: string) => (await pageWorkspaces(db.kysely, { search, limit: 10 })).map((w) => w.name);
    expect(await names('ud mo')).toEqual(['Fraud Models']);
    await db.kysely.updateTable('workspaces').set({ name: 'Churn' }).where('id', '=', ws.id).execute();
    expect(await names('fraud')).toEqual([]);
    expect(await names('chur')).toEqual(['Churn']);
    expect(await indexed('workspaces_search', 'fraud')).toBe(database.dialect === 'sqlite' ? 0 : null);
    await db.kysely.deleteFrom('workspaces').where('id', '=', ws.id).execute();
    expect(await names('chur')).toEqual([]);
    expect(await indexed('workspaces_search', 'chur')).toBe(database.dialect === 'sqlite' ? 0 : null);
  });
});
