import { randomUUID } from 'node:crypto';
import * as client from 'openid-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import { findUserByEmail } from '../../src/queries/users.js';
import { describeEachDatabase } from '../support/databases.js';
import { ADMIN, Browser, dashboardAuthorization, signIn, startListeningApp } from './browser.js';
import type { ListeningApp } from './browser.js';

const system = { kind: 'system' } as const;
const policy = { kind: 'policy', name: 'seat-reclaim' } as const;
const PASSWORD = 'a browser password 123';
const insecure = { execute: [client.allowInsecureRequests] };

describeEachDatabase('identity: floating seats at the login page', (database) => {
  let db: Db;
  let server: ListeningApp;
  let dashboard: client.Configuration;
  let redirectUri: string;

  beforeAll(async () => {
    db = await database.open();
    // Two seats: the admin's and one more.
    server = await startListeningApp(db, { license: { edition: 'enterprise', seats: 2, licensee: 'floating tests', expiresAt: null } });
    dashboard = await client.discovery(new URL(server.issuer), 'dashboard', undefined, client.None(), insecure);
    redirectUri = `${server.url}/auth/callback`;
    await server.app.services.seatReclaim.setPolicy(system, { floating: true, contact: 'the IT desk (it-help@x.io)' });
  });
  afterAll(async () => {
    await server.close();
  });

  /** A user the idle-seat policy took. */
  async function tookByPolicy(): Promise<string> {
    const email = `f-${randomUUID()}@example.com`;
    const users = server.app.services.users;
    await users.invite(system, { email, password: PASSWORD });
    await users.deactivateIdle(policy, { email }, Date.now() + 1, { by: 'policy', usersOnly: true });
    return email;
  }

  async function loginPage(browser: Browser) {
    const { url } = await dashboardAuthorization(dashboard, redirectUri);
    return browser.get(url);
  }

  it('with the licence full, the page says so and whom to ask (403, x-paddock-error SEAT_LIMIT_REACHED); with a seat free, the user gets in', async () => {
    const ann = await tookByPolicy();
    const holder = `h-${randomUUID()}@example.com`;
    await server.app.services.users.invite(system, { email: holder, password: PASSWORD });

    const browser = new Browser(server.url, [redirectUri]);
    const page = await loginPage(browser);
    const refused = await signIn(browser, page, ann, PASSWORD);
    expect(refused.status).toBe(403);
    expect(refused.headers?.get('x-paddock-error')).toBe('SEAT_LIMIT_REACHED');
    expect(refused.html).toContain('role="alert"');
    expect(refused.html).toContain('it-help@x.io');
    expect(refused.redirectedTo).toBeUndefined();
    expect((await findUserByEmail(db.kysely, ann))?.status).toBe('inactive');

    await server.app.services.users.deactivate(system, holder);
    const again = await signIn(browser, page, ann, PASSWORD);
    expect(again.redirectedTo).toMatch(new RegExp(`^${redirectUri}\\?code=`));
    expect((await findUserByEmail(db.kysely, ann))?.status).toBe('active');
    await server.app.services.users.deactivate(system, ann);
  });

  it("a user an admin deactivated sees the one generic refusal, whatever the seats", async () => {
    const bob = await tookByPolicy();
    await server.app.services.users.deactivate(system, bob);
    const browser = new Browser(server.url, [redirectUri]);
    const refused = await signIn(browser, await loginPage(browser), bob, PASSWORD);
    expect(refused.status).toBe(200);
    expect(refused.headers?.get('x-paddock-error')).toBeNull();
    expect(refused.html).not.toContain('seat');
    expect((await findUserByEmail(db.kysely, bob))?.status).toBe('inactive');
    expect(ADMIN.email).not.toBe(bob);
  });
});
