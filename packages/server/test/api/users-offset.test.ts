import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.js';
import { startTestApp } from '../support/app.js';
import type { TestApp } from '../support/app.js';

const UNLIMITED = { edition: 'enterprise' as const, seats: null, licensee: 'Tests', expiresAt: null };
const EMAILS = ['a@x.io', 'b@x.io', 'c@x.io', 'd@x.io', 'e@x.io'];

/** A jump to page N of users/query: `offset` skips matches, in the asked order, and a cursor goes on from there. */
describeEachDatabase('users/query offset: a jump to a page', (database) => {
  let t: TestApp;
  let everyone: string[];
  beforeAll(async () => {
    t = await startTestApp(database, { license: UNLIMITED });
    for (const email of EMAILS) await t.admin.inviteUser(email, 'a-good-password');
    everyone = (await t.admin.queryUsers({ sort: 'email', order: 'desc' })).users.map((u) => u.email);
    expect(everyone).toHaveLength(EMAILS.length + 1); // the admin too
  });
  afterAll(() => t.close());

  it('skips `offset` matches in the asked order, with the total; the next cursor continues after that page', async () => {
    const third = await t.admin.queryUsers({ sort: 'email', order: 'desc', limit: 2, offset: 4, includeTotal: true });
    expect(third.users.map((u) => u.email)).toEqual(everyone.slice(4, 6));
    expect([third.total, third.nextCursor]).toEqual([6, null]);

    const second = await t.admin.queryUsers({ sort: 'email', order: 'desc', limit: 2, offset: 2 });
    expect(second.users.map((u) => u.email)).toEqual(everyone.slice(2, 4));
    const after = await t.admin.queryUsers({ sort: 'email', order: 'desc', limit: 2, cursor: second.nextCursor ?? '' });
    expect(after.users.map((u) => u.email)).toEqual(everyone.slice(4, 6));
  });

  it('an offset past the end is an empty page, and offset 0 is the first page', async () => {
    const past = await t.admin.queryUsers({ limit: 2, offset: 50, includeTotal: true });
    expect([past.users.map((u) => u.email), past.nextCursor, past.total]).toEqual([[], null, 6]);
    const first = await t.admin.queryUsers({ sort: 'email', order: 'desc', limit: 2, offset: 0 });
    expect(first.users.map((u) => u.email)).toEqual(everyone.slice(0, 2));
  });

  it('offset with a cursor, or not a whole number from 0, is refused as VALIDATION_FAILED on offset', async () => {
    const { nextCursor } = await t.admin.queryUsers({ limit: 2 });
    for (const body of [{ limit: 2, offset: 2, cursor: nextCursor }, { limit: 2, offset: -1 }, { limit: 2, offset: 1.5 }, { limit: 2, offset: '2' }]) {
      const res = await t.post('users/query', body);
      expect([res.status, res.body['error'], res.body['field']], JSON.stringify(body)).toEqual([400, 'VALIDATION_FAILED', 'offset']);
    }
  });

  it('offset without a limit pages by the default size rather than listing everyone', async () => {
    const res = await t.post('users/query', { offset: 5 });
    expect(res.status).toBe(200);
    expect(Object.values(res.body['users'] as Record<string, { email: string }>).map((u) => u.email)).toEqual(['e@x.io']);
    expect(res.body['next_cursor']).toBeNull();
  });
});
