import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectAccessible } from './a11y.js';
import { ADMIN, adminClient, newPage, scenario, screenshot, signIn } from './support.js';

const { server, browser } = scenario();

/** WCAG's contrast ratio of two CSS colours as getComputedStyle gives them (rgb()/rgba()). */
async function contrast(page: Page, a: string, b: string): Promise<number> {
  return page.evaluate(
    ([x, y]) => {
      const lum = (css: string) => {
        const [r, g, bl] = (css.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => {
          const c = Number(v) / 255;
          return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (bl ?? 0);
      };
      const [hi, lo] = [lum(x), lum(y)].sort((p, q) => q - p);
      return ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05);
    },
    [a, b] as const,
  );
}

it('at 390 px every control is at least 24 × 24 px, and field borders and the focus ring contrast 3:1 with the page', async () => {
  await adminClient(server().url).inviteUser('ann@example.com');
  const { page } = await newPage(browser(), 390);
  await signIn(page, server().url, ADMIN.email, ADMIN.password, '/users');
  await page.getByLabel('Select ann@example.com').waitFor();
  await page.getByRole('button', { name: 'Invite user' }).click();

  const small = await page.locator('button, input, select').evaluateAll((elements) =>
    elements
      .filter((el) => el.getClientRects().length > 0 && !(el instanceof HTMLInputElement && el.type === 'hidden'))
      .map((el) => ({ el: el.outerHTML.slice(0, 80), box: el.getBoundingClientRect() }))
      .filter(({ box }) => box.width < 24 || box.height < 24)
      .map(({ el, box }) => `${el} ${box.width}×${box.height}`),
  );
  expect(small).toEqual([]);

  const page_ = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const background = page_ === 'rgba(0, 0, 0, 0)' ? await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor) : page_;
  for (const field of [page.getByLabel('Search users'), page.getByLabel('Status'), page.getByRole('form', { name: 'Invite a user' }).getByLabel('Email')]) {
    const border = await field.evaluate((el) => getComputedStyle(el).borderTopColor);
    expect(await contrast(page, border, 'rgb(255, 255, 255)')).toBeGreaterThanOrEqual(3);
  }
  const invite = page.getByRole('button', { name: 'Invite user' });
  await invite.focus();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab'); // a keyboard focus, so that :focus-visible applies
  const ring = await invite.evaluate((el) => getComputedStyle(el).outlineColor);
  expect(await contrast(page, ring, background)).toBeGreaterThanOrEqual(3);
  expect(await contrast(page, ring, 'rgb(255, 255, 255)')).toBeGreaterThanOrEqual(3);
  await screenshot(page, 'users-390-targets');
  await expectAccessible(page, 'users-390-targets');
});
