import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import { auditWriter } from '../../src/services/audit.js';
import { createLoginThrottle, LOGIN_THROTTLE, normalizeAddress } from '../../src/services/login-throttle.js';
import type { LoginThrottleService } from '../../src/services/login-throttle.js';
import { describeEachDatabase } from '../support/databases.js';
import { system, TestClock } from '../support/services.js';

const SECRET = 'hunter2-secret-password';
const matches = (password: string) => password === 'the-right-password';

it('normalizeAddress keeps IPv4, unmaps IPv4-mapped IPv6 and cuts IPv6 to its /64', () => {
  expect(normalizeAddress('203.0.113.7')).toBe('203.0.113.7');
  expect(normalizeAddress('::ffff:203.0.113.7')).toBe('203.0.113.7');
  expect(normalizeAddress('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
  expect(normalizeAddress('2001:DB8:0001::1')).toBe('2001:db8:1:0::/64');
  expect(normalizeAddress('::1')).toBe('0:0:0:0::/64');
  expect(normalizeAddress('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  expect(normalizeAddress('2001:db8:1:2::/64')).toBe('2001:db8:1:2::/64');
});

describeEachDatabase('login throttle service', (database) => {
  let db: Db;
  let clock: TestClock;
  let warnings: { details: Record<string, unknown>; message: string }[];
  let throttle: LoginThrottleService;
  beforeEach(async () => {
    db = await database.open();
    clock = new TestClock();
    warnings = [];
    throttle = createLoginThrottle({ db: db.kysely, clock, audit: auditWriter(clock), log: { warn: (details, message) => warnings.push({ details, message }) } });
  });
  afterEach(() => db.destroy());

  const wrong = async (email = 'ann@x.io', address = '198.51.100.7') => throttle.attempt(email, address, async () => null);
  const right = async (email = 'ann@x.io', address = '198.51.100.7') => throttle.attempt(email, address, async () => 'ok');

  it('logs each lock at warn level with the kind of key, never the password or the key', async () => {
    for (let i = 0; i < 5; i++) await throttle.attempt('ann@x.io', '198.51.100.7', async () => (matches(SECRET) ? 'ok' : null));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.details).toMatchObject({ kind: 'account', lock_count: 1 });
    const logged = JSON.stringify(warnings);
    expect(logged).not.toContain(SECRET);
    expect(logged).not.toContain('ann@x.io');
    expect(logged).not.toContain('198.51.100.7');
  });

  it('a locked key refuses without running the password check', async () => {
    for (let i = 0; i < 5; i++) await wrong();
    let checked = false;
    expect(await throttle.attempt('ann@x.io', '203.0.113.1', async () => ((checked = true), 'ok'))).toBeNull();
    expect(checked).toBe(false);
  });

  it('a day without a lock starts the lock length again from one minute', async () => {
    for (let i = 0; i < 5; i++) await wrong();
    clock.advance(LOGIN_THROTTLE.firstLockMs);
    for (let i = 0; i < 5; i++) await wrong();
    const [second] = await throttle.list(system, 'ann@x.io');
    expect(second?.lockedUntil).toBe(clock.now() + 2 * LOGIN_THROTTLE.firstLockMs);
    clock.advance(2 * LOGIN_THROTTLE.firstLockMs + LOGIN_THROTTLE.forgetAfterMs);
    for (let i = 0; i < 5; i++) await wrong();
    const [third] = await throttle.list(system, 'ann@x.io');
    expect(third?.lockedUntil).toBe(clock.now() + LOGIN_THROTTLE.firstLockMs);
  });

  it('a success gives the address its attempt back but leaves its other failures counted', async () => {
    for (let i = 0; i < 3; i++) await wrong(`v${i}@x.io`);
    expect(await right()).toBe('ok');
    const address = (await throttle.list(system)).find((l) => l.kind === 'address');
    expect(address?.failures).toBe(3);
  });

  it('lists nothing once the window has passed without a lock', async () => {
    await wrong();
    expect(await throttle.list(system)).toHaveLength(2);
    clock.advance(LOGIN_THROTTLE.windowMs);
    expect(await throttle.list(system)).toEqual([]);
  });
});
