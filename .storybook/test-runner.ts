import type { TestRunnerConfig } from '@storybook/test-runner';
import { getStoryContext } from '@storybook/test-runner';
import { viewportSizes, type ViewportName } from './viewports';

/**
 * The test-runner visits iframe.html directly, where Storybook's viewport toolbar does not apply:
 * size the page to the story's viewport global so Mobile320 is really 320 px wide.
 */
const config: TestRunnerConfig = {
  async preVisit(page, context) {
    const story = await getStoryContext(page, context);
    // A prepared story carries its own globals as `storyGlobals`.
    const globals = (story as { storyGlobals?: Record<string, unknown> }).storyGlobals ?? {};
    const value = (globals.viewport as { value?: string } | undefined)?.value;
    const { width, height } =
      viewportSizes[(value ?? 'desktop1280') as ViewportName] ?? viewportSizes.desktop1280;
    await page.setViewportSize({ width, height });
  },
};

export default config;
