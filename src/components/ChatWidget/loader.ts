/**
 * The widget's lazy chunks, and the only code that names them: the panel (the panel's components
 * and the chat connection) and the chat code (`ChatKitWrapper`: ChatKit's React binding). Both are
 * fetched on the first open or a hint of one, side by side, so the first open waits for one round
 * trip, not two.
 *
 * What the chosen element needs is the element's own business: `surface.ts` fetches the local
 * element (from the panel's chunk, where it will serve), and the local element fetches its Markdown
 * reader once it is ready.
 */
import type * as ChatCode from './ChatKitWrapper';
import type * as Panel from './ChatWidgetPanel';

export type PanelModule = typeof Panel;
export type ChatCodeModule = typeof ChatCode;

/** The chat code. Each call asks for it; the browser fetches the chunk once. */
export const loadChatCode = (): Promise<ChatCodeModule> => import('./ChatKitWrapper');

let panel: Promise<PanelModule> | undefined;

/**
 * The panel's code, fetched once (after a failure, anew), with the chat code fetched beside it: a
 * failure there is met again, and shown, when the chat connection asks for it.
 */
export function loadPanel(): Promise<PanelModule> {
  loadChatCode().catch(() => undefined);
  return (panel ??= import('./ChatWidgetPanel').catch((error: unknown) => {
    panel = undefined;
    throw error;
  }));
}
