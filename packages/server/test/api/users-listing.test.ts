import { PaddockError } from '@paddock/sdk';
import type { UserSortKey } from '@paddock/sdk';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import { createUsers } from '../identity/harness.js';
import { describeEachDatabase } from '../support/databases.js';
import { ADMIN, startTestApp } from '../support/app.js';
import type { TestApp } from '../support/app.js';

const UNLIMITED = { edition: 'enterprise' as const, seats: null, licensee: 'Tests', expiresAt: null };

/** Five people besides the admin, chosen so that every column orders them differently. */
const PEOPLE = [
  { email: 'carol@x.io', first: 'carol', last: 'Zeta', role: 'user', active: true, login: 3 },
  { email: 'bob@x.io', first: 'Dave', last: 'alpha', role: 'admin', active: true, login: null },
  { email: 'erin@x.io', first: 'Bea', last: 'Mu', role: 'user', active: false, login: 1 },
  { email: 'dan@x.io', first: 'Al', last: 'beta', role: 'user', active: true, login: 5 },
  { email: 'ann@x.io', first: 'Ed', last: 'Omega', role: 'admin', active: false, login: 2 },
] as const;

describeEachDatabase('users/query sorting, totals and keyset paging', (database) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp(database, { license: UNLIMITED });
    await t.app.services.users.ensureAdmin(ADMIN.email, ADMIN.password);
    for (const p of PEOPLE) {
      await t.admin.inviteUser(p.email, 'a-good-password', { firstName: p.first, lastName: p.last, role: p.role });
      if (!p.active) await t.admin.deactivateUser(p.email);
      await t.db.kysely.updateTable('users').set({ last_login_at: p.login === null ? null : 1_000 * p.login }).where('email', '=', p.email).execute();
    }
    await t.admin.login();
    await t.db.kysely.updateTable('users').set({ last_login_at: 4_000 }).where('email', '=', ADMIN.email).execute();
  });
  afterEach(() => t.close());

  /** Every page of one sort order, two users a page, concatenated. */
  async function allPages(sort: UserSortKey, order: 'asc' | 'desc', filter: { status?: 'active' | 'inactive'; search?: string } = {}) {
    const emails: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page = await t.admin.queryUsers({ ...filter, sort, order, limit: 2, ...(cursor && { cursor }) });
      emails.push(...page.users.map((u) => u.email));
      if (page.nextCursor === null) return emails;
      cursor = page.nextCursor;
    }
    throw new Error('paging did not end');
  }

  const ALL: Record<UserSortKey, string[]> = {
    email: ['admin@x.io', 'ann@x.io', 'bob@x.io', 'carol@x.io', 'dan@x.io', 'erin@x.io'],
    // role then email: admin < user
    role: ['admin@x.io', 'ann@x.io', 'bob@x.io', 'carol@x.io', 'dan@x.io', 'erin@x.io'],
    status: ['admin@x.io', 'bob@x.io', 'carol@x.io', 'dan@x.io', 'ann@x.io', 'erin@x.io'],
    // case-insensitive: '' (the admin) < al < bea < carol < dave < ed
    first_name: ['admin@x.io', 'dan@x.io', 'erin@x.io', 'carol@x.io', 'bob@x.io', 'ann@x.io'],
    last_name: ['admin@x.io', 'bob@x.io', 'dan@x.io', 'erin@x.io', 'ann@x.io', 'carol@x.io'],
    // never logged in first
    last_login: ['bob@x.io', 'erin@x.io', 'ann@x.io', 'carol@x.io', 'admin@x.io', 'dan@x.io'],
  };

  it.each(Object.keys(ALL) as UserSortKey[])('sorts by %s both ways, and keyset pages cover every user once', async (sort) => {
    expect(await allPages(sort, 'asc')).toEqual(ALL[sort]);
    // Descending reverses the key and the email tie-breaker together.
    const desc = await allPages(sort, 'desc');
    expect([...desc].sort()).toEqual([...ALL[sort]].sort());
    if (sort !== 'role' && sort !== 'status') expect(desc).toEqual([...ALL[sort]].reverse());
  });

  it('role and status sorts break ties by email in the same direction', async () => {
    expect(await allPages('status', 'desc')).toEqual(['erin@x.io', 'ann@x.io', 'dan@x.io', 'carol@x.io', 'bob@x.io', 'admin@x.io']);
  });

  it('sorting combines with the status filter and the search by email or name', async () => {
    expect(await allPages('last_name', 'asc', { status: 'active' })).toEqual(['admin@x.io', 'bob@x.io', 'dan@x.io', 'carol@x.io']);
    expect(await allPages('first_name', 'desc', { search: 'TA' })).toEqual(['carol@x.io', 'dan@x.io']);
    expect(await allPages('email', 'asc', { search: 'omega' })).toEqual(['ann@x.io']);
  });

  it('include_total answers how many match on all pages', async () => {
    const page = await t.admin.queryUsers({ sort: 'email', limit: 2, includeTotal: true, status: 'inactive' });
    expect(page.total).toBe(2);
    expect((await t.admin.queryUsers({ limit: 2 })).total).toBeNull();
  });

  it('a first searched page that holds every match is its own total: nothing more is counted', async () => {
    const statements: string[] = [];
    const counted = t.db.kysely.withPlugin({
      transformQuery: (args) => {
        statements.push(args.node.kind);
        return args.node;
      },
      transformResult: async (args) => Promise.resolve(args.result),
    });
    const rows: Db['rows'] = async (q) => {
      statements.push('rows');
      return t.db.rows(q);
    };
    const db: Db = { kysely: counted, first: async (q) => t.db.first(q), recall: async (q) => t.db.recall(q), rows, dialect: t.db.dialect, location: t.db.location, destroy: async () => Promise.resolve() };
    const users = createUsers(db);
    const admin = { kind: 'system' } as const;
    const page = async (request: Parameters<typeof users.page>[1]) => {
      statements.length = 0;
      const answer = await users.page(admin, request);
      return { total: answer.total, emails: answer.users.length, statements: statements.length };
    };
    // "x.io" is in the six emails (the admin's too): a page of 10 holds them, a page of 2 does not.
    const whole = await page({ search: 'x.io', limit: 10, includeTotal: true });
    const part = await page({ search: 'x.io', limit: 2, includeTotal: true });
    expect([whole.total, whole.emails, part.total, part.emails]).toEqual([6, 6, 6, 2]);
    expect(whole.statements).toBe((await page({ search: 'x.io', limit: 10 })).statements);
    expect(part.statements).toBeGreaterThan((await page({ search: 'x.io', limit: 2 })).statements);
  });

  it('a search counts its matches up to 1,000: past that the total says 1,000 and is not exact', async () => {
    const row = await t.db.kysely.selectFrom('users').selectAll().where('email', '=', 'carol@x.io').executeTakeFirstOrThrow();
    const many = (n: number, domain: string) =>
      Array.from({ length: n }, (_, i) => ({ ...row, id: `${domain}-${i}`, email: `p${i}@${domain}`, username: `p${i}@${domain}`, status: 'inactive' as const }));
    await t.db.kysely.insertInto('users').values(many(1000, 'exact.io')).execute();
    await t.db.kysely.insertInto('users').values(many(1001, 'over.io')).execute();
    const exact = await t.admin.queryUsers({ search: 'exact.io', limit: 5, includeTotal: true });
    expect([exact.total, exact.totalExact]).toEqual([1000, true]);
    const over = await t.admin.queryUsers({ search: 'over.io', limit: 5, includeTotal: true });
    expect([over.total, over.totalExact]).toEqual([1000, false]);
    expect(over.users).toHaveLength(5);
    // Without a search the total is exact however large: 2,001 + the admin + the five.
    const all = await t.admin.queryUsers({ limit: 5, includeTotal: true });
    expect([all.total, all.totalExact]).toEqual([2007, true]);
    const raw = await t.post('users/query', { search: 'over.io', limit: 1, include_total: true });
    expect([raw.body['total'], raw.body['total_exact']]).toEqual([1000, false]);
  });

  it('the Wallaroo-style reply is unchanged without the new fields: everyone by email, no cursor, no total', async () => {
    const res = await t.post('users/query', {});
    expect(Object.keys(res.body)).toEqual(['users']);
    expect(Object.values(res.body['users'] as object).map((u: { email: string }) => u.email)).toEqual(ALL.email);
  });

  it('a cursor from another sort order is refused with INVALID_REQUEST', async () => {
    const first = await t.admin.queryUsers({ limit: 2 });
    const err = await t.admin.queryUsers({ sort: 'last_name', limit: 2, cursor: first.nextCursor ?? '' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaddockError);
    expect((err as PaddockError).code).toBe('INVALID_REQUEST');
  });
});
