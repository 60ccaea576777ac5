/**
 * The Markdown reader (`render.ts` and its lexer, about 7 KB gzip) is fetched once the element is
 * ready (or while it restores a thread, which needs it), not before: the first open pays only for
 * what gets the chat ready. Until it arrives (tens of milliseconds, long before a first answer
 * ends) text shows as written, as a streaming answer does, and is rendered when it comes. Asking
 * for a render never fetches it; `loadMarkdown` does.
 *
 * Rendering is also spread over tasks: one task renders for at most `TASK_BUDGET_MS`, and what is
 * left waits for the next task. A restored thread of long answers (each one bounded by the
 * reader's work budget) then never becomes one long task that freezes the page.
 */
import type { renderMarkdown } from './render';

export type RenderMarkdown = typeof renderMarkdown;

/** How long one task may spend rendering before the rest waits for the next task. */
export const TASK_BUDGET_MS = 12;

let render: RenderMarkdown | undefined;
let loading: Promise<RenderMarkdown> | undefined;
/** Renders waiting for the reader, or for a task with time left, in order. */
const queue: Array<(render: RenderMarkdown) => void> = [];
let drainScheduled = false;
/** When this task's first render began, or -1 outside of one. */
let taskStarted = -1;

/** Whether this task may still render (and starts counting its time). */
function taskHasTime(): boolean {
  const now = performance.now();
  if (taskStarted < 0) {
    taskStarted = now;
    setTimeout(() => (taskStarted = -1), 0); // the next task counts afresh
  }
  return now - taskStarted < TASK_BUDGET_MS;
}

function scheduleDrain(): void {
  if (drainScheduled || !render) return;
  drainScheduled = true;
  setTimeout(() => {
    drainScheduled = false;
    while (queue.length && taskHasTime()) queue.shift()!(render!);
    if (queue.length) scheduleDrain();
  }, 0);
}

/** Starts fetching the reader (once); resolves with it. A failed fetch is tried again next time. */
export function loadMarkdown(): Promise<RenderMarkdown> {
  loading ??= import('./render').then(
    (module) => {
      render = module.renderMarkdown;
      scheduleDrain();
      return render;
    },
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

/**
 * The reader, if it has arrived and this task has time left for it (nothing else waits); otherwise
 * undefined: show the text as written and ask `whenMarkdown` to render it.
 */
export function markdownNow(): RenderMarkdown | undefined {
  return render && !queue.length && taskHasTime() ? render : undefined;
}

/**
 * Calls `callback` with the reader in a later task with time for it, once it has arrived (whoever
 * fetches it); returns a cancel.
 */
export function whenMarkdown(callback: (render: RenderMarkdown) => void): () => void {
  queue.push(callback);
  if (render) scheduleDrain();
  return () => {
    const at = queue.indexOf(callback);
    if (at >= 0) queue.splice(at, 1);
  };
}
