/**
 * Mutation testing of the rules: `npm run mutate` (not in CI; it takes a long while). Narrow it with
 * `npm run mutate -- --mutate packages/server/src/services/users.ts`. The report is written to
 * reports/mutation/ (HTML and JSON).
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutate.config.ts' },
  mutate: ['packages/server/src/services/**/*.ts', 'packages/server/src/queries/**/*.ts'],
  coverageAnalysis: 'perTest',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  ignorePatterns: ['**/dist/**', 'test-results', 'reports', 'data', '.stryker-tmp', 'packages/dashboard'],
  concurrency: 2,
  timeoutMS: 30_000,
  dryRunTimeoutMinutes: 30,
  ignoreStatic: true,
  thresholds: { high: 85, low: 70, break: null },
  tempDirName: '.stryker-tmp',
};
