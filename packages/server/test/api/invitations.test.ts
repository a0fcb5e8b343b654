import { createHash } from 'node:crypto';
import { PaddockError } from '@paddock/sdk';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { INVITATION_TTL_MS } from '../../src/services/invitations.js';
import { LOGIN_THROTTLE } from '../../src/services/login-throttle.js';
import { describeEachDatabase } from '../support/databases.js';
import { ADMIN, BASE_URL, startTestApp } from '../support/app.js';
import type { TestApp } from '../support/app.js';

const TOKEN_PATH = '/auth/realms/master/protocol/openid-connect/token';
const code = (err: unknown) => (err instanceof PaddockError ? err.code : err);

interface Page {
  status: number;
  html: string;
  csrf: string | undefined;
  cookie: string | undefined;
}

describeEachDatabase('invitation links and first-login password changes', (database) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp(database);
  });
  afterEach(() => t.close());

  const pathOf = (link: string) => new URL(link).pathname;

  async function open(link: string): Promise<Page> {
    const res = await t.app.http.inject({ method: 'GET', url: pathOf(link) });
    const setCookie = res.headers['set-cookie'];
    const cookie = (Array.isArray(setCookie) ? setCookie[0] : setCookie)?.split(';')[0];
    return { status: res.statusCode, html: res.body, csrf: /name="csrf" value="([^"]+)"/.exec(res.body)?.[1], cookie };
  }

  async function submit(link: string, form: Record<string, string>, cookie?: string): Promise<{ status: number; html: string }> {
    const res = await t.app.http.inject({
      method: 'POST',
      url: pathOf(link),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie && { cookie }) },
      payload: new URLSearchParams(form).toString(),
    });
    return { status: res.statusCode, html: res.body };
  }

  async function grant(username: string, password: string): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await t.app.http.inject({
      method: 'POST',
      url: TOKEN_PATH,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ grant_type: 'password', client_id: 'sdk-client', username, password }).toString(),
    });
    return { status: res.statusCode, body: res.json<Record<string, unknown>>() };
  }

  it('inviting without a password mails one link; the page sets the password once, CSRF-checked, and the user logs in with it', async () => {
    await t.admin.inviteUser('ann@x.io');
    expect(t.mail.sent.map((m) => m.to)).toEqual(['ann@x.io']);
    const link = t.mail.linkFor('ann@x.io');
    expect(link).toMatch(new RegExp(`^${BASE_URL}/auth/realms/master/invite/[\\w-]{43}$`));

    const page = await open(link);
    expect(page.status).toBe(200);
    expect(page.html).toContain('ann@x.io');
    expect(page.html).toContain('type="password"');
    expect(page.csrf).toBeDefined();
    expect(page.cookie).toBe(`paddock_invite_csrf=${page.csrf}`);

    const good = { csrf: page.csrf!, password: 'anns-own-password', confirm: 'anns-own-password' };
    expect((await submit(link, good)).status).toBe(403); // no cookie
    expect((await submit(link, { ...good, csrf: 'forged' }, page.cookie)).status).toBe(403);
    expect((await submit(link, { password: good.password, confirm: good.password }, page.cookie)).status).toBe(403);
    // A repeated field makes the form malformed, as on the login page: refused, not the last value taken.
    const repeated = await t.app.http.inject({
      method: 'POST',
      url: pathOf(link),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: page.cookie ?? '' },
      payload: `${new URLSearchParams(good).toString()}&password=other-password`,
    });
    expect(repeated.statusCode).toBe(403);
    const mismatch = await submit(link, { ...good, confirm: 'something-else' }, page.cookie);
    expect(mismatch.status).toBe(400);
    expect(mismatch.html).toMatch(/differ/);
    expect(mismatch.html).toContain('<p role="alert" id="password-error"');
    expect(mismatch.html.match(/aria-invalid="true" aria-describedby="password-error"/g)).toHaveLength(2);
    expect(page.html).not.toContain('aria-invalid');
    expect((await submit(link, { ...good, password: 'short', confirm: 'short' }, page.cookie)).status).toBe(400);

    const done = await submit(link, good, page.cookie);
    expect(done.status).toBe(200);
    expect(done.html).toContain('Password set');
    expect(done.html).toMatch(/<main>[\s\S]*<a href="\/">Sign in to Paddock<\/a>[\s\S]*<\/main>/); // on to signing in, not a dead end
    expect(await grant('ann@x.io', 'anns-own-password')).toMatchObject({ status: 200, body: { access_token: expect.any(String) } });

    const used = await open(link);
    expect(used.status).toBe(410);
    expect(used.html).toMatch(/already been used/);
    expect((await submit(link, good, page.cookie)).status).toBe(410);
    const { events } = await t.admin.queryAudit({ action: 'user.set_password_by_invitation' });
    expect(events.map((e) => [e.actor.label, e.target.label])).toEqual([['ann@x.io', 'ann@x.io']]);
  });

  it('a link past 48 hours shows "expired" (410), an unknown one 404, and the token is stored only as its SHA-256', async () => {
    await t.admin.inviteUser('ann@x.io');
    const link = t.mail.linkFor('ann@x.io');
    const token = link.split('/').at(-1)!;
    const rows = await t.db.kysely.selectFrom('invitations').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(Number(rows[0]?.expires_at) - Number(rows[0]?.created_at)).toBe(INVITATION_TTL_MS);

    t.clock.advance(INVITATION_TTL_MS - 1);
    expect((await open(link)).status).toBe(200);
    t.clock.advance(1);
    const expired = await open(link);
    expect(expired.status).toBe(410);
    expect(expired.html).toMatch(/expired/);

    const unknown = await open(`${BASE_URL}/auth/realms/master/invite/${'A'.repeat(43)}`);
    expect(unknown.status).toBe(404);
    expect(unknown.html).toMatch(/not valid/);
    expect((await open(`${BASE_URL}/auth/realms/master/invite/%3Cscript%3E`)).html).not.toContain('<script>');
  });

  it('the invitation page does not shadow the OpenID provider mounted under the same realm path', async () => {
    const discovery = await t.app.http.inject({ method: 'GET', url: '/auth/realms/master/.well-known/openid-configuration' });
    expect(discovery.statusCode).toBe(200);
    expect(discovery.json<{ issuer: string }>().issuer).toBe(`${BASE_URL}/auth/realms/master`);
    const page = await t.app.http.inject({ method: 'GET', url: '/auth/realms/master/invite/unknown' });
    expect([page.statusCode, page.headers['content-type']]).toEqual([404, 'text/html; charset=utf-8']);
    // A JSON API call still refuses a form body: the form parser is the page's only.
    const form = await t.app.http.inject({ method: 'POST', url: '/v1/api/users/change_password', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'email=a' });
    expect(form.statusCode).toBe(400);
  });

  it('a generated password is refused by the password grant until changed through users/change_password, without a token', async () => {
    const { password } = await t.admin.inviteUser('ann@x.io');
    const refused = await grant('ann@x.io', password);
    expect(refused).toEqual({ status: 400, body: expect.objectContaining({ error: 'invalid_grant', error_description: expect.stringMatching(/not fully set up/) }) });
    expect(code(await t.login('ann@x.io', password).login().catch((e: unknown) => e))).toBe('UNAUTHENTICATED');

    const anonymous = t.login('ann@x.io', 'unused');
    expect(code(await anonymous.changePassword('ann@x.io', password, password).catch((e: unknown) => e))).toBe('VALIDATION_FAILED');
    expect(code(await anonymous.changePassword('ann@x.io', password, 'short').catch((e: unknown) => e))).toBe('VALIDATION_FAILED');
    expect(code(await anonymous.changePassword('ann@x.io', 'wrong-password', 'anns-new-password').catch((e: unknown) => e))).toBe('UNAUTHENTICATED');
    await anonymous.changePassword('ANN@x.io', password, 'anns-new-password');
    expect(await grant('ann@x.io', password)).toMatchObject({ status: 400 });
    expect((await t.login('ann@x.io', 'anns-new-password').listUsers()).length).toBe(2);

    // The link mailed with the generated password is used up by the change.
    expect((await open(t.mail.linkFor('ann@x.io'))).status).toBe(410);
    const { events } = await t.admin.queryAudit({ action: 'user.change_password' });
    expect(events.map((e) => [e.actor.label, e.target.label, e.details])).toEqual([['ann@x.io', 'ann@x.io', { was_required: true }]]);
  });

  it('users/change_password is throttled like logins: after 5 wrong passwords the right one is refused until the lock ends', async () => {
    const { password } = await t.admin.inviteUser('ann@x.io');
    for (let i = 0; i < LOGIN_THROTTLE.accountFailures; i++) {
      const res = await t.post('users/change_password', { email: 'ann@x.io', password: `wrong-${i}`, new_password: 'anns-new-password' }, null);
      expect([res.status, res.body['error']]).toEqual([401, 'UNAUTHENTICATED']);
    }
    const locked = await t.post('users/change_password', { email: 'ann@x.io', password, new_password: 'anns-new-password' }, null);
    expect([locked.status, locked.body['error']]).toEqual([401, 'UNAUTHENTICATED']);
    expect((await t.admin.listLoginLocks('ann@x.io'))[0]?.lockedUntil).not.toBeNull();
    t.clock.advance(LOGIN_THROTTLE.firstLockMs);
    const ok = await t.post('users/change_password', { email: 'ann@x.io', password, new_password: 'anns-new-password' }, null);
    expect(ok).toEqual({ status: 200, body: {} });
    expect(await grant('ann@x.io', 'anns-new-password')).toMatchObject({ status: 200 });
  });

  it('an admin-chosen password logs in at once; with require_reset it must be changed first', async () => {
    await t.admin.inviteUser('bob@x.io', 'bob-password');
    expect(await grant('bob@x.io', 'bob-password')).toMatchObject({ status: 200 });
    const reset = await t.post('users/invite', { email: 'cat@x.io', password: 'cat-password', require_reset: true });
    expect(reset).toEqual({ status: 200, body: { id: expect.any(String), password: 'cat-password' } });
    expect(t.mail.sent).toEqual([]); // links go out only for generated passwords
    expect(await grant('cat@x.io', 'cat-password')).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    await t.login('cat@x.io', 'x').changePassword('cat@x.io', 'cat-password', 'cats-own-password');
    expect(await grant('cat@x.io', 'cats-own-password')).toMatchObject({ status: 200 });
  });

  it('a signed-in user may change their own password with the same call, never anyone else\'s; a bad token is 401', async () => {
    await t.admin.inviteUser('bob@x.io', 'bob-password');
    const bob = t.login('bob@x.io', 'bob-password');
    const token = (await bob.login()).accessToken;
    const other = await t.post('users/change_password', { email: ADMIN.email, password: ADMIN.password, new_password: 'stolen-password' }, token);
    expect([other.status, other.body['error']]).toEqual([403, 'FORBIDDEN']);
    const bad = await t.post('users/change_password', { email: 'bob@x.io', password: 'bob-password', new_password: 'bobs-new-password' }, 'not-a-token');
    expect(bad.status).toBe(401);
    const own = await t.post('users/change_password', { email: 'bob@x.io', password: 'bob-password', new_password: 'bobs-new-password' }, token);
    expect(own).toEqual({ status: 200, body: {} });
    expect(await grant('bob@x.io', 'bobs-new-password')).toMatchObject({ status: 200 });
    const { events } = await t.admin.queryAudit({ action: 'user.change_password' });
    expect(events[0]?.details).toEqual({ was_required: false });
  });

  it('a mailer that fails does not fail the invite: the user exists and the reply carries the password', async () => {
    t.mail.failWith = new Error('relay down');
    const { id, password } = await t.admin.inviteUser('ann@x.io');
    expect([id, password]).toEqual([expect.any(String), expect.any(String)]);
    expect((await t.admin.getUserByEmail('ann@x.io'))?.id).toBe(id);
  });

  it('a deactivated user cannot use their invitation link', async () => {
    await t.admin.inviteUser('ann@x.io');
    await t.admin.deactivateUser('ann@x.io');
    expect((await open(t.mail.linkFor('ann@x.io'))).status).toBe(403);
  });
});
