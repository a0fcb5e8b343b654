import type { FastifyBaseLogger, FastifyPluginAsync } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Clock } from '../deps.js';
import type { IdentityUsers } from './account.js';
import { adapterFactory, purgeExpired } from './adapter.js';
import { API_AUDIENCE, clientRole, REALM_PATH, staticClients } from './clients.js';
import { logProviderEvents, safeError } from './events.js';
import { loadKeys, SIGNING_ALG } from './keys.js';
import { loginPage } from './login-page.js';
import { identityPlugin } from './mount.js';
import type { IdentityThrottle } from './password-grant.js';
import { createProvider } from './provider.js';
import { brokerRedirectUri, ssoBroker } from './sso-pages.js';
import type { Upstream } from './upstream.js';
import type { SsoService } from '../services/sso.js';
import { createVerifier } from './verify.js';
import type { TokenSubject } from './verify.js';
import type { Soon } from '../soon.js';

export type { TokenSubject } from './verify.js';
export { resolveApiClientSecret } from './secret.js';
export { API_AUDIENCE, REALM_PATH } from './clients.js';
export { createUpstream } from './upstream.js';
export type { Upstream } from './upstream.js';

export interface IdentityDeps {
  /** Migrated database (oidc_payloads and settings tables). */
  db: Kysely<Database>;
  /** Base URL the server is reached at; the issuer is `${publicUrl}/auth/realms/master`. */
  publicUrl: string;
  apiClientSecret: string;
  users: IdentityUsers;
  /** Failed password logins, throttled per account and per client address. */
  throttle: IdentityThrottle;
  /** Outside OpenID providers: which exist, and who their accounts are in Paddock. */
  sso: Pick<SsoService, 'find' | 'signIn' | 'offered'>;
  /** Paddock as a client of those providers. */
  upstream: Upstream;
  clock: Clock;
  logger: FastifyBaseLogger;
  /** Trust X-Forwarded-* headers (behind a TLS-terminating proxy). Default false. */
  trustProxy?: boolean;
}

export interface Identity {
  /** `<public url>/auth/realms/master`: the `iss` of every token. */
  issuer: string;
  /** Register at the app's root (no prefix): serves everything under /auth/realms/master. */
  plugin: FastifyPluginAsync;
  /** Throws AppError('UNAUTHENTICATED') for any bad, expired or foreign token. */
  verifyAccessToken(token: string): Soon<TokenSubject>;
  /** Where provider `alias` sends the browser back: what an admin registers there. */
  brokerRedirectUri: (alias: string) => string;
  close(): Promise<void>;
}

const PURGE_EVERY_MS = 15 * 60 * 1000;

/**
 * Paddock's OAuth 2 / OpenID Connect server: oidc-provider at Keycloak's paths, its state in the
 * database, its keys in the settings table (shared by every process on that database).
 */
export async function createIdentity(deps: IdentityDeps): Promise<Identity> {
  const { db, clock, logger, users } = deps;
  const publicUrl = deps.publicUrl.replace(/\/+$/, '');
  const issuer = `${publicUrl}${REALM_PATH}`;
  const keys = await loadKeys(db);
  const clients = staticClients(publicUrl, deps.apiClientSecret);

  const provider = createProvider({
    issuer,
    publicUrl,
    keys,
    clients,
    adapter: adapterFactory(db, clock),
    users,
    throttle: deps.throttle,
    trustProxy: deps.trustProxy ?? false,
  });
  const stopLogging = logProviderEvents(provider, logger);
  const verifier = createVerifier({
    issuer,
    audience: API_AUDIENCE,
    algorithms: [SIGNING_ALG],
    jwks: keys.publicJwks,
    clock,
    clientRole: async (clientId) => clientRole(provider, clientId),
  });

  // Expired sessions, grants and refresh tokens would otherwise pile up; every process may purge.
  let purging: Promise<void> = Promise.resolve();
  const purge = setInterval(() => {
    purging = purgeExpired(db, clock).then(
      () => undefined,
      (err: unknown) => logger.warn({ err: safeError(err) }, 'could not purge expired OpenID artefacts'),
    );
  }, PURGE_EVERY_MS);
  purge.unref();

  return {
    issuer,
    plugin: identityPlugin({
      provider,
      issuer,
      users,
      verify: verifier.verify,
      logger,
      loginPage: loginPage({
        provider,
        users,
        throttle: deps.throttle,
        csrfKeys: keys.cookieKeys,
        trustProxy: deps.trustProxy ?? false,
        offered: deps.sso.offered,
      }),
      ssoBroker: ssoBroker({ provider, sso: deps.sso, upstream: deps.upstream, publicUrl, csrfKeys: keys.cookieKeys, clock }),
    }),
    verifyAccessToken: verifier.verify,
    brokerRedirectUri: (alias) => brokerRedirectUri(publicUrl, alias),
    async close() {
      clearInterval(purge);
      stopLogging();
      verifier.clear();
      // The caller closes the database next: let a purge in flight finish first.
      await purging;
    },
  };
}
