/**
 * The Markdown reader (`markdown.ts` and its lexer, about 6 KB gzip) is fetched once the element
 * starts, beside the session request, not before the chat is ready: the first open pays only for
 * what gets the panel ready. Until it arrives (tens of milliseconds, long before a first answer
 * ends) text shows as written, as a streaming answer does, and is rendered when it comes.
 */
import type { renderMarkdown } from './markdown';

export type RenderMarkdown = typeof renderMarkdown;

let render: RenderMarkdown | undefined;
let loading: Promise<RenderMarkdown> | undefined;
const waiting = new Set<(render: RenderMarkdown) => void>();

/** Starts fetching the reader (once); resolves with it. A failed fetch is tried again next time. */
export function loadMarkdown(): Promise<RenderMarkdown> {
  loading ??= import('./markdown').then(
    (module) => {
      render = module.renderMarkdown;
      for (const callback of waiting) callback(render);
      waiting.clear();
      return render;
    },
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

/** The reader if it has arrived; otherwise undefined, and it is on its way. */
export function markdownNow(): RenderMarkdown | undefined {
  if (!render) loadMarkdown().catch(() => undefined);
  return render;
}

/** Calls `callback` once the reader has arrived (at once if it has); returns a cancel. */
export function whenMarkdown(callback: (render: RenderMarkdown) => void): () => void {
  if (render) {
    callback(render);
    return () => undefined;
  }
  waiting.add(callback);
  markdownNow();
  return () => waiting.delete(callback);
}
