import type Provider from 'oidc-provider';
import type { ClientMetadata } from 'oidc-provider';

/** Where the realm lives, relative to the public URL; the issuer is `<publicUrl>` + this. */
export const REALM_PATH = '/auth/realms/master';

/** The Paddock API as a resource server: the resource indicator access tokens are issued for, and their `aud`. */
export const API_RESOURCE = 'urn:paddock:api';
export const API_AUDIENCE = 'paddock-api';

/** Lifetimes, in seconds. */
export const ACCESS_TOKEN_TTL = 300;
export const REFRESH_TOKEN_TTL = 12 * 60 * 60;
/** The longest a login (a Grant and its chain of rotated refresh tokens) lives. */
export const GRANT_TTL = 14 * 24 * 60 * 60;

export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

export type ClientRole = 'admin' | 'user';

/** Client metadata key carrying the role a confidential client acts with on client-credentials tokens. */
export const ROLE_METADATA = 'paddock_role';

/** Client metadata key marking `client_secret` as a hash (its algorithm, `sha256`): service accounts. */
export const SECRET_HASH_METADATA = 'paddock_secret_hash';

/** The clients every Paddock serves, as Keycloak's realm has them. */
export function staticClients(publicUrl: string, apiClientSecret: string): ClientMetadata[] {
  return [
    {
      client_id: 'sdk-client',
      client_name: 'Paddock SDK and CLI',
      token_endpoint_auth_method: 'none',
      application_type: 'native',
      grant_types: ['password', 'refresh_token', DEVICE_CODE_GRANT],
      response_types: [],
      redirect_uris: [],
    },
    {
      client_id: 'api-client',
      client_name: 'Paddock API scripts',
      client_secret: apiClientSecret,
      // client_secret_post is accepted too: oidc-provider takes either for a secret-based client.
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['password', 'client_credentials', 'refresh_token'],
      response_types: [],
      redirect_uris: [],
      [ROLE_METADATA]: 'admin' satisfies ClientRole,
    },
    {
      client_id: 'dashboard',
      client_name: 'Paddock dashboard',
      token_endpoint_auth_method: 'none',
      application_type: 'web',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: [`${publicUrl}/`, `${publicUrl}/auth/callback`],
      post_logout_redirect_uris: [`${publicUrl}/`],
    },
  ];
}

/**
 * The role a client acts with on its own tokens, read from its metadata (static clients, and service
 * accounts through the adapter); undefined when it has none (public clients, unknown ids).
 */
export async function clientRole(provider: Provider, clientId: string): Promise<ClientRole | undefined> {
  let role: unknown;
  try {
    role = (await provider.Client.find(clientId))?.[ROLE_METADATA];
  } catch {
    return undefined;
  }
  return role === 'admin' || role === 'user' ? role : undefined;
}
