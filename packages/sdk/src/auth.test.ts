import { describe, expect, it, vi } from 'vitest';
import { Client } from './client.js';
import type { Tokens } from './auth.js';
import { FAKE_URL, FakePaddock } from './testing/fake-server.js';
import { ADMIN, setup } from './testing/setup.js';

const TOKEN_PATH = '/auth/realms/master/protocol/openid-connect/token';

function grantTypes(fake: FakePaddock): (string | undefined)[] {
  return fake.requests.filter((r) => r.path === TOKEN_PATH).map((r) => (r.body as Record<string, string>)['grant_type']);
}

describe('password login', () => {
  it('uses the password grant with client_id sdk-client, form-encoded', async () => {
    const { fake, client } = setup();
    await client.listUsers();
    const [login] = fake.requests;
    expect(login?.path).toBe(TOKEN_PATH);
    expect(login?.body).toEqual({ grant_type: 'password', client_id: 'sdk-client', username: ADMIN.email, password: ADMIN.password });
    expect(fake.requests[1]?.authorization).toMatch(/^Bearer .+\..+\..+$/);
  });

  it('raises UNAUTHENTICATED for a wrong password (invalid_grant)', async () => {
    const { client } = setup({ auth: { type: 'password', username: ADMIN.email, password: 'wrong' } });
    await expect(client.listUsers()).rejects.toMatchObject({ name: 'PaddockError', code: 'UNAUTHENTICATED' });
  });

  it('sends HTTP Basic for a confidential client instead of client_id', async () => {
    const { fake, client } = setup({
      clientId: 'api-client',
      auth: { type: 'password', username: ADMIN.email, password: ADMIN.password, clientSecret: 's3cret' },
    });
    fake.clients.set('api-client', { secret: 's3cret', userId: '' });
    await client.login();
    expect(fake.requests[0]?.authorization).toBe(`Basic ${btoa('api-client:s3cret')}`);
    expect(fake.requests[0]?.body).not.toHaveProperty('client_id');
  });
});

describe('token renewal', () => {
  it('refreshes with the refresh token shortly before the access token expires', async () => {
    const { fake, client } = setup();
    await client.listUsers();
    fake.advance((fake.accessTtl - 20) * 1000); // inside the renewal margin, not yet expired
    await client.listUsers();
    expect(grantTypes(fake)).toEqual(['password', 'refresh_token']);
    expect(fake.requests.filter((r) => r.path === TOKEN_PATH)[1]?.body).toMatchObject({ client_id: 'sdk-client' });
  });

  it('does not renew a token that is far from expiry', async () => {
    const { fake, client } = setup();
    await client.listUsers();
    fake.advance(60_000);
    await client.listUsers();
    expect(grantTypes(fake)).toEqual(['password']);
  });

  it('on a 401 refreshes once and retries the call once', async () => {
    const { fake, client } = setup();
    await client.listUsers();
    fake.forgetAccessTokens();
    const users = await client.listUsers();
    expect(users).toHaveLength(1);
    expect(grantTypes(fake)).toEqual(['password', 'refresh_token']);
    expect(fake.paths().filter((p) => p === '/v1/api/users/query')).toHaveLength(3);
  });

  it('gives up after one retry when the new token is refused too', async () => {
    const { fake, client } = setup();
    await client.login();
    const unauthenticated = { msg: 'no', code: 401, error: 'UNAUTHENTICATED' };
    fake.overrides.push({ path: '/v1/api/users/query', status: 401, body: unauthenticated });
    fake.overrides.push({ path: '/v1/api/users/query', status: 401, body: unauthenticated });
    fake.overrides.push({ path: '/v1/api/users/query', status: 401, body: unauthenticated });
    await expect(client.listUsers()).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(fake.paths().filter((p) => p === '/v1/api/users/query')).toHaveLength(2);
  });

  it('logs in with the password again once the refresh token has expired', async () => {
    const { fake, client } = setup();
    await client.listUsers();
    fake.advance((fake.refreshTtl + 1) * 1000);
    await client.listUsers();
    expect(grantTypes(fake)).toEqual(['password', 'password']);
  });

  it('falls back to the password grant when the refresh token is refused', async () => {
    const { fake, client } = setup();
    await client.listUsers();
    fake.advance(fake.accessTtl * 1000);
    fake.overrides.push({ path: TOKEN_PATH, status: 400, body: { error: 'invalid_grant' } });
    await client.listUsers();
    expect(grantTypes(fake)).toEqual(['password', 'refresh_token', 'password']);
  });

  it('with stored tokens and no password, a refused refresh raises UNAUTHENTICATED', async () => {
    const { fake, client: first } = setup();
    const tokens = await first.login();
    fake.forgetAccessTokens();
    fake.overrides.push({ path: TOKEN_PATH, status: 400, body: { error: 'invalid_grant' } });
    const client = new Client({
      url: FAKE_URL,
      fetch: fake.fetch,
      now: fake.now,
      auth: { type: 'token', accessToken: tokens.accessToken, refreshToken: tokens.refreshToken ?? '' },
    });
    await expect(client.listUsers()).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it("when a refused token cannot be renewed either, raises the API's own 401 (its reason), not the token endpoint's", async () => {
    const { fake, client: first } = setup();
    const tokens = await first.login();
    const client = new Client({
      url: FAKE_URL,
      fetch: fake.fetch,
      now: fake.now,
      auth: { type: 'token', accessToken: tokens.accessToken, refreshToken: tokens.refreshToken ?? '' },
    });
    fake.overrides.push({ path: '/v1/api/users/query', status: 401, body: { msg: 'This account is deactivated.', code: 401, error: 'UNAUTHENTICATED' } });
    fake.overrides.push({ path: TOKEN_PATH, status: 400, body: { error: 'invalid_grant' } });
    const err = await client.listUsers().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'UNAUTHENTICATED', message: 'This account is deactivated.' });
  });

  it('with stored tokens, a refresh refused as invalid_grant (the login ended at the server) says so in details.loginEnded', async () => {
    const { fake, client: first } = setup();
    const tokens = await first.login();
    const client = new Client({
      url: FAKE_URL,
      fetch: fake.fetch,
      now: fake.now,
      auth: { type: 'token', accessToken: tokens.accessToken, refreshToken: tokens.refreshToken ?? '' },
    });
    // The access token expired and the refresh token is refused.
    fake.advance(fake.accessTtl * 1000);
    fake.overrides.push({ path: TOKEN_PATH, status: 400, body: { error: 'invalid_grant', error_description: 'grant request is invalid' } });
    const expired = await client.listUsers().catch((e: unknown) => e);
    expect(expired).toMatchObject({ code: 'UNAUTHENTICATED', details: { loginEnded: true } });
    // A live access token the API refuses (say, its user was deactivated), then the refresh refused: the API's reason, same flag.
    fake.overrides.push({ path: '/v1/api/users/query', status: 401, body: { msg: 'This account is deactivated.', code: 401, error: 'UNAUTHENTICATED' } });
    fake.overrides.push({ path: TOKEN_PATH, status: 400, body: { error: 'invalid_grant' } });
    const client2 = new Client({
      url: FAKE_URL,
      fetch: fake.fetch,
      now: fake.now,
      auth: { type: 'token', accessToken: (await first.login()).accessToken, refreshToken: 'refresh-x' },
    });
    const refused = await client2.listUsers().catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'UNAUTHENTICATED', message: 'This account is deactivated.', details: { loginEnded: true } });
  });

  it('a refused refresh for any other reason (invalid_client) carries no loginEnded', async () => {
    const { fake, client: first } = setup();
    const tokens = await first.login();
    const client = new Client({
      url: FAKE_URL,
      fetch: fake.fetch,
      now: fake.now,
      auth: { type: 'token', accessToken: tokens.accessToken, refreshToken: tokens.refreshToken ?? '' },
    });
    fake.advance(fake.accessTtl * 1000);
    fake.overrides.push({ path: TOKEN_PATH, status: 401, body: { error: 'invalid_client' } });
    const err = (await client.listUsers().catch((e: unknown) => e)) as { code: string; details?: Record<string, unknown> };
    expect(err.code).toBe('UNAUTHENTICATED');
    expect(err.details?.['loginEnded']).toBeUndefined();
  });

  it('reads the expiry of given tokens from the JWT and refreshes them in time', async () => {
    const { fake, client: first } = setup();
    const tokens = await first.login();
    const seen: Tokens[] = [];
    const client = new Client({
      url: FAKE_URL,
      fetch: fake.fetch,
      now: fake.now,
      onTokens: (t) => seen.push(t),
      auth: { type: 'token', accessToken: tokens.accessToken, refreshToken: tokens.refreshToken ?? '' },
    });
    fake.advance(fake.accessTtl * 1000);
    await client.listUsers();
    expect(grantTypes(fake)).toEqual(['password', 'refresh_token']);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.accessToken).not.toBe(tokens.accessToken);
    expect(client.getTokens()).toEqual(seen[0]);
  });

  it('calls onTokens with the times of the new tokens', async () => {
    const onTokens = vi.fn();
    const { fake, client } = setup({ onTokens });
    await client.login();
    expect(onTokens).toHaveBeenCalledOnce();
    expect(onTokens).toHaveBeenCalledWith(
      expect.objectContaining({ expiresAt: fake.time + fake.accessTtl * 1000, refreshExpiresAt: fake.time + fake.refreshTtl * 1000 }),
    );
  });

  it('shares one grant between concurrent calls', async () => {
    const { fake, client } = setup();
    await Promise.all([client.listUsers(), client.getUserByEmail(ADMIN.email), client.listWorkspaces()]);
    expect(grantTypes(fake)).toEqual(['password']);
  });
});

describe('client credentials', () => {
  it('uses the client_credentials grant with HTTP Basic and logs in again on expiry', async () => {
    const fake = new FakePaddock();
    const admin = fake.addUser({ email: ADMIN.email, password: ADMIN.password, role: 'admin' });
    fake.clients.set('svc-etl', { secret: 'etl-secret', userId: admin.id });
    const client = new Client({
      url: FAKE_URL,
      fetch: fake.fetch,
      now: fake.now,
      auth: { type: 'clientCredentials', clientId: 'svc-etl', clientSecret: 'etl-secret' },
    });
    await client.listUsers();
    fake.advance(fake.accessTtl * 1000);
    await client.listUsers();
    expect(grantTypes(fake)).toEqual(['client_credentials', 'client_credentials']);
    expect(fake.requests[0]?.authorization).toBe(`Basic ${btoa('svc-etl:etl-secret')}`);
  });
});

describe('logout', () => {
  it('revokes the refresh token and forgets the tokens', async () => {
    const { fake, client } = setup();
    const tokens = await client.login();
    await client.logout();
    expect(client.getTokens()).toBeNull();
    const revoke = fake.requests.at(-1);
    expect(revoke?.path).toBe('/auth/realms/master/protocol/openid-connect/revoke');
    expect(revoke?.body).toMatchObject({ token: tokens.refreshToken, client_id: 'sdk-client' });
  });
});
