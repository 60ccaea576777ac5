import { defineConfig } from 'vitest/config';

/** End-to-end and fault suites: one browser, real servers on fixed ports, so one file at a time. */
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // A browser on a loaded 2-core machine: give polled assertions seconds, not Vitest's default 1 s.
    expect: { poll: { timeout: 10_000 } },
  },
});
