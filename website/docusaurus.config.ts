import type { Config } from '@docusaurus/types';
import type * as Preset from '@docusaurus/preset-classic';
import {
  assertDeployableChatSettings,
  chatWidgetConfigFromEnv,
  DEFAULT_SITE_URL,
} from './src/chatWidgetConfig';
import { chatPanelStyles } from './src/plugins/chatPanelStyles';
import { darkCodeTheme, lightCodeTheme } from './src/prismThemes';

// Docusaurus loads this file once per locale and names the locale in this variable, which lets the
// site title and the widget's greeting and suggestions follow the page's language.
const locale = process.env.DOCUSAURUS_CURRENT_LOCALE ?? 'en';

// `docusaurus build` (NODE_ENV=production) for a public SITE_URL fails here, naming what to set,
// rather than ship a widget that calls http://localhost:8000 with the `local-dev` domain key. The dev
// server and builds for a local SITE_URL (the e2e harness, the bench) are not checked.
assertDeployableChatSettings(process.env);

// The title and tagline appear in every page's <title> and meta tags, which code.json cannot reach.
const siteText =
  locale === 'ur'
    ? {
        title: 'فزیکل اے آئی اور ہیومنائیڈ روبوٹکس',
        tagline:
          'مجسم ذہانت پر ایک درسی کتاب: ایسے روبوٹ جو حقیقی دنیا کو محسوس کرتے، سوچتے اور اس میں عمل کرتے ہیں',
      }
    : {
        title: 'Physical AI & Humanoid Robotics',
        tagline:
          'A textbook on embodied intelligence: robots that sense, reason and act in the real world',
      };

const config: Config = {
  title: siteText.title,
  plugins: [chatPanelStyles],
  tagline: siteText.tagline,
  favicon: 'img/favicon.svg',

  url: process.env.SITE_URL ?? DEFAULT_SITE_URL,
  baseUrl: process.env.BASE_URL ?? '/',

  future: {
    // The v4 flags minus two: fasterByDefault needs @docusaurus/faster (not installed), and
    // siteStorageNamespacing would rename the `theme` localStorage key that tests and readers' saved
    // preferences rely on.
    v4: {
      removeLegacyPostBuildHeadAttribute: true,
      useCssCascadeLayers: true,
      siteStorageNamespacing: false,
      fasterByDefault: false,
      mdx1CompatDisabledByDefault: true,
    },
  },

  onBrokenLinks: 'throw',
  onBrokenAnchors: 'throw',
  markdown: {
    // .md files are plain CommonMark, so prose may use braces and angle brackets freely.
    format: 'detect',
    hooks: {
      onBrokenMarkdownLinks: 'throw',
    },
  },

  i18n: {
    defaultLocale: 'en',
    locales: ['en', 'ur'],
    localeConfigs: {
      en: { label: 'English', direction: 'ltr', htmlLang: 'en-US' },
      ur: { label: 'اردو', direction: 'rtl', htmlLang: 'ur-PK' },
    },
  },

  customFields: {
    chatWidget: chatWidgetConfigFromEnv(process.env, locale),
  },

  presets: [
    [
      'classic',
      {
        docs: {
          routeBasePath: 'docs',
          sidebarPath: './sidebars.ts',
        },
        blog: false,
        theme: {
          customCss: './src/css/custom.css',
        },
      } satisfies Preset.Options,
    ],
  ],

  themeConfig: {
    image: 'img/logo.svg',
    colorMode: {
      defaultMode: 'light',
      disableSwitch: false,
      respectPrefersColorScheme: false,
    },
    navbar: {
      title: 'Physical AI',
      logo: {
        alt: 'Physical AI & Humanoid Robotics home',
        src: 'img/logo.svg',
        srcDark: 'img/logo-dark.svg',
      },
      items: [
        {
          type: 'docSidebar',
          sidebarId: 'textbook',
          position: 'left',
          label: 'Textbook',
        },
        {
          type: 'localeDropdown',
          position: 'right',
        },
      ],
    },
    footer: {
      style: 'light',
      // A single row of links keeps the footer small; the sidebar is the full table of contents.
      links: [
        { label: 'Introduction', to: '/docs/intro' },
        { label: 'ROS 2', to: '/docs/ros2/overview' },
        { label: 'Digital twins', to: '/docs/digital-twins/overview' },
        { label: 'NVIDIA Isaac', to: '/docs/isaac/overview' },
        { label: 'Vision-Language-Action', to: '/docs/vla/overview' },
      ],
      copyright: `© ${new Date().getFullYear()} Physical AI & Humanoid Robotics. Built with Docusaurus.`,
    },
    prism: {
      theme: lightCodeTheme,
      darkTheme: darkCodeTheme,
      additionalLanguages: ['bash', 'yaml'],
    },
  } satisfies Preset.ThemeConfig,
};

export default config;
