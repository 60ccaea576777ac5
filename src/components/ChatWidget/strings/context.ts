import { createContext, useContext } from 'react';
import { en } from './en';
import { formatNumber } from './index';
import type { PanelStrings } from './types';

/** The panel's words and the page's language; ChatWidgetPanel provides them from `<html lang>`. */
export const PanelStringsContext = createContext<{ strings: PanelStrings; lang: string }>({
  strings: en.panel,
  lang: 'en',
});

/** The panel's words in the page's language, and a number formatter for it. */
export function usePanelStrings(): { t: PanelStrings; n: (value: number) => string } {
  const { strings, lang } = useContext(PanelStringsContext);
  return { t: strings, n: (value) => formatNumber(value, lang) };
}
