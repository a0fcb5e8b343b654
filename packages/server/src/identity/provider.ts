import Provider, { errors, interactionPolicy } from 'oidc-provider';
import type { AccessToken, AdapterFactory, ClientCredentials, ClientMetadata, Configuration, KoaContextWithOIDC, ResourceServer } from 'oidc-provider';
import { DEFAULT_SCOPES, findActiveAccount, GENERATION_CLAIM, SCOPE_CLAIMS, SUPPORTED_SCOPES, toAccount } from './account.js';
import type { PaddockAccount } from './account.js';
import type { IdentityUsers } from './account.js';
import { ACCESS_TOKEN_TTL, API_AUDIENCE, API_RESOURCE, GRANT_TTL, REALM_PATH, REFRESH_TOKEN_TTL, ROLE_METADATA, SECRET_HASH_METADATA } from './clients.js';
import type { IdentityKeys } from './keys.js';
import { SIGNING_ALG } from './keys.js';
import { PADDOCK_ERROR, registerPasswordGrant } from './password-grant.js';
import type { IdentityThrottle } from './password-grant.js';
import { endSpentDeviceCode } from './device-codes.js';
import { acceptHashedSecrets } from './service-account-clients.js';
import { deviceSuccessSource, logoutSource, postLogoutSuccessSource, renderError, userCodeConfirmSource, userCodeInputSource } from './pages.js';

const OIDC = '/protocol/openid-connect';
/** Seconds between a device client's polls of the token endpoint. */
export const DEVICE_POLL_INTERVAL = 5;
export const USERINFO_ROUTE = `${OIDC}/userinfo`;

/** Keycloak's endpoint paths, relative to the issuer. */
const ROUTES = {
  authorization: `${OIDC}/auth`,
  device_authorization: `${OIDC}/auth/device`,
  code_verification: '/device',
  token: `${OIDC}/token`,
  jwks: `${OIDC}/certs`,
  userinfo: USERINFO_ROUTE,
  revocation: `${OIDC}/revoke`,
  end_session: `${OIDC}/logout`,
  introspection: `${OIDC}/token/introspect`,
  pushed_authorization_request: `${OIDC}/ext/par/request`,
  backchannel_authentication: `${OIDC}/ext/ciba/auth`,
  challenge: `${OIDC}/ext/challenge`,
  registration: '/clients-registrations/openid-connect',
  credential: `${OIDC}/ext/credential`,
} as const;

export interface ProviderOptions {
  issuer: string;
  publicUrl: string;
  keys: IdentityKeys;
  clients: ClientMetadata[];
  adapter: AdapterFactory;
  users: IdentityUsers;
  throttle: IdentityThrottle;
  trustProxy: boolean;
}

/** The Paddock API as oidc-provider's resource server: JWT access tokens, five minutes. */
export const API_RESOURCE_SERVER: ResourceServer = {
  scope: SUPPORTED_SCOPES.join(' '),
  audience: API_AUDIENCE,
  accessTokenTTL: ACCESS_TOKEN_TTL,
  accessTokenFormat: 'jwt',
  jwt: { sign: { alg: SIGNING_ALG } },
};

/** Paddock's own clients: their users are never asked for consent. */
const FIRST_PARTY_CLIENTS: ReadonlySet<string> = new Set(['dashboard', 'sdk-client']);

/**
 * oidc-provider's `loadExistingGrant`, creating or extending the Grant of a first-party client with
 * what it asked for (plus the default scopes, as the password grant gives), so that no consent
 * prompt ever comes up for them. Other clients keep the default behaviour.
 */
async function loadFirstPartyGrant(ctx: KoaContextWithOIDC) {
  const { oidc } = ctx;
  const { client, session } = oidc;
  if (!client || !session) return undefined;
  const grantId = oidc.result?.consent?.grantId ?? session.grantIdFor(client.clientId);
  const existing = grantId === undefined ? undefined : await oidc.provider.Grant.find(grantId);
  if (!FIRST_PARTY_CLIENTS.has(client.clientId) || session.accountId === undefined) return existing;
  const grant = existing ?? new oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
  const supported = new Set<string>(SUPPORTED_SCOPES);
  const scope = [...new Set([...DEFAULT_SCOPES, ...oidc.requestParamScopes])].filter((s) => supported.has(s)).join(' ');
  grant.addOIDCScope(scope);
  grant.addResourceScope(API_RESOURCE, scope);
  await grant.save();
  return grant;
}

/**
 * oidc-provider's prompts, less the consent it asks of every native client: the only one is
 * sdk-client, whose device logins already make the person confirm the code on the device page.
 */
function prompts() {
  const policy = interactionPolicy.base();
  policy.get('consent')?.checks.remove('native_client_prompt');
  return policy;
}

function configuration(options: ProviderOptions): Configuration {
  const { keys, users, publicUrl } = options;
  const publicOrigin = new URL(publicUrl).origin;
  return {
    adapter: options.adapter,
    clients: options.clients,
    jwks: keys.privateJwks,
    cookies: {
      keys: keys.cookieKeys,
      long: { signed: true, httpOnly: true, sameSite: 'lax' },
      short: { signed: true, httpOnly: true, sameSite: 'lax' },
    },
    findAccount: async (_ctx, sub) => findActiveAccount(users, sub),
    extraTokenClaims: async (ctx, token) => keycloakAccessClaims(ctx, token, users),
    claims: SCOPE_CLAIMS,
    scopes: [...SUPPORTED_SCOPES],
    routes: ROUTES,
    features: {
      // Its views accept any username: never in Paddock. Paddock's login page is login-page.ts.
      devInteractions: { enabled: false },
      // Sender-constrained tokens would pass the API's plain bearer check: keep every token a bearer token.
      dPoP: { enabled: false },
      clientCredentials: { enabled: true },
      deviceFlow: {
        enabled: true,
        charset: 'base-20',
        mask: '****-****',
        userCodeInputSource: async (ctx, form, out, err) => {
          await endSpentDeviceCode(ctx, err);
          userCodeInputSource(ctx, form, out, err);
        },
        userCodeConfirmSource,
        successSource: deviceSuccessSource,
      },
      revocation: {
        enabled: true,
        allowedPolicy: (_ctx, client, token) => token.clientId === client.clientId,
      },
      // The access tokens are JWTs for the API, which oidc-provider's userinfo refuses; Paddock serves it itself.
      userinfo: { enabled: false },
      rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => API_RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource) => {
          if (resource === API_RESOURCE) return API_RESOURCE_SERVER;
          throw new errors.InvalidTarget();
        },
      },
    },
    extraClientMetadata: {
      properties: [ROLE_METADATA, SECRET_HASH_METADATA],
      validator: (_ctx, key, value) => {
        if (key === ROLE_METADATA && value !== undefined && value !== 'admin' && value !== 'user') {
          throw new errors.InvalidClientMetadata(`${ROLE_METADATA} must be admin or user`);
        }
        if (key === SECRET_HASH_METADATA && value !== undefined && value !== 'sha256') {
          throw new errors.InvalidClientMetadata(`${SECRET_HASH_METADATA} must be sha256`);
        }
      },
    },
    // Keycloak answers every login with a refresh token.
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: true,
    // A device login lives on its own, as a password login does, not as long as the browser session
    // that approved it (whose save would also race the device's next poll).
    expiresWithSession: (_ctx, code) => code.kind !== 'DeviceCode' && !code.scopes.has('offline_access'),
    ttl: {
      AccessToken: ACCESS_TOKEN_TTL,
      ClientCredentials: ACCESS_TOKEN_TTL,
      IdToken: ACCESS_TOKEN_TTL,
      AuthorizationCode: 60,
      DeviceCode: 600,
      BackchannelAuthenticationRequest: 600,
      PreAuthorizedCode: 600,
      Interaction: 3600,
      Session: REFRESH_TOKEN_TTL,
      Grant: GRANT_TTL,
      // Twelve hours, renewed on each rotation, never past the login's Grant.
      RefreshToken: (_ctx, token) => Math.max(1, Math.min(REFRESH_TOKEN_TTL, GRANT_TTL - token.totalLifetime())),
    },
    interactions: {
      url: (_ctx, interaction) => `${REALM_PATH}/interaction/${interaction.uid}`,
      policy: prompts(),
    },
    loadExistingGrant: loadFirstPartyGrant,
    clientBasedCORS: (_ctx, origin) => origin === publicOrigin,
    renderError,
  };
}

/**
 * What Keycloak's access tokens say of their user, which the Wallaroo SDK reads without verifying
 * (`email` above all). Client-credentials tokens have no user and get none.
 */
async function keycloakAccessClaims(ctx: KoaContextWithOIDC | undefined, token: AccessToken | ClientCredentials, users: IdentityUsers) {
  const accountId = 'accountId' in token ? token.accountId : undefined;
  if (accountId === undefined) return undefined;
  // Every grant has loaded the account already (the password grant with it); read it only if not.
  const loaded = ctx?.oidc.entities.Account as Partial<PaddockAccount> | undefined;
  let account: PaddockAccount | undefined;
  if (loaded?.accountId === accountId && loaded.claims && typeof loaded.tokenGeneration === 'number') account = loaded as PaddockAccount;
  else {
    const user = await users.getById(accountId);
    account = user ? toAccount(user) : undefined;
  }
  if (!account) return undefined;
  const claims = await account.claims('userinfo', 'openid', {}, []);
  // The token's own `sub` stays oidc-provider's.
  return { ...Object.fromEntries(Object.entries(claims).filter(([name]) => name !== 'sub')), [GENERATION_CLAIM]: account.tokenGeneration };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Adds what Keycloak's replies have and oidc-provider's lack: `refresh_expires_in` beside a refresh
 * token, and the userinfo endpoint (served by Paddock) in the discovery document.
 */
async function keycloakReplies(koa: KoaContextWithOIDC, next: () => Promise<void>): Promise<void> {
  await next();
  const oidc = (koa as Partial<KoaContextWithOIDC>).oidc;
  const body: unknown = koa.body;
  const code: unknown = koa.state[PADDOCK_ERROR];
  if (oidc?.route === 'token' && typeof code === 'string' && koa.status >= 400 && isRecord(body)) body['paddock_error'] = code;
  if (!oidc || koa.status !== 200 || !isRecord(body)) return;
  if (oidc.route === 'token' && typeof body['refresh_token'] === 'string') {
    const refreshToken = oidc.entities.RefreshToken;
    if (refreshToken) body['refresh_expires_in'] = Math.max(0, refreshToken.remainingTTL);
  }
  // Keycloak tells device clients how often to poll (RFC 8628's default, five seconds); oidc-provider does not.
  if (oidc.route === 'device_authorization') body['interval'] = DEVICE_POLL_INTERVAL;
  if (oidc.route === 'discovery') {
    body['userinfo_endpoint'] = `${oidc.issuer}${USERINFO_ROUTE}`;
  }
}

/**
 * Every token issued for a user counts as their activity (see `recordActivity`): a refresh, the
 * code of a browser login that an existing session let through without a password, a device's
 * tokens. Password logins record theirs already; the write is skipped within minutes of the last.
 */
function activityOnTokens(users: IdentityUsers) {
  return async (koa: KoaContextWithOIDC, next: () => Promise<void>): Promise<void> => {
    await next();
    const oidc = (koa as Partial<KoaContextWithOIDC>).oidc;
    if (oidc?.route !== 'token' || koa.status !== 200) return;
    const accountId = oidc.entities.RefreshToken?.accountId ?? oidc.entities.Account?.accountId;
    if (accountId !== undefined) await users.recordActivity(accountId);
  };
}

/**
 * oidc-provider builds every URL it answers (discovery, device verification, redirects) from the
 * request's Host header; Paddock's are those of its configured public URL, whatever Host says.
 */
function canonicalOrigin(publicUrl: string) {
  const { origin, host } = new URL(publicUrl);
  return async (koa: KoaContextWithOIDC, next: () => Promise<void>): Promise<void> => {
    Object.defineProperty(koa, 'href', { value: `${origin}${koa.originalUrl}`, configurable: true });
    Object.defineProperty(koa, 'host', { value: host, configurable: true });
    await next();
  };
}

export function createProvider(options: ProviderOptions): Provider {
  const provider = new Provider(options.issuer, configuration(options));
  provider.proxy = options.trustProxy;
  acceptHashedSecrets(provider);
  registerPasswordGrant(provider, options.users, options.throttle, API_RESOURCE_SERVER);
  provider.use(canonicalOrigin(options.publicUrl));
  provider.use(keycloakReplies);
  provider.use(activityOnTokens(options.users));
  return provider;
}
