import type { Decorator, Preview } from '@storybook/react-vite';
import { useLayoutEffect, type ReactNode } from 'react';
import { successHandlers } from '../mocks/handlers';
import { resetMockBackend } from '../mocks/state';
import './theme.css';

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

const viewports = {
  phone320: { name: 'Phone 320', styles: { width: '320px', height: '640px' }, type: 'mobile' },
  tablet768: { name: 'Tablet 768', styles: { width: '768px', height: '1024px' }, type: 'tablet' },
  desktop1280: {
    name: 'Desktop 1280',
    styles: { width: '1280px', height: '800px' },
    type: 'desktop',
  },
  wide2560: { name: 'Wide 2560', styles: { width: '2560px', height: '1440px' }, type: 'desktop' },
} as const;

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
    viewport: { options: viewports },
    controls: { matchers: { color: /(background|color)$/i, date: /Date$/i } },
    // Any axe violation fails the story in the test-runner.
    a11y: { test: 'error' },
  },
  // The success paths of the contract for every story; a story adds its scenario with msw.use().
  beforeEach({ msw }) {
    resetMockBackend();
    msw.use(...successHandlers);
  },
};

export default preview;
