import { defineConfig } from 'vitest/config';

// The reliability suites (RELIABILITY.md): real processes, thousands of requests, SIGKILLs. One file
// at a time, so each suite has the machine's two cores to itself and its timings mean something.
export default defineConfig({
  test: {
    include: ['test/reliability/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
