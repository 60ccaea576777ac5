/**
 * ChatWidget: the floating toggle that every page loads, and nothing more until it is used. Server
 * rendering shows the toggle; the panel and everything about chat (ChatWidgetPanel, then ChatKit,
 * the session client, schemas, the local element) are fetched on the first open, or on a hint of
 * one (the pointer over the toggle, keyboard focus on it). `npm run size` holds this shell to its
 * budget, so keep heavy imports out of it: types are free, code is not.
 */
import { useId, useLayoutEffect, useRef, useState, useSyncExternalStore } from 'react';
import { ChatToggle } from './ChatToggle';
import { SHELL_STRINGS_EN } from './shellStrings';
import type { ChatWidgetConfig } from './config';
import styles from './shell.module.css';
import { createWidgetController } from './widgetController';

export type { ChatWidgetConfig, StarterPrompt, SurfaceMode } from './config';
export { openChatWithQuote, openChatWithText } from './compose';

export interface ChatWidgetProps {
  /** Backend, surface and text settings. A new value replaces the old one as a whole. @default DEFAULT_CONFIG */
  config?: ChatWidgetConfig;
  /** Controlled open state. Leave undefined for the widget to manage (and persist) it. */
  open?: boolean;
  /** Open on mount (uncontrolled). A reload re-opens the panel if it was open anyway. @default false */
  defaultOpen?: boolean;
  /** Called whenever the reader asks to open or close the panel. */
  onOpenChange?: (open: boolean) => void;
}

/**
 * The textbook's chat widget, whole: a round toggle at the bottom right of every page that opens a
 * panel with the chat. Nothing about chat is fetched before the first open (or a hint of one); it
 * then connects, shows the start screen, streams answers with their sources, retries failures
 * with a visible countdown and explains the rest in the reader's words. Open state is the
 * widget's own (kept for the tab) unless `open` controls it. See the States stories for each state.
 * The widget controller (`widgetController.ts`) owns all of it; this component renders it.
 */
export function ChatWidget(props: ChatWidgetProps) {
  const [widget] = useState(() => createWidgetController(props));
  // Each render's props, for the controller: a controlled `open`, `onOpenChange`, a new config.
  useLayoutEffect(() => widget.setProps(props));
  const { open, unread, busy, code } = useSyncExternalStore(
    widget.subscribe,
    widget.getSnapshot,
    widget.getSnapshot,
  );
  const panelId = `chat-widget${useId()}`; // React 19.2+ ids are `_r_…_`: valid anywhere
  const toggleRef = useRef<HTMLButtonElement>(null);
  const loaded = code === 'loaded' ? widget.loaded() : null;
  const failed = open && code === 'failed';
  const t = props.config?.shellStrings ?? SHELL_STRINGS_EN;
  return (
    <div className={styles.root}>
      <ChatToggle
        ref={toggleRef}
        open={open}
        onToggle={() => widget.requestOpen(!open)}
        onIntent={widget.load}
        // Names the panel once it exists (a closed toggle may name one still to come).
        controls={loaded || failed || !open ? panelId : undefined}
        unread={unread}
        busy={busy}
        concealed={open && !!loaded}
        strings={t}
      />
      {loaded && (
        <loaded.panel.ChatWidgetPanel
          widget={widget}
          connection={loaded.connection}
          panelId={panelId}
          toggleRef={toggleRef}
        />
      )}
      {failed && (
        <p id={panelId} role="alert" className={styles.loadError}>
          {navigator.onLine ? t.loadFailed : t.loadOffline}
          <button type="button" onClick={widget.load}>
            {t.tryAgain}
          </button>
        </p>
      )}
    </div>
  );
}
