import { randomUUID } from 'node:crypto';
import { Client } from '@paddock/sdk';
import * as client from 'openid-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import { describeEachDatabase } from '../support/databases.js';
import { ADMIN, Browser, dashboardAuthorization, field, formAction, signIn, startListeningApp } from './browser.js';
import type { ListeningApp, Page } from './browser.js';

const system = { kind: 'system' } as const;
const PASSWORD = 'a browser password 123';
const insecure = { execute: [client.allowInsecureRequests] };

describeEachDatabase('identity: browser login (authorization code + PKCE)', (database) => {
  let db: Db;
  let server: ListeningApp;
  let dashboard: client.Configuration;
  let redirectUri: string;

  beforeAll(async () => {
    db = await database.open();
    server = await startListeningApp(db);
    dashboard = await client.discovery(new URL(server.issuer), 'dashboard', undefined, client.None(), insecure);
    redirectUri = `${server.url}/auth/callback`;
  });
  afterAll(async () => {
    await server.close();
  });

  async function invite(): Promise<string> {
    const email = `b-${randomUUID()}@example.com`;
    await server.app.services.users.invite(system, { email, password: PASSWORD });
    return email;
  }

  async function authorize(browser: Browser, overrides: Record<string, string> = {}) {
    const { url, verifier, state } = await dashboardAuthorization(dashboard, redirectUri, overrides);
    return { page: await browser.get(url), verifier, state };
  }

  function newBrowser(): Browser {
    return new Browser(server.url, [redirectUri]);
  }

  function expectLoginPage(page: Page): void {
    expect(page.status).toBe(200);
    expect(page.url).toMatch(/\/auth\/realms\/master\/interaction\/[\w-]+$/);
    expect(page.html).toContain('<label for="email">Email</label>');
    expect(page.html).toContain('<label for="password">Password</label>');
    expect(field(page.html, 'csrf')).toMatch(/^[\w-]{20,}$/);
  }

  async function exchange(callback: string, verifier: string, state: string) {
    return client.authorizationCodeGrant(dashboard, new URL(callback), { pkceCodeVerifier: verifier, expectedState: state });
  }

  it('logs a user in through the login page: code, PKCE exchange, then the API answers 200', async () => {
    const browser = newBrowser();
    const { page, verifier, state } = await authorize(browser);
    expectLoginPage(page);
    expect(page.html).toContain('Paddock dashboard');

    const done = await signIn(browser, page, ADMIN.email, ADMIN.password);
    expect(done.redirectedTo).toMatch(new RegExp(`^${redirectUri}\\?code=`));
    const tokens = await exchange(done.redirectedTo!, verifier, state);
    expect(tokens.refresh_token).toBeTypeOf('string');
    const admin = await server.app.services.users.getByEmail(ADMIN.email);
    expect(tokens.claims()).toMatchObject({ sub: admin?.id, aud: 'dashboard' });

    const api = new Client({ url: server.url, auth: { type: 'token', accessToken: tokens.access_token } });
    expect((await api.listUsers()).map((u) => u.email)).toContain(ADMIN.email);
  });

  it('asks for no consent and no password again while the session lasts', async () => {
    const browser = newBrowser();
    const email = await invite();
    const first = await authorize(browser);
    expect((await signIn(browser, first.page, email, PASSWORD)).redirectedTo).toContain('code=');
    const again = await authorize(browser, { scope: 'openid profile email' });
    expect(again.page.redirectedTo).toMatch(new RegExp(`^${redirectUri}\\?code=`));
    const tokens = await exchange(again.page.redirectedTo!, again.verifier, again.state);
    expect(tokens.claims()).toMatchObject({ email });
  });

  it('refuses a POST without or with a wrong CSRF token (403), logging nobody in', async () => {
    const browser = newBrowser();
    const { page } = await authorize(browser);
    const missing = await browser.post(page.url, { email: ADMIN.email, password: ADMIN.password });
    expect(missing.status).toBe(403);
    const wrong = await signIn(browser, page, ADMIN.email, ADMIN.password, 'not-the-token');
    expect(wrong.status).toBe(403);
    expect(wrong.redirectedTo).toBeUndefined();
    // Another interaction's token does not fit this one.
    const other = await authorize(newBrowser());
    const foreign = await signIn(browser, page, ADMIN.email, ADMIN.password, field(other.page.html, 'csrf'));
    expect(foreign.status).toBe(403);
    // The form still works with its own token afterwards: nothing was logged in or consumed.
    expect((await signIn(browser, page, ADMIN.email, ADMIN.password)).redirectedTo).toContain('code=');
  });

  it('refuses a POST from a browser without the interaction cookie', async () => {
    const { page } = await authorize(newBrowser());
    const stranger = newBrowser();
    const result = await signIn(stranger, page, ADMIN.email, ADMIN.password);
    expect(result.status).toBe(400);
    expect(result.redirectedTo).toBeUndefined();
  });

  it('shows one generic error for a wrong password, an unknown email, a deactivated and a locked user', async () => {
    const email = await invite();
    const inactive = await invite();
    await server.app.services.users.deactivate(system, inactive);
    const browser = newBrowser();
    const { page } = await authorize(browser);
    const wrong = await signIn(browser, page, email, 'wrong password');
    expect(wrong.status).toBe(200);
    expect(wrong.redirectedTo).toBeUndefined();
    expect(wrong.html).toContain('role="alert"');
    expect(field(wrong.html, 'email')).toBe(email);
    // The page is a landmark, and both fields say they were refused, pointing at the sentence why.
    expect(wrong.html).toMatch(/<main>\s*<h1>Sign in to Paddock<\/h1>/);
    expect(wrong.html).toContain('<p role="alert" id="login-error">');
    for (const name of ['email', 'password']) {
      expect(new RegExp(`<input id="${name}"[^>]* aria-invalid="true" aria-describedby="login-error"`).test(wrong.html)).toBe(true);
    }
    expect(page.html).not.toContain('aria-invalid'); // not before a failed attempt
    const errorOf = (p: Page) => /<p role="alert"[^>]*>(.*?)<\/p>/.exec(p.html)?.[1];
    const unknown = await signIn(browser, page, 'nobody@example.com', PASSWORD);
    const deactivated = await signIn(browser, page, inactive, PASSWORD);
    expect(errorOf(unknown)).toBe(errorOf(wrong));
    expect(errorOf(deactivated)).toBe(errorOf(wrong));
    expect(deactivated.redirectedTo).toBeUndefined();

    // The page goes through the same throttle as the token endpoint: five failures lock the account.
    const locked = await invite();
    for (let i = 0; i < 5; i += 1) await signIn(browser, page, locked, 'wrong password');
    const right = await signIn(browser, page, locked, PASSWORD);
    expect(right.redirectedTo).toBeUndefined();
    expect(errorOf(right)).toBe(errorOf(wrong));
    const locks = await server.app.services.loginThrottle.list(system, locked);
    expect(locks.find((lock) => lock.kind === 'account')?.lockedUntil).toBeTypeOf('number');
  });

  it('refuses, with its own message, a user who must change a generated password first', async () => {
    const email = `r-${randomUUID()}@example.com`;
    await server.app.services.users.invite(system, { email, password: PASSWORD, requireReset: true });
    const browser = newBrowser();
    const { page } = await authorize(browser);
    const refused = await signIn(browser, page, email, PASSWORD);
    expect(refused.redirectedTo).toBeUndefined();
    expect(refused.html).toContain('paddock password change');
    await server.app.services.passwords.change(null, '127.0.0.1', { email, password: PASSWORD, newPassword: `${PASSWORD} new` });
    const ok = await signIn(browser, (await authorize(browser)).page, email, `${PASSWORD} new`);
    expect(ok.redirectedTo).toBeDefined();
  });

  it('escapes what it echoes (the login hint and the typed email)', async () => {
    const browser = newBrowser();
    const { page } = await authorize(browser, { login_hint: '"><script>alert(1)</script>' });
    expect(page.html).not.toContain('<script>alert(1)');
    expect(field(page.html, 'email')).toBe('"><script>alert(1)</script>');
    const failed = await signIn(browser, page, '<b>x</b>@example.com', 'pw');
    expect(failed.html).not.toContain('<b>x</b>');
  });

  it('Cancel sends the browser back to the client with access_denied', async () => {
    const browser = newBrowser();
    const { page } = await authorize(browser);
    const cancelled = await browser.post(page.url, { csrf: field(page.html, 'csrf')!, cancel: 'yes' });
    expect(cancelled.redirectedTo).toContain('error=access_denied');
  });

  it('refuses a replayed code with invalid_grant, and a wrong verifier', async () => {
    const browser = newBrowser();
    const { page, verifier, state } = await authorize(browser);
    const done = await signIn(browser, page, ADMIN.email, ADMIN.password);
    await exchange(done.redirectedTo!, verifier, state);
    await expect(exchange(done.redirectedTo!, verifier, state)).rejects.toMatchObject({ error: 'invalid_grant' });

    const second = await authorize(browser);
    await expect(exchange(second.page.redirectedTo!, client.randomPKCECodeVerifier(), second.state)).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses a redirect URI the client did not register, without redirecting there', async () => {
    const browser = newBrowser();
    const { page } = await authorize(browser, { redirect_uri: 'https://evil.example/callback' });
    expect(page.redirectedTo).toBeUndefined();
    expect(page.status).toBe(400);
    expect(page.html).toContain('invalid_redirect_uri');
  });

  it('refuses an authorization request without PKCE', async () => {
    const browser = newBrowser();
    const url = new URL(`${server.issuer}/protocol/openid-connect/auth`);
    url.search = new URLSearchParams({ client_id: 'dashboard', response_type: 'code', redirect_uri: redirectUri, scope: 'openid' }).toString();
    const page = await browser.get(url.href);
    expect(page.redirectedTo).toContain('error=invalid_request');
  });

  it('logout ends the session: the next authorization shows the login page again', async () => {
    const browser = newBrowser();
    const { page, verifier, state } = await authorize(browser);
    const tokens = await exchange((await signIn(browser, page, ADMIN.email, ADMIN.password)).redirectedTo!, verifier, state);
    expect((await authorize(browser)).page.redirectedTo).toContain('code=');

    const logout = client.buildEndSessionUrl(dashboard, { id_token_hint: tokens.id_token!, post_logout_redirect_uri: `${server.url}/` });
    const confirm = await browser.get(logout.href);
    expect(confirm.status).toBe(200);
    expect(confirm.html).toContain('Sign out');
    const action = formAction(confirm.html, 'op.logoutForm')!;
    const out = await browser.post(action, { xsrf: field(confirm.html, 'xsrf')!, logout: 'yes' });
    expect(out.redirectedTo ?? out.url).toBe(`${server.url}/`);

    const after = await authorize(browser);
    expectLoginPage(after.page);
  });
});

