import { PaddockError } from '@paddock/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import type { License } from '../../src/license/license.js';
import { findUserByEmail } from '../../src/queries/users.js';
import { DAY_MS } from '../../src/services/seat-policy.js';
import { ADMIN, startTestApp } from '../support/app.js';
import type { TestApp } from '../support/app.js';
import { describeEachDatabase } from '../support/databases.js';

const TOKEN_PATH = '/auth/realms/master/protocol/openid-connect/token';
const PASSWORD = 'a-good-password';
const seats = (n: number | null): License => ({ edition: 'enterprise', seats: n, licensee: 'Tests', expiresAt: null });

describeEachDatabase('API: seat reclaim', (database) => {
  let t: TestApp;
  afterEach(() => t.close());

  async function token(form: Record<string, string>) {
    const res = await t.app.http.inject({
      method: 'POST',
      url: TOKEN_PATH,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ client_id: 'sdk-client', ...form }).toString(),
    });
    return { status: res.statusCode, body: res.json<Record<string, unknown>>() };
  }
  const passwordGrant = (email: string) => token({ grant_type: 'password', username: email, password: PASSWORD });
  const lastLogin = async (email: string) => (await findUserByEmail(t.db.kysely, email))?.last_login_at;
  const status = async (email: string) => (await findUserByEmail(t.db.kysely, email))?.status;

  /**
   * Users who signed in `days` days ago. The clock goes back and returns, rather than forward: the
   * access tokens of oidc-provider (stamped with the system time) must stay valid.
   */
  async function idleUsers(emails: string[], days: number): Promise<void> {
    await t.admin.login();
    t.clock.advance(-days * DAY_MS);
    for (const email of emails) {
      await t.admin.inviteUser(email, PASSWORD);
      expect((await passwordGrant(email)).status).toBe(200);
    }
    t.clock.advance(days * DAY_MS);
  }

  describe('users/dormant and users/deactivate_dormant', () => {
    it('lists idle users, admins included, with the seats each choice frees; users/deactivate_dormant with all frees exactly those', async () => {
      t = await startTestApp(database, { license: seats(10) });
      await idleUsers(['ann@x.io', 'bob@x.io'], 40);
      await t.admin.inviteUser('cat@x.io', PASSWORD);
      const listing = await t.admin.listDormantUsers({ days: 30 });
      // The admin signed in just now: not idle.
      expect(listing.users.map((u) => u.email)).toEqual(['ann@x.io', 'bob@x.io']);
      expect(listing.admins).toBe(0);
      expect(listing.users[0]).toMatchObject({ idleDays: 40, role: 'user' });
      expect(listing.frees).toEqual({ allButAdmins: 2, all: listing.total });
      const before = await t.admin.getLicense();
      const result = await t.admin.deactivateDormantUsers({ days: 30, all: true });
      expect(result.deactivated.map((u) => u.email).sort()).toEqual(['ann@x.io', 'bob@x.io']);
      expect(result.seatsFreed).toBe(2);
      const after = await t.admin.getLicense();
      expect(before.activeUsers - after.activeUsers).toBe(result.seatsFreed);
      expect(result.seats).toEqual({ seats: 10, activeUsers: after.activeUsers, seatsLeft: after.seatsLeft });
      expect(await status('cat@x.io')).toBe('active');
      const events = await t.admin.queryAudit({ action: 'user.deactivate' });
      expect(events.events.map((e) => e.target.label).sort()).toEqual(['ann@x.io', 'bob@x.io']);
    });

    it('a user who is not an admin gets 403 FORBIDDEN from every seat-reclaim call', async () => {
      t = await startTestApp(database);
      await t.admin.inviteUser('ann@x.io', PASSWORD);
      const ann = t.login('ann@x.io', PASSWORD);
      const calls = [
        () => ann.listDormantUsers({ days: 30 }),
        () => ann.deactivateDormantUsers({ days: 30, all: true }),
        () => ann.getSeatPolicy(),
        () => ann.setSeatPolicy({ enabled: true }),
        () => ann.previewSeatPolicy(),
      ];
      for (const call of calls) await expect(call()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    });

    it('refuses emails and all together, days out of range, and an empty email list (400 VALIDATION_FAILED)', async () => {
      t = await startTestApp(database);
      for (const body of [{ days: 30, all: true, emails: ['a@x.io'] }, { days: 30 }, { days: 0, all: true }, { days: 30, emails: [] }]) {
        const res = await t.post('users/deactivate_dormant', body);
        expect([res.status, res.body['error']]).toEqual([400, 'VALIDATION_FAILED']);
      }
      expect((await t.post('users/dormant', { days: 4000 })).body['error']).toBe('VALIDATION_FAILED');
    });
  });

  describe('seat_policy', () => {
    it('is off by default; set changes the fields sent and keeps the others, audited; warn_days must be less than days', async () => {
      t = await startTestApp(database);
      expect(await t.admin.getSeatPolicy()).toEqual({ enabled: false, days: 90, warnDays: null, floating: false, contact: null });
      expect(await t.admin.setSeatPolicy({ enabled: true, days: 60 })).toEqual({ enabled: true, days: 60, warnDays: null, floating: false, contact: null });
      expect(await t.admin.setSeatPolicy({ warnDays: 7, contact: 'it-help@x.io' })).toMatchObject({ enabled: true, days: 60, warnDays: 7, contact: 'it-help@x.io' });
      await expect(t.admin.setSeatPolicy({ warnDays: 60 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(await t.admin.getSeatPolicy()).toMatchObject({ warnDays: 7 });
      expect((await t.admin.queryAudit({ action: 'seat_policy.update' })).events).toHaveLength(2);
    });

    it('preview names whom the policy would take now (never an admin) and whom it would warn', async () => {
      t = await startTestApp(database);
      await idleUsers(['old@x.io'], 20);
      await idleUsers(['mid@x.io'], 8);
      const preview = await t.admin.previewSeatPolicy({ days: 15, warnDays: 5 });
      expect(preview.deactivate.map((u) => u.email)).toEqual(['old@x.io']);
      expect(preview.warn.map((u) => u.email)).toEqual([]);
      const later = await t.admin.previewSeatPolicy({ days: 10, warnDays: 5 });
      expect(later.deactivate.map((u) => u.email).sort()).toEqual(['old@x.io']);
      expect(later.warn.map((u) => u.email)).toEqual(['mid@x.io']);
      expect(later.policy).toMatchObject({ enabled: false, days: 10, warnDays: 5 });
    });
  });

  describe('activity and floating seats at the token endpoint', () => {
    it("a refresh token's use counts as a sign-in: last_login_at moves (at most once every five minutes)", async () => {
      t = await startTestApp(database);
      await t.admin.inviteUser('ann@x.io', PASSWORD);
      const first = await passwordGrant('ann@x.io');
      const signedIn = await lastLogin('ann@x.io');
      t.clock.advance(60_000);
      const again = await token({ grant_type: 'refresh_token', refresh_token: first.body['refresh_token'] as string });
      expect(again.status).toBe(200);
      expect(await lastLogin('ann@x.io')).toBe(signedIn);
      t.clock.advance(10 * 60_000);
      expect((await token({ grant_type: 'refresh_token', refresh_token: again.body['refresh_token'] as string })).status).toBe(200);
      expect(await lastLogin('ann@x.io')).toBe(t.clock.now());
    });

    /** Users the policy took (floating seats on), and the licence then filled by `fill`. */
    async function policyTook(emails: string[], fill: string[]): Promise<void> {
      await idleUsers(emails, 31);
      await t.admin.setSeatPolicy({ enabled: true, days: 30, floating: true });
      expect((await t.app.services.seatReclaim.tick())?.deactivated.sort()).toEqual([...emails].sort());
      for (const email of fill) await t.admin.inviteUser(email, PASSWORD);
    }

    it('a user the policy took gets back in at the token endpoint when a seat is free; with none, 400 invalid_grant with paddock_error SEAT_LIMIT_REACHED and whom to ask', async () => {
      t = await startTestApp(database, { license: seats(2) });
      await policyTook(['ann@x.io'], ['bob@x.io']);
      const refused = await passwordGrant('ann@x.io');
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ error: 'invalid_grant', paddock_error: 'SEAT_LIMIT_REACHED' });
      expect(refused.body['error_description']).toContain(ADMIN.email);
      const sdk = t.login('ann@x.io', PASSWORD);
      const err = await sdk.login().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PaddockError);
      expect((err as PaddockError).code).toBe('SEAT_LIMIT_REACHED');
      expect(await status('ann@x.io')).toBe('inactive');

      await t.admin.deactivateUser('bob@x.io');
      expect((await passwordGrant('ann@x.io')).status).toBe(200);
      expect(await status('ann@x.io')).toBe('active');
      expect((await t.admin.queryAudit({ actor: 'policy:floating-seats' })).events.map((e) => [e.action, e.target.label])).toEqual([['user.activate', 'ann@x.io']]);
    });

    it("an admin's deactivation is never undone by a login: the token endpoint answers invalid_grant without a code, as for a wrong password", async () => {
      t = await startTestApp(database, { license: seats(10) });
      await policyTook(['ann@x.io'], []);
      await t.admin.inviteUser('bob@x.io', PASSWORD);
      await t.admin.deactivateUser('bob@x.io');
      await t.admin.deactivateUser('ann@x.io');
      for (const email of ['ann@x.io', 'bob@x.io']) {
        const refused = await passwordGrant(email);
        expect([refused.status, refused.body['error'], refused.body['paddock_error']]).toEqual([400, 'invalid_grant', undefined]);
        expect(await status(email)).toBe('inactive');
      }
    });
  });
});
