import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp } from '../support/app.js';
import type { TestApp } from '../support/app.js';
import { describeEachDatabase } from '../support/databases.js';

interface Operation {
  security?: Array<Record<string, unknown>>;
}

/** Each documented call under /v1/api with what its documentation says a token is: needed, optional, or not asked. */
function documentedCalls(t: TestApp) {
  const doc = t.app.http.swagger() as { paths: Record<string, Record<string, Operation>> };
  return Object.entries(doc.paths)
    .filter(([path]) => path.startsWith('/v1/api/'))
    .flatMap(([path, operations]) =>
      Object.entries(operations).map(([method, { security = [] }]) => {
        const bearer = security.some((s) => 'bearer' in s);
        const token = !bearer ? 'none' : security.some((s) => Object.keys(s).length === 0) ? 'optional' : 'needed';
        return { method: method.toUpperCase() as 'GET' | 'POST', path, token };
      }),
    );
}

/** Auth is decided per route as routes are added (see installAuth): every route, in every plugin, gets it. */
describeEachDatabase('the token every API call asks for', (database) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(database);
  });
  afterAll(async () => t.close());

  it('refuses each documented call that needs a token with 401 UNAUTHENTICATED when it comes without one, or with a bad one', async () => {
    const calls = documentedCalls(t);
    expect(calls.filter((c) => c.token === 'needed').length).toBeGreaterThan(30);
    expect(calls.filter((c) => c.token === 'optional').length).toBeGreaterThan(0);
    for (const call of calls) {
      const anonymous = await t.app.http.inject({ method: call.method, url: call.path, ...(call.method === 'POST' && { payload: {} }) });
      const forged = await t.app.http.inject({ method: call.method, url: call.path, headers: { authorization: 'Bearer not-a-token' }, ...(call.method === 'POST' && { payload: {} }) });
      const refusedWithout = anonymous.statusCode === 401 && anonymous.json<{ error: string }>().error === 'UNAUTHENTICATED';
      const refusedForged = forged.statusCode === 401 && forged.json<{ error: string }>().error === 'UNAUTHENTICATED';
      expect({ ...call, refusedWithout, refusedForged }).toEqual({ ...call, refusedWithout: call.token === 'needed', refusedForged: call.token !== 'none' });
    }
  });
});
