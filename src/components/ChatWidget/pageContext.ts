/**
 * What the widget tells the backend about where the reader is (api-contracts.md, "What the widget
 * adds to requests"): the page's language as `Accept-Language` on every request (a CORS-safelisted
 * header: no preflight change), and on `/chatkit` requests the page itself in the protocol's
 * free-form `metadata` (`{ "page": { "url", "title", "locale" } }`), which every ChatKit server
 * accepts (the chat-request pipeline adds it: `chatTransport.ts`). Read at request time: the reader
 * navigates while the widget stays mounted.
 */

export interface PageContext {
  /** Path (and query) of the page, without the origin: `/docs/ros2/overview`. */
  url: string;
  title: string;
  /** The page's `<html lang>`, e.g. `en` or `ur`. */
  locale: string;
}

/** The page the reader is on, or null where there is no page (server rendering, tests in Node). */
export function currentPage(): PageContext | null {
  if (typeof document === 'undefined' || typeof location === 'undefined') return null;
  return {
    url: `${location.pathname}${location.search}`,
    title: document.title,
    locale: document.documentElement.lang || 'en',
  };
}

/** The page's language for `Accept-Language`, or undefined where there is none. */
export function pageLanguage(): string | undefined {
  if (typeof document === 'undefined') return undefined;
  return document.documentElement.lang || undefined;
}
