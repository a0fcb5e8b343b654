import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { UNMATCHED_ROUTE } from '../../src/http/metrics.js';
import { LOGIN_THROTTLE } from '../../src/services/login-throttle.js';
import { describeEachDatabase } from '../support/databases.js';
import { startTestApp } from '../support/app.js';
import type { TestApp } from '../support/app.js';

const TOKEN_PATH = '/auth/realms/master/protocol/openid-connect/token';
const KEYCLOAK_USER_ROUTE = '/auth/admin/realms/master/users/:id';

/** The value of the sample `name` whose labels are exactly `labels`, or undefined when there is none. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^(\w+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (match?.[1] !== name) continue;
    const found = new Map([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    const wanted = Object.entries(labels);
    if (wanted.length === found.size && wanted.every(([k, v]) => found.get(k) === v)) return match[3] === '+Inf' ? Infinity : Number(match[3]);
  }
  return undefined;
}

async function wrongPassword(t: TestApp, username: string): Promise<number> {
  const res = await t.app.http.inject({
    method: 'POST',
    url: TOKEN_PATH,
    remoteAddress: '198.51.100.7',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ grant_type: 'password', client_id: 'sdk-client', username, password: 'wrong-password' }).toString(),
  });
  return res.statusCode;
}

describeEachDatabase('GET /metrics', (database) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp(database);
  });
  afterEach(() => t.close());

  async function scrape(): Promise<string> {
    const res = await t.app.http.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${await t.adminToken()}` } });
    expect(res.statusCode).toBe(200);
    return res.body;
  }

  it('is refused without a token (401 UNAUTHENTICATED) and to a plain user (403 FORBIDDEN)', async () => {
    const anonymous = await t.app.http.inject({ method: 'GET', url: '/metrics' });
    expect([anonymous.statusCode, anonymous.json<{ error: string }>().error]).toEqual([401, 'UNAUTHENTICATED']);
    expect(anonymous.body).not.toContain('paddock_');
    await t.admin.inviteUser('ann@x.io', 'ann-password');
    const token = (await t.login('ann@x.io', 'ann-password').login()).accessToken;
    const plain = await t.app.http.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${token}` } });
    expect([plain.statusCode, plain.json<{ error: string }>().error]).toEqual([403, 'FORBIDDEN']);
  });

  it('answers an admin in Prometheus text (text/plain; version=0.0.4)', async () => {
    const res = await t.app.http.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${await t.adminToken()}` } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.body).toContain('# TYPE paddock_http_requests_total counter');
    expect(res.body).toContain('# TYPE paddock_http_request_duration_seconds histogram');
  });

  it('counts a request under its route pattern, never the raw URL with its id; unmatched URLs share one label value', async () => {
    const id = randomUUID();
    const token = await t.adminToken();
    const one = await t.app.http.inject({ method: 'GET', url: `/auth/admin/realms/master/users/${id}`, headers: { authorization: `Bearer ${token}` } });
    expect(one.statusCode).toBe(404);
    const missing = randomUUID();
    expect((await t.app.http.inject({ method: 'POST', url: `/v1/api/nothing/${missing}` })).statusCode).toBe(404);
    expect((await t.app.http.inject({ method: 'GET', url: `/assets/${missing}.js` })).statusCode).toBe(404);

    const text = await scrape();
    expect(sample(text, 'paddock_http_requests_total', { method: 'GET', route: KEYCLOAK_USER_ROUTE, status: '404' })).toBe(1);
    expect(sample(text, 'paddock_http_request_duration_seconds_count', { method: 'GET', route: KEYCLOAK_USER_ROUTE, status: '404' })).toBe(1);
    expect(sample(text, 'paddock_http_requests_total', { method: 'POST', route: UNMATCHED_ROUTE, status: '404' })).toBe(1);
    expect(sample(text, 'paddock_http_requests_total', { method: 'GET', route: UNMATCHED_ROUTE, status: '404' })).toBe(1);
    expect(text).not.toContain(id);
    expect(text).not.toContain(missing);
  });

  it('times each answer in a cumulative histogram per route: its +Inf bucket, its count and the requests counted agree', async () => {
    for (let i = 0; i < 3; i++) expect((await t.app.http.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    const text = await scrape();
    const labels = { method: 'GET', route: '/healthz', status: '200' };
    const buckets = [...text.matchAll(/^paddock_http_request_duration_seconds_bucket\{(.*)\} (\S+)$/gm)]
      .filter(([, set]) => set?.includes('route="/healthz"'))
      .map(([, , value]) => Number(value));
    expect(buckets).toHaveLength(12);
    expect(buckets).toEqual([...buckets].sort((x, y) => x - y));
    expect(sample(text, 'paddock_http_request_duration_seconds_bucket', { ...labels, le: '+Inf' })).toBe(3);
    expect(sample(text, 'paddock_http_request_duration_seconds_count', labels)).toBe(3);
    expect(sample(text, 'paddock_http_requests_total', labels)).toBe(3);
    expect(sample(text, 'paddock_http_request_duration_seconds_sum', labels)).toBeGreaterThan(0);
  });

  it('reports active users and seats left as license/get does, read at scrape time', async () => {
    await t.admin.inviteUser('ann@x.io');
    await t.admin.inviteUser('bob@x.io');
    await t.admin.deactivateUser('bob@x.io');
    const license = await t.admin.getLicense();
    expect(license).toMatchObject({ activeUsers: 2, seatsLeft: 3 });
    const text = await scrape();
    expect(sample(text, 'paddock_active_users')).toBe(license.activeUsers);
    expect(sample(text, 'paddock_seats_left')).toBe(license.seatsLeft);
  });

  it('a failed password login counts as invalid_credentials', async () => {
    const before = sample(await scrape(), 'paddock_login_failures_total', { reason: 'invalid_credentials' });
    expect(before).toBe(0);
    expect(await wrongPassword(t, 'admin@x.io')).toBe(400);
    expect(sample(await scrape(), 'paddock_login_failures_total', { reason: 'invalid_credentials' })).toBe(1);
  });

  it('a lock counts once per locked key, and attempts it refuses count as throttled', async () => {
    expect(sample(await scrape(), 'paddock_login_locks_total', { kind: 'account' })).toBe(0);
    for (let i = 0; i < LOGIN_THROTTLE.accountFailures; i++) expect(await wrongPassword(t, 'ann@x.io')).toBe(400);
    expect(await wrongPassword(t, 'ann@x.io')).toBe(400);
    const text = await scrape();
    expect(sample(text, 'paddock_login_locks_total', { kind: 'account' })).toBe(1);
    expect(sample(text, 'paddock_login_locks_total', { kind: 'address' })).toBe(0);
    expect(sample(text, 'paddock_login_failures_total', { reason: 'invalid_credentials' })).toBe(LOGIN_THROTTLE.accountFailures);
    expect(sample(text, 'paddock_login_failures_total', { reason: 'throttled' })).toBe(1);
  });

  it("keeps each app's metrics apart: a second app in the process counts only its own requests", async () => {
    const other = await startTestApp(database, { db: t.db });
    try {
      for (let i = 0; i < 3; i++) await other.app.http.inject({ method: 'GET', url: '/healthz' });
      await t.app.http.inject({ method: 'GET', url: '/healthz' });
      expect(sample(await scrape(), 'paddock_http_requests_total', { method: 'GET', route: '/healthz', status: '200' })).toBe(1);
    } finally {
      await other.close();
    }
  });
});

describeEachDatabase('GET /metrics with an unlimited licence', (database) => {
  it('reports seats left as +Inf', async () => {
    const t = await startTestApp(database, { license: { edition: 'enterprise', seats: null, licensee: 'Acme', expiresAt: null } });
    try {
      expect((await t.admin.getLicense()).seatsLeft).toBeNull();
      const res = await t.app.http.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${await t.adminToken()}` } });
      expect(sample(res.body, 'paddock_seats_left')).toBe(Infinity);
    } finally {
      await t.close();
    }
  });
});
