import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@paddock/sdk';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startServer } from '../../server/test/support/process.js';
import type { ServerProcess } from '../../server/test/support/process.js';

export const ADMIN = { email: 'admin@paddock.test', password: 'admin-password-123' };
/** Debian's Chromium; a browser is never downloaded. PADDOCK_CHROMIUM names another binary. */
export const CHROMIUM = process.env['PADDOCK_CHROMIUM'] ?? '/usr/bin/chromium';
/**
 * How long expect.poll waits for the page or the server to catch up: a debounced search (250 ms)
 * and a round trip or two, with room for a busy two-core machine; vitest's default is 1 s.
 */
export const POLL = { timeout: 5_000, interval: 100 };
export const RESULTS = fileURLToPath(new URL('../../../test-results/', import.meta.url));

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (bash .ci/run does)`);
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
}

/** A real `paddock-server` on a fresh SQLite database, with a known first admin. */
export async function startPaddock(env: Record<string, string> = {}): Promise<ServerProcess> {
  return startServer({ PADDOCK_ADMIN_EMAIL: ADMIN.email, PADDOCK_ADMIN_PASSWORD: ADMIN.password, ...env });
}

/** A fresh browser window (its own cookies and sessionStorage), 1280 px wide unless told. */
export async function newPage(browser: Browser, width = 1280): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { context, page };
}

/** Opens the dashboard, which sends the browser to Paddock's login page, and signs in there. */
export async function signIn(page: Page, url: string, email: string, password: string, path = '/'): Promise<void> {
  await page.goto(`${url}${path}`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(RESULTS, { recursive: true });
  const file = path.join(RESULTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** The first admin through the SDK, for arranging what a scenario starts from. */
export function adminClient(url: string): Client {
  return new Client({ url, auth: { type: 'password', username: ADMIN.email, password: ADMIN.password } });
}

/** Every scenario: its own server on a fresh database, and one browser. */
export function scenario(env: Record<string, string> = {}): { server: () => ServerProcess; browser: () => Browser } {
  let server: ServerProcess | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startPaddock(env), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  return {
    server: () => server ?? raise('no server'),
    browser: () => browser ?? raise('no browser'),
  };
}

function raise(message: string): never {
  throw new Error(message);
}

/** Controls without an accessible name (aria-label, a label, or text): every list should be empty. */
export async function unnamedControls(page: Page): Promise<string[]> {
  return page.locator('button, input, select, textarea, a[href]').evaluateAll((elements) =>
    elements
      .filter((el) => {
        const labels = el instanceof HTMLInputElement || el instanceof HTMLSelectElement ? [...(el.labels ?? [])] : [];
        const name = el.getAttribute('aria-label') ?? (labels.map((l) => l.textContent).join('') || el.textContent || '');
        return name.trim() === '';
      })
      .map((el) => el.outerHTML.slice(0, 120)),
  );
}

/** The invitation link in the newest message the server wrote to its outbox for `email`. */
export function invitationLink(dataDir: string, email: string): string {
  const outbox = path.join(dataDir, 'outbox');
  const files = readdirSync(outbox).filter((f) => f.includes(email)).sort();
  const newest = files.at(-1);
  const link = newest === undefined ? undefined : /https?:\/\/\S+\/invite\/[\w-]+/.exec(readFileSync(path.join(outbox, newest), 'utf8'))?.[0];
  if (link === undefined) throw new Error(`no invitation to ${email} in ${outbox}`);
  return link;
}
