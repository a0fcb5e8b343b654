import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.js';
import { startTestApp } from '../support/app.js';
import type { TestApp } from '../support/app.js';
import { DASHBOARD_DIST } from '../../src/http/dashboard.js';

const SCRIPT = 'console.log(1)';

function fakeBuild(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'paddock-dashboard-'));
  mkdirSync(path.join(root, 'assets'));
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Paddock dashboard</title>');
  writeFileSync(path.join(root, 'assets', 'app-1234.js'), SCRIPT);
  writeFileSync(path.join(root, 'assets', 'app-1234.js.br'), brotliCompressSync(SCRIPT));
  writeFileSync(path.join(root, 'assets', 'app-1234.js.gz'), gzipSync(SCRIPT));
  return root;
}

describeEachDatabase('the dashboard at /', (database) => {
  let t: TestApp;
  afterEach(() => t.close());
  const get = (url: string) => t.app.http.inject({ method: 'GET', url });

  describe('built', () => {
    it('serves the index at / and for client-side routes, and assets by name', async () => {
      t = await startTestApp(database, { dashboardDir: fakeBuild() });
      for (const url of ['/', '/users', '/users/abc?tab=sessions', '/workspaces/7']) {
        const res = await get(url);
        expect([url, res.statusCode, res.body]).toEqual([url, 200, expect.stringContaining('Paddock dashboard')]);
        expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      }
      const asset = await get('/assets/app-1234.js');
      expect([asset.statusCode, asset.headers['cache-control']]).toEqual([200, 'public, max-age=31536000, immutable']);
    });

    it('sends a hashed asset precompressed as Accept-Encoding asks, with Vary, long-cached; plain to anyone else', async () => {
      t = await startTestApp(database, { dashboardDir: fakeBuild() });
      const asset = (encoding?: string) =>
        t.app.http.inject({ method: 'GET', url: '/assets/app-1234.js', headers: encoding === undefined ? {} : { 'accept-encoding': encoding } });
      const decode = { br: brotliDecompressSync, gzip: gunzipSync };
      for (const [accept, encoding] of [['br, gzip', 'br'], ['gzip, deflate', 'gzip']] as const) {
        const res = await asset(accept);
        expect([accept, res.statusCode, res.headers['content-encoding'], res.headers['vary']]).toEqual([accept, 200, encoding, 'accept-encoding']);
        expect(res.headers['content-type']).toMatch(/^text\/javascript|^application\/javascript/);
        expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
        expect(decode[encoding](res.rawPayload).toString()).toBe(SCRIPT);
      }
      const plain = await asset();
      expect([plain.statusCode, plain.headers['content-encoding'], plain.headers['vary'], plain.body]).toEqual([200, undefined, 'accept-encoding', SCRIPT]);
      const index = await t.app.http.inject({ method: 'GET', url: '/', headers: { 'accept-encoding': 'br, gzip' } });
      expect([index.statusCode, index.headers['content-encoding'], index.headers['cache-control']]).toEqual([200, undefined, 'no-cache']);
    });

    it('shadows neither the API, identity nor the probes; a missing asset is a 404', async () => {
      t = await startTestApp(database, { dashboardDir: fakeBuild() });
      expect((await get('/healthz')).json()).toEqual({ status: 'ok' });
      expect((await get('/readyz')).statusCode).toBe(200);
      expect((await get('/auth/realms/master/.well-known/openid-configuration')).json()).toHaveProperty('issuer');
      expect((await get('/v1/api/openapi.json')).statusCode).toBe(200);
      const unknownApi = await get('/v1/api/nothing-here');
      expect([unknownApi.statusCode, unknownApi.json<{ error: string }>().error]).toEqual([404, 'NOT_FOUND']);
      expect((await get('/auth/nothing')).statusCode).toBe(404);
      expect((await get('/assets/missing.js')).statusCode).toBe(404);
    });

    it('answers its own pages with the index, and any other path with a 404 error body', async () => {
      t = await startTestApp(database, { dashboardDir: fakeBuild() });
      for (const url of ['/', '/users', '/users/4c9c9804-6600-4cec-b27a-de084b4c1876', '/workspaces/3', '/audit', '/license', '/provisioning']) {
        expect([url, (await get(url)).statusCode]).toEqual([url, 200]);
      }
      for (const url of ['/scim/v3/Users', '/v1/anything', '/api/users', '/wp-admin', '/usersx']) {
        const res = await get(url);
        expect([url, res.statusCode, res.json<{ error: string }>().error]).toEqual([url, 404, 'NOT_FOUND']);
      }
    });
  });

  it('without a build, the server still starts and / says how to build the dashboard', async () => {
    t = await startTestApp(database, { dashboardDir: path.join(tmpdir(), 'paddock-no-such-dashboard') });
    for (const url of ['/', '/users']) {
      const res = await get(url);
      expect([res.statusCode, res.body]).toEqual([200, expect.stringContaining('npm run build')]);
    }
    expect((await get('/healthz')).statusCode).toBe(200);
  });
});

describe('the dashboard build (npm run build)', () => {
  it('writes a .br and a .gz beside each script and style sheet', () => {
    const assets = path.join(DASHBOARD_DIST, 'assets');
    expect(existsSync(assets)).toBe(true);
    const names = readdirSync(assets);
    const plain = names.filter((n) => /\.(?:js|css)$/.test(n));
    expect(plain.length).toBeGreaterThan(0);
    for (const name of plain) expect([name, names.includes(`${name}.br`), names.includes(`${name}.gz`)]).toEqual([name, true, true]);
  });
});
