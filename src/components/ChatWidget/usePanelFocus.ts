import { useEffect, useRef, type RefObject } from 'react';
import type { ChatConnection } from './chatConnection';

export interface PanelFocusOptions {
  panelRef: RefObject<HTMLElement | null>;
  /** Where focus returns when the panel closes. */
  toggleRef: RefObject<HTMLButtonElement | null>;
  /** The panel is open (rendered visible). */
  open: boolean;
  /** The surface is ready (rendered visible). */
  ready: boolean;
}

/**
 * Focus for a non-modal dialog: into the panel when it opens; to the composer once the ready
 * surface is on screen, if the reader is in the panel or asked for it (Ctrl/Cmd+I, "Ask about
 * this"); back to the toggle when it closes, unless the reader has moved on elsewhere.
 * Runs after the render that shows the change, so what it focuses is visible.
 */
export function usePanelFocus(
  connection: Pick<ChatConnection, 'surfaceShown'>,
  { panelRef, toggleRef, open, ready }: PanelFocusOptions,
): void {
  const was = useRef({ open: false, ready: false });
  useEffect(() => {
    const panel = panelRef.current;
    const opened = open && !was.current.open;
    const closed = !open && was.current.open;
    const readied = ready && !was.current.ready;
    was.current = { open, ready };
    if (closed) {
      const active = document.activeElement;
      if (!active || active === document.body || panel?.contains(active)) {
        toggleRef.current?.focus();
      }
      return;
    }
    if (open && ready && (opened || readied)) {
      // Just opened, or the reader waited in the panel for it: the composer takes focus.
      const focus = opened || (panel?.contains(document.activeElement) ?? false);
      if (connection.surfaceShown(focus)) return;
    }
    if (opened) panel?.focus();
  }, [connection, panelRef, toggleRef, open, ready]);
}
