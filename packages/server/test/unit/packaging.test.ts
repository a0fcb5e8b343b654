/**
 * What `npm pack` puts in the published packages: only what a user needs (the built code, its
 * types and maps, the README and package.json), never a test or a testing helper, and no module
 * that imports something the package does not ship. Needs a build (`npm test` builds first).
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const PACKAGES = fileURLToPath(new URL('../../../', import.meta.url));
const run = promisify(execFile);

async function packed(name: string): Promise<string[]> {
  const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: join(PACKAGES, name) });
  const [pack] = JSON.parse(stdout) as Array<{ files: Array<{ path: string }> }>;
  return (pack?.files ?? []).map((f) => f.path).sort();
}

/** The relative specifiers a built module imports (static and dynamic). */
function relativeImports(source: string): string[] {
  return [...source.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]!);
}

describe.each([
  ['sdk', 'dist/index.js'],
  ['cli', 'dist/main.js'],
])('npm pack of packages/%s', (name, entry) => {
  it('lists only the built code, its types and maps, the README and package.json: no tests, no testing helpers', async () => {
    const files = await packed(name);
    expect(files).toContain(entry);
    expect(files).toContain('package.json');
    expect(files.filter((f) => /\.test\.|(^|\/)testing(\/|\.|$)|(^|\/)(src|test)\//.test(f))).toEqual([]);
    expect(files.filter((f) => !/^(README\.md|package\.json|dist\/.+\.(js|d\.ts)(\.map)?)$/.test(f))).toEqual([]);
  });

  it('ships every module its modules import by a relative path', async () => {
    const files = new Set(await packed(name));
    const missing: string[] = [];
    for (const file of [...files].filter((f) => f.endsWith('.js'))) {
      for (const specifier of relativeImports(readFileSync(join(PACKAGES, name, file), 'utf8'))) {
        const target = posix.normalize(posix.join(posix.dirname(file), specifier));
        if (!files.has(target)) missing.push(`${file} imports ${specifier}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
