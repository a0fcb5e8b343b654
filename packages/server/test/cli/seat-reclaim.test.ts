/** `paddock users dormant` and `paddock seat-policy` against the real server (both databases). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findUserByEmail } from '../../src/queries/users.js';
import { DAY_MS } from '../../src/services/seat-policy.js';
import { CliHarness, lines } from '../support/cli-harness.js';
import { describeEachDatabase } from '../support/databases.js';

const system = { kind: 'system' } as const;
const PASSWORD = 'a-good-password';

describeEachDatabase('CLI: seat reclaim', (database) => {
  let h: CliHarness;
  beforeEach(async () => {
    h = await CliHarness.start(database, { license: { edition: 'enterprise', seats: 10, licensee: 'Tests', expiresAt: null } });
    await h.login();
  });
  afterEach(() => h.close());

  /** Users who signed in `days` days ago (the server's clock goes back and returns). */
  async function idle(days: number, ...emails: string[]): Promise<void> {
    const { users } = h.t.app.services;
    h.t.clock.advance(-days * DAY_MS);
    for (const email of emails) {
      await users.invite(system, { email, password: PASSWORD, role: email.startsWith('admin') ? 'admin' : 'user' });
      await users.authenticate(email, PASSWORD);
    }
    h.t.clock.advance(days * DAY_MS);
  }
  const status = async (email: string) => (await findUserByEmail(h.t.db.kysely, email))?.status;

  describe('paddock users dormant', () => {
    it('prints the idle users, the most recently active first, with the seats freed; --json the listing', async () => {
      await idle(120, 'ann@x.io');
      await idle(100, 'admin2@x.io', 'bob@x.io');
      await idle(10, 'busy@x.io');
      const result = await h.run(['users', 'dormant', '--days', '90']);
      expect(result.code).toBe(0);
      const out = lines(result.stdout);
      expect(out[0]).toMatch(/^EMAIL\s+NAME\s+ROLE\s+LAST SIGN-IN\s+IDLE DAYS$/);
      expect(out.slice(1, 4).map((l) => l.split(/\s+/)[0])).toEqual(['admin2@x.io', 'bob@x.io', 'ann@x.io']);
      expect(out[3]).toMatch(/ann@x\.io\s+-\s+user\s+\d{4}-\d\d-\d\d \d\d:\d\d UTC\s+120$/);
      expect(result.stdout).toContain('3 users idle for more than 90 days, 1 admin among them. 5 of 10 seats in use, 5 free.');
      expect(result.stdout).toContain('Deactivating all but the admins frees 2 seats: paddock users dormant --days 90 --deactivate');
      const json = await h.run(['--json', 'users', 'dormant', '--days', '90']);
      const listing = JSON.parse(json.stdout) as { total: number; admins: number; users: Array<{ email: string; idleDays: number }>; frees: unknown };
      expect(listing).toMatchObject({ total: 3, admins: 1, frees: { allButAdmins: 2, all: 3 } });
      expect(listing.users.map((u) => [u.email, u.idleDays])).toEqual([['admin2@x.io', 100], ['bob@x.io', 100], ['ann@x.io', 120]]);
      expect(h.transport.bodies('users/dormant')).toEqual([{ days: 90 }, { days: 90 }]);
    });

    it('says so when no one is idle', async () => {
      const result = await h.run(['users', 'dormant', '--days', '30']);
      expect(result.stdout).toBe('No user has been idle for more than 30 days. 1 of 10 seats in use, 9 free.\n');
    });

    it('--deactivate --yes deactivates every idle user but the admins and prints what it did', async () => {
      await idle(120, 'ann@x.io', 'admin2@x.io', 'bob@x.io');
      const result = await h.run(['users', 'dormant', '--days', '90', '--deactivate', '--yes']);
      expect(result.code).toBe(0);
      expect(lines(result.stdout)).toEqual(['Deactivated ann@x.io', 'Deactivated bob@x.io', 'Freed 2 seats: 2 of 10 seats in use, 8 free.']);
      expect(h.transport.bodies('users/deactivate_dormant')).toEqual([{ days: 90, all: true }]);
      expect([await status('ann@x.io'), await status('bob@x.io'), await status('admin2@x.io')]).toEqual(['inactive', 'inactive', 'active']);
    });

    it('--deactivate asks first in a terminal: y deactivates, anything else does nothing', async () => {
      await idle(120, 'ann@x.io');
      const no = await h.run(['users', 'dormant', '--days', '90', '--deactivate'], { isTTY: true, stdin: 'n\n' });
      expect(no.stderr).toContain('Deactivate 1 user idle for more than 90 days (admins excluded), freeing 1 seat? [y/N]');
      expect(no.stdout).toContain('Nothing was deactivated.');
      expect(await status('ann@x.io')).toBe('active');
      const yes = await h.run(['users', 'dormant', '--days', '90', '--deactivate'], { isTTY: true, stdin: 'y\n' });
      expect(yes.code).toBe(0);
      expect(yes.stdout).toContain('Deactivated ann@x.io');
      expect(await status('ann@x.io')).toBe('inactive');
    });

    it('--deactivate without a terminal and without --yes is a usage error (exit 2) that deactivates no one', async () => {
      await idle(120, 'ann@x.io');
      const result = await h.run(['users', 'dormant', '--days', '90', '--deactivate']);
      expect(result.code).toBe(2);
      expect(lines(result.stderr)).toHaveLength(1);
      expect(h.transport.bodies('users/deactivate_dormant')).toEqual([]);
      expect(await status('ann@x.io')).toBe('active');
    });

    it('named users, admins included, are deactivated one by one; one who is not idle is skipped with its code (exit 1)', async () => {
      await idle(120, 'admin2@x.io', 'ann@x.io');
      await idle(1, 'busy@x.io');
      const result = await h.run(['users', 'dormant', '--days', '90', '--deactivate', '--yes', 'admin2@x.io', 'busy@x.io']);
      expect(result.code).toBe(1);
      expect(lines(result.stdout)).toEqual([
        'Deactivated admin2@x.io',
        expect.stringMatching(/^Skipped busy@x\.io: NOT_DORMANT: /),
        'Freed 1 seat: 3 of 10 seats in use, 7 free.',
      ]);
      expect(h.transport.bodies('users/deactivate_dormant')).toEqual([{ days: 90, emails: ['admin2@x.io', 'busy@x.io'] }]);
      expect(await status('ann@x.io')).toBe('active');
    });

    it('usage errors (exit 2): no --days, a bad --days, emails without --deactivate', async () => {
      for (const args of [['users', 'dormant'], ['users', 'dormant', '--days', 'soon'], ['users', 'dormant', '--days', '0'], ['users', 'dormant', '--days', '9', 'a@x.io']]) {
        expect((await h.run(args)).code).toBe(2);
      }
      expect(h.transport.bodies('users/dormant')).toEqual([]);
    });
  });

  describe('paddock seat-policy', () => {
    it('show prints the policy (off by default); set changes the options given; preview names whom it would take', async () => {
      const shown = await h.run(['seat-policy', 'show']);
      expect(lines(shown.stdout)).toEqual([
        'Policy:          off',
        'Idle after:      90 days',
        'Warning mail:    none',
        'Floating seats:  off',
        'Contact:         the active admins',
      ]);
      const set = await h.run(['seat-policy', 'set', '--enable', '--days', '60', '--warn-days', '7', '--floating', 'on', '--contact', 'it-help@x.io']);
      expect(set.code).toBe(0);
      expect(h.transport.bodies('seat_policy/set')).toEqual([{ enabled: true, days: 60, warn_days: 7, floating: true, contact: 'it-help@x.io' }]);
      expect(set.stdout).toContain('Policy:          on: users idle for more than 60 days are deactivated automatically');
      await idle(70, 'ann@x.io', 'admin2@x.io');
      await idle(55, 'bob@x.io');
      const preview = await h.run(['seat-policy', 'preview']);
      expect(preview.stdout).toMatch(/It would deactivate 1 user:\nEMAIL.*\nann@x\.io/);
      expect(preview.stdout).toMatch(/It would warn 1 user by mail:\nEMAIL.*\nbob@x\.io/);
      expect((await h.run(['seat-policy', 'set', '--warn-days', 'off', '--contact', 'admins'])).code).toBe(0);
      expect(h.transport.bodies('seat_policy/set').at(-1)).toEqual({ warn_days: null, contact: null });
      expect((await h.run(['seat-policy', 'set'])).code).toBe(2);
    });
  });
});
