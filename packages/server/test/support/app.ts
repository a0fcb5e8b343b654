import type { FastifyInstance } from 'fastify';
import { Client } from '@paddock/sdk';
import type { FetchLike } from '@paddock/sdk';
import { buildApp } from '../../src/app.js';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/database.js';
import { COMMUNITY } from '../../src/license/license.js';
import type { License } from '../../src/license/license.js';
import type { TestDatabase } from './databases.js';
import { CapturingMailer } from './mailer.js';
import { testHasher, TestClock } from './services.js';

export const BASE_URL = 'http://paddock.test';
export const API_CLIENT_SECRET = 'test-api-client-secret-0123456789';
export const ADMIN = { email: 'admin@x.io', password: 'admin-password' };

/** A `fetch` that hands each request to the app in-process (no port). */
export function injectFetch(http: FastifyInstance): FetchLike {
  return async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const body = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
    const res = await http.inject({
      method: request.method as 'POST',
      url: url.pathname + url.search,
      headers: Object.fromEntries(request.headers),
      ...(body && { payload: body }),
    });
    const headers = new Headers();
    for (const [k, v] of Object.entries(res.headers)) {
      if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : String(v));
    }
    return new Response(res.statusCode === 204 ? null : new Uint8Array(res.rawPayload), { status: res.statusCode, headers });
  };
}

export interface TestApp {
  app: App;
  db: Db;
  clock: TestClock;
  /** Every message the app sent (invitation links). */
  mail: CapturingMailer;
  fetch: FetchLike;
  /** The first admin's client. */
  admin: Client;
  /** A client logged in with the password grant (sdk-client). */
  login(email: string, password: string): Client;
  /** POSTs raw JSON (or raw text) to /v1/api/<path>; answers status and parsed body. */
  post(path: string, body: unknown, token?: string | null): Promise<{ status: number; body: Record<string, unknown> }>;
  /** A fresh access token for the admin. */
  adminToken(): Promise<string>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  license?: License;
  /** PEM key that uploaded licences must be signed with. */
  licensePublicKey?: string;
  /** Another app's database (a second process on one database); a fresh one by default. */
  db?: Db;
  /** The dashboard files to serve. */
  dashboardDir?: string;
  /** Rows per read of the streamed unpaged listings. */
  streamBatchSize?: number;
}

export async function startTestApp(database: TestDatabase, options: TestAppOptions = {}): Promise<TestApp> {
  const db = options.db ?? (await database.open());
  const clock = new TestClock(Date.now());
  const mail = new CapturingMailer();
  const app = await buildApp({ db, license: options.license ?? COMMUNITY, ...(options.licensePublicKey !== undefined && { licensePublicKey: options.licensePublicKey }), ...(options.dashboardDir !== undefined && { dashboardDir: options.dashboardDir }), ...(options.streamBatchSize !== undefined && { streamBatchSize: options.streamBatchSize }), publicUrl: BASE_URL, apiClientSecret: API_CLIENT_SECRET, hasher: testHasher, clock, mailer: mail, strictContracts: true });
  await app.services.users.ensureAdmin(ADMIN.email, ADMIN.password);
  const fetch = injectFetch(app.http);
  const login = (email: string, password: string) => new Client({ url: BASE_URL, auth: { type: 'password', username: email, password }, fetch });
  const admin = login(ADMIN.email, ADMIN.password);
  const adminToken = async () => (await admin.login()).accessToken;
  return {
    app,
    db,
    clock,
    mail,
    fetch,
    admin,
    login,
    adminToken,
    async post(path, body, token) {
      const auth = token === null ? {} : { authorization: `Bearer ${token ?? (await adminToken())}` };
      const res = await app.http.inject({
        method: 'POST',
        url: `/v1/api/${path}`,
        headers: { 'content-type': 'application/json', ...auth },
        payload: typeof body === 'string' ? body : JSON.stringify(body),
      });
      return { status: res.statusCode, body: res.json<Record<string, unknown>>() };
    },
    close: () => app.close(),
  };
}
