import * as oidc from 'openid-client';
import { isLoopbackHttp } from '../domain/rules.js';
import type { Clock } from '../deps.js';
import { AppError } from '../errors.js';
import type { ExternalClaims, SsoProviderSettings } from '../services/sso.js';

/** What the broker keeps (in a signed cookie) between sending the browser out and its return. */
export interface UpstreamChecks {
  state: string;
  nonce: string;
  verifier: string;
}

/** The upstream provider refused or failed the sign-in; `reason` is safe to show (OAuth error codes). */
export class UpstreamError extends Error {
  override name = 'UpstreamError';
  constructor(readonly reason: string) {
    super(reason);
  }
}

export interface Upstream {
  /** The provider's authorization URL for this sign-in, and the checks its answer must pass. */
  start(provider: SsoProviderSettings, redirectUri: string): Promise<{ url: string; checks: UpstreamChecks }>;
  /** Exchanges the code the browser brought back (PKCE, state, nonce checked) for the person's claims. */
  finish(provider: SsoProviderSettings, callback: URL, checks: UpstreamChecks): Promise<ExternalClaims>;
  /** Throws AppError SSO_DISCOVERY_FAILED unless the issuer answers discovery. */
  check(provider: SsoProviderSettings): Promise<void>;
}

const TIMEOUT_SECONDS = 10;
/** Discovery answers are reused this long; a changed provider (new key, new secret) is re-discovered. */
const CACHE_MS = 10 * 60 * 1000;

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** email_verified as providers send it: a boolean, or (some of them) the string "true". */
function verified(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  return undefined;
}

function describe(err: unknown): string {
  if (err instanceof oidc.AuthorizationResponseError || err instanceof oidc.ResponseBodyError) return err.error;
  if (err instanceof oidc.ClientError) return err.code ?? 'client_error';
  return 'unreachable';
}

/**
 * Paddock as a relying party of outside OpenID providers, through the certified client
 * `openid-client`: discovery (cached), authorization code with PKCE, state and nonce, ID token
 * validation, and userinfo when the ID token lacks the email.
 */
export function createUpstream(clock: Clock): Upstream {
  const cache = new Map<string, { at: number; config: Promise<oidc.Configuration> }>();

  async function configuration(provider: SsoProviderSettings): Promise<oidc.Configuration> {
    const key = JSON.stringify([provider.issuer, provider.clientId, provider.clientSecret]);
    const hit = cache.get(key);
    if (hit && clock.now() - hit.at < CACHE_MS) return hit.config;
    const issuer = new URL(provider.issuer);
    const config = oidc.discovery(issuer, provider.clientId, provider.clientSecret, undefined, {
      timeout: TIMEOUT_SECONDS,
      ...(isLoopbackHttp(issuer) && { execute: [oidc.allowInsecureRequests] }),
    });
    cache.set(key, { at: clock.now(), config });
    // A failed discovery is not remembered: the next sign-in tries again.
    config.catch(() => cache.delete(key));
    return config;
  }

  async function configured(provider: SsoProviderSettings): Promise<oidc.Configuration> {
    try {
      return await configuration(provider);
    } catch (err) {
      throw new UpstreamError(describe(err));
    }
  }

  return {
    async start(provider, redirectUri) {
      const config = await configured(provider);
      const checks = { state: oidc.randomState(), nonce: oidc.randomNonce(), verifier: oidc.randomPKCECodeVerifier() };
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: 'openid email profile',
        state: checks.state,
        nonce: checks.nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(checks.verifier),
        code_challenge_method: 'S256',
      });
      return { url: url.href, checks };
    },

    async finish(provider, callback, checks) {
      const config = await configured(provider);
      try {
        const tokens = await oidc.authorizationCodeGrant(config, callback, {
          pkceCodeVerifier: checks.verifier,
          expectedState: checks.state,
          expectedNonce: checks.nonce,
          idTokenExpected: true,
        });
        const idToken = tokens.claims();
        if (!idToken) throw new UpstreamError('missing_id_token');
        let claims: Record<string, unknown> = idToken;
        if (str(idToken['email']) === undefined) {
          // Many providers put the email in userinfo only.
          claims = { ...idToken, ...(await oidc.fetchUserInfo(config, tokens.access_token, idToken.sub)) };
        }
        return {
          subject: idToken.sub,
          email: str(claims['email']),
          emailVerified: verified(claims['email_verified']),
          firstName: str(claims['given_name']),
          lastName: str(claims['family_name']),
        };
      } catch (err) {
        if (err instanceof UpstreamError) throw err;
        throw new UpstreamError(describe(err));
      }
    },

    async check(provider) {
      try {
        await configuration(provider);
      } catch (err) {
        throw new AppError('SSO_DISCOVERY_FAILED', `The issuer ${provider.issuer} did not answer OpenID discovery (${describe(err)}).`);
      }
    },
  };
}
