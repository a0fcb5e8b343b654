import { randomUUID } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import type { UsersService } from '../../src/services/users.js';
import { describeEachDatabase } from '../support/databases.js';
import { API_CLIENT_SECRET, apiClient, basic, createUsers, PASSWORD, passwordGrant, postToken, sdkClient, startIdentity } from './harness.js';
import type { Running } from './harness.js';

const system = { kind: 'system' } as const;

describeEachDatabase('identity: token endpoint', (database) => {
  let db: Db;
  let users: UsersService;
  let server: Running;
  let sdk: client.Configuration;

  beforeAll(async () => {
    db = await database.open();
    users = createUsers(db);
    server = await startIdentity({ db, users });
    sdk = await sdkClient(server.issuer);
  });
  afterAll(async () => {
    await server.close();
  });

  async function invite(role: 'admin' | 'user' = 'user') {
    const email = `u-${randomUUID()}@example.com`;
    const { user } = await users.invite(system, { email, password: PASSWORD, role, firstName: 'Ann', lastName: 'Lee' });
    return user;
  }

  describe('discovery and keys', () => {
    it('serves the discovery document at the Keycloak path, with the issuer and Keycloak endpoint paths', async () => {
      const response = await fetch(`${server.issuer}/.well-known/openid-configuration`);
      expect(response.status).toBe(200);
      const doc = (await response.json()) as Record<string, unknown>;
      const oidc = `${server.issuer}/protocol/openid-connect`;
      expect(doc).toMatchObject({
        issuer: `${server.publicUrl}/auth/realms/master`,
        token_endpoint: `${oidc}/token`,
        jwks_uri: `${oidc}/certs`,
        userinfo_endpoint: `${oidc}/userinfo`,
        revocation_endpoint: `${oidc}/revoke`,
        end_session_endpoint: `${oidc}/logout`,
        authorization_endpoint: `${oidc}/auth`,
        device_authorization_endpoint: `${oidc}/auth/device`,
      });
      expect(doc['grant_types_supported']).toEqual(expect.arrayContaining(['password', 'client_credentials', 'refresh_token', 'authorization_code']));
      // The certified client accepts it: issuer matches the URL it was discovered from.
      expect(sdk.serverMetadata().issuer).toBe(server.issuer);
    });

    it('serves the public signing keys at /certs, without private members', async () => {
      const response = await fetch(`${server.issuer}/protocol/openid-connect/certs`);
      expect(response.status).toBe(200);
      const { keys } = (await response.json()) as { keys: Array<Record<string, unknown>> };
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) {
        expect(key).toMatchObject({ kty: 'RSA', use: 'sig', alg: 'RS256' });
        expect(typeof key['kid']).toBe('string');
        for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(key).not.toHaveProperty(secret);
      }
    });
  });

  describe('password grant', () => {
    it('logs a user in with the public sdk-client: JWT access token for the API, refresh token, Keycloak fields', async () => {
      const user = await invite();
      const { status, body } = await postToken(server.tokenUrl, { grant_type: 'password', client_id: 'sdk-client', username: user.email, password: PASSWORD });
      expect(status).toBe(200);
      expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 300 });
      expect(typeof body['access_token']).toBe('string');
      expect(typeof body['refresh_token']).toBe('string');
      const refreshExpiresIn = body['refresh_expires_in'];
      expect(typeof refreshExpiresIn).toBe('number');
      expect(refreshExpiresIn).toBeGreaterThan(12 * 3600 - 60);
      expect(refreshExpiresIn).toBeLessThanOrEqual(12 * 3600);

      const accessToken = body['access_token'] as string;
      expect(decodeProtectedHeader(accessToken)).toMatchObject({ typ: 'at+jwt', alg: 'RS256' });
      const claims = decodeJwt(accessToken);
      expect(claims).toMatchObject({ sub: user.id, client_id: 'sdk-client', aud: 'paddock-api', iss: server.issuer });
      expect(claims.exp! - claims.iat!).toBe(300);
      expect(await server.identity.verifyAccessToken(accessToken)).toEqual({ kind: 'user', userId: user.id, clientId: 'sdk-client', generation: 0 });
    });

    it('works through the certified client, with openid scope giving a valid ID token', async () => {
      const user = await invite();
      const tokens = await passwordGrant(sdk, user.email, PASSWORD, 'openid');
      expect(tokens.token_type).toBe('bearer');
      expect(tokens.refresh_token).toBeTypeOf('string');
      expect(tokens.claims()).toMatchObject({ sub: user.id, email: user.email, preferred_username: user.username, aud: 'sdk-client' });
    });

    it('logs a user in with the confidential api-client over HTTP Basic, and over client_secret_post', async () => {
      const user = await invite();
      const viaBasic = await passwordGrant(await apiClient(server.issuer, 'basic'), user.email);
      expect(await server.identity.verifyAccessToken(viaBasic.access_token)).toEqual({ kind: 'user', userId: user.id, clientId: 'api-client', generation: 0 });
      const viaPost = await passwordGrant(await apiClient(server.issuer, 'post'), user.email);
      expect(await server.identity.verifyAccessToken(viaPost.access_token)).toEqual({ kind: 'user', userId: user.id, clientId: 'api-client', generation: 0 });
    });

    it('refuses api-client with a wrong secret as invalid_client', async () => {
      const user = await invite();
      const { status, body } = await postToken(
        server.tokenUrl,
        { grant_type: 'password', username: user.email, password: PASSWORD },
        { authorization: basic('api-client', 'not-the-secret') },
      );
      expect(status).toBe(401);
      expect(body['error']).toBe('invalid_client');
    });

    it('answers a wrong password and an unknown email the same: 400 invalid_grant', async () => {
      const user = await invite();
      const wrong = await postToken(server.tokenUrl, { grant_type: 'password', client_id: 'sdk-client', username: user.email, password: 'wrong password' });
      const unknown = await postToken(server.tokenUrl, { grant_type: 'password', client_id: 'sdk-client', username: 'nobody@example.com', password: PASSWORD });
      expect(wrong).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
      expect(unknown).toEqual(wrong);
      await expect(passwordGrant(sdk, user.email, 'wrong password')).rejects.toMatchObject({ error: 'invalid_grant', status: 400 });
    });

    it('refuses a missing password and an unknown scope with their OAuth codes', async () => {
      const user = await invite();
      expect(await postToken(server.tokenUrl, { grant_type: 'password', client_id: 'sdk-client', username: user.email })).toMatchObject({
        status: 400,
        body: { error: 'invalid_request' },
      });
      expect(
        await postToken(server.tokenUrl, { grant_type: 'password', client_id: 'sdk-client', username: user.email, password: PASSWORD, scope: 'openid nonsense' }),
      ).toMatchObject({ status: 400, body: { error: 'invalid_scope' } });
    });

    it('does not let the dashboard client use the password grant', async () => {
      const user = await invite();
      const { status, body } = await postToken(server.tokenUrl, { grant_type: 'password', client_id: 'dashboard', username: user.email, password: PASSWORD });
      expect(status).toBe(400);
      expect(body['error']).toBe('invalid_request');
    });
  });

  describe('client credentials', () => {
    it('issues api-client a token acting as itself, with the admin role', async () => {
      const tokens = await client.clientCredentialsGrant(await apiClient(server.issuer));
      expect(tokens.token_type).toBe('bearer');
      expect(tokens.refresh_token).toBeUndefined();
      expect(decodeJwt(tokens.access_token)).toMatchObject({ sub: 'api-client', client_id: 'api-client', aud: 'paddock-api' });
      expect(await server.identity.verifyAccessToken(tokens.access_token)).toEqual({ kind: 'client', clientId: 'api-client', role: 'admin' });
    });

    it('refuses the public sdk-client', async () => {
      const { status, body } = await postToken(server.tokenUrl, { grant_type: 'client_credentials', client_id: 'sdk-client' });
      expect(status).toBe(400);
      expect(body['error']).toBe('invalid_request');
    });

    it('refuses a wrong secret', async () => {
      // A refused Basic authentication comes back as a WWW-Authenticate challenge.
      await expect(client.clientCredentialsGrant(await apiClient(server.issuer, 'basic', 'wrong-secret-wrong-secret'))).rejects.toMatchObject({
        status: 401,
        cause: [{ scheme: 'basic', parameters: { error: 'invalid_client' } }],
      });
    });
  });

  describe('refresh', () => {
    it('rotates the refresh token: the new one works, the old one is refused, and its reuse revokes the login', async () => {
      const user = await invite();
      const first = await passwordGrant(sdk, user.email);
      const second = await client.refreshTokenGrant(sdk, first.refresh_token!);
      expect(second.refresh_token).toBeTypeOf('string');
      expect(second.refresh_token).not.toBe(first.refresh_token);
      expect(await server.identity.verifyAccessToken(second.access_token)).toEqual({ kind: 'user', userId: user.id, clientId: 'sdk-client', generation: 0 });

      await expect(client.refreshTokenGrant(sdk, first.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant', status: 400 });
      // Replaying a used refresh token is a theft signal: the whole login is revoked.
      await expect(client.refreshTokenGrant(sdk, second.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
    });

    it('answers a refresh with refresh_expires_in and token_type Bearer', async () => {
      const user = await invite();
      const first = await passwordGrant(sdk, user.email);
      const { status, body } = await postToken(server.tokenUrl, { grant_type: 'refresh_token', client_id: 'sdk-client', refresh_token: first.refresh_token! });
      expect(status).toBe(200);
      expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 300 });
      expect(body['refresh_expires_in']).toBeGreaterThan(12 * 3600 - 60);
      expect(decodeJwt(body['access_token'] as string)).toMatchObject({ sub: user.id, aud: 'paddock-api' });
    });

    it('refuses a refresh token presented by another client', async () => {
      const user = await invite();
      const tokens = await passwordGrant(sdk, user.email);
      await expect(client.refreshTokenGrant(await apiClient(server.issuer), tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
    });

    it('refuses a revoked refresh token', async () => {
      const user = await invite();
      const tokens = await passwordGrant(sdk, user.email);
      await client.tokenRevocation(sdk, tokens.refresh_token!);
      await expect(client.refreshTokenGrant(sdk, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
    });
  });

  describe('deactivation and demotion', () => {
    it('after deactivation the refresh token and the password are refused', async () => {
      const user = await invite();
      const tokens = await passwordGrant(sdk, user.email);
      await users.deactivate(system, user.email);
      await expect(client.refreshTokenGrant(sdk, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant', status: 400 });
      await expect(passwordGrant(sdk, user.email)).rejects.toMatchObject({ error: 'invalid_grant', status: 400 });
    });

    it('refuses a refresh for a user made inactive even when their stored logins were left behind', async () => {
      const user = await invite();
      const tokens = await passwordGrant(sdk, user.email);
      // Bypasses the service, which would also delete the stored logins: findAccount alone must refuse.
      await db.kysely.updateTable('users').set({ status: 'inactive' }).where('id', '=', user.id).execute();
      await expect(client.refreshTokenGrant(sdk, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
    });

    it('after losing the admin role the refresh token is refused (its stored grant is gone) but the password still works', async () => {
      await invite('admin'); // another admin, so this one may be demoted
      const admin = await invite('admin');
      const tokens = await passwordGrant(sdk, admin.email);
      await users.setRole(system, admin.email, 'user');
      await expect(client.refreshTokenGrant(sdk, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
      const again = await passwordGrant(sdk, admin.email);
      expect(again.refresh_token).toBeTypeOf('string');
    });
  });

  describe('device flow', () => {
    it('starts a device authorization for sdk-client; polling answers authorization_pending until the user approves', async () => {
      const response = await fetch(`${server.issuer}/protocol/openid-connect/auth/device`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ client_id: 'sdk-client' }).toString(),
      });
      expect(response.status).toBe(200);
      const started = (await response.json()) as Record<string, unknown>;
      expect(started).toMatchObject({ verification_uri: `${server.issuer}/device` });
      expect(started['user_code']).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
      const poll = await postToken(server.tokenUrl, {
        grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
        client_id: 'sdk-client',
        device_code: started['device_code'] as string,
      });
      expect(poll).toMatchObject({ status: 400, body: { error: 'authorization_pending' } });
      const page = await fetch(`${server.issuer}/device`, { headers: { accept: 'text/html' } });
      expect(page.status).toBe(200);
    });
  });

  describe('userinfo', () => {
    it("returns the user's claims for a user's access token", async () => {
      const admin = await invite('admin');
      const tokens = await passwordGrant(sdk, admin.email);
      const info = await client.fetchUserInfo(sdk, tokens.access_token, admin.id);
      expect(info).toMatchObject({
        sub: admin.id,
        email: admin.email,
        email_verified: false,
        preferred_username: admin.username,
        given_name: 'Ann',
        family_name: 'Lee',
        realm_access: { roles: ['admin'] },
      });
    });

    it('refuses a bad token and a deactivated user with 401 invalid_token', async () => {
      const user = await invite();
      const tokens = await passwordGrant(sdk, user.email);
      const url = `${server.issuer}/protocol/openid-connect/userinfo`;
      const bad = await fetch(url, { headers: { authorization: `Bearer ${tokens.access_token}x` } });
      expect(bad.status).toBe(401);
      expect(((await bad.json()) as { error: string }).error).toBe('invalid_token');
      await users.deactivate(system, user.email);
      const gone = await fetch(url, { headers: { authorization: `Bearer ${tokens.access_token}` } });
      expect(gone.status).toBe(401);
      expect(gone.headers.get('www-authenticate')).toContain('invalid_token');
    });
  });

  describe('bad input', () => {
    it('answers an oversized form field with a 4xx OAuth error, never a 500', async () => {
      const huge = await postToken(server.tokenUrl, { grant_type: 'password', client_id: 'sdk-client', username: 'a'.repeat(100_000), password: PASSWORD });
      expect(huge.status).toBe(400);
      expect(huge.body['error']).toBe('invalid_request');
      const long = await postToken(server.tokenUrl, { grant_type: 'password', client_id: 'sdk-client', username: `${'a'.repeat(5000)}@example.com`, password: PASSWORD });
      expect(long.status).toBe(400);
      expect(long.body['error']).toBe('invalid_request');
      const longPassword = await postToken(server.tokenUrl, { grant_type: 'password', client_id: 'sdk-client', username: 'x@example.com', password: 'p'.repeat(20_000) });
      expect(longPassword.status).toBe(400);
      expect(longPassword.body['error']).toBe('invalid_request');
    });

    it('answers malformed requests with OAuth errors', async () => {
      const json = await fetch(server.tokenUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"grant_type":' });
      expect(json.status).toBe(400);
      expect(((await json.json()) as { error: string }).error).toBe('invalid_request');
      const noType = await fetch(server.tokenUrl, { method: 'POST', body: 'grant_type=password' });
      expect(noType.status).toBeLessThan(500);
      const badBasic = await postToken(server.tokenUrl, { grant_type: 'client_credentials' }, { authorization: 'Basic %%%' });
      expect(badBasic).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
      const unknownGrant = await postToken(server.tokenUrl, { grant_type: 'urn:nope', client_id: 'sdk-client' });
      expect(unknownGrant).toMatchObject({ status: 400, body: { error: 'unsupported_grant_type' } });
      const dupes = await fetch(server.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=password&grant_type=password&client_id=sdk-client',
      });
      expect(dupes.status).toBe(400);
    });

    it('answers the authorization endpoint without a 500 (the flow itself: browser-login.test.ts)', async () => {
      const verifier = client.randomPKCECodeVerifier();
      const url = new URL(`${server.issuer}/protocol/openid-connect/auth`);
      url.search = new URLSearchParams({
        client_id: 'dashboard',
        response_type: 'code',
        redirect_uri: `${server.publicUrl}/auth/callback`,
        scope: 'openid',
        code_challenge: await client.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
      }).toString();
      const response = await fetch(url, { redirect: 'manual' });
      expect(response.status).toBeLessThan(500);
      const unknown = await fetch(`${server.issuer}/no/such/endpoint`);
      expect(unknown.status).toBe(404);
    });
  });

  describe('mounting', () => {
    it('leaves the rest of the Fastify app its own JSON parser', async () => {
      const response = await fetch(`${server.publicUrl}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ got: { a: 1 } });
    });

    it('logs no token, password or client secret', async () => {
      const user = await invite();
      const tokens = await passwordGrant(await apiClient(server.issuer), user.email);
      await postToken(server.tokenUrl, { grant_type: 'password', client_id: 'sdk-client', username: user.email, password: 'wrong password' });
      const refreshed = await client.refreshTokenGrant(await apiClient(server.issuer), tokens.refresh_token!);
      const logged = server.logs.join('\n');
      expect(server.logs.length).toBeGreaterThan(0);
      for (const secret of [tokens.access_token, tokens.refresh_token!, refreshed.access_token, refreshed.refresh_token!, PASSWORD, 'wrong password', API_CLIENT_SECRET]) {
        expect(logged).not.toContain(secret);
      }
    });
  });
});
