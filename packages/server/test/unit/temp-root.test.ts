import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import setup, { TEMP_ROOT_PREFIX } from '../temp-root.js';

it("this run's workers make their scratch directories inside the run's root", () => {
  expect(path.basename(tmpdir())).toMatch(new RegExp(`^${TEMP_ROOT_PREFIX}`));
});

it('the root is removed with all it holds when the run ends, and TMPDIR is put back', () => {
  const before = process.env['TMPDIR'];
  const teardown = setup();
  const root = tmpdir();
  expect(root).not.toBe(before);
  mkdirSync(path.join(root, 'server', 'outbox'), { recursive: true });
  writeFileSync(path.join(root, 'server', 'paddock.sqlite'), 'x');
  teardown();
  expect(existsSync(root)).toBe(false);
  expect(process.env['TMPDIR']).toBe(before);
});
