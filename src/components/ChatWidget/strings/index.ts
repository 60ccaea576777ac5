/**
 * The widget's own words, one table per locale. Adding a locale is adding its file here and a
 * line in `TABLES`; a page whose `<html lang>` has no table reads English.
 */
import { en } from './en';
import type { WidgetStrings } from './types';
import { ur } from './ur';

export type { PanelStrings, ShellStrings, WidgetStrings } from './types';

const TABLES: Record<string, WidgetStrings> = { en, ur };

/** The table for a BCP 47 language tag (`ur-PK` reads `ur`), English when there is none. */
export function stringsFor(lang: string | undefined): WidgetStrings {
  const base = (lang ?? '').toLowerCase().split('-')[0] ?? '';
  return TABLES[base] ?? en;
}

/** Formats a number as the locale writes it (`Intl.NumberFormat`). */
export function formatNumber(value: number, lang: string | undefined): string {
  try {
    return new Intl.NumberFormat(lang || 'en').format(value);
  } catch {
    return String(value);
  }
}
