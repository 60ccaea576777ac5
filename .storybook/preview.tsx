import type { Decorator, Preview } from '@storybook/react-vite';
import { useLayoutEffect, useMemo, type ReactNode } from 'react';
import { successHandlers } from '../mocks/handlers';
import { resetMockBackend } from '../mocks/state';
import 'infima/dist/css/default/default.css';
import '../website/src/css/custom.css';
import { stringsFor } from '../src/components/ChatWidget/strings';
import { PanelStringsContext } from '../src/components/ChatWidget/strings/context';
import { LocaleContext, LOCALES, localeOf, type Locale } from '../stories/support/locale';
import { PartDocs } from './PartDocs';
import './theme.css';
import { viewportOptions } from './viewports';

function PageRoot({
  theme,
  locale,
  children,
}: {
  theme: 'light' | 'dark';
  locale: Locale;
  children: ReactNode;
}) {
  useLayoutEffect(() => {
    const root = document.documentElement;
    root.setAttribute('data-theme', theme);
    root.lang = LOCALES[locale].htmlLang;
    root.dir = LOCALES[locale].dir;
  }, [theme, locale]);
  // A part shown alone speaks the page's language, as it does inside ChatWidgetPanel.
  const lang = LOCALES[locale].htmlLang;
  const strings = useMemo(() => ({ strings: stringsFor(lang).panel, lang }), [lang]);
  return (
    <LocaleContext value={locale}>
      <PanelStringsContext value={strings}>{children}</PanelStringsContext>
    </LocaleContext>
  );
}

/**
 * Sets on <html> what Docusaurus sets: `data-theme` from the colour mode, `lang` and `dir` from the
 * page's locale (the widget follows both live). Driven by the toolbar, or by a story's `globals`.
 */
const withPage: Decorator = (Story, context) => (
  <PageRoot
    theme={context.globals.theme === 'dark' ? 'dark' : 'light'}
    locale={localeOf(context.globals.locale)}
  >
    <Story />
  </PageRoot>
);

const preview: Preview = {
  decorators: [withPage],
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
    locale: {
      description:
        "The page's language: <html lang> and dir, as the textbook's two locales set them",
      toolbar: {
        title: 'Locale',
        icon: 'globe',
        items: [
          { value: 'en', title: 'English', right: 'ltr' },
          { value: 'ur', title: 'اردو (Urdu)', right: 'rtl' },
        ],
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { theme: 'light', locale: 'en' },
  parameters: {
    layout: 'fullscreen',
    viewport: { options: viewportOptions },
    controls: {
      matchers: { color: /(background|color)$/i, date: /Date$/i },
      // A part's own list (stories/support/controls.ts) replaces this; the docs pages list every prop.
      exclude: ['ref'],
    },
    options: {
      // The front page first (Storybook opens the first entry), then the states of the whole widget,
      // its parts, the scripted flows, and the rest.
      storySort: {
        order: ['Introduction', 'States', 'Widget', 'Flows', '*'],
      },
    },
    docs: {
      page: PartDocs,
      // Every part is positioned on the page (the widget is fixed to its corner): each embedded
      // story gets a frame of its own instead of piling up in the docs page.
      story: { inline: false, height: '640px' },
      toc: false,
    },
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
