import { defineConfig } from 'vitest/config';

// Browser tests (test/e2e): Debian's Chromium driven by playwright-core against a real server.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
    globalSetup: ['test/e2e/support/build-once.ts'],
  },
});
