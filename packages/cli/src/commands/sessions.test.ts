import { describe, expect, it } from 'vitest';
import { ADMIN, Harness } from '../testing.js';

function lines(text: string): string[] {
  return text.split('\n').filter((line) => line !== '');
}

function withSessions(h: Harness): void {
  h.fake.addUser({ email: 'ann@ex.co', password: 'ann-pw' });
  const at = (minutes: number) => new Date(h.fake.time + minutes * 60_000).toISOString();
  h.fake.state.sessions.push(
    { email: 'ann@ex.co', id: 'grant-1', client_id: 'sdk-client', created_at: at(-60), expires_at: at(660), last_used_at: at(-5) },
    { email: 'ann@ex.co', id: 'grant-2', client_id: 'dashboard', created_at: at(-30), expires_at: at(690), last_used_at: null },
    { email: ADMIN.email, id: 'grant-3', client_id: 'sdk-client', created_at: at(-10), expires_at: at(710), last_used_at: at(-10) },
  );
}

describe('paddock sessions', () => {
  it('list prints a user\'s sessions as a table, and --json as JSON', async () => {
    const h = new Harness();
    withSessions(h);
    await h.login();
    const table = await h.run(['sessions', 'list', 'ann@ex.co']);
    expect(table.code).toBe(0);
    expect(h.fake.requests.at(-1)?.body).toEqual({ email: 'ann@ex.co' });
    expect(lines(table.stdout)).toEqual([
      expect.stringMatching(/^ID\s+CLIENT\s+CREATED\s+LAST USED\s+EXPIRES$/),
      expect.stringMatching(/^grant-1\s+sdk-client\s+2025-01-01 11:00 UTC\s+2025-01-01 11:55 UTC\s+2025-01-01 23:00 UTC$/),
      expect.stringMatching(/^grant-2\s+dashboard\s+2025-01-01 11:30 UTC\s+-\s+2025-01-01 23:30 UTC$/),
    ]);
    const json = JSON.parse((await h.run(['--json', 'sessions', 'list', 'ann@ex.co'])).stdout) as Array<{ id: string }>;
    expect(json.map((s) => s.id)).toEqual(['grant-1', 'grant-2']);
    expect((await h.run(['sessions', 'list', 'nobody@ex.co'])).stderr).toMatch(/^error: USER_NOT_FOUND: /);
  });

  it('revoke ends one session; an unknown id exits 1 with SESSION_NOT_FOUND', async () => {
    const h = new Harness();
    withSessions(h);
    await h.login();
    const result = await h.run(['sessions', 'revoke', 'grant-1']);
    expect([result.code, result.stdout]).toEqual([0, 'Ended session grant-1.\n']);
    expect(h.fake.state.sessions.map((s) => s.id)).toEqual(['grant-2', 'grant-3']);
    const again = await h.run(['sessions', 'revoke', 'grant-1']);
    expect(again.code).toBe(1);
    expect(lines(again.stderr)).toEqual([expect.stringMatching(/^error: SESSION_NOT_FOUND: /)]);
  });

  it('revoke-all ends every session of the user and says how many', async () => {
    const h = new Harness();
    withSessions(h);
    await h.login();
    const result = await h.run(['sessions', 'revoke-all', 'ann@ex.co']);
    expect([result.code, result.stdout]).toEqual([0, 'Ended 2 session(s) of ann@ex.co.\n']);
    expect(JSON.parse((await h.run(['--json', 'sessions', 'revoke-all', 'ann@ex.co'])).stdout)).toEqual({ email: 'ann@ex.co', revoked: 0 });
    expect(h.fake.state.sessions.map((s) => s.id)).toEqual(['grant-3']);
  });

  it("a user may not list another user's sessions: exit 1, FORBIDDEN", async () => {
    const h = new Harness();
    withSessions(h);
    await h.login('ann@ex.co', 'ann-pw');
    expect((await h.run(['sessions', 'list', 'ann@ex.co'])).code).toBe(0);
    const refused = await h.run(['sessions', 'list', ADMIN.email]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^error: FORBIDDEN: /);
  });

  it('help lists the subcommands with examples', async () => {
    const h = new Harness();
    const help = await h.run(['sessions', '--help']);
    expect(help.code).toBe(0);
    for (const text of ['list', 'revoke', 'revoke-all', '$ paddock sessions list ann@example.com']) expect(help.stdout).toContain(text);
  });
});
