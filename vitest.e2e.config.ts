import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** The dashboard in a real Chromium against real server processes: `npm run test:e2e`, after `npm test`. */
export default defineConfig({
  resolve: {
    alias: {
      '@paddock/sdk': fileURLToPath(new URL('./packages/sdk/src/index.ts', import.meta.url)),
    },
  },
  test: {
    include: ['packages/dashboard/e2e/**/*.test.ts'],
    globalSetup: ['./packages/server/test/temp-root.ts'],
    testTimeout: 90_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // One browser and one server at a time: the machine has two cores.
    fileParallelism: false,
  },
});
