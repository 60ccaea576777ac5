/**
 * ChatWidget: the floating toggle that every page loads, and nothing more until it is used. Server
 * rendering shows the toggle; the panel and everything about chat (ChatWidgetPanel, then ChatKit,
 * the session client, schemas, the local element) are fetched on the first open, or on a hint of
 * one (the pointer over the toggle, keyboard focus on it). `npm run size` holds this shell to its
 * budget, so keep heavy imports out of it: types are free, code is not.
 */
import { useCallback, useEffect, useId, useRef, useState, type ComponentType } from 'react';
import type { ChatController } from './chatController';
import { ChatToggle } from './ChatToggle';
import type { ChatWidgetPanelProps } from './ChatWidgetPanel';
import { COMPOSE_EVENT, type ComposeDetail } from './compose';
import { SHELL_STRINGS_EN } from './shellStrings';
import type { ChatWidgetConfig, SurfaceMode } from './config';
import { DEFAULT_STORAGE_KEY, readOpen, writeOpen } from './storage';
import styles from './shell.module.css';
import type { ToggleState } from './types';

export type { ChatWidgetConfig, StarterPrompt, SurfaceMode } from './config';
export { openChatWithQuote, openChatWithText } from './compose';

export interface ChatWidgetProps {
  /** Backend, surface and text settings. @default DEFAULT_CONFIG */
  config?: ChatWidgetConfig;
  /** Controlled open state. Leave undefined for the widget to manage (and persist) it. */
  open?: boolean;
  /** Open on mount (uncontrolled). A reload re-opens the panel if it was open anyway. @default false */
  defaultOpen?: boolean;
  /** Called whenever the reader asks to open or close the panel. */
  onOpenChange?: (open: boolean) => void;
}

/** The panel's code, once fetched, and the controller it created for this widget. */
interface Loaded {
  Panel: ComponentType<ChatWidgetPanelProps>;
  controller: ChatController;
}

/**
 * The textbook's chat widget, whole: a round toggle at the bottom right of every page that opens a
 * panel with the chat. Nothing about chat is fetched before the first open (or a hint of one); it
 * then connects, shows the start screen, streams answers with their sources, retries failures
 * with a visible countdown and explains the rest in the reader's words. Open state is the
 * widget's own (kept for the tab) unless `open` controls it. See the States stories for each state.
 */
export function ChatWidget({ config, open, defaultOpen = false, onOpenChange }: ChatWidgetProps) {
  const controlled = open !== undefined;
  const [ownOpen, setOwnOpen] = useState(false);
  const isOpen = controlled ? open : ownOpen;
  const storageKey = config?.storageKey || DEFAULT_STORAGE_KEY;
  const panelId = `chat-widget${useId()}`; // React 19.2+ ids are `_r_…_`: valid anywhere
  const toggleRef = useRef<HTMLButtonElement>(null);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  // Why the panel's code could not be fetched, when it could not.
  const [loadFailed, setLoadFailed] = useState<'offline' | 'failed' | null>(null);
  const [toggleState, setToggleState] = useState<ToggleState>({ unread: false, busy: false });
  // A request from outside the panel, kept until the controller exists: what to put in the
  // composer ("Ask about this", a `?ask=` link), or null to focus it (Ctrl/Cmd+I).
  const intent = useRef<ComposeDetail | null | undefined>(undefined);

  // The panel's code, fetched once; after a failure the next call fetches it anew. The chat code
  // the panel will load is fetched beside it rather than after it, so the first open waits for one
  // round trip, not two. A failure there is met again, and shown, when the controller loads it.
  const panelLoad = useRef<Promise<ChatController | null> | null>(null);
  /** The panel chunk's way to fetch the local element ahead (see `preload`). */
  const preloadLocal = useRef<((mode: SurfaceMode) => void) | null>(null);
  const loadPanel = useCallback(() => {
    if (!panelLoad.current) import('./ChatKitWrapper').catch(() => undefined);
    panelLoad.current ??= import('./ChatWidgetPanel').then(
      (module) => {
        const controller = module.createChatController({ onToggleState: setToggleState, config });
        preloadLocal.current = module.preloadLocalSurface;
        setLoaded({ Panel: module.ChatWidgetPanel, controller });
        setLoadFailed(null);
        return controller;
      },
      () => {
        panelLoad.current = null;
        setLoadFailed(navigator.onLine === false ? 'offline' : 'failed');
        return null;
      },
    );
    // The controller carries the request out, now or once the chat is ready.
    void panelLoad.current.then((controller) => {
      const wanted = intent.current;
      if (!controller || wanted === undefined) return;
      intent.current = undefined;
      if (wanted === null) controller.focusComposer();
      else controller.compose(wanted);
    });
    // The config is the page's, fixed for its life; the controller reads it once.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  // A hint of an open (pointer over the toggle, a touch's first contact, focus): the panel's code
  // now, and 150 ms later the local element's where it will serve (surface `local`, or a tab where
  // OpenAI's element failed). At once, its evaluation would land before the session request of a
  // click that follows the hint closely; by 150 ms that request has usually gone out (`npm run
  // bench`, row 3). It is asked for through the panel's chunk, the same import as the surface's
  // own: imported from here, webpack made it a second chunk, fetched twice (row 9).
  const preload = () => {
    loadPanel();
    const mode = config?.surface ?? 'auto';
    setTimeout(() => void panelLoad.current?.then(() => preloadLocal.current?.(mode)), 150);
  };

  const requestOpen = useCallback(
    (next: boolean) => {
      if (next) loadPanel();
      if (!controlled) setOwnOpen(next);
      onOpenChange?.(next);
    },
    [controlled, onOpenChange, loadPanel],
  );

  // After hydration (never during server rendering): re-open if the panel was open before a reload.
  const restored = useRef(false);
  useEffect(() => {
    // Browser-only state, read after hydration so the server's HTML and the first render agree.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    if (!controlled && (defaultOpen || readOpen(storageKey))) setOwnOpen(true);
    restored.current = true;
    // Runs once, on mount.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  useEffect(() => {
    if (restored.current) writeOpen(storageKey, isOpen);
  }, [isOpen, storageKey]);

  // Opened without a click (a restored panel, controlled `open`): fetch the panel now.
  useEffect(() => {
    if (isOpen) loadPanel();
  }, [isOpen, loadPanel]);

  // The panel's code could not be fetched (offline, say): try again once the network is back.
  useEffect(() => {
    if (!loadFailed) return;
    window.addEventListener('online', loadPanel);
    return () => window.removeEventListener('online', loadPanel);
  }, [loadFailed, loadPanel]);

  // Ctrl/Cmd+I opens the chat and focuses the composer from anywhere on the page; "Ask about this"
  // (`openChatWithText`) opens it with text in the composer. Opening hands the request over.
  useEffect(() => {
    const ask = (compose: ComposeDetail | null) => {
      intent.current = compose;
      requestOpen(true);
    };
    // A `?ask=` link opens the chat with its question in the composer, unsent (the controller
    // takes it from the address: `takeAskFromAddress`).
    if (/[?&]ask=[^&]/.test(location.search)) ask({ fromAddress: true });
    const onKeyDown = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
      if (event.key.toLowerCase() !== 'i') return;
      event.preventDefault();
      ask(null);
    };
    const onCompose = (event: Event) => ask((event as CustomEvent<ComposeDetail>).detail);
    window.addEventListener('keydown', onKeyDown);
    window.addEventListener(COMPOSE_EVENT, onCompose);
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      window.removeEventListener(COMPOSE_EVENT, onCompose);
    };
  }, [requestOpen]);

  const failed = isOpen && loadFailed !== null && !loaded;
  const t = config?.shellStrings ?? SHELL_STRINGS_EN;
  return (
    <div className={styles.root}>
      <ChatToggle
        ref={toggleRef}
        open={isOpen}
        onToggle={() => requestOpen(!isOpen)}
        onIntent={preload}
        // Names the panel once it exists (a closed toggle may name one still to come).
        controls={loaded || failed || !isOpen ? panelId : undefined}
        unread={toggleState.unread}
        busy={toggleState.busy}
        concealed={isOpen && loaded !== null}
        strings={t}
      />
      {loaded && (
        <loaded.Panel
          controller={loaded.controller}
          config={config}
          open={isOpen}
          onOpenChange={requestOpen}
          panelId={panelId}
          toggleRef={toggleRef}
        />
      )}
      {failed && (
        <p id={panelId} role="alert" className={styles.loadError}>
          {loadFailed === 'offline' ? t.loadOffline : t.loadFailed}
          <button type="button" onClick={loadPanel}>
            {t.tryAgain}
          </button>
        </p>
      )}
    </div>
  );
}

export default ChatWidget;
