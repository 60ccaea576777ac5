import { defineConfig } from 'vitest/config';

/**
 * The reader's journeys in Firefox, WebKit and Chromium (tests/browsers): real servers on fixed
 * ports and one engine at a time. A step waits seconds, not minutes; a journey fails within its
 * `testTimeout` with the engine and the step it stopped at.
 */
export default defineConfig({
  test: {
    include: ['tests/browsers/**/*.browsers.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
