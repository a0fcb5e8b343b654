import { PaddockError } from '@paddock/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.js';
import { ADMIN, API_CLIENT_SECRET, startTestApp } from '../support/app.js';
import type { TestApp } from '../support/app.js';

const TOKEN_PATH = '/auth/realms/master/protocol/openid-connect/token';
const ANN = { email: 'ann@x.io', password: 'ann-password' };
const BOB = { email: 'bob@x.io', password: 'bob-password' };
const code = (err: unknown) => (err instanceof PaddockError ? err.code : err);

describeEachDatabase('sessions', (database) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp(database);
    await t.admin.inviteUser(ANN.email, ANN.password);
    await t.admin.inviteUser(BOB.email, BOB.password);
  });
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

  /** A password login through the raw token endpoint: its tokens. */
  async function login(who: { email: string; password: string }) {
    const { status, body } = await token({ grant_type: 'password', username: who.email, password: who.password });
    expect(status).toBe(200);
    return { access: body['access_token'] as string, refresh: body['refresh_token'] as string };
  }

  /** Refreshes; answers the new refresh token, or the OAuth error. */
  async function refresh(refreshToken: string): Promise<string> {
    const { status, body } = await token({ grant_type: 'refresh_token', refresh_token: refreshToken });
    return status === 200 ? (body['refresh_token'] as string) : `${status} ${String(body['error'])}`;
  }

  describe('list', () => {
    it('lists each login of a user as one session, with its client and times', async () => {
      await login(ANN);
      await login(ANN);
      await login(BOB);
      const sessions = await t.admin.listSessions(ANN.email);
      expect(sessions).toHaveLength(2);
      for (const s of sessions) {
        expect(s).toEqual({ id: expect.any(String), clientId: 'sdk-client', createdAt: expect.any(Date), expiresAt: expect.any(Date), lastUsedAt: expect.any(Date) });
        expect(s.expiresAt!.getTime()).toBeGreaterThan(Date.now());
      }
      expect(new Set(sessions.map((s) => s.id)).size).toBe(2);
    });

    it('a refresh keeps the session and moves its last use forward', async () => {
      const { refresh: rt } = await login(ANN);
      const [before] = await t.admin.listSessions(ANN.email);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect(await refresh(rt)).not.toMatch(/^\d{3} /);
      const after = await t.admin.listSessions(ANN.email);
      expect(after.map((s) => s.id)).toEqual([before!.id]);
      expect(after[0]!.lastUsedAt!.getTime()).toBeGreaterThan(before!.lastUsedAt!.getTime());
    });

    it('a user may list their own sessions (by email or without one) but not another user\'s (403 FORBIDDEN)', async () => {
      const ann = t.login(ANN.email, ANN.password);
      await login(BOB);
      expect(await ann.listSessions(ANN.email)).toHaveLength(1);
      expect(await ann.listSessions()).toHaveLength(1);
      const refused = await ann.listSessions(BOB.email).catch((e: unknown) => e);
      expect([code(refused), (refused as PaddockError).status]).toEqual(['FORBIDDEN', 403]);
      expect(code(await ann.revokeAllSessions(BOB.email).catch((e: unknown) => e))).toBe('FORBIDDEN');
    });

    it('answers 404 USER_NOT_FOUND to an admin for an unknown email', async () => {
      expect(code(await t.admin.listSessions('nobody@x.io').catch((e: unknown) => e))).toBe('USER_NOT_FOUND');
    });
  });

  describe('revoke', () => {
    it('ends one login: its refresh token is refused at once, the other login keeps working', async () => {
      const first = await login(ANN);
      const [firstSession] = await t.admin.listSessions(ANN.email);
      const second = await login(ANN);
      const secondSession = (await t.admin.listSessions(ANN.email)).find((s) => s.id !== firstSession!.id);
      await t.admin.revokeSession(firstSession!.id);
      expect(await refresh(first.refresh)).toBe('400 invalid_grant');
      expect(await refresh(second.refresh)).not.toMatch(/^\d{3} /);
      expect((await t.admin.listSessions(ANN.email)).map((s) => s.id)).toEqual([secondSession!.id]);
    });

    it('lets a user end their own session; another user\'s is 404 SESSION_NOT_FOUND and stays', async () => {
      const ann = t.login(ANN.email, ANN.password);
      const bobs = await login(BOB);
      const [own] = await ann.listSessions();
      const [bobSession] = await t.admin.listSessions(BOB.email);
      expect(code(await ann.revokeSession(bobSession!.id).catch((e: unknown) => e))).toBe('SESSION_NOT_FOUND');
      expect(await refresh(bobs.refresh)).not.toMatch(/^\d{3} /);
      await ann.revokeSession(own!.id);
      expect(await t.admin.listSessions(ANN.email)).toEqual([]);
    });

    it('also ends the browser session that authorised the grant, so it cannot silently make a new one', async () => {
      await login(ANN);
      const [s] = await t.admin.listSessions(ANN.email);
      const ann = await t.admin.getUserByEmail(ANN.email);
      const browser = (id: string, grantId: string) => ({
        model: 'Session', id, account_id: ann!.id, grant_id: null, user_code: null, uid: `uid-${id}`, expires_at: null, consumed_at: null,
        payload: JSON.stringify({ accountId: ann!.id, authorizations: { 'sdk-client': { grantId, sid: id } } }),
      });
      await t.db.kysely.insertInto('oidc_payloads').values([browser('b1', s!.id), browser('b2', 'another-grant')]).execute();
      await t.admin.revokeSession(s!.id);
      const left = await t.db.kysely.selectFrom('oidc_payloads').select('id').where('model', '=', 'Session').execute();
      expect(left.map((r) => r.id)).toEqual(['b2']);
    });

    it('answers 404 SESSION_NOT_FOUND for an unknown id', async () => {
      const res = await t.post('sessions/revoke', { id: 'no-such-session' });
      expect([res.status, res.body['error']]).toEqual([404, 'SESSION_NOT_FOUND']);
    });

    it('is audited against the user', async () => {
      await login(ANN);
      const [s] = await t.admin.listSessions(ANN.email);
      await t.admin.revokeSession(s!.id);
      const { events } = await t.admin.queryAudit({ action: 'session.revoke' });
      expect(events.map((e) => [e.actor.label, e.target.label, e.details])).toEqual([[ADMIN.email, ANN.email, { session_id: s!.id, client_id: 'sdk-client' }]]);
    });
  });

  describe('revoke_all', () => {
    it('an admin ends every login of a user: all their refresh tokens fail, others are untouched', async () => {
      const a1 = await login(ANN);
      const a2 = await login(ANN);
      const b = await login(BOB);
      expect(await t.admin.revokeAllSessions(ANN.email)).toBe(2);
      expect(await refresh(a1.refresh)).toBe('400 invalid_grant');
      expect(await refresh(a2.refresh)).toBe('400 invalid_grant');
      expect(await refresh(b.refresh)).not.toMatch(/^\d{3} /);
      expect(await t.admin.listSessions(ANN.email)).toEqual([]);
      const { events } = await t.admin.queryAudit({ action: 'session.revoke_all' });
      expect(events.map((e) => [e.target.label, e.details])).toEqual([[ANN.email, { revoked: 2 }]]);
    });

    it('logoutEverywhere ends all of the caller\'s logins, its own included, and forgets its tokens', async () => {
      const other = await login(ANN);
      const ann = t.login(ANN.email, ANN.password);
      const { refreshToken } = await ann.login();
      expect(await ann.logoutEverywhere()).toBe(2);
      expect(ann.getTokens()).toBeNull();
      expect(await refresh(other.refresh)).toBe('400 invalid_grant');
      expect(await refresh(refreshToken!)).toBe('400 invalid_grant');
      expect(await t.admin.listSessions(ANN.email)).toEqual([]);
    });

    it('a client without a user of its own must name one', async () => {
      const res = await t.post('sessions/revoke_all', {}, await apiClientToken());
      expect([res.status, res.body['error']]).toEqual([403, 'FORBIDDEN']);
    });
  });

  async function apiClientToken(): Promise<string> {
    const res = await t.app.http.inject({
      method: 'POST',
      url: TOKEN_PATH,
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`api-client:${API_CLIENT_SECRET}`).toString('base64')}` },
      payload: 'grant_type=client_credentials',
    });
    return res.json<{ access_token: string }>().access_token;
  }
});
