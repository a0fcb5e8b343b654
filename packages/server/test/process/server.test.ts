import { generateKeyPairSync, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { Client } from '@paddock/sdk';
import type { PaddockError } from '@paddock/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { PG_URL, createPgDatabase } from '../support/databases.js';
import { run, SERVER_MAIN, startServer, tempDir } from '../support/process.js';
import type { ServerProcess } from '../support/process.js';

const started: ServerProcess[] = [];
afterEach(async () => {
  for (const s of started.splice(0)) await s.stop('SIGKILL');
});

async function start(env: Record<string, string>): Promise<ServerProcess> {
  const s = await startServer(env);
  started.push(s);
  return s;
}

describe('the server process', () => {
  it('first start without PADDOCK_ADMIN_* creates an admin and prints its email and password once, with the URL', async () => {
    const dataDir = tempDir();
    const first = await start({ PADDOCK_DATA_DIR: dataDir });
    const password = /password: (\S+)/.exec(first.stdout())?.[1];
    expect(first.stdout()).toContain(`Paddock is running at ${first.url}`);
    expect(first.stdout()).toContain('first admin created: admin@paddock.local');
    expect(password).toBeDefined();
    const client = new Client({ url: first.url, auth: { type: 'password', username: 'admin@paddock.local', password: password! } });
    expect((await client.getLicense()).edition).toBe('community');
    expect(await first.stop()).toBe(0);

    const second = await start({ PADDOCK_DATA_DIR: dataDir });
    expect(second.stdout()).not.toContain('password:');
  });

  it('answers /healthz and /readyz, and echoes a request id', async () => {
    const s = await start({ PADDOCK_ADMIN_EMAIL: 'root@x.io', PADDOCK_ADMIN_PASSWORD: 'root-password' });
    const health = await fetch(`${s.url}/healthz`, { headers: { 'x-request-id': 'req-123' } });
    expect(health.status).toBe(200);
    expect(health.headers.get('x-request-id')).toBe('req-123');
    expect((await fetch(`${s.url}/readyz`)).status).toBe(200);
    expect((await fetch(`${s.url}/v1/api/openapi.json`)).status).toBe(200);
  });

  it.each([
    [{ PADDOCK_PORT: 'eighty' }, 'PADDOCK_PORT'],
    [{ PADDOCK_LICENSE: 'aaa.bbb.ccc' }, 'PADDOCK_LICENSE'],
    [{ PADDOCK_DATABASE_URL: 'postgres://nobody:wrong@127.0.0.1:1/none' }, 'PADDOCK_DATABASE_URL'],
  ])('bad configuration %j stops the start with one line naming %s', async (env, variable) => {
    const res = await run(process.execPath, [SERVER_MAIN], { env: { PADDOCK_DATA_DIR: tempDir(), ...env } });
    expect(res.code).toBe(1);
    const lines = res.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]!.startsWith(`paddock: ${variable}:`)).toBe(true);
  });
});

/** A licence signed with `privateKey` (EdDSA compact JWS). */
function licence(claims: object, privateKey: KeyObject): string {
  const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const signed = `${b64({ alg: 'EdDSA' })}.${b64({ iat: Math.floor(Date.now() / 1000), ...claims })}`;
  return `${signed}.${sign(null, Buffer.from(signed), privateKey).toString('base64url')}`;
}
const pem = (key: KeyObject) => key.export({ type: 'spki', format: 'pem' }).toString();

describe('the licence at start-up', () => {
  it('says which licence is in force and where from, and warns (banner and log) when the uploaded one no longer verifies under a new key and users are over the seats', async () => {
    const dataDir = tempDir();
    const oldKey = generateKeyPairSync('ed25519');
    const newKey = generateKeyPairSync('ed25519');
    const env = { PADDOCK_DATA_DIR: dataDir, PADDOCK_ADMIN_EMAIL: 'root@x.io', PADDOCK_ADMIN_PASSWORD: 'root-password' };
    const first = await start({ ...env, PADDOCK_LICENSE_PUBLIC_KEY: pem(oldKey.publicKey) });
    expect(banner(first, 'licence')).toBe('Community (5 active users), no licence uploaded or in PADDOCK_LICENSE');
    expect(banner(first, 'warning')).toBeUndefined();
    const admin = new Client({ url: first.url, auth: { type: 'password', username: 'root@x.io', password: 'root-password' } });
    await admin.uploadLicense(licence({ edition: 'enterprise', sub: 'Acme', seats: 10 }, oldKey.privateKey));
    for (let i = 1; i <= 6; i++) await admin.inviteUser(`u${i}@x.io`);
    expect(await first.stop()).toBe(0);

    const same = await start({ ...env, PADDOCK_LICENSE_PUBLIC_KEY: pem(oldKey.publicKey) });
    expect(banner(same, 'licence')).toBe('Enterprise for Acme, 10 seats, uploaded (stored in the database)');
    expect(banner(same, 'seats')).toBe('7 of 10 in use');
    expect(await same.stop()).toBe(0);

    const rekeyed = await start({ ...env, PADDOCK_LICENSE_PUBLIC_KEY: pem(newKey.publicKey), PADDOCK_LOG_LEVEL: 'warn' });
    expect(banner(rekeyed, 'licence')).toBe('Community (5 active users), no valid licence (see the warning below)');
    expect(banner(rekeyed, 'seats')).toBe('7 of 5 in use, 2 over the licence');
    const warnings = rekeyed.stdout().split('\n').filter((l) => l.startsWith('  warning:  '));
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain('uploaded licence');
    expect(warnings[1]).toContain('7 users are active');
    const logged = () =>
      rekeyed
        .stdout()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .filter((l) => l['event'] === 'license')
        .map((l) => [l['level'], l['set_aside'], l['reason'], l['in_force'], l['over_by']]);
    // The log is written apart from the banner and may reach the pipe after it: read until it has.
    await expect.poll(logged).toEqual([
      [40, 'uploaded', 'BAD_SIGNATURE', 'none', undefined],
      [40, undefined, undefined, undefined, 2],
    ]);
  });

  it('a valid uploaded licence wins over PADDOCK_LICENSE, and the banner says so', async () => {
    const keys = generateKeyPairSync('ed25519');
    const env = { PADDOCK_DATA_DIR: tempDir(), PADDOCK_ADMIN_EMAIL: 'root@x.io', PADDOCK_ADMIN_PASSWORD: 'root-password', PADDOCK_LICENSE_PUBLIC_KEY: pem(keys.publicKey) };
    const configured = licence({ edition: 'enterprise', sub: 'Configured', seats: 20 }, keys.privateKey);
    const first = await start({ ...env, PADDOCK_LICENSE: configured });
    expect(banner(first, 'licence')).toBe('Enterprise for Configured, 20 seats, from PADDOCK_LICENSE');
    const admin = new Client({ url: first.url, auth: { type: 'password', username: 'root@x.io', password: 'root-password' } });
    await admin.uploadLicense(licence({ edition: 'enterprise', sub: 'Uploaded', seats: 30 }, keys.privateKey));
    expect(await first.stop()).toBe(0);
    const second = await start({ ...env, PADDOCK_LICENSE: configured });
    expect(banner(second, 'licence')).toBe('Enterprise for Uploaded, 30 seats, uploaded (stored in the database)');
  });
});

/** The value of one line of the start-up banner (`  licence:  ...`). */
function banner(s: ServerProcess, label: string): string | undefined {
  const line = s.stdout().split('\n').find((l) => l.startsWith(`  ${label}:`));
  return line?.slice(`  ${label}:`.length).trim();
}

describe.skipIf(!PG_URL)('two server processes sharing one PostgreSQL', () => {
  it('20 concurrent activations split across both processes give exactly one success, and a deactivation on one cuts the user off on the other', async () => {
    const pg = await createPgDatabase();
    try {
      // One public URL, as behind a load balancer: both processes are the same issuer.
      const env = { PADDOCK_PUBLIC_URL: 'http://paddock.internal', PADDOCK_DATABASE_URL: pg.url, PADDOCK_ADMIN_EMAIL: 'root@x.io', PADDOCK_ADMIN_PASSWORD: 'root-password', PADDOCK_API_CLIENT_SECRET: 'shared-secret-0123456789abcdef' };
      const a = await start(env);
      const b = await start(env);
      const adminA = new Client({ url: a.url, auth: { type: 'password', username: 'root@x.io', password: 'root-password' } });
      const adminB = new Client({ url: b.url, auth: { type: 'password', username: 'root@x.io', password: 'root-password' } });

      for (let i = 1; i <= 4; i++) await adminA.inviteUser(`seat${i}@x.io`, 'seat-password');
      const waiting: string[] = [];
      for (let i = 0; i < 20; i++) {
        await adminA.deactivateUser('seat1@x.io');
        await adminA.inviteUser(`wait${i}@x.io`);
        await adminA.deactivateUser(`wait${i}@x.io`);
        await adminA.activateUser('seat1@x.io');
        waiting.push(`wait${i}@x.io`);
      }
      await adminA.deactivateUser('seat1@x.io');
      const results = await Promise.allSettled(waiting.map((email, i) => (i % 2 === 0 ? adminA : adminB).activateUser(email)));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results) if (r.status === 'rejected') expect((r.reason as PaddockError).code).toBe('SEAT_LIMIT_REACHED');
      expect((await adminB.getLicense()).activeUsers).toBe(5);

      // A token issued by process A is refused by process B right after a deactivation through B.
      const seat2 = new Client({ url: a.url, auth: { type: 'password', username: 'seat2@x.io', password: 'seat-password' } });
      const token = (await seat2.login()).accessToken;
      const onB = new Client({ url: b.url, auth: { type: 'token', accessToken: token } });
      await onB.listUsers();
      await adminB.deactivateUser('seat2@x.io');
      const refused = await onB.listUsers().catch((e: unknown) => e);
      expect((refused as PaddockError).code).toBe('UNAUTHENTICATED');
    } finally {
      for (const s of started.splice(0)) await s.stop('SIGKILL');
      await pg.drop();
    }
  });
});
