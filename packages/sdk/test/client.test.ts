/**
 * The client's own behaviour that the real server does not show on demand (it never pages a
 * users/query that did not ask to be paged), on scripted replies; everything else the client
 * does is tested against the real server in packages/server/test/sdk.
 */
import { describe, expect, it } from 'vitest';
import { Client } from '../src/client.js';
import { UserList } from '../src/user.js';
import { grant, Scripted, TOKEN_PATH, URL_BASE } from './scripted.js';

const wireUser = (email: string) => ({ id: `id-${email}`, email, username: email, enabled: true, createdTimestamp: 0 });

describe('listUsers', () => {
  it('follows next_cursor until the last page', async () => {
    const server = new Scripted();
    server.reply(TOKEN_PATH, 200, grant(server.time));
    server.reply('/v1/api/users/query', 200, { users: { a: wireUser('a@ex.co'), b: wireUser('b@ex.co') }, next_cursor: 'c2' });
    server.reply('/v1/api/users/query', 200, { users: { c: wireUser('c@ex.co'), d: wireUser('d@ex.co') }, next_cursor: 'c4' });
    server.reply('/v1/api/users/query', 200, { users: { e: wireUser('e@ex.co') }, next_cursor: null });
    const client = new Client({ url: URL_BASE, fetch: server.fetch, now: server.now, auth: { type: 'password', username: 'a@ex.co', password: 'pw' } });
    const users = await client.listUsers();
    expect(users).toBeInstanceOf(UserList);
    expect(users.map((u) => u.email)).toEqual(['a@ex.co', 'b@ex.co', 'c@ex.co', 'd@ex.co', 'e@ex.co']);
    expect(server.requests.filter((r) => r.path === '/v1/api/users/query').map((r) => r.body)).toEqual([{}, { cursor: 'c2' }, { cursor: 'c4' }]);
  });
});

describe('construction', () => {
  it('refuses a malformed URL at once', () => {
    expect(() => new Client({ url: 'not a url', auth: { type: 'token', accessToken: 'x' } })).toThrow();
  });

  it('strips a trailing slash from the URL', () => {
    expect(new Client({ url: `${URL_BASE}/`, auth: { type: 'token', accessToken: 'x' } }).url).toBe(URL_BASE);
  });
});
