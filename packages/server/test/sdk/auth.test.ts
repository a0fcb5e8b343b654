/**
 * The SDK's logins and token renewal against the real server (both databases). The client runs
 * on the transport's clock, so moving it ages the client's tokens as the client sees them; a
 * refusal the server would not give on demand (a signing-key rotation) is the transport's.
 */
import type { ClientOptions, Tokens } from '@paddock/sdk';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ADMIN, API_CLIENT_SECRET } from '../support/app.js';
import { describeEachDatabase } from '../support/databases.js';
import { REVOKE_PATH, sdkTest, TOKEN_PATH } from '../support/sdk.js';
import type { SdkTest } from '../support/sdk.js';

/** What the server answers a refused access token with, for the replies it cannot give on demand. */
const UNAUTHENTICATED = { msg: 'Missing, expired or revoked token.', code: 401, error: 'UNAUTHENTICATED' };
const ACCESS_TTL_MS = 300_000;

describeEachDatabase('SDK: logins', (database) => {
  let t: SdkTest;
  beforeEach(async () => {
    t = await sdkTest(database);
  });
  afterEach(() => t.close());

  /** A client on stored tokens (no password to fall back on). */
  const tokenClient = (tokens: Tokens, more: Partial<ClientOptions> = {}) =>
    t.clientWith({ auth: { type: 'token', accessToken: tokens.accessToken, refreshToken: tokens.refreshToken ?? '' }, ...more });

  describe('password login', () => {
    it('uses the password grant with client_id sdk-client, form-encoded', async () => {
      await t.client.listUsers();
      const [login, call] = t.transport.requests;
      expect(login?.path).toBe(TOKEN_PATH);
      expect(login?.body).toEqual({ grant_type: 'password', client_id: 'sdk-client', username: ADMIN.email, password: ADMIN.password });
      expect(login?.status).toBe(200);
      expect(call?.authorization).toMatch(/^Bearer .+\..+\..+$/);
      expect(call?.status).toBe(200);
    });

    it('raises UNAUTHENTICATED for a wrong password (invalid_grant)', async () => {
      const client = t.clientWith({ auth: { type: 'password', username: ADMIN.email, password: 'wrong' } });
      await expect(client.listUsers()).rejects.toMatchObject({ name: 'PaddockError', code: 'UNAUTHENTICATED' });
      expect(t.transport.requests[0]?.reply).toMatchObject({ error: 'invalid_grant' });
    });

    it('sends HTTP Basic for a confidential client instead of client_id', async () => {
      const client = t.clientWith({ clientId: 'api-client', auth: { type: 'password', username: ADMIN.email, password: ADMIN.password, clientSecret: API_CLIENT_SECRET } });
      await client.login();
      expect(t.transport.requests[0]?.authorization).toBe(`Basic ${btoa(`api-client:${API_CLIENT_SECRET}`)}`);
      expect(t.transport.requests[0]?.body).not.toHaveProperty('client_id');
      expect(t.transport.requests[0]?.status).toBe(200);
    });
  });

  describe('token renewal', () => {
    it('refreshes with the refresh token shortly before the access token expires', async () => {
      await t.client.listUsers();
      t.transport.advance(ACCESS_TTL_MS - 20_000); // inside the renewal margin, not yet expired
      await t.client.listUsers();
      expect(t.transport.grantTypes()).toEqual(['password', 'refresh_token']);
      expect(t.transport.requests.filter((r) => r.path === TOKEN_PATH)[1]).toMatchObject({ body: { client_id: 'sdk-client' }, status: 200 });
    });

    it('does not renew a token that is far from expiry', async () => {
      await t.client.listUsers();
      t.transport.advance(60_000);
      await t.client.listUsers();
      expect(t.transport.grantTypes()).toEqual(['password']);
    });

    it('on a 401 refreshes once and retries the call once', async () => {
      await t.client.listUsers();
      t.transport.overrides.push({ path: '/v1/api/users/query', status: 401, body: UNAUTHENTICATED });
      const users = await t.client.listUsers();
      expect(users).toHaveLength(1);
      expect(t.transport.grantTypes()).toEqual(['password', 'refresh_token']);
      expect(t.transport.paths().filter((p) => p === '/v1/api/users/query')).toHaveLength(3);
    });

    it('gives up after one retry when the new token is refused too', async () => {
      await t.client.login();
      for (let n = 0; n < 3; n++) t.transport.overrides.push({ path: '/v1/api/users/query', status: 401, body: UNAUTHENTICATED });
      await expect(t.client.listUsers()).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
      expect(t.transport.paths().filter((p) => p === '/v1/api/users/query')).toHaveLength(2);
    });

    it('logs in with the password again once the refresh token has expired', async () => {
      const tokens = await t.client.login();
      t.transport.time = (tokens.refreshExpiresAt ?? 0) + 1000;
      await t.client.listUsers();
      expect(t.transport.grantTypes()).toEqual(['password', 'password']);
    });

    it('falls back to the password grant when the server refuses the refresh token (its sessions were revoked)', async () => {
      await t.client.listUsers();
      await t.admin.revokeAllSessions(ADMIN.email);
      t.transport.advance(ACCESS_TTL_MS);
      await t.client.listUsers();
      expect(t.transport.grantTypes()).toEqual(['password', 'refresh_token', 'password']);
      expect(t.transport.requests.filter((r) => r.path === TOKEN_PATH)[1]?.reply).toMatchObject({ error: 'invalid_grant' });
    });

    it('with stored tokens and no password, a refused refresh raises UNAUTHENTICATED with details.loginEnded', async () => {
      const client = tokenClient(await t.clientWith().login());
      await t.admin.revokeAllSessions(ADMIN.email);
      t.transport.advance(ACCESS_TTL_MS);
      const err = await client.listUsers().catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'UNAUTHENTICATED', details: { loginEnded: true } });
      expect(t.transport.requests.at(-1)).toMatchObject({ path: TOKEN_PATH, status: 400, reply: { error: 'invalid_grant' } });
    });

    it("when a refused token cannot be renewed either (the user was deactivated), raises the API's own 401 with its reason and loginEnded", async () => {
      const { password } = await t.admin.inviteUser('ann@ex.co', 'ann-password-1');
      const client = tokenClient(await t.clientWith({ auth: { type: 'password', username: 'ann@ex.co', password } }).login());
      await t.admin.deactivateUser('ann@ex.co');
      const err = await client.listUsers().catch((e: unknown) => e);
      const refusal = t.transport.requests.find((r) => r.path === '/v1/api/users/query');
      expect(refusal).toMatchObject({ status: 401, reply: { error: 'UNAUTHENTICATED' } });
      expect(t.transport.requests.at(-1)).toMatchObject({ path: TOKEN_PATH, status: 400, reply: { error: 'invalid_grant' } });
      expect(err).toMatchObject({ code: 'UNAUTHENTICATED', message: (refusal?.reply as { msg: string }).msg, details: { loginEnded: true } });
    });

    it('a refused refresh for any other reason (invalid_client) carries no loginEnded', async () => {
      const client = tokenClient(await t.clientWith().login(), { clientId: 'no-such-client' });
      t.transport.advance(ACCESS_TTL_MS);
      const err = (await client.listUsers().catch((e: unknown) => e)) as { code: string; details?: Record<string, unknown> };
      expect(t.transport.requests.at(-1)).toMatchObject({ path: TOKEN_PATH, status: 401, reply: { error: 'invalid_client' } });
      expect(err.code).toBe('UNAUTHENTICATED');
      expect(err.details?.['loginEnded']).toBeUndefined();
    });

    it('reads the expiry of given tokens from the JWT and refreshes them in time', async () => {
      const tokens = await t.clientWith().login();
      const seen: Tokens[] = [];
      const client = tokenClient(tokens, { onTokens: (got) => seen.push(got) });
      t.transport.advance(ACCESS_TTL_MS);
      await client.listUsers();
      expect(t.transport.grantTypes()).toEqual(['password', 'refresh_token']);
      expect(seen).toHaveLength(1);
      expect(seen[0]?.accessToken).not.toBe(tokens.accessToken);
      expect(client.getTokens()).toEqual(seen[0]);
    });

    it('calls onTokens with the times of the new tokens', async () => {
      const onTokens = vi.fn();
      await t.clientWith({ onTokens }).login();
      const reply = t.transport.requests[0]?.reply as { expires_in: number; refresh_expires_in: number };
      expect(onTokens).toHaveBeenCalledOnce();
      expect(onTokens).toHaveBeenCalledWith(
        expect.objectContaining({ expiresAt: t.transport.time + reply.expires_in * 1000, refreshExpiresAt: t.transport.time + reply.refresh_expires_in * 1000 }),
      );
    });

    it('shares one grant between concurrent calls', async () => {
      await Promise.all([t.client.listUsers(), t.client.getUserByEmail(ADMIN.email), t.client.listWorkspaces()]);
      expect(t.transport.grantTypes()).toEqual(['password']);
    });
  });

  describe('client credentials', () => {
    it('uses the client_credentials grant with HTTP Basic and logs in again on expiry', async () => {
      const { clientId, clientSecret } = await t.admin.createServiceAccount('etl', 'admin');
      const client = t.clientWith({ auth: { type: 'clientCredentials', clientId, clientSecret } });
      await client.listUsers();
      t.transport.advance(ACCESS_TTL_MS);
      await client.listUsers();
      expect(t.transport.grantTypes()).toEqual(['client_credentials', 'client_credentials']);
      expect(t.transport.requests[0]?.authorization).toBe(`Basic ${btoa(`${clientId}:${clientSecret}`)}`);
      expect(t.transport.requests.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    });
  });

  describe('logout', () => {
    it('revokes the refresh token and forgets the tokens; the server no longer honours it', async () => {
      const tokens = await t.client.login();
      await t.client.logout();
      expect(t.client.getTokens()).toBeNull();
      const revoke = t.transport.requests.at(-1);
      expect(revoke?.path).toBe(REVOKE_PATH);
      expect(revoke?.body).toMatchObject({ token: tokens.refreshToken, client_id: 'sdk-client' });
      const stale = tokenClient(tokens);
      t.transport.advance(ACCESS_TTL_MS);
      await expect(stale.listUsers()).rejects.toMatchObject({ code: 'UNAUTHENTICATED', details: { loginEnded: true } });
    });
  });
});
