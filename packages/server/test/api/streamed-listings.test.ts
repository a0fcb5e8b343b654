import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fastJson from 'fast-json-stringify';
import { ValueNode } from 'kysely';
import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { z } from 'zod';
import { usersQuery } from '../../src/http/contracts/users.js';
import { workspacesList } from '../../src/http/contracts/workspaces.js';
import { presentUser, presentWorkspace } from '../../src/http/present.js';
import { replyJsonSchema } from '../../src/http/serializer.js';
import type { Actor } from '../../src/services/actor.js';
import type { UserFilter } from '../../src/queries/user-listing.js';
import { describeEachDatabase } from '../support/databases.js';
import { ADMIN, startTestApp } from '../support/app.js';
import type { TestApp } from '../support/app.js';

const UNLIMITED = { edition: 'enterprise' as const, seats: null, licensee: 'Tests', expiresAt: null };
const PASSWORD = 'a-good-password';

/** Eleven people besides the admin, so that batches of three split every listing several times. */
const PEOPLE = Array.from({ length: 11 }, (_, i) => ({
  email: `p${String((i * 7) % 11).padStart(2, '0')}-${'kqzabxmnrtc'[i]}@x.io`,
  first: ['Ann', 'bob', 'Cy', 'dee', 'Ed', 'Flo', 'gus', 'Hal', 'ivy', 'Jo', 'Kim'][i] ?? '',
  last: ['Zeta', 'alpha', 'Mu', 'beta', 'Omega', 'mu', 'Zeta', 'Pi', 'rho', 'Chi', 'alpha'][i] ?? '',
  role: i % 4 === 1 ? ('admin' as const) : ('user' as const),
  active: i % 5 !== 2,
  login: i % 3 === 0 ? null : 1_000 * ((i * 5) % 7),
}));

type QueryBody = z.output<typeof usersQuery.body>;

const serializeQuery = fastJson(replyJsonSchema(usersQuery.reply));
const serializeList = fastJson(replyJsonSchema(workspacesList.reply));

describeEachDatabase('unpaged users/query and workspaces/list, streamed', (database) => {
  let t: TestApp;
  let adminActor: Actor;
  let userActor: Actor;
  let userToken: string;
  let adminToken: string;
  let otherId: string;

  beforeAll(async () => {
    t = await startTestApp(database, { license: UNLIMITED, streamBatchSize: 3 });
    for (const p of PEOPLE) {
      await t.admin.inviteUser(p.email, PASSWORD, { firstName: p.first, lastName: p.last, role: p.role });
      await t.db.kysely.updateTable('users').set({ last_login_at: p.login }).where('email', '=', p.email).execute();
    }
    const member = PEOPLE[0] as (typeof PEOPLE)[number];
    userToken = (await t.login(member.email, PASSWORD).login()).accessToken;
    for (const name of ['shared-a', 'shared-b', 'shared-c', 'shared-d']) await t.login(member.email, PASSWORD).createWorkspace(name);
    for (const p of PEOPLE) if (!p.active) await t.admin.deactivateUser(p.email);
    adminToken = await t.adminToken();
    const admin = await t.app.services.users.getByEmail(ADMIN.email);
    const user = await t.app.services.users.getByEmail(member.email);
    const other = await t.app.services.users.getByEmail(PEOPLE[3]?.email ?? '');
    if (!admin || !user || !other) throw new Error('seeding failed');
    adminActor = { kind: 'user', id: admin.id, email: admin.email, role: 'admin' };
    userActor = { kind: 'user', id: user.id, email: user.email, role: 'user' };
    otherId = other.id;
  }, 60_000);
  afterAll(() => t.close());

  async function raw(path: string, body: unknown, token: string | null) {
    const res = await t.app.http.inject({
      method: 'POST',
      url: `/v1/api/${path}`,
      headers: { 'content-type': 'application/json', ...(token !== null && { authorization: `Bearer ${token}` }) },
      payload: JSON.stringify(body),
    });
    return { status: res.statusCode, type: res.headers['content-type'], text: res.payload };
  }

  /** What users/query answered before it streamed: the whole reply built in memory, serialized at once. */
  async function inMemoryQuery(actor: Actor, body: QueryBody): Promise<string> {
    const filter: UserFilter = {
      ...(body.user_ids && { ids: body.user_ids }),
      ...(body.search && { search: body.search }),
      ...(body.status && { status: body.status }),
      ...(body.role && { role: body.role }),
      ...((body.sort !== undefined || body.order !== undefined) && { sort: { by: body.sort ?? 'email', order: body.order ?? 'asc' } }),
    };
    const full = actor.kind === 'user' && actor.role === 'admin';
    const rows = await t.app.services.users.list(actor, filter);
    const total = body.include_total === true ? await t.app.services.users.countListed(actor, filter) : undefined;
    return serializeQuery({ users: Object.fromEntries(rows.map((u) => [u.id, presentUser(u, full)])), ...(total !== undefined && { total }) });
  }

  const ADMIN_BODIES: QueryBody[] = [
    {},
    { include_total: true },
    { status: 'active' },
    { status: 'inactive', include_total: true },
    { role: 'admin' },
    { search: 'X.IO' },
    { search: 'mu' },
    { search: 'nobody-at-all' },
    { sort: 'last_name', order: 'desc' },
    { sort: 'first_name' },
    { sort: 'last_login', order: 'desc', include_total: true },
    { sort: 'role', order: 'desc' },
    { sort: 'status' },
    { order: 'desc', status: 'active', role: 'user' },
    { user_ids: [] },
  ];

  it('answers an admin the same bytes as the in-memory reply, for every unpaged filter and order', async () => {
    const ids = (await t.app.services.users.list(adminActor, {})).map((u) => u.id);
    expect(ids.length).toBeGreaterThan(9); // several batches of three
    for (const body of [...ADMIN_BODIES, { user_ids: ids.slice(2, 9) }, { user_ids: ids.slice(0, 5), sort: 'email' as const, order: 'desc' as const }]) {
      const res = await raw('users/query', body, adminToken);
      expect({ body, status: res.status, type: res.type }).toEqual({ body, status: 200, type: 'application/json; charset=utf-8' });
      expect(res.text, JSON.stringify(body)).toBe(await inMemoryQuery(adminActor, body));
    }
    expect(Object.keys((JSON.parse((await raw('users/query', {}, adminToken)).text) as { users: object }).users)).toHaveLength(ids.length);
  });

  it('answers a non-admin the same bytes as the in-memory reply, with fewer fields', async () => {
    for (const body of [{}, { include_total: true }, { sort: 'status', order: 'desc' }, { search: 'p0' }, { status: 'inactive' }] as QueryBody[]) {
      const res = await raw('users/query', body, userToken);
      expect(res.status).toBe(200);
      expect(res.text, JSON.stringify(body)).toBe(await inMemoryQuery(userActor, body));
    }
    expect((await raw('users/query', {}, userToken)).text).not.toContain('firstName');
  });

  it('answers refusals before the first byte as normal error replies', async () => {
    const forbidden = await raw('users/query', { role: 'admin' }, userToken);
    expect(forbidden.status).toBe(403);
    expect(forbidden.type).toBe('application/json; charset=utf-8');
    expect(JSON.parse(forbidden.text)).toMatchObject({ error: 'FORBIDDEN', code: 403 });
    expect(JSON.parse((await raw('users/query', { sort: 'last_name' }, userToken)).text)).toMatchObject({ error: 'FORBIDDEN' });
    expect(JSON.parse((await raw('users/query', { status: 'gone' }, adminToken)).text)).toMatchObject({ error: 'VALIDATION_FAILED', code: 400 });
    expect(JSON.parse((await raw('users/query', {}, null)).text)).toMatchObject({ error: 'UNAUTHENTICATED', code: 401 });
    const listForbidden = await raw('workspaces/list', { user_id: otherId }, userToken);
    expect(listForbidden.status).toBe(403);
    expect(JSON.parse(listForbidden.text)).toMatchObject({ error: 'FORBIDDEN' });
  });

  it('answers workspaces/list with the same bytes as the in-memory reply', async () => {
    const cases: Array<[Actor, string, string | undefined]> = [
      [adminActor, adminToken, undefined],
      [adminActor, adminToken, userActor.kind === 'user' ? userActor.id : ''],
      [adminActor, adminToken, otherId],
      [userActor, userToken, undefined],
    ];
    for (const [actor, token, userId] of cases) {
      const expected = serializeList({ workspaces: (await t.app.services.workspaces.list(actor, userId)).map(presentWorkspace) });
      const res = await raw('workspaces/list', userId === undefined ? {} : { user_id: userId }, token);
      expect({ status: res.status, type: res.type }).toEqual({ status: 200, type: 'application/json; charset=utf-8' });
      expect(res.text).toBe(expected);
    }
    expect((JSON.parse((await raw('workspaces/list', {}, adminToken)).text) as { workspaces: unknown[] }).workspaces.length).toBeGreaterThan(9);
  });
});

describeEachDatabase('a client that goes mid-stream', (database) => {
  const USERS = 20_000;
  const BATCH = 20;
  let t: TestApp;
  let reads = 0;
  let url: string;

  /** Counts the batch reads of the listing (the only selects with this limit). */
  const counter: KyselyPlugin = {
    transformQuery: (args) => {
      const node = args.node;
      if (node.kind === 'SelectQueryNode' && ValueNode.is(node.limit?.limit ?? node) && (node.limit?.limit as ValueNode).value === BATCH) reads++;
      return node;
    },
    transformResult: async (args) => args.result,
  };

  beforeAll(async () => {
    const base = await database.open();
    const db = { ...base, kysely: base.kysely.withPlugin(counter) };
    t = await startTestApp(database, { license: UNLIMITED, streamBatchSize: BATCH, db });
    const now = Date.now();
    for (let start = 0; start < USERS; start += 500) {
      const rows = Array.from({ length: 500 }, (_, k) => {
        const email = `bulk-${String(start + k).padStart(6, '0')}@x.io`;
        return { id: `bulk-${start + k}`, email, username: email, first_name: 'Bulk', last_name: `User ${start + k}`, role: 'user' as const, status: 'active' as const, email_verified: 0, password_hash: null, created_at: now, last_login_at: null };
      });
      await t.db.kysely.insertInto('users').values(rows).execute();
    }
    await t.app.http.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(t.app.http.server.address() as AddressInfo).port}`;
  }, 120_000);
  afterAll(() => t.close());

  /** Reads the first chunk of users/query {} and hangs up. */
  async function readFirstChunkAndGo(token: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const request = http.request(`${url}/v1/api/users/query`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` } }, (res) => {
        res.once('data', (chunk: Buffer) => {
          request.destroy();
          resolve(chunk.toString());
        });
        res.once('error', () => undefined);
      });
      request.on('error', (err) => (request.destroyed ? undefined : reject(err)));
      request.end('{}');
    });
  }

  it('stops reading, holds nothing, and the server goes on answering', async () => {
    const token = await t.adminToken();
    const before = reads;
    for (let i = 0; i < 30; i++) expect(await readFirstChunkAndGo(token)).toMatch(/^\{"users":\{/);
    // Stopped: the reads no longer grow, and came nowhere near the whole listing 30 times over.
    let settled = -1;
    while (settled !== reads) {
      settled = reads;
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(reads - before).toBeLessThan((30 * USERS) / BATCH / 4);
    // Nothing held: a write (the seat lock, on SQLite's one connection) and a whole listing go through.
    await t.admin.inviteUser('after@x.io', PASSWORD);
    const res = await fetch(`${url}/v1/api/users/query`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: '{}' });
    const all = (await res.json()) as { users: Record<string, unknown> };
    expect(Object.keys(all.users)).toHaveLength(USERS + 2);
  }, 120_000);
});
