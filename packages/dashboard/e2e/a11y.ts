import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults, RunOptions } from 'axe-core';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { screenshot } from './support.js';

/** What the scenarios check of every page state: axe-core, fitting the window, and where focus is. */

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

/** The two widths every item is shown at: a laptop and a phone. */
export const WIDTHS = [
  { width: 1280, height: 900 },
  { width: 390, height: 844 },
] as const;

/**
 * A page state as evidence at both widths: `test-results/<name>-1280.png` and `<name>-390.png`, axe
 * and no sideways scrolling at each (the screenshot first, which lets the resized page render). The
 * window is put back as it was.
 */
export async function atBothWidths(page: Page, name: string): Promise<void> {
  const before = page.viewportSize();
  for (const size of WIDTHS) {
    await page.setViewportSize(size);
    await screenshot(page, `${name}-${size.width}`);
    await expectAccessible(page, name);
    expect(await sidewaysOverflow(page), `${name} scrolls sideways at ${size.width} px`).toBeLessThanOrEqual(0);
  }
  if (before !== null) await page.setViewportSize(before);
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
