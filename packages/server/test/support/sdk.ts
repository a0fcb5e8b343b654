/**
 * The SDK and CLI against the real server, in process: a transport stub around the app's
 * in-process `fetch` for only what the server cannot show on demand (a network failure, a reply
 * it would not give now, the client's clock), recording every request and reply.
 */
import { Client } from '@paddock/sdk';
import type { ClientOptions, FetchLike } from '@paddock/sdk';
import type { UserRecord } from '../../src/db/schema.js';
import type { InviteInput } from '../../src/services/users.js';
import type { TestDatabase } from './databases.js';
import { ADMIN, BASE_URL, startTestApp } from './app.js';
import type { TestApp, TestAppOptions } from './app.js';
import { system } from './services.js';

export const TOKEN_PATH = '/auth/realms/master/protocol/openid-connect/token';
export const REVOKE_PATH = '/auth/realms/master/protocol/openid-connect/revoke';

export interface Recorded {
  path: string;
  /** The request body: parsed JSON, or the fields of a form. */
  body: unknown;
  authorization: string | null;
  /** The reply's status and parsed body (undefined when the network failed). */
  status?: number;
  reply?: unknown;
}

/** A `fetch` in front of another that records, can fail like a network, or answer for the server. */
export class Transport {
  readonly requests: Recorded[] = [];
  /** While true, every request fails as an unreachable server does. */
  down = false;
  /** Replies to send instead of the server's, first in first out, for paths that match. */
  readonly overrides: { path: string; status: number; body: unknown }[] = [];
  /** The client's clock (the server keeps its own): starts at the real time, moves on `advance`. */
  time = Date.now();
  readonly now = (): number => this.time;

  constructor(private readonly inner: FetchLike) {}

  advance(ms: number): void {
    this.time += ms;
  }

  paths(): string[] {
    return this.requests.map((r) => r.path);
  }

  /** The grant types the client asked the token endpoint for, in order. */
  grantTypes(): (string | undefined)[] {
    return this.requests.filter((r) => r.path === TOKEN_PATH).map((r) => (r.body as Record<string, string>)['grant_type']);
  }

  /** The request bodies sent to one `/v1/api/<call>`. */
  bodies(call: string): unknown[] {
    return this.requests.filter((r) => r.path === `/v1/api/${call}`).map((r) => r.body);
  }

  readonly fetch: FetchLike = async (url, init) => {
    const request = new Request(url, init);
    const raw = await request.clone().text();
    const path = new URL(request.url).pathname;
    const json = request.headers.get('content-type')?.includes('json') ?? false;
    const recorded: Recorded = {
      path,
      body: json ? (JSON.parse(raw || '{}') as unknown) : Object.fromEntries(new URLSearchParams(raw)),
      authorization: request.headers.get('authorization'),
    };
    this.requests.push(recorded);
    if (this.down) throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
    const override = this.overrides.findIndex((o) => o.path === path);
    let response: Response;
    if (override >= 0) {
      const [o] = this.overrides.splice(override, 1);
      response = new Response(JSON.stringify(o?.body), { status: o?.status ?? 500, headers: { 'content-type': 'application/json' } });
    } else {
      response = await this.inner(url, init);
    }
    recorded.status = response.status;
    const text = await response.clone().text();
    try {
      recorded.reply = text === '' ? undefined : (JSON.parse(text) as unknown);
    } catch {
      recorded.reply = text;
    }
    return response;
  };
}

export interface SdkTest extends TestApp {
  transport: Transport;
  /** The admin's client, through the transport and on its clock (logs in on first call). */
  client: Client;
  /** A client through the transport, on its clock; the admin's password login unless `auth` says otherwise. */
  clientWith(options?: Partial<ClientOptions>): Client;
  /** Adds a user directly through the server's service (no seat check is skipped: the real rules apply). */
  addUser(input: InviteInput): Promise<UserRecord>;
  /** A user as stored, by email. */
  user(email: string): Promise<UserRecord>;
}

/** A fresh real app on `database`, an admin, and the admin's SDK client through a transport stub. */
export async function sdkTest(database: TestDatabase, options: TestAppOptions = {}): Promise<SdkTest> {
  const t = await startTestApp(database, options);
  const transport = new Transport(t.fetch);
  const clientWith = (more: Partial<ClientOptions> = {}) =>
    new Client({ url: BASE_URL, fetch: transport.fetch, now: transport.now, auth: { type: 'password', username: ADMIN.email, password: ADMIN.password }, ...more });
  return {
    ...t,
    transport,
    client: clientWith(),
    clientWith,
    addUser: async (input) => (await t.app.services.users.invite(system, input)).user,
    user: async (email) => {
      const found = await t.app.services.users.getByEmail(email);
      if (!found) throw new Error(`no user ${email}`);
      return found;
    },
  };
}
