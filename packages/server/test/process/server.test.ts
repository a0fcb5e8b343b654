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
