import { describe, expect, it } from 'vitest';
import type { DevicePrompt } from './auth.js';
import { Client } from './client.js';
import { FAKE_URL, FakePaddock } from './testing/fake-server.js';
import { ADMIN } from './testing/setup.js';

const TOKEN_PATH = '/auth/realms/master/protocol/openid-connect/token';
const DEVICE_PATH = '/auth/realms/master/protocol/openid-connect/auth/device';

/** A fake server, a device-login client on it, and the waits it asked for (which advance the fake clock). */
function deviceSetup() {
  const fake = new FakePaddock();
  fake.addUser({ email: ADMIN.email, password: ADMIN.password, role: 'admin' });
  const prompts: DevicePrompt[] = [];
  const waits: number[] = [];
  const client = new Client({
    url: FAKE_URL,
    fetch: fake.fetch,
    now: fake.now,
    sleep: async (ms) => {
      waits.push(ms);
      fake.advance(ms);
    },
    auth: { type: 'device', onPrompt: (info) => prompts.push(info) },
  });
  const polls = () => fake.requests.filter((r) => r.path === TOKEN_PATH).length;
  return { fake, client, prompts, waits, polls };
}

describe('device login', () => {
  it('asks for a code with client_id sdk-client, shows it once, polls at the interval, then works', async () => {
    const { fake, client, prompts, waits, polls } = deviceSetup();
    fake.deviceDecision = { approveAs: ADMIN.email };
    const users = await client.listUsers();
    expect(users.map((u) => u.email)).toEqual([ADMIN.email]);
    expect(fake.requests[0]).toMatchObject({ path: DEVICE_PATH, body: { client_id: 'sdk-client', scope: 'openid profile email roles' } });
    expect(prompts).toEqual([
      {
        verificationUri: `${FAKE_URL}/auth/realms/master/device`,
        verificationUriComplete: `${FAKE_URL}/auth/realms/master/device?user_code=${prompts[0]?.userCode}`,
        userCode: expect.stringMatching(/^[A-Z]{4}-[A-Z]{4}$/),
        expiresIn: 600,
      },
    ]);
    expect(waits).toEqual([5000, 5000]);
    expect(polls()).toBe(2);
    expect(fake.requests.find((r) => r.path === TOKEN_PATH)?.body).toMatchObject({
      grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
      client_id: 'sdk-client',
    });
    expect(client.getTokens()?.refreshToken).toBeTypeOf('string');
  });

  it('waits 5 s longer after each slow_down', async () => {
    const { fake, client, waits } = deviceSetup();
    fake.deviceInterval = 2;
    fake.deviceDecision = { approveAs: ADMIN.email };
    fake.overrides.push({ path: TOKEN_PATH, status: 400, body: { error: 'slow_down' } });
    fake.overrides.push({ path: TOKEN_PATH, status: 400, body: { error: 'slow_down' } });
    await client.login();
    expect(waits).toEqual([2000, 7000, 12000, 12000]);
  });

  it('raises ACCESS_DENIED when the person cancels in the browser', async () => {
    const { fake, client } = deviceSetup();
    fake.deviceDecision = 'deny';
    await expect(client.login()).rejects.toMatchObject({ name: 'PaddockError', code: 'ACCESS_DENIED', status: 403 });
  });

  it('raises DEVICE_CODE_EXPIRED when nobody approves before the code expires, without polling past it', async () => {
    const { fake, client, polls } = deviceSetup();
    fake.deviceTtl = 30;
    await expect(client.login()).rejects.toMatchObject({ code: 'DEVICE_CODE_EXPIRED' });
    expect(polls()).toBe(5);
  });

  it('raises DEVICE_CODE_EXPIRED when the server answers expired_token, without polling again', async () => {
    const { fake, client, polls } = deviceSetup();
    fake.overrides.push({ path: TOKEN_PATH, status: 400, body: { error: 'expired_token', error_description: 'device code is expired' } });
    await expect(client.login()).rejects.toMatchObject({ code: 'DEVICE_CODE_EXPIRED' });
    expect(polls()).toBe(1);
  });

  it('raises DEVICE_CODE_EXPIRED, not UNAUTHENTICATED, when the server no longer knows the code or it was used (invalid_grant)', async () => {
    const { fake, client, polls } = deviceSetup();
    fake.overrides.push({ path: TOKEN_PATH, status: 400, body: { error: 'authorization_pending' } });
    fake.overrides.push({ path: TOKEN_PATH, status: 400, body: { error: 'invalid_grant', error_description: 'device code already consumed' } });
    await expect(client.login()).rejects.toMatchObject({ name: 'PaddockError', code: 'DEVICE_CODE_EXPIRED', details: { oauthError: 'invalid_grant' } });
    expect(polls()).toBe(2);
  });

  it('raises ACCESS_DENIED at the first access_denied, whatever the reason the server gives (a code spent in the browser)', async () => {
    const { fake, client, polls } = deviceSetup();
    fake.overrides.push({ path: TOKEN_PATH, status: 400, body: { error: 'access_denied', error_description: 'the code was entered again after its sign-in had started' } });
    const err = await client.login().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ACCESS_DENIED', status: 403 });
    expect((err as Error).message).toContain('the code was entered again');
    expect(polls()).toBe(1);
  });

  it('passes other refusals through (an unknown client is UNAUTHENTICATED)', async () => {
    const { fake, client } = deviceSetup();
    fake.overrides.push({ path: DEVICE_PATH, status: 401, body: { error: 'invalid_client' } });
    await expect(client.login()).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
