import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The tests StrykerJS runs against each mutant of services/ and queries/ (`npm run mutate`): the
 * in-process ones that reach the rules (services, API, Wallaroo wire, query plans), on SQLite.
 */
export default defineConfig({
  resolve: {
    alias: {
      '@paddock/sdk': fileURLToPath(new URL('./packages/sdk/src/index.ts', import.meta.url)),
    },
  },
  test: {
    include: ['packages/server/test/{services,api,queries,wallaroo-sdk}/**/*.test.ts'],
    globalSetup: ['./packages/server/test/temp-root.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
