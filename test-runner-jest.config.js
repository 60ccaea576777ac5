import { getJestConfig } from '@storybook/test-runner';
import { chromiumPath } from './scripts/chromium.mjs';

// The default Jest configuration comes from @storybook/test-runner.
const testRunnerConfig = getJestConfig();

/**
 * Ejected so Playwright drives Debian's Chromium: it cannot download its own browser here,
 * and the test-runner has no environment variable for the executable path.
 * @type {import('@jest/types').Config.InitialOptions}
 */
export default {
  ...testRunnerConfig,
  // Flows stream whole answers; the default 15 s leaves no margin on a loaded 2-core machine.
  testTimeout: 30_000,
  testEnvironmentOptions: {
    ...testRunnerConfig.testEnvironmentOptions,
    'jest-playwright': {
      ...testRunnerConfig.testEnvironmentOptions?.['jest-playwright'],
      browsers: ['chromium'],
      launchOptions: {
        executablePath: chromiumPath(),
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--no-first-run',
        ],
      },
    },
  },
};
