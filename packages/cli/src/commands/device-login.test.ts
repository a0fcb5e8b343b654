import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FAKE_URL } from '../../../sdk/src/testing/fake-server.js';
import { ADMIN, Harness } from '../testing.js';

const TOKEN_PATH = '/auth/realms/master/protocol/openid-connect/token';

function storedUsers(h: Harness): Record<string, { accessToken: string; refreshToken: string | null }> | undefined {
  const file = JSON.parse(readFileSync(join(h.configDir, 'credentials.json'), 'utf8')) as {
    servers: Record<string, { users: Record<string, { accessToken: string; refreshToken: string | null }> }>;
  };
  return file.servers[FAKE_URL]?.users;
}

describe('login --device', () => {
  it('prints the URL and the code, polls until approved, and stores the tokens under the approver', async () => {
    const h = new Harness();
    h.fake.deviceDecision = { approveAs: ADMIN.email };
    const result = await h.run(['login', '--device']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const [open, complete, waiting, done] = result.stdout.split('\n');
    const code = /enter the code ([A-Z]{4}-[A-Z]{4})$/.exec(open ?? '')?.[1];
    expect(open).toBe(`Open ${FAKE_URL}/auth/realms/master/device and enter the code ${code}`);
    expect(complete).toBe(`(or open ${FAKE_URL}/auth/realms/master/device?user_code=${code})`);
    expect(waiting).toBe('Waiting for the approval...');
    expect(done).toBe(`Logged in to ${FAKE_URL} as ${ADMIN.email}.`);
    expect(h.fake.requests.filter((r) => r.path === TOKEN_PATH).map((r) => (r.body as Record<string, string>)['grant_type'])).toEqual([
      'urn:ietf:params:oauth:grant-type:device_code',
      'urn:ietf:params:oauth:grant-type:device_code',
    ]);
    expect(storedUsers(h)?.[ADMIN.email]?.refreshToken).toBeTypeOf('string');
    // The stored login works for the next command.
    expect((await h.run(['users', 'list'])).code).toBe(0);
  });

  it('with --json prints the prompt on stderr and only JSON on stdout', async () => {
    const h = new Harness();
    h.fake.deviceDecision = { approveAs: ADMIN.email };
    const result = await h.run(['--json', 'login', '--device']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ url: FAKE_URL, user: ADMIN.email });
    expect(result.stderr).toContain('and enter the code');
  });

  it('a denial ends with ACCESS_DENIED (exit 1) and stores nothing', async () => {
    const h = new Harness();
    h.fake.deviceDecision = 'deny';
    const result = await h.run(['login', '--device']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: ACCESS_DENIED: /);
  });

  it('an expired code ends with DEVICE_CODE_EXPIRED', async () => {
    const h = new Harness();
    h.fake.deviceTtl = 20;
    const result = await h.run(['login', '--device']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: DEVICE_CODE_EXPIRED: /);
  });

  it('stops at once with one line when the code can no longer be approved (invalid_grant: DEVICE_CODE_EXPIRED, exit 1)', async () => {
    const h = new Harness();
    h.fake.overrides.push({ path: TOKEN_PATH, status: 400, body: { error: 'invalid_grant', error_description: 'device code already consumed' } });
    const result = await h.run(['login', '--device']);
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n').filter(Boolean)).toEqual([expect.stringMatching(/^error: DEVICE_CODE_EXPIRED: /)]);
    expect(h.fake.requests.filter((r) => r.path === TOKEN_PATH)).toHaveLength(1);
  });

  it('with --json, a refused device login is a JSON error', async () => {
    const h = new Harness();
    h.fake.deviceDecision = 'deny';
    const result = await h.run(['--json', 'login', '--device']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const last = result.stderr.split('\n').filter(Boolean).at(-1) ?? '';
    expect(JSON.parse(last)).toMatchObject({ error: 'ACCESS_DENIED' });
  });

  it('refuses --device with --username as a usage error', async () => {
    const h = new Harness();
    expect((await h.run(['login', '--device', '--username', ADMIN.email])).code).toBe(2);
  });

  it('help shows the option and an example', async () => {
    const help = await new Harness().run(['login', '--help']);
    expect(help.stdout).toContain('--device');
    expect(help.stdout).toContain('$ paddock login --device');
  });
});
