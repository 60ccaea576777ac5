/**
 * The widget controller: the one owner of the widget's lifecycle, outside React and on every page
 * (so it stays small: no React, no chat code). It holds
 * - whether the panel is open (the reader's wish, or the page's when `open` is controlled, in the
 *   manner of React Aria's `useOverlayTriggerState`), kept for the tab;
 * - the one queue of intents from outside the panel (Ctrl/Cmd+I, "Ask about this", a `?ask=` link);
 * - the config as the page gave it, replaced as a whole;
 * - what the toggle shows (an answer streaming, or one that arrived while closed);
 * - the panel's code: fetched on the first open or a hint of one (`loader.ts`), and then the chat
 *   connection it creates (`chatConnection.ts`), which asks this controller for all of the above.
 *
 * It starts with its first subscriber (listening to the keyboard, compose requests and the network,
 * and restoring the open panel after a reload) and stops with the last, as TanStack Query's
 * observers do (`onSubscribe`/`onUnsubscribe`). Its snapshot is data.
 */
import type { ChatConnection } from './chatConnection';
import { COMPOSE_EVENT, type ComposeDetail } from './compose';
import type { ChatWidgetConfig } from './config';
import { loadChatCode, loadPanel, type PanelModule } from './loader';
import { DEFAULT_STORAGE_KEY, readOpen, writeOpen } from './storage';

export interface WidgetSnapshot {
  open: boolean;
  /** An answer arrived while the panel was closed. @default false */
  unread?: boolean;
  /** An answer is streaming while the panel is closed. @default false */
  busy?: boolean;
  /** The panel's code: here, or failed to arrive (offline, say); absent until either. */
  code?: 'loaded' | 'failed';
}

/** What the page gives the widget (`ChatWidgetProps`). */
export interface WidgetProps {
  config?: ChatWidgetConfig | undefined;
  /** Controlled open state; undefined leaves it to the widget. */
  open?: boolean | undefined;
  defaultOpen?: boolean | undefined;
  onOpenChange?: ((open: boolean) => void) | undefined;
}

/** A waiting intent: text for the composer, or null to focus it. */
export type Intent = ComposeDetail | null;

export interface WidgetController {
  subscribe(listener: () => void): () => void;
  getSnapshot(): WidgetSnapshot;
  /** The page's props, each render: a new config value replaces the old one as a whole. */
  setProps(props: WidgetProps): void;
  /** The reader asks to open or close (toggle, close button, Escape). */
  requestOpen(open: boolean): void;
  /** Opens, with something to do once the chat is ready: text for the composer, or focus (null). */
  ask(intent: Intent): void;
  /**
   * Fetches the panel's code (again, after a failure): on a hint of an open (the pointer over the
   * toggle, focus on it), on the open, or on "Try again".
   */
  load(): void;
  config(): ChatWidgetConfig | undefined;
  /** The waiting intent, handed over once (undefined when none waits). */
  takeIntent(): Intent | undefined;
  /** The chat connection reports what the toggle shows (it knows when answers stream and end). */
  chatChanged(toggle: Pick<WidgetSnapshot, 'unread' | 'busy'>): void;
  /** The panel's module and the connection, once the panel's code has arrived. */
  loaded(): { panel: PanelModule; connection: ChatConnection } | null;
}

export function createWidgetController(initial: WidgetProps = {}): WidgetController {
  let props = initial;
  let snapshot: WidgetSnapshot = { open: false };
  let intent: Intent | undefined;
  let loaded: { panel: PanelModule; connection: ChatConnection } | null = null;
  const listeners = new Set<() => void>();
  const storageKey = () => props.config?.storageKey || DEFAULT_STORAGE_KEY;
  const controlled = () => props.open !== undefined;

  function publish(next: Partial<WidgetSnapshot>) {
    const was = snapshot;
    snapshot = { ...was, ...next };
    const { open } = snapshot;
    if (open !== was.open) {
      if (!controlled()) writeOpen(storageKey(), open);
      if (open) load();
      loaded?.connection.openChanged();
    }
    listeners.forEach((listener) => listener());
  }

  function load() {
    // The loader fetches once (anew after a failure): a second call joins the first.
    if (!loaded) {
      loadPanel().then(
        (panel) => {
          if (loaded) return;
          const connection = panel.createChatConnection(widget, { loadChatCode });
          loaded = { panel, connection };
          if (listeners.size) connection.start();
          publish({ code: 'loaded' });
          connection.intentQueued();
        },
        () => publish({ code: 'failed' }),
      );
    }
  }

  function setOpen(open: boolean) {
    if (!controlled()) publish({ open });
    props.onOpenChange?.(open);
  }

  // ---- what the widget listens to while it has subscribers ---------------------------------

  function onKeyDown(event: KeyboardEvent) {
    if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
    if (!/^i$/i.test(event.key)) return;
    event.preventDefault();
    widget.ask(null);
  }
  const onCompose = (event: Event) => widget.ask((event as CustomEvent<ComposeDetail>).detail);
  /** The panel's code could not be fetched (offline, say): try again once the network is back. */
  const onOnline = () => snapshot.code === 'failed' && load();

  const events = [
    ['keydown', onKeyDown],
    [COMPOSE_EVENT, onCompose],
    ['online', onOnline],
  ] as const;

  function start() {
    events.forEach(([type, handler]) => addEventListener(type, handler as EventListener));
    // After hydration (never while the server renders): re-open a panel that was open before a
    // reload. A `?ask=` link opens the chat with its question in the composer, unsent (the
    // connection takes it from the address).
    publish({ open: controlled() ? props.open! : !!props.defaultOpen || readOpen(storageKey()) });
    if (/[?&]ask=[^&]/.test(location.search)) widget.ask({ fromAddress: true });
    loaded?.connection.start();
  }

  function stop() {
    events.forEach(([type, handler]) => removeEventListener(type, handler as EventListener));
    loaded?.connection.stop();
  }

  const widget: WidgetController = {
    subscribe(listener) {
      listeners.add(listener);
      if (listeners.size === 1) start();
      return () => {
        if (listeners.delete(listener) && listeners.size === 0) stop();
      };
    },
    getSnapshot: () => snapshot,
    setProps(next) {
      props = next;
      loaded?.connection.configChanged();
      if (controlled() && next.open !== snapshot.open && listeners.size)
        publish({ open: next.open! });
    },
    requestOpen: setOpen,
    ask(next) {
      intent = next;
      setOpen(true); // opening fetches the panel's code, if it has not arrived
      loaded?.connection.intentQueued();
    },
    load,
    config: () => props.config,
    takeIntent() {
      const taken = intent;
      intent = undefined;
      return taken;
    },
    chatChanged: publish,
    loaded: () => loaded,
  };
  return widget;
}
