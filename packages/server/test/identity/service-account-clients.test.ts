import { decodeJwt } from 'jose';
import * as client from 'openid-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import { generateClientSecret, hashClientSecret } from '../../src/domain/client-secret.js';
import { insertServiceAccount } from '../../src/queries/service-accounts.js';
import { describeEachDatabase } from '../support/databases.js';
import { apiClient, createUsers, startIdentity } from './harness.js';
import type { Running } from './harness.js';

const insecure = { execute: [client.allowInsecureRequests] };

describeEachDatabase('identity: service accounts as OAuth clients (openid-client)', (database) => {
  let db: Db;
  let server: Running;
  const secret = generateClientSecret();

  beforeAll(async () => {
    db = await database.open();
    server = await startIdentity({ db, users: createUsers(db) });
    await insertServiceAccount(db.kysely, {
      client_id: 'sa-robot',
      name: 'robot',
      role: 'user',
      description: '',
      secret_hash: hashClientSecret(secret),
      created_at: Date.now(),
      created_by: 'system',
      secret_rotated_at: null,
    });
  });
  afterAll(async () => {
    await server.close();
  });

  const configFor = async (method: client.ClientAuth) => client.discovery(new URL(server.issuer), 'sa-robot', undefined, method, insecure);

  it('a hashed-secret client gets a client-credentials token over Basic and POST, acting with its role', async () => {
    for (const method of [client.ClientSecretBasic(secret), client.ClientSecretPost(secret)]) {
      const tokens = await client.clientCredentialsGrant(await configFor(method));
      expect(decodeJwt(tokens.access_token)).toMatchObject({ sub: 'sa-robot', client_id: 'sa-robot', aud: 'paddock-api' });
      expect(await server.identity.verifyAccessToken(tokens.access_token)).toEqual({ kind: 'client', clientId: 'sa-robot', role: 'user' });
    }
  });

  it('refuses a wrong secret, and the stored hash used as the secret, with invalid_client', async () => {
    for (const wrong of ['not-the-secret', hashClientSecret(secret)]) {
      // A refused Basic authentication comes back as a WWW-Authenticate challenge.
      await expect(client.clientCredentialsGrant(await configFor(client.ClientSecretBasic(wrong)))).rejects.toMatchObject({
        status: 401,
        cause: [{ scheme: 'basic', parameters: { error: 'invalid_client' } }],
      });
      await expect(client.clientCredentialsGrant(await configFor(client.ClientSecretPost(wrong)))).rejects.toMatchObject({ status: 401, error: 'invalid_client' });
    }
  });

  it('may use no other grant than client_credentials', async () => {
    const config = await configFor(client.ClientSecretBasic(secret));
    // oidc-provider's answer to a grant type the client is not registered for.
    await expect(client.genericGrantRequest(config, 'password', { username: 'x@y.io', password: 'whatever' })).rejects.toMatchObject({ error: 'invalid_request', status: 400 });
  });

  it('leaves the static api-client on its plain secret', async () => {
    const tokens = await client.clientCredentialsGrant(await apiClient(server.issuer));
    expect(decodeJwt(tokens.access_token)).toMatchObject({ sub: 'api-client' });
  });
});
