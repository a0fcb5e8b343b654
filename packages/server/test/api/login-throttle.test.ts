import { PaddockError } from '@paddock/sdk';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { App } from '../../src/app.js';
import { openDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { COMMUNITY } from '../../src/license/license.js';
import { LOGIN_THROTTLE } from '../../src/services/login-throttle.js';
import { describeEachDatabase } from '../support/databases.js';
import { ADMIN, API_CLIENT_SECRET, BASE_URL, startTestApp } from '../support/app.js';
import type { TestApp } from '../support/app.js';
import { testHasher, TestClock } from '../support/services.js';

const TOKEN_PATH = '/auth/realms/master/protocol/openid-connect/token';
const ATTACKER = '198.51.100.7';
const MINUTE = 60_000;
const code = (err: unknown) => (err instanceof PaddockError ? err.code : err);

/** One password grant from `address`, as a client sends it: the status and the OAuth reply. */
async function grant(app: App, username: string, password: string, address = ATTACKER): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await app.http.inject({
    method: 'POST',
    url: TOKEN_PATH,
    remoteAddress: address,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ grant_type: 'password', client_id: 'sdk-client', username, password }).toString(),
  });
  return { status: res.statusCode, body: res.json<Record<string, unknown>>() };
}

async function fail(app: App, username: string, times: number, address = ATTACKER): Promise<void> {
  for (let i = 0; i < times; i++) expect((await grant(app, username, 'wrong-password', address)).body['error']).toBe('invalid_grant');
}

const refused = { status: 400, body: expect.objectContaining({ error: 'invalid_grant' }) };
const accepted = { status: 200, body: expect.objectContaining({ access_token: expect.any(String) }) };

describeEachDatabase('login throttle', (database) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp(database);
    await t.admin.inviteUser('ann@x.io', 'ann-password');
  });
  afterEach(() => t.close());

  it('5 wrong passwords lock the account: the 6th attempt, with the right password, gets invalid_grant', async () => {
    await fail(t.app, 'ann@x.io', LOGIN_THROTTLE.accountFailures);
    expect(await grant(t.app, 'ann@x.io', 'ann-password')).toEqual(refused);
    // From another address too: the lock is the account's.
    expect(await grant(t.app, 'ANN@x.io ', 'ann-password', '203.0.113.9')).toEqual(refused);
    const { events } = await t.admin.queryAudit({ action: 'auth.lock' });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor: { label: 'system' }, target: { label: 'ann@x.io' }, details: { kind: 'account' } });
  });

  it('4 wrong passwords do not lock, and failures older than the window do not count', async () => {
    await fail(t.app, 'ann@x.io', LOGIN_THROTTLE.accountFailures - 1);
    t.clock.advance(LOGIN_THROTTLE.windowMs);
    await fail(t.app, 'ann@x.io', LOGIN_THROTTLE.accountFailures - 1);
    expect(await grant(t.app, 'ann@x.io', 'ann-password')).toEqual(accepted);
  });

  it('after the lock period the right password works and resets the counter', async () => {
    await fail(t.app, 'ann@x.io', 5);
    t.clock.advance(MINUTE - 1);
    expect(await grant(t.app, 'ann@x.io', 'ann-password')).toEqual(refused);
    t.clock.advance(1);
    expect(await grant(t.app, 'ann@x.io', 'ann-password')).toEqual(accepted);
    expect(await t.admin.listLoginLocks('ann@x.io')).toEqual([]);
    // A fresh count: 4 more failures leave the account open.
    await fail(t.app, 'ann@x.io', 4);
    expect(await grant(t.app, 'ann@x.io', 'ann-password')).toEqual(accepted);
  });

  it('each further lock lasts twice as long, up to an hour', async () => {
    // Through the service: hours of test clock outlive the admin's access token.
    const lockedUntil = async () => (await t.app.services.loginThrottle.list({ kind: 'system' }, 'ann@x.io'))[0]?.lockedUntil;
    const durations: number[] = [];
    for (let i = 0; i < 8; i++) {
      await fail(t.app, 'ann@x.io', 5, `198.51.100.${i + 10}`);
      const until = await lockedUntil();
      durations.push((until ?? 0) - t.clock.now());
      t.clock.advance(durations.at(-1) ?? 0);
    }
    expect(durations.map((d) => d / MINUTE)).toEqual([1, 2, 4, 8, 16, 32, 60, 60]);
  });

  it('a second lock holds for 2 minutes, even against the right password', async () => {
    await fail(t.app, 'ann@x.io', 5);
    t.clock.advance(MINUTE);
    await fail(t.app, 'ann@x.io', 5);
    t.clock.advance(MINUTE);
    expect(await grant(t.app, 'ann@x.io', 'ann-password')).toEqual(refused);
    t.clock.advance(MINUTE);
    expect(await grant(t.app, 'ann@x.io', 'ann-password')).toEqual(accepted);
  });

  it('an address is locked after 20 failures across different accounts; other addresses are not', async () => {
    for (let i = 0; i < LOGIN_THROTTLE.addressFailures; i++) await fail(t.app, `victim${i % 5}@x.io`, 1);
    expect(await grant(t.app, 'ann@x.io', 'ann-password')).toEqual(refused);
    expect(await grant(t.app, 'ann@x.io', 'ann-password', '203.0.113.9')).toEqual(accepted);
    const locks = await t.admin.listLoginLocks();
    expect(locks.find((l) => l.key === `address:${ATTACKER}`)).toMatchObject({ kind: 'address', failures: 20, lockedUntil: expect.any(Date) });
    const accounts = locks.filter((l) => l.kind === 'account');
    expect(accounts.length).toBeGreaterThan(0);
    expect(accounts.every((l) => l.lockedUntil === null)).toBe(true);
  });

  it('an IPv6 address counts per /64, and an IPv4-mapped address as IPv4', async () => {
    for (let i = 0; i < 20; i++) await fail(t.app, `victim${i % 5}@x.io`, 1, `2001:db8:1:2::${(i + 1).toString(16)}`);
    expect(await grant(t.app, 'ann@x.io', 'ann-password', '2001:db8:1:2:ffff::1')).toEqual(refused);
    expect(await grant(t.app, 'ann@x.io', 'ann-password', '2001:db8:1:3::1')).toEqual(accepted);
    await fail(t.app, 'ann@x.io', 3, `::ffff:${ATTACKER}`);
    expect((await t.admin.listLoginLocks()).map((l) => l.key)).toEqual(
      expect.arrayContaining(['address:2001:db8:1:2::/64', `address:${ATTACKER}`]),
    );
  });

  it('unknown emails are throttled the same way and the replies cannot tell them apart', async () => {
    const unknown = await grant(t.app, 'ghost@x.io', 'wrong-password');
    const wrong = await grant(t.app, 'ann@x.io', 'wrong-password');
    expect(unknown).toEqual(wrong);
    await fail(t.app, 'ghost@x.io', 4);
    await fail(t.app, 'ann@x.io', 4);
    const lockedUnknown = await grant(t.app, 'ghost@x.io', 'wrong-password');
    const lockedKnown = await grant(t.app, 'ann@x.io', 'ann-password');
    expect(lockedUnknown).toEqual(lockedKnown);
    expect(lockedKnown).toEqual(refused);
    const locks = await t.admin.listLoginLocks();
    expect(locks.filter((l) => l.lockedUntil !== null).map((l) => l.key).sort()).toEqual(['account:ann@x.io', 'account:ghost@x.io']);
  });

  it('concurrent wrong passwords cannot slip past the limit and start a single lock', async () => {
    const checks = vi.spyOn(t.app.services.users, 'authenticate');
    await Promise.all(Array.from({ length: 12 }, async () => grant(t.app, 'ann@x.io', 'wrong-password')));
    expect(await grant(t.app, 'ann@x.io', 'ann-password')).toEqual(refused);
    expect(checks).toHaveBeenCalledTimes(LOGIN_THROTTLE.accountFailures);
    expect((await t.admin.queryAudit({ action: 'auth.lock' })).events).toHaveLength(1);
  });

  it('an admin lists a lock and clears it (audited); the right password then works', async () => {
    await fail(t.app, 'ann@x.io', 5);
    const [lock] = await t.admin.listLoginLocks('ANN@x.io');
    expect(lock).toEqual({ key: 'account:ann@x.io', kind: 'account', failures: 5, lockedUntil: new Date(t.clock.now() + MINUTE) });
    await t.admin.clearLoginLock({ email: 'ann@x.io' });
    expect(await t.admin.listLoginLocks('ann@x.io')).toEqual([]);
    expect(await grant(t.app, 'ann@x.io', 'ann-password')).toEqual(accepted);
    const { events } = await t.admin.queryAudit({ action: 'user.clear_login_lock' });
    expect(events[0]).toMatchObject({ actor: { label: ADMIN.email }, target: { label: 'ann@x.io' } });
  });

  it('an admin clears an address lock', async () => {
    for (let i = 0; i < 20; i++) await fail(t.app, `victim${i % 5}@x.io`, 1);
    await t.admin.clearLoginLock({ address: ATTACKER });
    expect(await grant(t.app, 'ann@x.io', 'ann-password')).toEqual(accepted);
  });

  it('a non-admin gets 403 FORBIDDEN from login_locks and clear_login_lock', async () => {
    const ann = t.login('ann@x.io', 'ann-password');
    expect(code(await ann.listLoginLocks().catch((e: unknown) => e))).toBe('FORBIDDEN');
    expect(code(await ann.clearLoginLock({ email: 'ann@x.io' }).catch((e: unknown) => e))).toBe('FORBIDDEN');
  });

  it('clear_login_lock needs exactly one of email and address, each well-formed', async () => {
    for (const body of [{}, { email: 'ann@x.io', address: ATTACKER }, { address: 'not-an-ip' }, { email: 'nope' }]) {
      const res = await t.post('users/clear_login_lock', body);
      expect(res.status).toBe(400);
      expect(res.body['error']).toBe('VALIDATION_FAILED');
    }
  });
});

describeEachDatabase('login throttle across processes', (database) => {
  const apps: App[] = [];
  const dbs: { destroy(): Promise<void> }[] = [];
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
    for (const db of dbs.splice(0)) await db.destroy();
  });

  it('two app instances on one database share the counters and the lock', async () => {
    const url = await database.url();
    const clock = new TestClock(Date.now());
    const start = async () => {
      const db = openDatabase({ url });
      dbs.push(db);
      await migrateToLatest(db);
      const app = await buildApp({ db, license: COMMUNITY, publicUrl: BASE_URL, apiClientSecret: API_CLIENT_SECRET, hasher: testHasher, clock, strictContracts: true });
      apps.push(app);
      return app;
    };
    const a = await start();
    const b = await start();
    await a.services.users.ensureAdmin(ADMIN.email, ADMIN.password);
    await a.services.users.invite({ kind: 'system' }, { email: 'ann@x.io', password: 'ann-password' });

    await fail(a, 'ann@x.io', 3);
    await fail(b, 'ann@x.io', 2);
    expect(await grant(a, 'ann@x.io', 'ann-password')).toEqual(refused);
    expect(await grant(b, 'ann@x.io', 'ann-password')).toEqual(refused);
    expect(await b.services.loginThrottle.list({ kind: 'system' }, 'ann@x.io')).toEqual([
      { key: 'account:ann@x.io', kind: 'account', failures: 5, lockedUntil: clock.now() + MINUTE },
    ]);
    await b.services.loginThrottle.clear({ kind: 'system' }, { email: 'ann@x.io' });
    expect(await grant(a, 'ann@x.io', 'ann-password')).toEqual(accepted);
  });
});
