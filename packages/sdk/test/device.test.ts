/**
 * Device login's timing (intervals, slow_down, expiry) and its refusals, on a scripted token
 * endpoint and the client's clock: the real server's device flow, approved in a browser, is
 * tested in packages/server/test/identity/device-login.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { DevicePrompt } from '../src/auth.js';
import { Client } from '../src/client.js';
import { DEVICE_PATH, grant, Scripted, TOKEN_PATH, URL_BASE } from './scripted.js';

const PENDING = { error: 'authorization_pending' };

/** A scripted server, a device-login client on it, and the waits it asked for (which advance the clock). */
function deviceSetup(options: { interval?: number; expiresIn?: number } = {}) {
  const server = new Scripted();
  const verificationUri = `${URL_BASE}/auth/realms/master/device`;
  server.otherwise(DEVICE_PATH, 200, {
    device_code: 'device-1',
    user_code: 'WDJB-MJHT',
    verification_uri: verificationUri,
    verification_uri_complete: `${verificationUri}?user_code=WDJB-MJHT`,
    expires_in: options.expiresIn ?? 600,
    interval: options.interval ?? 5,
  });
  server.otherwise(TOKEN_PATH, 400, PENDING);
  server.otherwise('/v1/api/users/query', 200, { users: { u1: { id: 'u1', email: 'admin@ex.co', username: 'admin@ex.co', enabled: true, createdTimestamp: server.time } } });
  const prompts: DevicePrompt[] = [];
  const waits: number[] = [];
  const client = new Client({
    url: URL_BASE,
    fetch: server.fetch,
    now: server.now,
    sleep: async (ms) => {
      waits.push(ms);
      server.advance(ms);
    },
    auth: { type: 'device', onPrompt: (info) => prompts.push(info) },
  });
  const polls = () => server.count(TOKEN_PATH);
  /** The person approves in the browser: the next poll after a pending one gets tokens. */
  const approve = () => server.reply(TOKEN_PATH, 400, PENDING).reply(TOKEN_PATH, 200, grant(server.time + 10_000));
  return { server, client, prompts, waits, polls, approve };
}

describe('device login', () => {
  it('asks for a code with client_id sdk-client, shows it once, polls at the interval, then works', async () => {
    const { server, client, prompts, waits, polls, approve } = deviceSetup();
    approve();
    const users = await client.listUsers();
    expect(users.map((u) => u.email)).toEqual(['admin@ex.co']);
    expect(server.requests[0]).toMatchObject({ path: DEVICE_PATH, body: { client_id: 'sdk-client', scope: 'openid profile email roles' } });
    expect(prompts).toEqual([
      {
        verificationUri: `${URL_BASE}/auth/realms/master/device`,
        verificationUriComplete: `${URL_BASE}/auth/realms/master/device?user_code=WDJB-MJHT`,
        userCode: 'WDJB-MJHT',
        expiresIn: 600,
      },
    ]);
    expect(waits).toEqual([5000, 5000]);
    expect(polls()).toBe(2);
    expect(server.requests.find((r) => r.path === TOKEN_PATH)?.body).toMatchObject({
      grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
      client_id: 'sdk-client',
      device_code: 'device-1',
    });
    expect(server.requests.at(-1)?.authorization).toMatch(/^Bearer /);
    expect(client.getTokens()?.refreshToken).toBeTypeOf('string');
  });

  it('waits 5 s longer after each slow_down', async () => {
    const { server, client, waits } = deviceSetup({ interval: 2 });
    server.reply(TOKEN_PATH, 400, { error: 'slow_down' }).reply(TOKEN_PATH, 400, { error: 'slow_down' }).reply(TOKEN_PATH, 400, PENDING).reply(TOKEN_PATH, 200, grant(server.time));
    await client.login();
    expect(waits).toEqual([2000, 7000, 12000, 12000]);
  });

  it('raises ACCESS_DENIED when the person cancels in the browser', async () => {
    const { server, client } = deviceSetup();
    server.reply(TOKEN_PATH, 400, PENDING).reply(TOKEN_PATH, 400, { error: 'access_denied', error_description: 'End-User aborted interaction' });
    await expect(client.login()).rejects.toMatchObject({ name: 'PaddockError', code: 'ACCESS_DENIED', status: 403 });
  });

  it('raises DEVICE_CODE_EXPIRED when nobody approves before the code expires, without polling past it', async () => {
    const { client, polls } = deviceSetup({ expiresIn: 30 });
    await expect(client.login()).rejects.toMatchObject({ code: 'DEVICE_CODE_EXPIRED' });
    expect(polls()).toBe(5);
  });

  it('raises DEVICE_CODE_EXPIRED when the server answers expired_token, without polling again', async () => {
    const { server, client, polls } = deviceSetup();
    server.reply(TOKEN_PATH, 400, { error: 'expired_token', error_description: 'device code is expired' });
    await expect(client.login()).rejects.toMatchObject({ code: 'DEVICE_CODE_EXPIRED' });
    expect(polls()).toBe(1);
  });

  it('raises DEVICE_CODE_EXPIRED, not UNAUTHENTICATED, when the server no longer knows the code or it was used (invalid_grant)', async () => {
    const { server, client, polls } = deviceSetup();
    server.reply(TOKEN_PATH, 400, PENDING).reply(TOKEN_PATH, 400, { error: 'invalid_grant', error_description: 'device code already consumed' });
    await expect(client.login()).rejects.toMatchObject({ name: 'PaddockError', code: 'DEVICE_CODE_EXPIRED', details: { oauthError: 'invalid_grant' } });
    expect(polls()).toBe(2);
  });

  it('raises ACCESS_DENIED at the first access_denied, whatever the reason the server gives (a code spent in the browser)', async () => {
    const { server, client, polls } = deviceSetup();
    server.reply(TOKEN_PATH, 400, { error: 'access_denied', error_description: 'the code was entered again after its sign-in had started' });
    const err = await client.login().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ACCESS_DENIED', status: 403 });
    expect((err as Error).message).toContain('the code was entered again');
    expect(polls()).toBe(1);
  });

  it('passes other refusals through (an unknown client is UNAUTHENTICATED)', async () => {
    const { server, client } = deviceSetup();
    server.reply(DEVICE_PATH, 401, { error: 'invalid_client' });
    await expect(client.login()).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
