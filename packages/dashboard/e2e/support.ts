import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@paddock/sdk';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { AxeResults, RunOptions } from 'axe-core';
import { afterAll, beforeAll, expect } from 'vitest';
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

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const AXE_OPTIONS: RunOptions = { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] };

/**
 * axe-core's WCAG 2.1 A and AA violations on the page as it is now, one line each: the rule and the
 * elements that break it. Injected through the debugging protocol, which the login pages'
 * Content-Security-Policy does not cover.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate(async (options) => {
    const { axe } = window as unknown as { axe: { run: (context: Document, options: RunOptions) => Promise<AxeResults> } };
    return axe.run(document, options);
  }, AXE_OPTIONS);
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}

/** Fails, listing them, on any axe violation: call it on every page state a scenario visits. */
export async function expectAccessible(page: Page, state: string): Promise<void> {
  expect((await axeViolations(page)).join('\n'), `axe on ${state} at ${page.viewportSize()?.width ?? '?'} px`).toBe('');
}

/** How far the page itself scrolls sideways (0 when everything fits the window). */
export async function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/**
 * Table regions that are wider than their box, each with whether a keyboard reaches it
 * (tabindex 0) and its accessible name: what a 390 px screen still scrolls must be reachable.
 */
export async function scrollingTables(page: Page): Promise<Array<{ reachable: boolean; name: string }>> {
  return page.locator('.table-wrap').evaluateAll((wraps) =>
    wraps
      .filter((w) => w.scrollWidth > w.clientWidth)
      .map((w) => ({
        reachable: w.getAttribute('tabindex') === '0',
        name: (w.getAttribute('aria-label') ?? document.getElementById(w.getAttribute('aria-labelledby') ?? '')?.textContent ?? '').trim(),
      })),
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

/** What has focus, as a screen reader names it: `button "Cancel"`, `heading "Users"`; `body` when nothing does. */
export async function focusedControl(page: Page): Promise<string> {
  const focused = page.locator('*:focus');
  if ((await focused.count()) === 0) return 'body';
  const first = (await focused.ariaSnapshot()).split('\n')[0] ?? '';
  const match = /^- (\w+)(?: "((?:[^"\\]|\\.)*)")?/.exec(first);
  return match === null ? first : `${match[1] ?? ''}${match[2] === undefined ? '' : ` "${match[2]}"`}`;
}

/** Presses Tab (or Shift+Tab) until `target` (as focusedControl names it) has focus: the keyboard's way to a control. */
export async function tabTo(page: Page, target: string, options: { backwards?: boolean; max?: number } = {}): Promise<void> {
  const seen: string[] = [];
  for (let i = 0; i <= (options.max ?? 40); i++) {
    const now = await focusedControl(page);
    if (now === target) return;
    seen.push(now);
    await page.keyboard.press(options.backwards === true ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`${target} never took focus; focus went through: ${seen.join(', ')}`);
}
