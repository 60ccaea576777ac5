import type { SupportedLocale } from '@openai/chatkit';
import { useEffect, useState } from 'react';

const RTL_LANGUAGES = ['ar', 'fa', 'he', 'ur'];

/**
 * The page's language as `<html lang>` says it (`lang`), as ChatKit's `locale` wants it, and its
 * direction, followed live.
 */
export function usePageLanguage(): {
  lang: string;
  locale: SupportedLocale | undefined;
  dir: 'ltr' | 'rtl';
} {
  const [lang, setLang] = useState<string>('');
  useEffect(() => {
    const root = document.documentElement;
    const read = () => setLang(root.lang);
    read();
    const observer = new MutationObserver(read);
    observer.observe(root, { attributes: true, attributeFilter: ['lang', 'dir'] });
    return () => observer.disconnect();
  }, []);
  const base = lang.toLowerCase().split('-')[0] ?? '';
  return {
    lang,
    locale: base ? (base as SupportedLocale) : undefined,
    dir: RTL_LANGUAGES.includes(base) ? 'rtl' : 'ltr',
  };
}
