import type { Config, PluginConfig } from '@docusaurus/types';
import type * as Preset from '@docusaurus/preset-classic';
import { chatWidgetConfigFromEnv } from './src/chatWidgetConfig';
import { darkCodeTheme, lightCodeTheme } from './src/prismThemes';

// Docusaurus loads this file once per locale and names the locale in this variable, which lets the
// site title and the widget's greeting and suggestions follow the page's language.
const locale = process.env.DOCUSAURUS_CURRENT_LOCALE ?? 'en';

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

// `npm run bench` builds the site two more ways to measure what the widget costs: 'none' (a Root
// without the widget: the floor) and 'naive' (ChatKit imported eagerly, as the seed plan's quickstart
// does). Unset, as in every ordinary build, the site's own Root is used and nothing changes.
const benchRoot = process.env.BENCH_ROOT_VARIANT;
const BENCH_ROOTS: Record<string, string | null> = {
  widget: null,
  none: 'src/theme/bench/RootNoWidget.tsx',
  naive: 'src/theme/bench/RootNaive.tsx',
};

function benchRootPlugin(variant: string): PluginConfig {
  const file = BENCH_ROOTS[variant];
  if (file === undefined) {
    throw new Error(
      `BENCH_ROOT_VARIANT must be one of ${Object.keys(BENCH_ROOTS).join(', ')}; got "${variant}".`,
    );
  }
  return (context) => ({
    name: 'bench-root-variant',
    configureWebpack: ({ cache }) => ({
      // Webpack's persistent cache does not notice a changed alias, so each variant keeps its own.
      ...(typeof cache === 'object' &&
        cache.type === 'filesystem' && {
          cache: { ...cache, name: `${cache.name ?? 'cache'}-bench-${variant}` },
        }),
      ...(file && { resolve: { alias: { '@theme/Root': `${context.siteDir}/${file}` } } }),
    }),
  });
}

const config: Config = {
  title: siteText.title,
  tagline: siteText.tagline,
  favicon: 'img/favicon.svg',

  url: process.env.SITE_URL ?? 'http://localhost:3000',
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

  plugins: benchRoot ? [benchRootPlugin(benchRoot)] : [],

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
