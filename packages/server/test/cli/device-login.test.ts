/**
 * `paddock login --device` against the real server (both databases): the code comes from the
 * server's device endpoint; the approval, which happens in a browser (tested with the SDK in
 * identity/device-login.test.ts), is the transport's: it answers the polls, approving with
 * tokens the server issued to the approver.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, BASE_URL } from '../support/app.js';
import { CliHarness, lines } from '../support/cli-harness.js';
import { describeEachDatabase } from '../support/databases.js';
import { TOKEN_PATH } from '../support/sdk.js';
import { tokenRequest } from '../support/surfaces.js';

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

describeEachDatabase('CLI: login --device', (database) => {
  let h: CliHarness;
  beforeEach(async () => {
    h = await CliHarness.start(database);
  });
  afterEach(() => h.close());

  /** The person approves in the browser as `email`: the first poll is pending, the next gets that user's tokens. */
  async function approveAs(email: string, password: string): Promise<void> {
    const grant = await tokenRequest(h.t, { grant_type: 'password', client_id: 'sdk-client', username: email, password });
    expect(grant.status).toBe(200);
    h.transport.overrides.push({ path: TOKEN_PATH, status: 400, body: { error: 'authorization_pending' } }, { path: TOKEN_PATH, status: 200, body: grant.body });
  }

  function deny(): void {
    h.transport.overrides.push({ path: TOKEN_PATH, status: 400, body: { error: 'authorization_pending' } }, { path: TOKEN_PATH, status: 400, body: { error: 'access_denied', error_description: 'End-User aborted interaction' } });
  }

  describe('login --device', () => {
    it('prints the URL and the code, polls until approved, and stores the tokens under the approver', async () => {
      await h.t.addUser({ email: 'ann@ex.co', password: 'ann-password-1' });
      await approveAs('ann@ex.co', 'ann-password-1');
      const result = await h.run(['login', '--device']);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const [open, complete, waiting, done] = result.stdout.split('\n');
      const code = /enter the code ([A-Z]{4}-[A-Z]{4})$/.exec(open ?? '')?.[1];
      expect(open).toBe(`Open ${BASE_URL}/auth/realms/master/device and enter the code ${code}`);
      expect(complete).toBe(`(or open ${BASE_URL}/auth/realms/master/device?user_code=${code})`);
      expect(waiting).toBe('Waiting for the approval...');
      expect(done).toBe(`Logged in to ${BASE_URL} as ann@ex.co.`);
      expect(h.transport.requests[0]).toMatchObject({ path: '/auth/realms/master/protocol/openid-connect/auth/device', status: 200 });
      expect(h.transport.grantTypes()).toEqual([DEVICE_GRANT, DEVICE_GRANT]);
      expect(h.credentials()?.users['ann@ex.co']?.refreshToken).toBeTypeOf('string');
      // The stored login works for the next command, as ann.
      const next = await h.run(['--json', 'workspaces', 'list']);
      expect(next.code).toBe(0);
      expect((JSON.parse(next.stdout) as { name: string }[]).map((w) => w.name)).toEqual(['ann@ex.co - Default Workspace']);
    });

    it('with --json prints the prompt on stderr and only JSON on stdout', async () => {
      await approveAs(ADMIN.email, ADMIN.password);
      const result = await h.run(['--json', 'login', '--device']);
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toEqual({ url: BASE_URL, user: ADMIN.email });
      expect(result.stderr).toContain('and enter the code');
    });

    it('a denial ends with ACCESS_DENIED (exit 1) and stores nothing', async () => {
      deny();
      const result = await h.run(['login', '--device']);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^error: ACCESS_DENIED: /);
      expect((await h.run(['users', 'list'])).code).toBe(3);
    });

    it('an unapproved code ends with DEVICE_CODE_EXPIRED once it expires (the server polled for real)', async () => {
      const result = await h.run(['login', '--device']);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^error: DEVICE_CODE_EXPIRED: /);
      const polls = h.transport.requests.filter((r) => r.path === TOKEN_PATH);
      expect(polls.length).toBeGreaterThan(0);
      for (const poll of polls) expect(poll.reply).toMatchObject({ error: expect.stringMatching(/^(authorization_pending|slow_down)$/) });
    });

    it('stops at once with one line when the code can no longer be approved (invalid_grant: DEVICE_CODE_EXPIRED, exit 1)', async () => {
      h.transport.overrides.push({ path: TOKEN_PATH, status: 400, body: { error: 'invalid_grant', error_description: 'device code already consumed' } });
      const result = await h.run(['login', '--device']);
      expect(result.code).toBe(1);
      expect(lines(result.stderr)).toEqual([expect.stringMatching(/^error: DEVICE_CODE_EXPIRED: /)]);
      expect(h.transport.requests.filter((r) => r.path === TOKEN_PATH)).toHaveLength(1);
    });

    it('with --json, a refused device login is a JSON error', async () => {
      deny();
      const result = await h.run(['--json', 'login', '--device']);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(JSON.parse(lines(result.stderr).at(-1) ?? '')).toMatchObject({ error: 'ACCESS_DENIED' });
    });
  });
});
