import { PaddockError } from './errors.js';
import { errorFromTokenReply, readBody, send } from './fetching.js';
import type { FetchLike } from './fetching.js';
import { decodeJwtPayload, isRecord } from './jwt.js';
import type { WireDeviceAuthorizationReply, WireTokenReply } from './types.js';

/** Log in with an email and password (OAuth password grant, public client `sdk-client` by default). */
export interface PasswordAuth {
  type: 'password';
  username: string;
  password: string;
  /** For a confidential client such as `api-client`: sent with HTTP Basic instead of `client_id`. */
  clientSecret?: string;
}

/** A confidential client (a service account) with its secret: OAuth client-credentials grant. */
export interface ClientCredentialsAuth {
  type: 'clientCredentials';
  clientId: string;
  clientSecret: string;
}

/** Tokens obtained earlier (for instance stored by the CLI). Refreshed when a refresh token is given. */
export interface TokenAuth {
  type: 'token';
  accessToken: string;
  refreshToken?: string;
  /** Epoch milliseconds; read from the token's `exp` claim when not given. */
  expiresAt?: number;
  refreshExpiresAt?: number;
}

/** What to show the person who approves a device login in their browser. */
export interface DevicePrompt {
  /** The page where they enter the code. */
  verificationUri: string;
  /** The same page with the code filled in, when the server gives one. */
  verificationUriComplete: string | null;
  /** The code to enter, for instance `WDJB-MJHT`. */
  userCode: string;
  /** Seconds until the code expires. */
  expiresIn: number;
}

/**
 * The OAuth device authorization grant (RFC 8628), for terminals and notebooks: the client asks
 * for a code, `onPrompt` shows it, someone approves it in a browser, and the client's polling
 * then gets the tokens. Denial (or a code spent in the browser) raises `ACCESS_DENIED`, expiry (or a code the
 * server no longer knows) `DEVICE_CODE_EXPIRED`, at the first poll that says so.
 *
 * @example
 * const client = new Client({
 *   url: 'https://paddock.example.com',
 *   auth: {
 *     type: 'device',
 *     onPrompt: ({ verificationUri, userCode }) => console.log(`Open ${verificationUri} and enter the code ${userCode}`),
 *   },
 * });
 * await client.login(); // returns once the code is approved
 */
export interface DeviceAuth {
  type: 'device';
  /** Called once the server has issued the code (by default nothing is shown). */
  onPrompt?: (info: DevicePrompt) => void;
}

/** How a {@link Client} authenticates: a discriminated union on `type`. */
export type Auth = PasswordAuth | ClientCredentialsAuth | TokenAuth | DeviceAuth;

/** The tokens a client holds; times are epoch milliseconds, null when unknown. */
export interface Tokens {
  accessToken: string;
  refreshToken: string | null;
  expiresAt: number | null;
  refreshExpiresAt: number | null;
}

export interface TokenManagerOptions {
  tokenUrl: string;
  deviceUrl: string;
  /** Waits between device-flow polls; tests pass one that advances a fake clock. */
  sleep: (ms: number) => Promise<void>;
  fetch: FetchLike;
  auth: Auth;
  clientId: string;
  now: () => number;
  onTokens: ((tokens: Tokens) => void) | undefined;
}

export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
/** What a device login asks for: the scopes the password grant gives. */
const DEVICE_SCOPE = 'openid profile email roles';
/** RFC 8628: poll every 5 s unless told otherwise; `slow_down` adds 5 s. */
const DEFAULT_INTERVAL_S = 5;
const SLOW_DOWN_MS = 5000;

/** Renew this long before expiry (at most half the token's life). */
const RENEW_MARGIN_MS = 30_000;

/** Obtains, keeps and renews the access token. Concurrent callers share one grant in flight. */
export class TokenManager {
  readonly #opts: TokenManagerOptions;
  #tokens: Tokens | null = null;
  #pending: Promise<Tokens> | null = null;
  #issuedAt = 0;

  constructor(opts: TokenManagerOptions) {
    this.#opts = opts;
    const { auth } = opts;
    if (auth.type === 'token') {
      const claims = decodeJwtPayload(auth.accessToken);
      const exp = claims?.['exp'];
      const iat = claims?.['iat'];
      this.#tokens = {
        accessToken: auth.accessToken,
        refreshToken: auth.refreshToken ?? null,
        expiresAt: auth.expiresAt ?? (typeof exp === 'number' ? exp * 1000 : null),
        refreshExpiresAt: auth.refreshExpiresAt ?? null,
      };
      this.#issuedAt = typeof iat === 'number' ? iat * 1000 : opts.now();
    }
  }

  get tokens(): Tokens | null {
    return this.#tokens === null ? null : { ...this.#tokens };
  }

  /** A valid access token, obtaining or renewing one first when needed. */
  async accessToken(): Promise<string> {
    const current = this.#tokens;
    if (current !== null && !this.#nearExpiry(current)) return current.accessToken;
    return (await this.#once(async () => (current === null ? this.#login() : this.#renew()))).accessToken;
  }

  /** After the server refused `rejected` (a 401): renew it, unless someone already did. */
  async renewAfterRejection(rejected: string): Promise<string> {
    const current = this.#tokens;
    if (current !== null && current.accessToken !== rejected) return current.accessToken;
    return (await this.#once(async () => this.#renew())).accessToken;
  }

  /** Forgets the tokens and, best effort, revokes the refresh token at the server. */
  async revoke(revokeUrl: string): Promise<void> {
    const refreshToken = this.#tokens?.refreshToken;
    this.#tokens = null;
    if (!refreshToken) return;
    const res = await send(this.#opts.fetch, revokeUrl, this.#request({ token: refreshToken, token_type_hint: 'refresh_token' }));
    await readBody(res);
  }

  #nearExpiry(tokens: Tokens): boolean {
    if (tokens.expiresAt === null) return false;
    const margin = Math.max(0, Math.min(RENEW_MARGIN_MS, (tokens.expiresAt - this.#issuedAt) / 2));
    return this.#opts.now() >= tokens.expiresAt - margin;
  }

  async #once(grant: () => Promise<Tokens>): Promise<Tokens> {
    this.#pending ??= grant().finally(() => {
      this.#pending = null;
    });
    return await this.#pending;
  }

  async #renew(): Promise<Tokens> {
    const tokens = this.#tokens;
    const now = this.#opts.now();
    const refreshable =
      tokens?.refreshToken && (tokens.refreshExpiresAt === null || now < tokens.refreshExpiresAt);
    if (tokens && refreshable) {
      try {
        return await this.#grant({ grant_type: 'refresh_token', refresh_token: tokens.refreshToken ?? '' });
      } catch (err) {
        if (!(err instanceof PaddockError && err.code === 'UNAUTHENTICATED')) throw err;
        if (!this.#canLogin()) throw err.details?.['oauthError'] === 'invalid_grant' ? loginEnded() : err;
      }
    }
    if (this.#canLogin()) return await this.#login();
    throw new PaddockError('UNAUTHENTICATED', 'The session has expired and cannot be renewed; log in again.');
  }

  #canLogin(): boolean {
    return this.#opts.auth.type !== 'token';
  }

  async #login(): Promise<Tokens> {
    const { auth } = this.#opts;
    switch (auth.type) {
      case 'password':
        return await this.#grant({ grant_type: 'password', username: auth.username, password: auth.password });
      case 'clientCredentials':
        return await this.#grant({ grant_type: 'client_credentials' });
      case 'device':
        return await this.#deviceLogin(auth);
      case 'token':
        throw new PaddockError('UNAUTHENTICATED', 'No valid access token; log in again.');
    }
  }

  async #deviceLogin(auth: DeviceAuth): Promise<Tokens> {
    const { fetch, deviceUrl, now, sleep } = this.#opts;
    const res = await send(fetch, deviceUrl, this.#request({ scope: DEVICE_SCOPE }));
    const body = await readBody(res);
    if (!res.ok || !isDeviceReply(body)) throw errorFromTokenReply(res.status, body);
    const expiresAt = now() + body.expires_in * 1000;
    auth.onPrompt?.({
      verificationUri: body.verification_uri,
      verificationUriComplete: body.verification_uri_complete ?? null,
      userCode: body.user_code,
      expiresIn: body.expires_in,
    });
    let interval = (body.interval ?? DEFAULT_INTERVAL_S) * 1000;
    for (;;) {
      await sleep(interval);
      if (now() >= expiresAt) throw expired();
      try {
        return await this.#grant({ grant_type: DEVICE_CODE_GRANT, device_code: body.device_code });
      } catch (err) {
        const oauthError = err instanceof PaddockError ? err.details?.['oauthError'] : undefined;
        if (oauthError === 'authorization_pending') continue;
        if (oauthError === 'slow_down') interval += SLOW_DOWN_MS;
        else throw deviceRefusal(err);
      }
    }
  }

  async #grant(form: Record<string, string>): Promise<Tokens> {
    const { fetch, tokenUrl, now } = this.#opts;
    const started = now();
    const res = await send(fetch, tokenUrl, this.#request(form));
    const body = await readBody(res);
    if (!res.ok || !isTokenReply(body)) throw errorFromTokenReply(res.status, body);
    const keep = this.#tokens?.refreshToken ?? null;
    this.#issuedAt = started;
    this.#tokens = {
      accessToken: body.access_token,
      refreshToken: body.refresh_token ?? (form['grant_type'] === 'refresh_token' ? keep : null),
      expiresAt: body.expires_in === undefined ? null : started + body.expires_in * 1000,
      refreshExpiresAt:
        body.refresh_expires_in === undefined || body.refresh_expires_in === 0
          ? null
          : started + body.refresh_expires_in * 1000,
    };
    this.#opts.onTokens?.({ ...this.#tokens });
    return this.#tokens;
  }

  /** A form-encoded POST carrying the client's identity (HTTP Basic for confidential clients). */
  #request(form: Record<string, string>): RequestInit {
    const { auth, clientId } = this.#opts;
    const headers: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    };
    const params = new URLSearchParams(form);
    if (auth.type === 'clientCredentials') headers['authorization'] = basic(auth.clientId, auth.clientSecret);
    else if (auth.type === 'password' && auth.clientSecret !== undefined) {
      headers['authorization'] = basic(clientId, auth.clientSecret);
    } else params.set('client_id', clientId);
    return { method: 'POST', headers, body: params.toString() };
  }
}

function basic(id: string, secret: string): string {
  return `Basic ${btoa(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`)}`;
}

/**
 * A refresh token refused (`invalid_grant`) before its expiry: the server ended the login. Its
 * details carry `loginEnded: true`, which callers such as the CLI use to say so.
 */
function loginEnded(): PaddockError {
  return new PaddockError(
    'UNAUTHENTICATED',
    'The login has ended (the session was revoked, or the account was deactivated or changed); log in again.',
    { oauthError: 'invalid_grant', loginEnded: true },
  );
}

/**
 * A device code that can no longer be approved, as the code the SDK raises: `access_denied` (refused
 * or cancelled in the browser, or spent there) is ACCESS_DENIED; `expired_token`, and
 * `invalid_grant` (a code the server no longer knows, or already used), DEVICE_CODE_EXPIRED.
 * Anything else passes through.
 */
function deviceRefusal(err: unknown): unknown {
  if (!(err instanceof PaddockError)) return err;
  const oauthError = err.details?.['oauthError'];
  if (oauthError === 'expired_token') return expired();
  if (oauthError === 'invalid_grant') {
    return new PaddockError('DEVICE_CODE_EXPIRED', 'The device code can no longer be approved (it expired, or was already used); log in again for a new code.', {
      oauthError,
    });
  }
  if (oauthError === 'access_denied') {
    const reason = err.details?.['oauthErrorDescription'];
    // oidc-provider's own description of a Cancel on the code page.
    const why =
      typeof reason !== 'string' || reason === '' || reason === 'End-User aborted interaction'
        ? 'the sign-in was cancelled'
        : `${reason.charAt(0).toLowerCase()}${reason.slice(1).replace(/\.$/, '')}`;
    return new PaddockError('ACCESS_DENIED', `The device login was refused in the browser (${why}); log in again for a new code.`, { oauthError });
  }
  return err;
}

function expired(): PaddockError {
  return new PaddockError('DEVICE_CODE_EXPIRED', 'The device code expired before the login was approved; log in again for a new code.', {
    oauthError: 'expired_token',
  });
}

function isDeviceReply(body: unknown): body is WireDeviceAuthorizationReply {
  return (
    isRecord(body) &&
    typeof body['device_code'] === 'string' &&
    typeof body['user_code'] === 'string' &&
    typeof body['verification_uri'] === 'string' &&
    typeof body['expires_in'] === 'number'
  );
}

function isTokenReply(body: unknown): body is WireTokenReply {
  return isRecord(body) && typeof body['access_token'] === 'string';
}
