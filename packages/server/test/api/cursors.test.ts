import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.js';
import { startTestApp } from '../support/app.js';
import type { TestApp } from '../support/app.js';

const b64 = (text: string) => Buffer.from(text).toString('base64url');

/** Every paged listing, with a body that pages it by two. */
const LISTINGS: Array<[string, Record<string, unknown>]> = [
  ['users/query', { limit: 2 }],
  ['users/query', { limit: 2, sort: 'last_login', order: 'desc' }],
  ['audit/query', { limit: 2 }],
  ['workspaces/overview', { limit: 2 }],
];

const MALFORMED = ['x', '!!!', b64('not json'), b64('{}'), b64('[]'), b64('["audit"]'), b64('["audit", -3]'), b64('["audit", 1.5]'), b64('"bob@x.io"'), b64('12')];

describeEachDatabase('cursors: one codec, refused with 400 INVALID_REQUEST wherever they do not fit', (database) => {
  let t: TestApp;
  const issued = new Map<string, string>();
  beforeAll(async () => {
    t = await startTestApp(database);
    await t.admin.inviteUser('a@x.io', 'a-good-password');
    await t.admin.inviteUser('b@x.io', 'a-good-password');
    for (const [path, body] of LISTINGS) {
      const res = await t.post(path, body);
      expect(res.status, path).toBe(200);
      expect(typeof res.body['next_cursor'], path).toBe('string');
      issued.set(JSON.stringify([path, body]), res.body['next_cursor'] as string);
    }
  });
  afterAll(() => t.close());

  it('each listing takes back the cursor it gave', async () => {
    for (const [path, body] of LISTINGS) {
      const cursor = issued.get(JSON.stringify([path, body]));
      expect((await t.post(path, { ...body, cursor })).status, path).toBe(200);
    }
  });

  it('a cursor that is not one is refused by every listing, never read as the first page', async () => {
    for (const [path, body] of LISTINGS) {
      for (const cursor of MALFORMED) {
        const res = await t.post(path, { ...body, cursor });
        expect([res.status, res.body['error']], `${path} ${cursor}`).toEqual([400, 'INVALID_REQUEST']);
      }
    }
  });

  it("another listing's cursor (or another order's) is refused", async () => {
    for (const [path, body] of LISTINGS) {
      for (const [otherKey, cursor] of issued) {
        if (otherKey === JSON.stringify([path, body])) continue;
        const res = await t.post(path, { ...body, cursor });
        expect([res.status, res.body['error']], `${path} given ${otherKey}'s cursor`).toEqual([400, 'INVALID_REQUEST']);
      }
    }
  });
});
