/** `paddock password change` and `users invite --require-reset` against the real server (both databases). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliHarness, lines } from '../support/cli-harness.js';
import { describeEachDatabase } from '../support/databases.js';

describeEachDatabase('CLI: passwords', (database) => {
  let h: CliHarness;
  beforeEach(async () => {
    h = await CliHarness.start(database);
  });
  afterEach(() => h.close());

  describe('paddock password change', () => {
    it('with --password-stdin reads the current and the new password as two lines, needs no login, and then the new one logs in', async () => {
      await h.t.addUser({ email: 'ann@ex.co', password: 'Generated-Pw-1', requireReset: true });
      const refused = await h.run(['login', '--username', 'ann@ex.co', '--password-stdin'], { stdin: 'Generated-Pw-1\n' });
      // The right password, refused until it is changed: the token endpoint says only invalid_grant (no code of its own).
      expect([refused.code, lines(refused.stderr)]).toEqual([3, [expect.stringMatching(/^error: UNAUTHENTICATED: /)]]);
      expect(h.transport.requests.at(-1)).toMatchObject({ status: 400, reply: { error: 'invalid_grant' } });

      const result = await h.run(['password', 'change', '--username', 'ANN@ex.co', '--password-stdin'], { stdin: 'Generated-Pw-1\nanns-own-password\n' });
      expect([result.code, result.stderr]).toEqual([0, '']);
      expect(result.stdout).toContain('Changed the password of ann@ex.co');
      const sent = h.transport.requests.at(-1);
      expect(sent).toMatchObject({ path: '/v1/api/users/change_password', authorization: null, body: { email: 'ann@ex.co', password: 'Generated-Pw-1', new_password: 'anns-own-password' }, status: 200 });
      await h.login('ann@ex.co', 'anns-own-password');
    });

    it('a wrong current password exits 3 with one UNAUTHENTICATED line; a reused one exits 2 with VALIDATION_FAILED', async () => {
      await h.t.addUser({ email: 'ann@ex.co', password: 'ann-password' });
      const wrong = await h.run(['password', 'change', '--username', 'ann@ex.co', '--password-stdin'], { stdin: 'nope\nanns-new-password\n' });
      expect(wrong.code).toBe(3);
      expect(lines(wrong.stderr)).toEqual([expect.stringMatching(/^error: UNAUTHENTICATED: /)]);
      const same = await h.run(['password', 'change', '--username', 'ann@ex.co', '--password-stdin'], { stdin: 'ann-password\nann-password\n' });
      expect(same.code).toBe(2);
      expect(same.stderr).toMatch(/^error: VALIDATION_FAILED: /);
    });

    it('uses the stored login\'s email when --username is absent; without passwords and no terminal it is a usage error', async () => {
      await h.t.addUser({ email: 'ann@ex.co', password: 'ann-password' });
      await h.login('ann@ex.co', 'ann-password');
      const result = await h.run(['--json', 'password', 'change', '--password-stdin'], { stdin: 'ann-password\nanns-new-password\n' });
      expect(JSON.parse(result.stdout)).toMatchObject({ user: 'ann@ex.co', changed: true });
      const missing = await h.run(['password', 'change', '--username', 'ann@ex.co']);
      expect(missing.code).toBe(2);
      expect(lines(missing.stderr)).toHaveLength(1);
      const oneLine = await h.run(['password', 'change', '--username', 'ann@ex.co', '--password-stdin'], { stdin: 'only-one\n' });
      expect(oneLine.code).toBe(2);
    });
  });

  describe('paddock users invite --require-reset', () => {
    it('sends require_reset with the chosen password and says it must be changed', async () => {
      await h.login();
      const result = await h.run(['users', 'invite', 'ann@ex.co', '--password-stdin', '--require-reset'], { stdin: 'Chosen-Pw-9\n' });
      expect(result.code).toBe(0);
      expect(h.transport.bodies('users/invite')).toEqual([{ email: 'ann@ex.co', password: 'Chosen-Pw-9', role: 'user', require_reset: true }]);
      expect(result.stdout).toContain('must be changed before the first login');
      expect(result.stdout).not.toContain('Chosen-Pw-9');
      const login = await h.run(['login', '--username', 'ann@ex.co', '--password-stdin'], { stdin: 'Chosen-Pw-9\n' });
      expect([login.code, login.stderr]).toEqual([3, expect.stringMatching(/^error: UNAUTHENTICATED: /)]); // must change it first
    });

    it('without --password-stdin is a usage error (a generated password always needs changing)', async () => {
      await h.login();
      const result = await h.run(['users', 'invite', 'ann@ex.co', '--require-reset']);
      expect(result.code).toBe(2);
      expect(h.transport.paths()).not.toContain('/v1/api/users/invite');
    });

    it('without it, a chosen password is kept as it is', async () => {
      await h.login();
      await h.run(['users', 'invite', 'ann@ex.co', '--password-stdin'], { stdin: 'Chosen-Pw-9\n' });
      expect(h.transport.bodies('users/invite')).toEqual([{ email: 'ann@ex.co', password: 'Chosen-Pw-9', role: 'user' }]);
      await h.login('ann@ex.co', 'Chosen-Pw-9');
    });
  });
});
