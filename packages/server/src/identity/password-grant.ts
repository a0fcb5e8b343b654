import { errors } from 'oidc-provider';
import type { IdToken, Provider, ResourceServer, TokenEndpointGrantContext } from 'oidc-provider';
import { DEFAULT_SCOPES, SUPPORTED_SCOPES, toAccount } from './account.js';
import type { IdentityUsers } from './account.js';
import type { LoginThrottleService } from '../services/login-throttle.js';
import { providerEpochSeconds } from './provider-time.js';
import { API_RESOURCE } from './clients.js';

/** Longer than any email (254) or password Paddock accepts; anything beyond is malformed input. */
const MAX_USERNAME = 320;
const MAX_PASSWORD = 1024;

const PARAMETERS = ['username', 'password', 'scope'] as const;

type Params = { [K in (typeof PARAMETERS)[number]]?: string | undefined };

/**
 * Where a grant leaves the catalogue code of a refusal that OAuth's error codes cannot say; the
 * token endpoint's reply then carries it as `paddock_error` beside `error` and `error_description`.
 */
export const PADDOCK_ERROR = 'paddockError';

export type IdentityThrottle = Pick<LoginThrottleService, 'attempt'>;

function required(value: string | undefined, name: string, max: number): string {
  if (value === undefined || value === '') throw new errors.InvalidRequest(`missing required parameter '${name}'`);
  if (value.length > max) throw new errors.InvalidRequest(`parameter '${name}' is too long`);
  return value;
}

/** The requested scopes plus the default ones; an unknown scope is refused. */
function grantedScopes(requested: string | undefined): Set<string> {
  const supported = new Set<string>(SUPPORTED_SCOPES);
  const scopes = new Set<string>(DEFAULT_SCOPES);
  for (const scope of requested?.split(' ') ?? []) {
    if (scope === '') continue;
    if (!supported.has(scope)) throw new errors.InvalidScope('requested scope is not supported', scope);
    scopes.add(scope);
  }
  return scopes;
}

/**
 * Keycloak's resource owner password grant (`grant_type=password`, `username`, `password`, optional
 * `scope`). A successful login creates a Grant and answers with a JWT access token for the Paddock
 * API and a refresh token that oidc-provider's own refresh_token grant then rotates.
 */
export function registerPasswordGrant(provider: Provider, users: IdentityUsers, throttle: IdentityThrottle, apiResource: ResourceServer): void {
  async function handler(ctx: TokenEndpointGrantContext<Params>): Promise<void> {
    const { params, client } = ctx.oidc;
    const username = required(params.username, 'username', MAX_USERNAME);
    const password = required(params.password, 'password', MAX_PASSWORD);
    const scopes = grantedScopes(params.scope);
    const scope = [...scopes].join(' ');

    // One answer for an unknown email, a wrong password, an inactive user and a locked account or address.
    const login = await throttle.attempt(username, ctx.ip, async () => users.authenticate(username, password));
    if (!login) throw new errors.InvalidGrant('invalid username or password');
    // Floating seats with none free: the password was right, so say why, whom to ask, and the catalogue code.
    if (!login.ok && login.refused === 'SEAT_LIMIT_REACHED') {
      ctx.state[PADDOCK_ERROR] = 'SEAT_LIMIT_REACHED';
      throw new errors.CustomOIDCProviderError('invalid_grant', login.message);
    }
    // Keycloak's words for a pending required action; the password was right, so say what to do.
    if (!login.ok) {
      throw new errors.CustomOIDCProviderError(
        'invalid_grant',
        'Account is not fully set up: change the password first (users/change_password, or `paddock password change`)',
      );
    }
    const { user } = login;
    const account = toAccount(user);
    ctx.oidc.entity('Account', account);
    // oidc-provider stamps every token with the system time; auth_time goes with them.
    const authTime = providerEpochSeconds();

    const grant = new provider.Grant({ accountId: user.id, clientId: client.clientId });
    grant.addOIDCScope(scopes);
    grant.addResourceScope(API_RESOURCE, scope);
    const grantId = await grant.save();
    ctx.oidc.entity('Grant', grant);

    const resourceServer = new provider.ResourceServer(API_RESOURCE, apiResource);
    const at = new provider.AccessToken({ accountId: user.id, client, grantId, gty: 'password', resourceServer });
    at.scope = grant.getResourceScopeFiltered(API_RESOURCE, [...scopes].filter((s) => resourceServer.scopes.has(s)));
    ctx.oidc.entity('AccessToken', at);
    const accessToken = await at.save();

    let refreshToken: string | undefined;
    if (client.grantTypeAllowed('refresh_token')) {
      const rt = new provider.RefreshToken({ accountId: user.id, client, grantId, gty: 'password', resource: API_RESOURCE, scope, authTime, rotations: 0 });
      ctx.oidc.entity('RefreshToken', rt);
      refreshToken = await rt.save();
    }

    let idToken: string | undefined;
    if (scopes.has('openid')) {
      const token = new provider.IdToken(await account.claims('id_token', scope, {}, []), { ctx });
      (token as IdToken & { scope: string }).scope = scope;
      token.set('auth_time', authTime);
      idToken = await token.issue({ use: 'idtoken' });
    }

    ctx.body = {
      access_token: accessToken,
      expires_in: at.expiration,
      ...(refreshToken === undefined ? {} : { refresh_token: refreshToken }),
      ...(idToken === undefined ? {} : { id_token: idToken }),
      scope: at.scope,
      token_type: at.tokenType,
    };
  }

  provider.registerGrantType<Params>('password', handler, PARAMETERS);
}
