import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'src/**/*.test.{ts,tsx}',
      'mocks/**/*.test.ts',
      'scripts/**/*.test.ts',
      'tests/*.test.{ts,tsx}',
      'tests/conformance/**/*.test.ts',
    ],
    environment: 'node',
    // Hook and component tests opt into jsdom with a `// @vitest-environment jsdom` line.
    restoreMocks: true,
    setupFiles: ['tests/setup/dom.ts'],
    testTimeout: 15_000,
  },
});
