import { createContext, useContext } from 'react';
import { stringsFor } from '../../src/components/ChatWidget/strings';
import { chatWidgetConfigFromEnv } from '../../website/src/chatWidgetConfig';

/** The textbook's two reading languages, as Docusaurus writes them on <html> (docusaurus.config.ts). */
export const LOCALES = {
  en: { htmlLang: 'en-US', dir: 'ltr' },
  ur: { htmlLang: 'ur-PK', dir: 'rtl' },
} as const;

export type Locale = keyof typeof LOCALES;

/** The toolbar's `locale` global (or a story's), English when unset or unknown. */
export function localeOf(value: unknown): Locale {
  return value === 'ur' ? 'ur' : 'en';
}

/** The page's locale, from the preview's decorator: the sample page and the widget's texts follow it. */
export const LocaleContext = createContext<Locale>('en');

export const useLocale = () => useContext(LocaleContext);

/**
 * The widget's words as the site configures them for a locale (title, greeting, starter prompts,
 * placeholder, the line under the composer, the toggle's words): what a reader of that locale sees.
 */
export function siteTexts(locale: Locale) {
  const { title, greeting, starterPrompts, placeholder, disclaimer, shellStrings } =
    chatWidgetConfigFromEnv({}, locale);
  // The site leaves English out (the widget carries it); stories name it, to find the toggle by.
  return {
    title,
    greeting,
    starterPrompts,
    placeholder,
    disclaimer,
    shellStrings: shellStrings ?? stringsFor('en').shell,
  };
}
