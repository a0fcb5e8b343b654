import { randomUUID } from 'node:crypto';
import { Client } from '@paddock/sdk';
import type { PaddockError } from '@paddock/sdk';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import { COMMUNITY } from '../../src/license/license.js';
import { describeEachDatabase } from '../support/databases.js';
import { freePort } from '../support/process.js';
import { ADMIN, Browser, dashboardAuthorization, field, formAction, startListeningApp, UNLIMITED } from './browser.js';
import type { ListeningApp, Page } from './browser.js';
import { startUpstreamProvider } from './upstream-provider.js';
import type { UpstreamProvider } from './upstream-provider.js';

const system = { kind: 'system' } as const;
const insecure = { execute: [client.allowInsecureRequests] };

/** Paddock with the upstream provider `corp` configured, and `partner` registered there for the API tests. */
async function startPair(db: Db, license = UNLIMITED): Promise<{ server: ListeningApp; upstream: UpstreamProvider }> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}/auth/realms/master/broker`;
  const upstream = await startUpstreamProvider([`${base}/corp/endpoint`, `${base}/partner/endpoint`]);
  const corp = { alias: 'corp', displayName: 'Corp Login', issuer: upstream.issuer, clientId: upstream.clientId, clientSecret: upstream.clientSecret };
  const server = await startListeningApp(db, { license, ssoProviders: [corp], port });
  return { server, upstream };
}

type Tokens = client.TokenEndpointResponse & client.TokenEndpointResponseHelpers;

/** Drives a browser login of the dashboard through "Sign in with <provider>", stopping where the provider answers. */
function ssoDriver(get: () => { server: ListeningApp; upstream: UpstreamProvider }) {
  async function toBroker(account: string, alias = 'corp') {
    const { server, upstream } = get();
    const redirectUri = `${server.url}/auth/callback`;
    const dashboard = await client.discovery(new URL(server.issuer), 'dashboard', undefined, client.None(), insecure);
    upstream.next.account = account;
    const browser = new Browser(server.url, [redirectUri, `${server.url}/auth/realms/master/broker/`], [upstream.issuer]);
    const { url, verifier, state } = await dashboardAuthorization(dashboard, redirectUri);
    const login = await browser.get(url);
    expect(login.html).toContain('Sign in with Corp Login');
    const out = await browser.post(formAction(login.html, 'sso') ?? '', { csrf: field(login.html, 'csrf') ?? '', provider: alias });
    return { browser, out, verifier, state, dashboard };
  }

  /** The whole sign-in: tokens when Paddock let the person in, else the page it showed. */
  async function signIn(account: string, alias = 'corp'): Promise<{ page: Page; tokens?: Tokens }> {
    const { browser, out, verifier, state, dashboard } = await toBroker(account, alias);
    const page = out.redirectedTo?.includes('/broker/') ? await browser.get(out.redirectedTo) : out;
    if (page.redirectedTo === undefined) return { page };
    const tokens = await client.authorizationCodeGrant(dashboard, new URL(page.redirectedTo), { pkceCodeVerifier: verifier, expectedState: state });
    return { page, tokens };
  }
  return { toBroker, signIn };
}

describeEachDatabase('identity: sign-in through an outside OpenID provider', (database) => {
  let db: Db;
  let pair: { server: ListeningApp; upstream: UpstreamProvider };
  const { signIn, toBroker } = ssoDriver(() => pair);

  beforeAll(async () => {
    db = await database.open();
    pair = await startPair(db);
  });
  afterAll(async () => {
    await pair.server.close();
    await pair.upstream.close();
  });

  function account(claims: Record<string, unknown>): string {
    const sub = `sub-${randomUUID()}`;
    pair.upstream.accounts.set(sub, claims);
    return sub;
  }

  async function userCount(): Promise<number> {
    return (await pair.server.app.services.users.query({})).length;
  }

  function expectRefused(page: Page, code: string, status: number): void {
    expect(page.redirectedTo).toBeUndefined();
    expect([page.status, page.headers?.get('x-paddock-error')]).toEqual([status, code]);
  }

  it('creates the user on a first login (active, email verified, default workspace) and the token works on the API', async () => {
    const email = `Alice-${randomUUID()}@Corp.example`;
    const sub = account({ email, email_verified: true, given_name: 'Alice', family_name: 'Doe' });
    const { tokens } = await signIn(sub);
    const found = await pair.server.app.services.users.getByEmail(email);
    const user = found && (await pair.server.app.services.users.getById(found.id));
    expect(user).toMatchObject({ email: email.toLowerCase(), status: 'active', role: 'user', email_verified: 1, first_name: 'Alice', password_hash: null });
    expect(tokens?.claims()?.sub).toBe(user?.id);

    const api = new Client({ url: pair.server.url, auth: { type: 'token', accessToken: tokens?.access_token ?? '' } });
    expect((await api.listWorkspaces()).map((w) => w.name)).toContain(`${email.toLowerCase()} - Default Workspace`);
    const events = await pair.server.app.services.audit.query(system, { target: user?.id ?? '', limit: 10 });
    expect(events.events.map((e) => e.action).sort()).toEqual(['user.create', 'user.link_identity']);
  });

  it('signs the same provider account in as the same user later, even after its email changed there', async () => {
    const email = `carol-${randomUUID()}@corp.example`;
    const sub = account({ email, email_verified: true });
    const first = await signIn(sub);
    pair.upstream.accounts.set(sub, { email: `renamed-${email}`, email_verified: true });
    const before = await userCount();
    const second = await signIn(sub);
    expect(second.tokens?.claims()?.sub).toBe(first.tokens?.claims()?.sub);
    expect(await userCount()).toBe(before);
  });

  it('links an existing user by verified email instead of creating another', async () => {
    const email = `bob-${randomUUID()}@corp.example`;
    const { user } = await pair.server.app.services.users.invite(system, { email, password: 'bob password 123' });
    const before = await userCount();
    const { tokens } = await signIn(account({ email: email.toUpperCase(), email_verified: true }));
    expect(tokens?.claims()?.sub).toBe(user.id);
    expect(await userCount()).toBe(before);
  });

  it('refuses a provider that sends no email, with a page saying so, and creates nothing', async () => {
    const before = await userCount();
    const { page } = await signIn(account({ given_name: 'No Email' }));
    expectRefused(page, 'SSO_EMAIL_MISSING', 403);
    expect(page.html).toContain('<code>email</code>');
    expect(await userCount()).toBe(before);
  });

  it('refuses an unverified or unconfirmed email, and creates nothing', async () => {
    const before = await userCount();
    for (const claims of [{ email_verified: false }, {}]) {
      const { page } = await signIn(account({ email: `dave-${randomUUID()}@corp.example`, ...claims }));
      expectRefused(page, 'SSO_EMAIL_UNVERIFIED', 403);
      expect(page.html).toContain('email_verified');
    }
    expect(await userCount()).toBe(before);
  });

  it('refuses a deactivated user, whether found by link or by email', async () => {
    const linked = `erin-${randomUUID()}@corp.example`;
    const sub = account({ email: linked, email_verified: true });
    await signIn(sub);
    await pair.server.app.services.users.deactivate(system, linked);
    expectRefused((await signIn(sub)).page, 'ACCOUNT_INACTIVE', 403);

    const byEmail = `frank-${randomUUID()}@corp.example`;
    await pair.server.app.services.users.invite(system, { email: byEmail, password: 'frank password 1' });
    await pair.server.app.services.users.deactivate(system, byEmail);
    expectRefused((await signIn(account({ email: byEmail, email_verified: true }))).page, 'ACCOUNT_INACTIVE', 403);
  });

  it('shows a refusal when the person is denied at the provider', async () => {
    expectRefused((await signIn('deny')).page, 'ACCESS_DENIED', 403);
  });

  it("refuses the provider's answer in another browser, and a replay of a used one", async () => {
    const { browser, out } = await toBroker(account({ email: `gina-${randomUUID()}@corp.example`, email_verified: true }));
    const answer = out.redirectedTo ?? '';
    expect(answer).toContain('/broker/corp/endpoint?');
    expectRefused(await new Browser(pair.server.url).get(answer), 'INVALID_REQUEST', 400);
    expect((await browser.get(answer)).redirectedTo).toMatch(/\/auth\/callback\?code=/);
    expectRefused(await browser.get(answer), 'INVALID_REQUEST', 400);
  });

  it('refuses a forged or foreign broker callback without touching the provider', async () => {
    const stranger = new Browser(pair.server.url);
    expectRefused(await stranger.get('/auth/realms/master/broker/corp/endpoint?code=x&state=y'), 'INVALID_REQUEST', 400);
    expectRefused(await stranger.get('/auth/realms/master/broker/nobody/endpoint?code=x&state=y'), 'INVALID_REQUEST', 400);
  });

  it('answers an oversized form, a repeated field and an unknown provider with 4xx, never a 500', async () => {
    const sub = account({ email: `jo-${randomUUID()}@corp.example`, email_verified: true });
    pair.upstream.next.account = sub;
    const browser = new Browser(pair.server.url);
    const login = await browser.get(
      `/auth/realms/master/protocol/openid-connect/auth?client_id=dashboard&response_type=code&scope=openid&code_challenge_method=S256&code_challenge=${'x'.repeat(43)}&redirect_uri=${encodeURIComponent(`${pair.server.url}/auth/callback`)}`,
    );
    const action = formAction(login.html, 'sso') ?? '';
    const csrf = field(login.html, 'csrf') ?? '';
    expect((await browser.request(action, { form: { csrf, provider: 'x'.repeat(20_000) } })).status).toBe(413);
    const repeated = await fetch(new URL(action, pair.server.url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `csrf=${csrf}&csrf=${csrf}&provider=corp`,
    });
    expect(repeated.status).toBeGreaterThanOrEqual(400);
    expect(repeated.status).toBeLessThan(500);
    const unknown = await browser.post(action, { csrf, provider: 'nobody' });
    expect([unknown.status, unknown.headers?.get('x-paddock-error')]).toEqual([404, 'SSO_PROVIDER_NOT_FOUND']);
  });

  describe('providers through the API', () => {
    let admin: Client;
    beforeAll(async () => {
      admin = new Client({ url: pair.server.url, auth: { type: 'password', username: ADMIN.email, password: ADMIN.password } });
    });

    async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
      return promise.then(
        () => undefined,
        (err: unknown) => (err as PaddockError).code,
      );
    }

    it('adds a provider after discovery, lists it without secrets, offers it, and removes it', async () => {
      const added = await admin.createSsoProvider({
        alias: 'partner',
        displayName: 'Partner SSO',
        issuer: pair.upstream.issuer,
        clientId: pair.upstream.clientId,
        clientSecret: pair.upstream.clientSecret,
      });
      expect(added).toMatchObject({ alias: 'partner', source: 'api', redirectUri: `${pair.server.url}/auth/realms/master/broker/partner/endpoint` });
      const listed = await admin.listSsoProviders();
      expect(listed.map((p) => [p.alias, p.source])).toEqual([
        ['corp', 'config'],
        ['partner', 'api'],
      ]);
      expect(JSON.stringify(listed)).not.toContain(pair.upstream.clientSecret);

      const email = `hana-${randomUUID()}@partner.example`;
      const { tokens } = await signIn(account({ email, email_verified: true }), 'partner');
      const hana = await pair.server.app.services.users.getByEmail(email);
      expect(hana).toMatchObject({ email, status: 'active' });
      expect(tokens?.claims()?.sub).toBe(hana!.id);

      await admin.deleteSsoProvider('partner');
      expect((await admin.listSsoProviders()).map((p) => p.alias)).toEqual(['corp']);
      const actions = (await admin.queryAudit({ action: 'sso_provider.create' })).events.map((e) => e.target.id);
      expect(actions).toContain('partner');
    });

    it('refuses duplicates, unreachable issuers, plain http off loopback, and configured or unknown deletions', async () => {
      const base = { displayName: 'X', clientId: 'c', clientSecret: 's' };
      expect(await codeOf(admin.createSsoProvider({ ...base, alias: 'corp', issuer: pair.upstream.issuer }))).toBe('SSO_PROVIDER_EXISTS');
      const nowhere = `http://127.0.0.1:${await freePort()}`;
      expect(await codeOf(admin.createSsoProvider({ ...base, alias: 'nowhere', issuer: nowhere }))).toBe('SSO_DISCOVERY_FAILED');
      expect(await codeOf(admin.createSsoProvider({ ...base, alias: 'plain', issuer: 'http://idp.example.com' }))).toBe('VALIDATION_FAILED');
      expect(await codeOf(admin.createSsoProvider({ ...base, alias: 'Bad_Alias', issuer: pair.upstream.issuer }))).toBe('VALIDATION_FAILED');
      expect(await codeOf(admin.deleteSsoProvider('corp'))).toBe('SSO_PROVIDER_CONFIGURED');
      expect(await codeOf(admin.deleteSsoProvider('nowhere'))).toBe('SSO_PROVIDER_NOT_FOUND');
      expect((await admin.listSsoProviders()).map((p) => p.alias)).toEqual(['corp']);
    });

    it('is for admins only', async () => {
      const email = `ivan-${randomUUID()}@corp.example`;
      await pair.server.app.services.users.invite(system, { email, password: 'ivan password 1' });
      const user = new Client({ url: pair.server.url, auth: { type: 'password', username: email, password: 'ivan password 1' } });
      expect(await codeOf(user.listSsoProviders())).toBe('FORBIDDEN');
      expect(await codeOf(user.deleteSsoProvider('corp'))).toBe('FORBIDDEN');
    });
  });
});

describeEachDatabase('identity: SSO first login over the seat limit', (database) => {
  let pair: { server: ListeningApp; upstream: UpstreamProvider };
  const { signIn } = ssoDriver(() => pair);

  beforeAll(async () => {
    pair = await startPair(await database.open(), COMMUNITY);
    for (let i = 1; i < 5; i++) await pair.server.app.services.users.invite(system, { email: `seat-${i}@x.io`, password: 'seat password 1' });
  });
  afterAll(async () => {
    await pair.server.close();
    await pair.upstream.close();
  });

  it('shows the seat refusal and creates nothing; a freed seat lets the same person in', async () => {
    const sub = `sub-${randomUUID()}`;
    pair.upstream.accounts.set(sub, { email: 'newcomer@corp.example', email_verified: true });
    const refused = await signIn(sub);
    expect([refused.page.status, refused.page.headers?.get('x-paddock-error')]).toEqual([403, 'SEAT_LIMIT_REACHED']);
    expect(refused.page.html).toContain('licence');
    expect(await pair.server.app.services.users.getByEmail('newcomer@corp.example')).toBeNull();

    await pair.server.app.services.users.deactivate(system, 'seat-1@x.io');
    const admitted = await signIn(sub);
    const newcomer = await pair.server.app.services.users.getByEmail('newcomer@corp.example');
    expect(newcomer).toMatchObject({ email: 'newcomer@corp.example', status: 'active' });
    expect(admitted.tokens?.claims()?.sub).toBe(newcomer!.id);
  });
});
