import type { StorybookConfig } from '@storybook/react-vite';
import remarkGfm from 'remark-gfm';

const config: StorybookConfig = {
  stories: ['../stories/**/*.mdx', '../stories/**/*.stories.@(ts|tsx)'],
  addons: [
    // Tables in MDX (the front page) are GitHub-flavoured Markdown, which MDX leaves out.
    {
      name: '@storybook/addon-docs',
      options: { mdxPluginOptions: { mdxCompileOptions: { remarkPlugins: [remarkGfm] } } },
    },
    '@storybook/addon-a11y',
    'msw-storybook-addon',
  ],
  framework: { name: '@storybook/react-vite', options: {} },
  // The MSW worker script (public/mockServiceWorker.js) is served from public/; the front page's
  // pictures of the states (made by `npm run test:visual -- --update`) from docs/storybook/.
  staticDirs: ['../public', { from: '../docs/storybook', to: '/front-page' }],
  // No "What's new" notification (the dev server reads the setting from here), and no onboarding:
  // neither the sidebar's "Get started" checklist widget nor the menu's Guide page (Storybook 10
  // feature flags, on by default; the manager shows both in `storybook dev` only). The confetti
  // belonged to @storybook/addon-onboarding, which is not installed.
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  features: { sidebarOnboardingChecklist: false, menuOnboardingChecklist: false },
  typescript: { reactDocgen: 'react-docgen-typescript' },
};

export default config;
