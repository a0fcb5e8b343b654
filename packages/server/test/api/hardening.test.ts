import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startTestApp } from '../support/app.js';
import type { TestApp } from '../support/app.js';
import { describeEachDatabase } from '../support/databases.js';

/** One raw HTTP exchange over a socket: what Node's parser refuses never reaches a route. */
async function rawHttp(port: number, request: string): Promise<{ status: number; headers: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    let data = '';
    socket.on('data', (chunk: Buffer) => (data += chunk.toString()));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', body = ''] = data.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), headers: head.toLowerCase(), body });
    });
  });
}

/** Findings of the administrator-and-attacker review, each with the test that would have caught it. */
describeEachDatabase('hardening of the HTTP surface', (database) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp(database);
  });
  afterEach(() => t.close());

  it('builds the discovery document and device URLs from the public URL, whatever the Host header says', async () => {
    const res = await t.app.http.inject({ method: 'GET', url: '/auth/realms/master/.well-known/openid-configuration', headers: { host: 'evil.example' } });
    const urls = Object.values(res.json<Record<string, unknown>>()).filter((v): v is string => typeof v === 'string' && v.startsWith('http'));
    expect(urls.length).toBeGreaterThan(5);
    for (const url of urls) expect(new URL(url).origin, url).toBe('http://paddock.test');
    const device = await t.app.http.inject({
      method: 'POST',
      url: '/auth/realms/master/protocol/openid-connect/auth/device',
      headers: { host: 'evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'client_id=sdk-client',
    });
    expect(new URL(device.json<{ verification_uri_complete: string }>().verification_uri_complete).origin).toBe('http://paddock.test');
  });

  it('refuses an SSO issuer that is not a URL with 400 VALIDATION_FAILED, not a 500', async () => {
    for (const issuer of ['x', 'not a url', '']) {
      const res = await t.post('sso_providers/create', { alias: 'okta', display_name: 'Okta', issuer, client_id: 'c', client_secret: 's' });
      expect([issuer, res.status, res.body['error'], res.body['field']]).toEqual([issuer, 400, 'VALIDATION_FAILED', 'issuer']);
    }
  });

  it('answers refusals made before routing in the same body as every other: 431 and 400', async () => {
    await t.app.http.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.http.server.address() as AddressInfo;
    const huge = await rawHttp(port, `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(huge.status).toBe(431);
    expect(JSON.parse(huge.body)).toEqual({ msg: expect.any(String), code: 431, error: 'HEADERS_TOO_LARGE' });
    const garbage = await rawHttp(port, 'NOT HTTP AT ALL\r\n\r\n');
    expect(garbage.status).toBe(400);
    expect(JSON.parse(garbage.body)).toEqual({ msg: expect.any(String), code: 400, error: 'INVALID_REQUEST' });
    const badUrl = await t.app.http.inject({ method: 'GET', url: '/v1/api/%E0%A4%A' });
    expect([badUrl.statusCode, badUrl.json<{ error: string }>().error]).toEqual([400, 'INVALID_REQUEST']);
  });

  it('sends nosniff everywhere and no-store on API replies', async () => {
    const api = await t.app.http.inject({ method: 'POST', url: '/v1/api/users/query', headers: { authorization: `Bearer ${await t.adminToken()}`, 'content-type': 'application/json' }, payload: '{}' });
    expect([api.headers['x-content-type-options'], api.headers['cache-control']]).toEqual(['nosniff', 'no-store']);
    const refused = await t.app.http.inject({ method: 'POST', url: '/v1/api/users/query', payload: {} });
    expect([refused.statusCode, refused.headers['x-content-type-options'], refused.headers['cache-control']]).toEqual([401, 'nosniff', 'no-store']);
    const keycloak = await t.app.http.inject({ method: 'GET', url: '/auth/admin/realms/master/users' });
    expect(keycloak.headers['cache-control']).toBe('no-store');
    expect((await t.app.http.inject({ method: 'GET', url: '/healthz' })).headers['x-content-type-options']).toBe('nosniff');
  });

  it('documents the token endpoint and the public calls only, under Paddock’s name', async () => {
    const doc = (await t.app.http.inject({ method: 'GET', url: '/v1/api/openapi.json' })).json<{ paths: Record<string, Record<string, unknown>> }>();
    expect(doc.paths['/auth/realms/master/protocol/openid-connect/token']).toHaveProperty('post');
    const internal = Object.keys(doc.paths).filter((p) => p.startsWith('/auth/realms/') && !p.endsWith('/openid-connect/token'));
    expect(internal).toEqual([]);
    const page = await t.app.http.inject({ method: 'GET', url: '/v1/api/docs/' });
    expect(page.body).toContain('<title>Paddock API</title>');
  });
});
