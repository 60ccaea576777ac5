import { describe, expect, it } from 'vitest';
import { formatNumber, stringsFor, type WidgetStrings } from '.';
import { en } from './en';
import { ur } from './ur';

/** Every leaf of a table, as `path → text` (functions called with sample numbers). */
function leaves(table: WidgetStrings): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (value: unknown, path: string) => {
    if (typeof value === 'string') out.set(path, value);
    else if (typeof value === 'function')
      out.set(path, (value as (...a: string[]) => string)('7', '9'));
    else for (const [key, child] of Object.entries(value as object)) walk(child, `${path}.${key}`);
  };
  walk(table, '');
  return out;
}

describe('the widget’s strings tables', () => {
  it('Urdu has every string English has, none empty, and each one translated', () => {
    const english = leaves(en);
    const urdu = leaves(ur);
    expect([...urdu.keys()].sort()).toEqual([...english.keys()].sort());
    for (const [path, text] of urdu) {
      expect(text.trim(), path).not.toBe('');
      // Only keyboard keys stay Latin (Ctrl+I, Esc); every word is Urdu.
      expect(text.replace(/\((Ctrl\+I|Esc)\)/g, ''), path).not.toMatch(/[A-Za-z]/);
    }
  });

  it('numbers sit inside the sentence where Urdu puts them', () => {
    expect(ur.panel.retrying('1', '3')).toBe('خودکار دوبارہ کوشش (3 میں سے 1)');
    expect(ur.panel.nextTryIn('5')).toBe('اگلی کوشش 5 سیکنڈ میں');
    expect(en.panel.retrying('1', '3')).toBe('Retrying automatically (1 of 3)');
  });

  it('chooses by the page’s language tag, English when there is no table', () => {
    expect(stringsFor('ur-PK')).toBe(ur);
    expect(stringsFor('UR')).toBe(ur);
    expect(stringsFor('en-US')).toBe(en);
    expect(stringsFor('fr')).toBe(en);
    expect(stringsFor('')).toBe(en);
    expect(stringsFor(undefined)).toBe(en);
  });

  it('formats numbers for the locale, and survives a tag Intl refuses', () => {
    expect(formatNumber(1234, 'en')).toBe('1,234');
    expect(formatNumber(3, 'ur-PK')).toMatch(/^(3|۳)$/);
    expect(formatNumber(3, 'not a tag!')).toBe('3');
  });
});
