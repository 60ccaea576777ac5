/**
 * A page's own starter questions: a doc's front matter `chat_prompts` (a list of `{ label, prompt }`)
 * replaces the site's prompts on the chat's start screen while the reader is on that page. The site
 * publishes the front matter as written from its doc layout (`website/src/theme/DocItem/Layout`),
 * which lives below the widget (the widget is in Root, above the routes, so no React context reaches
 * it); the panel's lazy code subscribes and validates it (`pagePromptsFrom.ts`). This module is what
 * every doc page carries: a value and its subscribers, nothing more.
 */

/** What a doc page publishes: its front matter's `chat_prompts`, unchecked, and the page's name. */
export interface PublishedPrompts {
  /** The front matter's `chat_prompts`, as written (validated by the panel: `pagePromptsFrom`). */
  value: unknown;
  /** The page's source file (`@site/docs/ros2/overview.md`), named by the warning if it is wrong. */
  page: string;
}

let current: PublishedPrompts | null = null;
const listeners = new Set<() => void>();

/** Publishes the page's prompts, or null for the site's (a page without them, leaving a doc). */
export function setPagePrompts(prompts: PublishedPrompts | null): void {
  if (prompts === current) return;
  current = prompts;
  for (const listener of listeners) listener();
}

/** What the page published, or null where the site's prompts apply. */
export function getPagePrompts(): PublishedPrompts | null {
  return current;
}

/** Calls `listener` whenever the page's prompts change; returns the unsubscribe function. */
export function subscribePagePrompts(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}
