import { randomUUID } from 'node:crypto';
import { Client } from '@paddock/sdk';
import type { DevicePrompt } from '@paddock/sdk';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import { describeEachDatabase } from '../support/databases.js';
import { ADMIN, Browser, field, formAction, signIn, startListeningApp } from './browser.js';
import type { ListeningApp, Page } from './browser.js';

const system = { kind: 'system' } as const;
const PASSWORD = 'a device password 123';

describeEachDatabase('identity: device login (SDK and the verification page)', (database) => {
  let db: Db;
  let server: ListeningApp;

  beforeAll(async () => {
    db = await database.open();
    server = await startListeningApp(db);
  });
  afterAll(async () => {
    await server.close();
  });

  /** A device-login client polling every 20 ms, and the prompt it shows once the server gave a code. */
  function deviceClient(onPrompt?: (info: DevicePrompt) => Promise<void>) {
    let shown!: (info: DevicePrompt) => void;
    const prompt = new Promise<DevicePrompt>((resolve) => (shown = resolve));
    const client = new Client({
      url: server.url,
      sleep: async (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 20))),
      auth: {
        type: 'device',
        onPrompt: (info) => {
          shown(info);
          void onPrompt?.(info);
        },
      },
    });
    return { client, prompt };
  }

  /** Enters the code on the verification page: the confirmation page comes back. */
  async function enterCode(browser: Browser, info: DevicePrompt): Promise<Page> {
    const input = await browser.get(info.verificationUri);
    expect(input.status).toBe(200);
    expect(input.html).toContain('<label for="user_code">Code</label>');
    const confirm = await browser.post(formAction(input.html, 'op.deviceInputForm')!, { xsrf: field(input.html, 'xsrf')!, user_code: info.userCode });
    expect(confirm.status).toBe(200);
    expect(confirm.html).toContain(info.userCode);
    return confirm;
  }

  async function confirm(browser: Browser, page: Page, extra: Record<string, string> = {}): Promise<Page> {
    return browser.post(formAction(page.html, 'op.deviceConfirmForm')!, {
      xsrf: field(page.html, 'xsrf')!,
      user_code: field(page.html, 'user_code')!,
      confirm: 'yes',
      ...extra,
    });
  }

  it('the SDK shows a code; approving it through the verification and login pages lets its poll succeed', async () => {
    const { client, prompt } = deviceClient();
    const login = client.login();
    const info = await prompt;
    expect(info.verificationUri).toBe(`${server.issuer}/device`);
    expect(info.verificationUriComplete).toBe(`${server.issuer}/device?user_code=${info.userCode}`);
    expect(info.userCode).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
    expect(info.expiresIn).toBe(600);

    const browser = new Browser(server.url);
    const loginPage = await confirm(browser, await enterCode(browser, info));
    expect(loginPage.url).toMatch(/\/interaction\/[\w-]+$/);
    expect(loginPage.html).toContain('Paddock SDK and CLI');
    const success = await signIn(browser, loginPage, ADMIN.email, ADMIN.password);
    expect(success.status).toBe(200);
    expect(success.html).toContain('Device signed in');

    const tokens = await login;
    expect(tokens.refreshToken).toBeTypeOf('string');
    expect((await client.listUsers()).map((u) => u.email)).toContain(ADMIN.email);
  });

  it('accepts the complete verification URI (code filled in) without JavaScript', async () => {
    const email = `d-${randomUUID()}@example.com`;
    await server.app.services.users.invite(system, { email, password: PASSWORD });
    const { client, prompt } = deviceClient();
    const login = client.login();
    const info = await prompt;
    const browser = new Browser(server.url);
    const submit = await browser.get(info.verificationUriComplete!);
    expect(submit.html).toContain('<noscript>');
    const page = await browser.post(formAction(submit.html)!, { xsrf: field(submit.html, 'xsrf')!, user_code: field(submit.html, 'user_code')! });
    const success = await signIn(browser, await confirm(browser, page), email, PASSWORD);
    expect(success.html).toContain('Device signed in');
    await login;
    expect((await client.getUserByEmail(email))?.email).toBe(email);
  });

  it('Cancel on the confirmation page gives the polling SDK ACCESS_DENIED', async () => {
    const { client, prompt } = deviceClient();
    const login = client.login();
    const outcome = login.then(
      () => 'approved',
      (err: unknown) => err,
    );
    const browser = new Browser(server.url);
    const page = await enterCode(browser, await prompt);
    const cancelled = await browser.post(formAction(page.html, 'op.deviceConfirmForm')!, { xsrf: field(page.html, 'xsrf')!, user_code: field(page.html, 'user_code')!, abort: 'yes' });
    expect(await outcome).toMatchObject({ name: 'PaddockError', code: 'ACCESS_DENIED' });
    // The page says what happened: cancelled, not "mistyped".
    expect(cancelled.html).toContain('<title>Sign-in cancelled · Paddock</title>');
    expect(cancelled.html).not.toContain('mistyped');
  });

  it('Cancel on the login page denies the device too', async () => {
    const { client, prompt } = deviceClient();
    const outcome = client.login().then(
      () => 'approved',
      (err: unknown) => err,
    );
    const browser = new Browser(server.url);
    const loginPage = await confirm(browser, await enterCode(browser, await prompt));
    const cancelled = await browser.post(loginPage.url, { csrf: field(loginPage.html, 'csrf')!, cancel: 'yes' });
    expect(await outcome).toMatchObject({ code: 'ACCESS_DENIED' });
    expect(cancelled.html).toContain('<title>Sign-in cancelled · Paddock</title>');
  });

  it('a code entered again once its sign-in started (a reload, the link opened again) is ended: the page says so and the polling SDK stops at once', async () => {
    const { client, prompt } = deviceClient();
    const outcome = client.login().then(
      () => 'approved',
      (err: unknown) => err,
    );
    const info = await prompt;
    const browser = new Browser(server.url);
    const loginPage = await confirm(browser, await enterCode(browser, info));
    expect(loginPage.url).toMatch(/\/interaction\//);
    // Without the fix the token endpoint answers authorization_pending until the code expires, ten minutes on.
    const again = await browser.get(info.verificationUriComplete!);
    const used = await browser.post(formAction(again.html)!, { xsrf: field(again.html, 'xsrf')!, user_code: field(again.html, 'user_code')! });
    expect(used.html).toContain('<title>Code already used · Paddock</title>');
    expect(await outcome).toMatchObject({ name: 'PaddockError', code: 'ACCESS_DENIED' });
    // The first page can no longer approve it either.
    const late = await signIn(browser, loginPage, ADMIN.email, ADMIN.password);
    expect(late.html).not.toContain('Device signed in');
  }, 20_000);

  it('a failed sign-in keeps the code: the right password on the same page then approves it', async () => {
    const { client, prompt } = deviceClient();
    const login = client.login();
    const browser = new Browser(server.url);
    const loginPage = await confirm(browser, await enterCode(browser, await prompt));
    const failed = await signIn(browser, loginPage, ADMIN.email, 'not the password');
    expect(failed.html).toContain('role="alert"');
    const success = await signIn(browser, failed, ADMIN.email, ADMIN.password);
    expect(success.html).toContain('Device signed in');
    expect((await login).accessToken).toBeTypeOf('string');
  });

  it('an unknown code asks to check it for typos; the page keeps the code form', async () => {
    const browser = new Browser(server.url);
    const input = await browser.get(`${server.issuer}/device`);
    const page = await browser.post(formAction(input.html, 'op.deviceInputForm')!, { xsrf: field(input.html, 'xsrf')!, user_code: 'BCDF-GHJK' });
    expect(page.html).toContain('Check it for typos');
    expect(page.html).toContain('<label for="user_code">Code</label>');
  });

  it('a deactivated user cannot approve a device', async () => {
    const email = `d-${randomUUID()}@example.com`;
    await server.app.services.users.invite(system, { email, password: PASSWORD });
    await server.app.services.users.deactivate(system, email);
    const { client, prompt } = deviceClient();
    const outcome = client.login().then(
      () => 'approved',
      (err: unknown) => err,
    );
    const info = await prompt;
    const browser = new Browser(server.url);
    const loginPage = await confirm(browser, await enterCode(browser, info));
    const refused = await signIn(browser, loginPage, email, PASSWORD);
    expect(refused.html).toContain('role="alert"');
    expect(refused.html).not.toContain('Device signed in');
    // Let the client give up: cancelling ends its poll.
    await browser.post(loginPage.url, { csrf: field(loginPage.html, 'csrf')!, cancel: 'yes' });
    expect(await outcome).toMatchObject({ code: 'ACCESS_DENIED' });
  });

  it('an expired device code answers expired_token, which the SDK raises as DEVICE_CODE_EXPIRED', async () => {
    const { client } = deviceClient(async (info) => {
      // Ages the code as oidc-provider sees it (its own `exp`), as if the ten minutes had passed.
      const userCode = info.userCode.replace('-', '');
      const row = await db.kysely.selectFrom('oidc_payloads').select(['id', 'payload']).where('model', '=', 'DeviceCode').where('user_code', '=', userCode).executeTakeFirstOrThrow();
      const payload = JSON.parse(row.payload) as Record<string, unknown>;
      payload['exp'] = Math.floor(Date.now() / 1000) - 1;
      await db.kysely.updateTable('oidc_payloads').set({ payload: JSON.stringify(payload) }).where('model', '=', 'DeviceCode').where('id', '=', row.id).execute();
    });
    await expect(client.login()).rejects.toMatchObject({ code: 'DEVICE_CODE_EXPIRED' });
  });
});
