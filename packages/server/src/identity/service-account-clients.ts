import type { Kysely } from 'kysely';
import type { Adapter, AdapterPayload, ClientMetadata } from 'oidc-provider';
import type Provider from 'oidc-provider';
import type { Database, ServiceAccountRow } from '../db/schema.js';
import { clientSecretMatches } from '../domain/client-secret.js';
import { findServiceAccount } from '../queries/service-accounts.js';
import { ROLE_METADATA, SECRET_HASH_METADATA } from './clients.js';

/** A service account as oidc-provider's client metadata: a confidential client-credentials client. */
export function serviceAccountClient(row: ServiceAccountRow): ClientMetadata {
  return {
    client_id: row.client_id,
    client_name: row.name,
    // The hash stands where oidc-provider expects the secret (it requires one for secret-based
    // authentication); `compareClientSecret` below compares against it as a hash. Nothing derives
    // keys from it: the client may neither use client_secret_jwt nor ask for HS-signed tokens.
    client_secret: row.secret_hash,
    [SECRET_HASH_METADATA]: 'sha256',
    token_endpoint_auth_method: 'client_secret_basic',
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
    [ROLE_METADATA]: row.role,
  };
}

/**
 * oidc-provider's `Client` model, read-only over the `service_accounts` table: the provider finds
 * static clients in its configuration first and asks this adapter for any other id, on every
 * request (it caches the compiled client by the metadata's hash, so a rotated or deleted account
 * is seen at once, by every process).
 */
export class ServiceAccountClientAdapter implements Adapter {
  constructor(private readonly db: Kysely<Database>) {}

  async find(id: string): Promise<AdapterPayload | undefined> {
    const row = await findServiceAccount(this.db, id);
    return row ? serviceAccountClient(row) : undefined;
  }

  async upsert(): Promise<void> {
    throw new Error('service accounts are managed through the Paddock API, not client registration');
  }

  async destroy(): Promise<void> {
    throw new Error('service accounts are managed through the Paddock API, not client registration');
  }

  async findByUid(): Promise<undefined> {
    return undefined;
  }

  async findByUserCode(): Promise<undefined> {
    return undefined;
  }

  async consume(): Promise<void> {}

  async revokeByGrantId(): Promise<void> {}
}

/**
 * Teaches this provider's clients to check hashed secrets: the hook oidc-provider's maintainer
 * points to for one-way hashed secrets is `Client.prototype.compareClientSecret`, which
 * client_secret_basic and client_secret_post both go through (and await). Clients without the
 * hash marker (the static `api-client`) keep the provider's own constant-time comparison.
 */
export function acceptHashedSecrets(provider: Provider): void {
  const prototype = provider.Client.prototype;
  // Called below with the client as `this`, as the provider calls it.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const compare = prototype.compareClientSecret;
  prototype.compareClientSecret = async function compareClientSecret(this: Provider['Client']['prototype'], actual: string) {
    const secret = this.clientSecret;
    if (this[SECRET_HASH_METADATA] !== 'sha256') return compare.call(this, actual);
    return typeof secret === 'string' && clientSecretMatches(secret, actual);
  };
}
