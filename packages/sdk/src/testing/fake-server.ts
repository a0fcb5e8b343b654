/**
 * A fake Paddock for unit tests of the SDK and CLI: a `fetch` that answers like docs/api.md,
 * in process, with a controllable clock. Not exported from the SDK's index.
 *
 * @example
 * const fake = new FakePaddock();
 * fake.addUser({ email: 'admin@ex.co', password: 'pw', role: 'admin' });
 * const client = new Client({ url: FAKE_URL, fetch: fake.fetch, now: fake.now, auth: {...} });
 */
import type { FetchLike } from '../fetching.js';
import { fakeApi } from './fake-api.js';
import { FakeError, FakeState } from './fake-state.js';
import type { FakeUser } from './fake-state.js';

export const FAKE_URL = 'http://paddock.test';
const TOKEN_PATH = '/auth/realms/master/protocol/openid-connect/token';
const REVOKE_PATH = '/auth/realms/master/protocol/openid-connect/revoke';
const DEVICE_PATH = '/auth/realms/master/protocol/openid-connect/auth/device';
const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

interface DeviceCode {
  userCode: string;
  expiresAt: number;
  polls: number;
}

interface Grant {
  userId: string;
  expiresAt: number;
}

export interface RecordedRequest {
  path: string;
  body: unknown;
  authorization: string | null;
}

export class FakePaddock {
  time = Date.UTC(2025, 0, 1, 12, 0, 0);
  readonly now = (): number => this.time;
  readonly state = new FakeState(this.now);
  readonly requests: RecordedRequest[] = [];
  /** Seconds an access token lives. */
  accessTtl = 300;
  refreshTtl = 1800;
  /** Confidential clients: id to secret and the user they act as. */
  readonly clients = new Map<string, { secret: string; userId: string }>();
  /** While true, every request fails as an unreachable server does. */
  down = false;
  /** Replies to send instead of the real ones, first in first out, for paths that match. */
  readonly overrides: { path: string; status: number; body: unknown }[] = [];
  /** Device logins: seconds a code lives and the poll interval it asks for. */
  deviceTtl = 600;
  deviceInterval = 5;
  /**
   * What the person in the browser does with a device code, seen from the second poll on (the
   * first answers authorization_pending): approve as a user, deny, or nothing yet (null).
   */
  deviceDecision: { approveAs: string } | 'deny' | null = null;
  readonly #devices = new Map<string, DeviceCode>();
  readonly #access = new Map<string, Grant>();
  readonly #refresh = new Map<string, Grant>();
  #serial = 0;

  addUser(input: Parameters<FakeState['addUser']>[0]): FakeUser {
    const seats = this.state.seats;
    this.state.seats = null;
    try {
      return this.state.addUser(input);
    } finally {
      this.state.seats = seats;
    }
  }

  advance(ms: number): void {
    this.time += ms;
  }

  /** Forgets every access token, as after a signing-key rotation: the next call gets a 401. */
  forgetAccessTokens(): void {
    this.#access.clear();
  }

  paths(): string[] {
    return this.requests.map((r) => r.path);
  }

  readonly fetch: FetchLike = async (url, init) => {
    if (this.down) throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
    const request = new Request(url, init);
    const path = new URL(url).pathname;
    const headers = request.headers;
    const authorization = headers.get('authorization');
    const raw = await request.text();
    const body: unknown = headers.get('content-type')?.includes('json') ? JSON.parse(raw || '{}') : Object.fromEntries(new URLSearchParams(raw));
    this.requests.push({ path, body, authorization });
    const override = this.overrides.findIndex((o) => o.path === path);
    if (override >= 0) {
      const [o] = this.overrides.splice(override, 1);
      return json(o?.status ?? 500, o?.body);
    }
    if (path === TOKEN_PATH) return this.#token(new URLSearchParams(raw), authorization);
    if (path === DEVICE_PATH) return this.#deviceAuthorization(new URLSearchParams(raw));
    if (path === REVOKE_PATH) {
      this.#refresh.delete(new URLSearchParams(raw).get('token') ?? '');
      return new Response(null, { status: 200 });
    }
    const call = path.replace(/^\/v1\/api\//, '');
    if (call === 'users/change_password' && authorization === null) return this.#changePassword((body ?? {}) as Record<string, unknown>);
    return this.#api(call, body, authorization);
  };

  /** `users/change_password` without a token: the current password authenticates it. */
  #changePassword(body: Record<string, unknown>): Response {
    const user = this.state.byEmail(typeof body['email'] === 'string' ? body['email'] : '');
    const next = body['new_password'];
    if (typeof next !== 'string' || next.length < 8 || next === body['password']) {
      return problem(new FakeError('VALIDATION_FAILED', 'new_password: must be at least 8 characters and differ from the current one'));
    }
    if (!user || !user.active || user.password === null || user.password !== body['password']) {
      return problem(new FakeError('UNAUTHENTICATED', 'Invalid email or password.'));
    }
    user.password = next;
    user.mustChangePassword = false;
    this.state.record(user, 'user.change_password', { type: 'user', id: user.id, label: user.email });
    return json(200, {});
  }

  #api(call: string, body: unknown, authorization: string | null): Response {
    const grant = this.#access.get(authorization?.replace(/^Bearer /, '') ?? '');
    const caller = grant && grant.expiresAt > this.time ? this.state.users.get(grant.userId) : undefined;
    if (!caller || !caller.active) return problem(new FakeError('UNAUTHENTICATED', 'Missing, expired or revoked token.'));
    const handler = fakeApi[call];
    if (!handler) return problem(new FakeError('NOT_FOUND', `No call ${call}.`));
    try {
      return json(200, handler(this.state, caller, (body ?? {}) as Record<string, unknown>));
    } catch (err) {
      if (err instanceof FakeError) return problem(err);
      throw err;
    }
  }

  #token(form: URLSearchParams, authorization: string | null): Response {
    let client: string | null = form.get('client_id');
    if (authorization?.startsWith('Basic ')) {
      const [id = '', secret = ''] = atob(authorization.slice(6)).split(':').map(decodeURIComponent);
      if (this.clients.get(id)?.secret !== secret) return oauth(401, 'invalid_client');
      client = id;
    } else if (client !== 'sdk-client') return oauth(401, 'invalid_client');
    switch (form.get('grant_type')) {
      case 'password': {
        const user = this.state.byEmail(form.get('username') ?? '');
        if (!user || !user.active || user.password === null || user.password !== form.get('password')) {
          return oauth(400, 'invalid_grant', 'Invalid user credentials');
        }
        if (user.mustChangePassword) return oauth(400, 'invalid_grant', 'Account is not fully set up: change the password first');
        user.lastLogin = this.time;
        return this.#issue(user.id, true);
      }
      case 'refresh_token': {
        const token = form.get('refresh_token') ?? '';
        const grant = this.#refresh.get(token);
        this.#refresh.delete(token);
        if (!grant || grant.expiresAt <= this.time || !this.state.users.get(grant.userId)?.active) {
          return oauth(400, 'invalid_grant', 'Token is not active');
        }
        return this.#issue(grant.userId, true);
      }
      case 'client_credentials': {
        const entry = client === null ? undefined : this.clients.get(client);
        if (!entry) return oauth(401, 'unauthorized_client');
        return this.#issue(entry.userId, false);
      }
      case DEVICE_GRANT:
        return this.#devicePoll(form.get('device_code') ?? '');
      default:
        return oauth(400, 'unsupported_grant_type');
    }
  }

  #deviceAuthorization(form: URLSearchParams): Response {
    if (form.get('client_id') !== 'sdk-client') return oauth(401, 'invalid_client');
    this.#serial += 1;
    const userCode = `WDJB-MJH${String.fromCharCode(64 + (this.#serial % 26) + 1)}`;
    const deviceCode = `device-${this.#serial}`;
    this.#devices.set(deviceCode, { userCode, expiresAt: this.time + this.deviceTtl * 1000, polls: 0 });
    const verificationUri = `${FAKE_URL}/auth/realms/master/device`;
    return json(200, {
      device_code: deviceCode,
      user_code: userCode,
      verification_uri: verificationUri,
      verification_uri_complete: `${verificationUri}?user_code=${userCode}`,
      expires_in: this.deviceTtl,
      interval: this.deviceInterval,
    });
  }

  #devicePoll(deviceCode: string): Response {
    const device = this.#devices.get(deviceCode);
    if (!device) return oauth(400, 'invalid_grant');
    if (device.expiresAt <= this.time) return oauth(400, 'expired_token');
    device.polls += 1;
    const decision = this.deviceDecision;
    if (device.polls < 2 || decision === null) return oauth(400, 'authorization_pending');
    this.#devices.delete(deviceCode);
    if (decision === 'deny') return oauth(400, 'access_denied', 'End-User aborted interaction');
    const user = this.state.byEmail(decision.approveAs);
    if (!user) return oauth(400, 'invalid_grant');
    return this.#issue(user.id, true);
  }

  #issue(userId: string, withRefresh: boolean): Response {
    this.#serial += 1;
    const payload = { sub: userId, iat: Math.floor(this.time / 1000), exp: Math.floor(this.time / 1000) + this.accessTtl, jti: this.#serial };
    const accessToken = `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(payload)}.fake`;
    this.#access.set(accessToken, { userId, expiresAt: this.time + this.accessTtl * 1000 });
    const reply: Record<string, unknown> = { access_token: accessToken, expires_in: this.accessTtl, token_type: 'Bearer' };
    if (withRefresh) {
      const refreshToken = `refresh-${this.#serial}`;
      this.#refresh.set(refreshToken, { userId, expiresAt: this.time + this.refreshTtl * 1000 });
      reply['refresh_token'] = refreshToken;
      reply['refresh_expires_in'] = this.refreshTtl;
    }
    return json(200, reply);
  }
}

function b64url(value: unknown): string {
  return btoa(JSON.stringify(value)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

function problem(err: FakeError): Response {
  return json(err.status, { msg: err.message, code: err.status, error: err.code });
}

function oauth(status: number, error: string, description?: string): Response {
  return json(status, description === undefined ? { error } : { error, error_description: description });
}
