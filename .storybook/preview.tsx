import type { Decorator, Preview } from '@storybook/react-vite';
import { useLayoutEffect, type ReactNode } from 'react';
import { successHandlers } from '../mocks/handlers';
import { resetMockBackend } from '../mocks/state';
import 'infima/dist/css/default/default.css';
import '../website/src/css/custom.css';
import './theme.css';
import { viewportOptions } from './viewports';

function ThemeRoot({ theme, children }: { theme: 'light' | 'dark'; children: ReactNode }) {
  useLayoutEffect(() => {
    document.documentElement.setAttribute('data-theme', theme);
  }, [theme]);
  return children;
}

/** Sets `data-theme` on <html>, as Docusaurus does, from the toolbar (or a story's globals). */
const withTheme: Decorator = (Story, context) => (
  <ThemeRoot theme={context.globals.theme === 'dark' ? 'dark' : 'light'}>
    <Story />
  </ThemeRoot>
);

const preview: Preview = {
  decorators: [withTheme],
  globalTypes: {
    theme: {
      description: 'Docusaurus colour mode (data-theme)',
      toolbar: {
        title: 'Theme',
        icon: 'mirror',
        items: [
          { value: 'light', title: 'Light', icon: 'sun' },
          { value: 'dark', title: 'Dark', icon: 'moon' },
        ],
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { theme: 'light' },
  parameters: {
    layout: 'fullscreen',
    viewport: { options: viewportOptions },
    controls: { matchers: { color: /(background|color)$/i, date: /Date$/i } },
    // Any axe violation fails the story in the test-runner.
    a11y: { test: 'error' },
  },
  // The success paths of the contract for every story; a story adds its scenario with msw.use().
  beforeEach({ msw }) {
    resetMockBackend();
    // Stories never inherit another story's open panel or thread.
    sessionStorage.clear();
    msw.use(...successHandlers);
  },
};

export default preview;
