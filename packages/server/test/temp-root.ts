import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The name every run's scratch root begins with, in the system's temporary directory. */
export const TEMP_ROOT_PREFIX = 'paddock-test-';

/**
 * Vitest's global setup: one scratch root for the whole run, as the temporary directory of every
 * test worker (`TMPDIR`, which `os.tmpdir()` reads and the workers inherit), removed when the run
 * ends, passed or failed. Tests make their own directories (server data, CLI configs, imported
 * files) with `mkdtemp(tmpdir())` and need not remove each one: without this, each `npm test` left
 * some 200 directories with their SQLite files behind.
 */
export default function setup(): () => void {
  const before = process.env['TMPDIR'];
  const root = mkdtempSync(path.join(tmpdir(), TEMP_ROOT_PREFIX));
  process.env['TMPDIR'] = root;
  return () => {
    if (before === undefined) delete process.env['TMPDIR'];
    else process.env['TMPDIR'] = before;
    rmSync(root, { recursive: true, force: true });
  };
}
