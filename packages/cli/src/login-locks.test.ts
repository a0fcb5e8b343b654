import { describe, expect, it } from 'vitest';
import { ADMIN, Harness } from './testing.js';

const LOCKS = [
  { key: 'account:ann@ex.co', kind: 'account', failures: 5, locked_until: '2025-01-01T12:01:00.000Z' },
  { key: 'address:203.0.113.7', kind: 'address', failures: 3, locked_until: null },
] as const;

function withLocks(): Harness {
  const h = new Harness();
  h.fake.state.loginLocks = LOCKS.map((l) => ({ ...l }));
  return h;
}

describe('users locks and unlock', () => {
  it('locks prints an aligned table of keys, failures and lock ends', async () => {
    const h = withLocks();
    await h.login();
    const result = await h.run(['users', 'locks']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      'KEY                  KIND     FAILURES  LOCKED UNTIL\n' +
        'account:ann@ex.co    account  5         2025-01-01 12:01 UTC\n' +
        'address:203.0.113.7  address  3         -\n',
    );
  });

  it('locks <email> asks for that account only, and --json prints parseable JSON', async () => {
    const h = withLocks();
    await h.login();
    const result = await h.run(['--json', 'users', 'locks', 'ann@ex.co']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([{ key: 'account:ann@ex.co', kind: 'account', failures: 5, lockedUntil: '2025-01-01T12:01:00.000Z' }]);
    expect(h.fake.requests.at(-1)).toMatchObject({ path: '/v1/api/users/login_locks', body: { email: 'ann@ex.co' } });
  });

  it('locks says so when there is nothing', async () => {
    const h = new Harness();
    await h.login();
    expect((await h.run(['users', 'locks'])).stdout).toBe('No failed logins or locks.\n');
  });

  it('unlock <email> clears the account, unlock <ip> the address', async () => {
    const h = withLocks();
    await h.login();
    const byEmail = await h.run(['users', 'unlock', 'ann@ex.co']);
    expect(byEmail.code).toBe(0);
    expect(byEmail.stdout).toContain('ann@ex.co');
    expect(h.fake.requests.at(-1)).toMatchObject({ path: '/v1/api/users/clear_login_lock', body: { email: 'ann@ex.co' } });
    const byAddress = await h.run(['--json', 'users', 'unlock', '203.0.113.7']);
    expect(JSON.parse(byAddress.stdout)).toEqual({ address: '203.0.113.7', cleared: true });
    expect(h.fake.requests.at(-1)).toMatchObject({ body: { address: '203.0.113.7' } });
    expect(h.fake.state.loginLocks).toEqual([]);
  });

  it('a non-admin gets exit 1 and one FORBIDDEN line', async () => {
    const h = withLocks();
    h.fake.addUser({ email: 'bob@ex.co', password: 'bob-pw' });
    await h.login('bob@ex.co', 'bob-pw');
    for (const args of [['users', 'locks'], ['users', 'unlock', ADMIN.email]]) {
      const result = await h.run(args);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^error: FORBIDDEN: [^\n]*\n$/);
    }
  });

  it('unlock without an argument is a usage error (exit 2)', async () => {
    const h = new Harness();
    await h.login();
    expect((await h.run(['users', 'unlock'])).code).toBe(2);
  });
});
