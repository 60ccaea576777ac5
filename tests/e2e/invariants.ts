/**
 * The invariants every fault row checks (tests/e2e/faults.e2e.test.ts, openai-fallback.e2e.test.ts),
 * written once: nothing the reader typed is lost or sent twice, and the session's secret shows up
 * nowhere a page script, an extension or a screenshot could read it.
 */
import type { Page } from 'playwright-core';
import { listThreads } from '../../mocks/state';
import type { UserMessageItem } from '../../src/contract';

/** How often `text` stands in `haystacks`, all together. */
export function occurrences(haystacks: readonly string[], text: string): number {
  return haystacks.reduce((sum, hay) => sum + hay.split(text).length - 1, 0);
}

/** A question the page sent to the backend, with the status it got (once it got one). */
export interface SentMessage {
  text: string;
  status?: number;
}

/**
 * For each message the reader typed: lost when it is neither in the thread nor in the composer;
 * twice when it shows twice, was accepted twice or stored twice by the backend, or is in the
 * composer although it was also shown or accepted.
 */
export function typedMessageFaults(
  typed: readonly string[],
  { bubbles, draft, sent }: { bubbles: string[]; draft: string; sent: readonly SentMessage[] },
): { lost: string[]; twice: string[] } {
  const stored = listThreads().flatMap((thread) =>
    thread.items.flatMap((item) =>
      item.type === 'user_message'
        ? [(item as UserMessageItem).content.map((part) => part.text).join('')]
        : [],
    ),
  );
  const lost: string[] = [];
  const twice: string[] = [];
  for (const text of typed) {
    const shown = occurrences(bubbles, text);
    const inComposer = draft.includes(text);
    const accepted = sent.filter(
      (m) => m.text.includes(text) && m.status !== undefined && m.status < 300,
    ).length;
    const kept = occurrences(stored, text);
    if (shown === 0 && !inComposer) lost.push(text);
    if (shown > 1 || accepted > 1 || kept > 1 || (inComposer && (shown > 0 || accepted > 0))) {
      twice.push(
        `${text} (shown ${shown}, accepted ${accepted}, stored ${kept}, in composer ${inComposer})`,
      );
    }
  }
  return { lost, twice };
}

/** Where each secret was found: the page's storage, the URLs it visited, its console, its DOM. */
export async function secretLeaks(
  page: Page,
  secrets: Iterable<string>,
  seen: { urls: readonly string[]; console: readonly string[] },
): Promise<string[]> {
  const places = {
    storage: await page.evaluate(() =>
      JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage)]),
    ),
    urls: [...seen.urls, page.url()].join('\n'),
    console: seen.console.join('\n'),
    dom: await page.content(),
  };
  return [...secrets].flatMap((secret) =>
    Object.entries(places)
      .filter(([, text]) => text.includes(secret))
      .map(([where]) => where),
  );
}
