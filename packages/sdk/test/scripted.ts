/**
 * A scripted `fetch` for the SDK's own unit tests: it answers each path from a queue of replies
 * the test gives (or a default), records what was asked, and keeps a clock the client reads.
 * It holds no rules of the server: the SDK's behaviour against the real server is tested in
 * packages/server/test/sdk. This is for what the server cannot show on demand (device-login
 * timing, replies it would not send now).
 */
import type { FetchLike } from '../src/fetching.js';

export const URL_BASE = 'http://paddock.test';
export const TOKEN_PATH = '/auth/realms/master/protocol/openid-connect/token';
export const DEVICE_PATH = '/auth/realms/master/protocol/openid-connect/auth/device';

export interface Reply {
  status: number;
  body: unknown;
}

export class Scripted {
  time = Date.UTC(2025, 0, 1, 12, 0, 0);
  readonly now = (): number => this.time;
  readonly requests: { path: string; body: unknown; authorization: string | null }[] = [];
  readonly #queued = new Map<string, Reply[]>();
  readonly #defaults = new Map<string, Reply>();

  advance(ms: number): void {
    this.time += ms;
  }

  /** Queues a reply for one request to `path`. */
  reply(path: string, status: number, body: unknown): this {
    this.#queued.set(path, [...(this.#queued.get(path) ?? []), { status, body }]);
    return this;
  }

  /** The reply to `path` once its queue is empty. */
  otherwise(path: string, status: number, body: unknown): this {
    this.#defaults.set(path, { status, body });
    return this;
  }

  count(path: string): number {
    return this.requests.filter((r) => r.path === path).length;
  }

  readonly fetch: FetchLike = async (url, init) => {
    const request = new Request(url, init);
    const raw = await request.text();
    const path = new URL(request.url).pathname;
    const json = request.headers.get('content-type')?.includes('json') ?? false;
    this.requests.push({ path, body: json ? (JSON.parse(raw || '{}') as unknown) : Object.fromEntries(new URLSearchParams(raw)), authorization: request.headers.get('authorization') });
    const reply = this.#queued.get(path)?.shift() ?? this.#defaults.get(path);
    if (!reply) throw new Error(`no reply scripted for ${path}`);
    return new Response(JSON.stringify(reply.body), { status: reply.status, headers: { 'content-type': 'application/json' } });
  };
}

/** A token endpoint's grant reply, with an access token shaped like a JWT. */
export function grant(now: number, accessTtl = 300): Record<string, unknown> {
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const iat = Math.floor(now / 1000);
  return {
    access_token: `${b64({ alg: 'none', typ: 'at+jwt' })}.${b64({ sub: 'u1', iat, exp: iat + accessTtl })}.sig`,
    expires_in: accessTtl,
    refresh_token: `refresh-${iat}`,
    refresh_expires_in: 1800,
    token_type: 'Bearer',
  };
}
