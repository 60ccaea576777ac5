/**
 * The chat connection: what the chat is doing, outside React (after the AI SDK's `Chat` and
 * TanStack Query's observer). The widget controller (`widgetController.ts`) creates it once the
 * panel's code has arrived, and it asks the widget whether the panel is open, for the config and
 * for waiting intents. It owns the WidgetState reducer and everything that happens over time:
 *
 * - connecting: the chat code, the element that serves the chat (`ensureSurface`) and the
 *   session's client secret, side by side, retried together with `runWithRetry` (each remembers its
 *   success, so a retry repeats only what failed);
 * - the pending automatic retry (of connecting, or of a question inside the chat-request pipeline):
 *   its countdown, "Retry now", "Cancel", a pause while offline, and its end when the panel closes;
 * - the manual "Try again": reconnects, or re-sends the question that failed, once;
 * - online/offline: retries wait for the network, and a connection whose retries were spent
 *   reconnects by itself when the network is back;
 * - OpenAI's element failing on this site: the local element takes over (`switchToLocal`);
 * - carrying out the widget's intents once the chat is ready and on screen.
 *
 * React reads it with `useSyncExternalStore` (`subscribe`, `getSnapshot`, a snapshot of data); the
 * panel renders it, and `ChatKitWrapper` reports what the element does (`attach`, `ready`, `failed`,
 * ...).
 */
import type { ChatElement, ChatHandle, SurfaceHost } from './ChatKitWrapper/props';
import { createChatTransport, type ChatOutcome, type ChatTransport } from './chatTransport';
import { resolveConfig, type ChatWidgetConfig, type ResolvedConfig } from './config';
import { BackendError, RetryCancelledError, classifyError, codeFetchFailed } from './errors';
import { runWithRetry, type RetryWait } from './retryPolicy';
import {
  createSessionClient,
  type SessionClient,
  type SessionClientOptions,
} from './sessionClient';
import { oneLine, type ComposeDetail } from './compose';
import { preconnect } from './preconnect';
import { createWidgetStorage, type WidgetStorage } from './storage';
import {
  ensureSurface,
  fallBackToLocal,
  preloadLocalSurface,
  type ActiveSurface,
  type SurfaceTag,
} from './surface';
import {
  initialWidgetState,
  widgetReducer,
  type PendingRetry,
  type WidgetEvent,
  type WidgetState,
} from './widgetState';

export type { ChatHandle };

/** What the chat code's chunk provides: the component that mounts the chat element. */
export interface ChatCode {
  ChatKitWrapper: ChatElement;
}

/** What the panel renders: data only. A new object whenever something in it changed. */
export interface ChatSnapshot {
  state: WidgetState;
  /** Chat code, element and session are all ready: the panel mounts the chat (`chatElement`). */
  connected: boolean;
  /** The element that serves the chat: `<openai-chatkit>`, or the local one's fallback tag. */
  tag: SurfaceTag;
  /** OpenAI's element did not work and the local element took over on this page. */
  switched: boolean;
  /** The widget's config, resolved (defaults filled in); a new one when the page's changed. */
  config: ResolvedConfig;
  /**
   * How many intents the widget has handed over (Ctrl/Cmd+I, "Ask about this", a `?ask=` link): a
   * panel showing something else in place of the chat (the history) shows the chat again.
   */
  asked: number;
}

/**
 * What the connection needs of its widget (`widgetController.ts`, which creates it): whether the
 * panel is open, the config as the page gave it, the waiting intent; and where to say what the
 * toggle shows, or to ask for focus.
 */
export interface WidgetHost {
  getSnapshot(): { open: boolean };
  config(): ChatWidgetConfig | undefined;
  /** The waiting intent, handed over once: text for the composer, null for focus, else undefined. */
  takeIntent(): ComposeDetail | null | undefined;
  chatChanged(toggle: { unread: boolean; busy: boolean }): void;
  ask(intent: ComposeDetail | null): void;
}

export interface ChatConnectionOptions {
  /** Fetches the chat code (the widget passes the loader's: `loader.ts`). */
  loadChatCode: () => Promise<ChatCode>;
  /** Makes `<openai-chatkit>` available. @default ensureSurface from ./surface */
  ensureSurface?: typeof ensureSurface;
  /** Defines the local element under its fallback tag. @default fallBackToLocal from ./surface */
  fallBackToLocal?: typeof fallBackToLocal;
  /** Creates the session client (anew when the backend changes). @default createSessionClient */
  createSessionClient?: (options: SessionClientOptions) => SessionClient;
  /** The network under the chat-request pipeline. @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Where the thread id survives a reload. @default sessionStorage under `config.storageKey` */
  storage?: WidgetStorage;
  /** Whether the browser reports a network. @default navigator.onLine */
  isOnline?: () => boolean;
  /** Jitter source for retry delays. @default Math.random */
  random?: () => number;
  /** Hears every event applied to the state (diagnostics, tests). */
  onEvent?: (event: WidgetEvent) => void;
}

export interface ChatConnection extends SurfaceHost {
  subscribe(listener: () => void): () => void;
  getSnapshot(): ChatSnapshot;
  /** The chat element's component, once connected (the chat code's `ChatKitWrapper`). */
  chatElement(): ChatCode['ChatKitWrapper'] | null;
  /** Listens to online/offline, and connects when the panel is open. */
  start(): void;
  /** Stops listening, cancels the pending retry and drops the connection attempt under way. */
  stop(): void;
  /** The panel opened or closed: closing cancels the pending retry; opening connects if needed. */
  openChanged(): void;
  /** The page's config changed: resolved anew; a new backend gets a new session. */
  configChanged(): void;
  /** An intent waits in the widget: carried out now if the chat is ready and shown. */
  intentQueued(): void;
  /**
   * The panel shows the ready element (it opened, or the element became ready while open): what
   * waited for it happens now. `focus`: the composer should take focus. Returns whether it does.
   */
  surfaceShown(focus: boolean): boolean;
  /** The manual "Try again": reconnects, or re-sends the question that failed (once). */
  retry(): void;
  /** Skips the countdown of the pending retry. */
  retryNow(): void;
  /** Abandons the pending retry; the error stays, with a manual "Try again". */
  cancelRetry(): void;
  /** Hides the error banner. */
  dismiss(): void;
  /** Starts a fresh thread. */
  newConversation(): void;
  /** Shows an earlier thread (from the history); the surface restores it as a reload does. */
  openThread(threadId: string): void;
  /**
   * Waits before an automatic retry (what `runWithRetry` calls between attempts): shows it with
   * its countdown, resolves when the delay ends, on "Retry now" or when the network is back, and
   * rejects with RetryCancelledError on "Cancel", on closing, on `stop` or on `signal`.
   */
  waitToRetry(
    operation: PendingRetry['operation'],
    info: RetryWait,
    signal: AbortSignal | undefined,
  ): Promise<void>;
  // What the ChatKit wrapper calls (`SurfaceHost`): `fetch` (the chat-request pipeline),
  // `initialThread` (the thread the last element showed), `attach`, `ready`, `failed`,
  // `responseStarted`/`responseEnded`, `threadChanged`.
}

interface Pending {
  resolve: () => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout> | undefined;
  remainingMs: number;
  startedAt: number;
  operation: PendingRetry['operation'];
  info: RetryWait;
}

const navigatorOnline = () => typeof navigator === 'undefined' || navigator.onLine !== false;

/** Failures the surface already shows the reader itself, or that are not failures at all. */
function isHandledBySurface(error: unknown): boolean {
  if (error instanceof RetryCancelledError || error instanceof DOMException) return true;
  if (error instanceof Error && error.cause instanceof RetryCancelledError) return true;
  const like = error as { code?: unknown; status?: unknown } | null;
  // Stream errors are shown (with their own Retry) inside the thread.
  if (typeof like?.code === 'string' && like.code.startsWith('stream.')) return true;
  // A stored thread that no longer exists: the surface starts a fresh conversation.
  return like?.status === 404;
}

/**
 * Errors of OpenAI's element that mean its frame cannot work on this site: the domain is not on
 * OpenAI's allowlist, the frame's parameters or HTML were refused (`InvalidFrameParamsError`,
 * a 400), its hosted verification failed (`verify_hosted`). Retrying them fails the same way.
 */
export function isFrameFailure(error: unknown): boolean {
  const { name = '', message = '' } = (error ?? {}) as { name?: unknown; message?: unknown };
  return /frame|domain|allowlist|verify_hosted|hosted/i.test(`${String(name)} ${String(message)}`);
}

/** Longest question a `?ask=` link may put in the composer, in characters. */
export const MAX_ASK = 500;

/**
 * The question of a `?ask=` link, never sent by itself (a link must not speak for the reader). Anyone
 * can write the link, so the question goes through `oneLine`, as a selected passage does: one line
 * (nothing hidden below the composer's visible part for one Enter to send), no control, bidirectional
 * or zero-width characters, at most {@link MAX_ASK} characters. Nothing left: no question. The
 * address loses `ask` so a reload or a shared link does not ask again.
 */
export function takeAskFromAddress(): ComposeDetail {
  const url = new URL(location.href);
  const asked = oneLine(url.searchParams.get('ask') ?? '', MAX_ASK);
  url.searchParams.delete('ask');
  history.replaceState(history.state, '', url);
  return asked ? { text: asked } : {};
}

export function createChatConnection(
  host: WidgetHost,
  options: ChatConnectionOptions,
): ChatConnection {
  const loadChatCode = () => options.loadChatCode().catch(codeFetchFailed('The chat code'));
  const chooseSurface = options.ensureSurface ?? ensureSurface;
  const newSessionClient = options.createSessionClient ?? createSessionClient;
  const isOnline = options.isOnline ?? navigatorOnline;
  const fallBack = options.fallBackToLocal ?? fallBackToLocal;
  const isOpen = () => host.getSnapshot().open;

  let given = JSON.stringify(host.config() ?? {});
  let config = resolveConfig(host.config());
  // Connect to the backend ahead of the first request (no request: DNS, TCP and TLS only).
  preconnect(config.backendUrl);
  // The local element where it will serve, 150 ms after the panel's code arrived (on a hint of an
  // open, usually): at once, its evaluation would land before the session request of a click that
  // follows the hint closely (`npm run bench`, the first open's row).
  setTimeout(() => preloadLocalSurface(config.surface), 150);
  let snapshot: ChatSnapshot = {
    state: initialWidgetState,
    connected: false,
    tag: 'openai-chatkit',
    switched: false,
    config,
    asked: 0,
  };
  /** Which implementation serves the chat, once connected. */
  let active: ActiveSurface | null = null;
  /** OpenAI's element was mounted and has not said `chatkit.ready` yet: its deadline. */
  let readyDeadline: ReturnType<typeof setTimeout> | undefined;
  let switching = false;
  const listeners = new Set<() => void>();

  const storage = options.storage ?? createWidgetStorage(config.storageKey);
  let thread: string | null = storage.readThread();
  /** The session and the chat-request pipeline, made for the config's backend. */
  let session: SessionClient | null = null;
  let transport: ChatTransport | null = null;
  let started = false;
  /** The connection attempt under way; aborted (and forgotten) by `dispose`. */
  let connecting: AbortController | null = null;
  let pending: Pending | null = null;
  let handle: ChatHandle | null = null;
  /** The panel shows the ready element, so intents can be carried out at once. */
  let shown = false;
  /** An answer ended while the panel was closed. */
  let unread = false;
  /** The chat element's component, from the chat code. */
  let element: ChatCode['ChatKitWrapper'] | null = null;
  /** The question whose request failed before the server took it: "Try again" sends it, once. */
  let failedMessage: string | null = null;
  let lastError: unknown = null;

  const state = () => snapshot.state;

  function publish(next: ChatSnapshot) {
    snapshot = next;
    listeners.forEach((listener) => listener());
  }

  function dispatch(event: WidgetEvent) {
    options.onEvent?.(event);
    const before = snapshot.state;
    const next = widgetReducer(before, event);
    if (next === before) return;
    publish({ ...snapshot, state: next });
    if (next.isLoading !== before.isLoading) {
      unread ||= !next.isLoading && !isOpen();
      toggleChanged();
    }
  }

  /** What the toggle shows while the panel is closed: an answer streaming, or one that arrived. */
  function toggleChanged() {
    unread &&= !isOpen();
    host.chatChanged({ unread, busy: state().isLoading && !isOpen() });
  }

  const fail = (error: unknown) =>
    dispatch({ type: 'failed', error: classifyError(error, { online: isOnline() }) });

  // ---- the pending automatic retry --------------------------------------------------------

  function settle(outcome: 'fire' | 'cancel') {
    const current = pending;
    if (!current) return;
    clearTimeout(current.timer);
    pending = null;
    if (outcome === 'fire') {
      dispatch({ type: 'retried' });
      current.resolve();
    } else {
      dispatch({ type: 'retryCancelled' });
      current.reject(new RetryCancelledError());
    }
  }

  function schedule(current: Pending, at: number) {
    const { retry, of } = current.info;
    dispatch({ type: 'retryScheduled', retry: { retry, of, at, operation: current.operation } });
  }

  function startTimer(current: Pending) {
    current.startedAt = Date.now();
    current.timer = setTimeout(() => settle('fire'), current.remainingMs);
    schedule(current, Date.now() + current.remainingMs);
  }

  function waitToRetry(
    operation: PendingRetry['operation'],
    info: RetryWait,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      // A connection is not retried behind a closed panel: opening it again connects anew.
      if (signal?.aborted || !started || (operation === 'connect' && !isOpen())) {
        return reject(new RetryCancelledError());
      }
      settle('cancel'); // one pending retry at a time
      fail(info.error);
      const current: Pending = {
        resolve,
        reject,
        timer: undefined,
        remainingMs: info.delayMs,
        startedAt: Date.now(),
        operation,
        info,
      };
      pending = current;
      signal?.addEventListener('abort', () => pending === current && settle('cancel'), {
        once: true,
      });
      if (isOnline()) startTimer(current);
      else schedule(current, Infinity);
    });
  }

  // ---- online / offline ---------------------------------------------------------------------

  function wentOffline() {
    dispatch({ type: 'wentOffline' });
    const current = pending;
    if (current?.timer === undefined) return;
    // Paused: there is no point knocking on a closed door. The rest of the wait is kept.
    clearTimeout(current.timer);
    current.timer = undefined;
    current.remainingMs = Math.max(0, current.remainingMs - (Date.now() - current.startedAt));
    schedule(current, Infinity);
  }

  function cameOnline() {
    const wasOffline = state().isOffline;
    dispatch({ type: 'cameOnline' });
    if (pending) return settle('fire');
    // Retries were spent while offline: reconnect (or re-send) as the offline message promised.
    const { error, retry } = state();
    if (wasOffline && error?.type === 'network' && !retry) retryManually();
  }

  // ---- connecting -------------------------------------------------------------------------

  function sessionClient(): SessionClient {
    const { backendUrl, sessionTimeoutMs } = config;
    session ??= newSessionClient({
      backendUrl,
      sessionTimeoutMs,
      ...(options.fetch && { fetch: options.fetch }),
    });
    return session;
  }

  /** The chat-request pipeline, whose outcomes this connection hears (`heard`). */
  function chatTransport(): ChatTransport {
    if (transport) return transport;
    const { backendUrl, firstByteTimeoutMs, retryPolicy } = config;
    transport = createChatTransport(sessionClient(), {
      backendUrl,
      firstByteTimeoutMs,
      retryPolicy,
      waitBeforeRetry: (info, signal) => waitToRetry('message', info, signal),
      ...(options.fetch && { fetch: options.fetch }),
    });
    transport.subscribe(heard);
    return transport;
  }

  /** A question that failed before the server took it is kept for "Try again"; one sent, dropped. */
  function heard({ question, error }: ChatOutcome) {
    if (error === undefined) {
      if (question !== null) failedMessage = null;
      return;
    }
    if (question !== null && !(error instanceof RetryCancelledError)) failedMessage = question;
    lastError = error;
  }

  function connect() {
    if (!started || !isOpen() || snapshot.connected) return;
    dispatch({ type: 'sessionStarted' });
    if (connecting) return; // one attempt at a time: a re-open joins the one under way
    const attempt = new AbortController();
    connecting = attempt;
    const { surface, scriptUrl, scriptTimeoutMs, retryPolicy } = config;
    const session = sessionClient();
    runWithRetry(
      () =>
        Promise.all([
          loadChatCode(),
          chooseSurface(surface, { scriptUrl, scriptTimeoutMs }),
          session.getClientSecret(),
        ]),
      {
        policy: retryPolicy,
        classify: (error) => classifyError(error),
        wait: (info, signal) => waitToRetry('connect', info, signal),
        signal: attempt.signal,
        ...(options.random && { random: options.random }),
      },
    ).then(
      ([code, chosen]) => {
        if (connecting !== attempt) return;
        connecting = null;
        active = chosen;
        element = code.ChatKitWrapper;
        publish({ ...snapshot, connected: true });
        // OpenAI's element gets a deadline to say it is ready; in `auto`, the local one follows.
        if (chosen === 'chatkit' && config.surface === 'auto') {
          clearTimeout(readyDeadline);
          readyDeadline = setTimeout(
            () => switchToLocal(`did not report ready within ${config.readyTimeoutMs} ms`),
            config.readyTimeoutMs,
          );
        }
      },
      (error: unknown) => {
        if (connecting !== attempt) return;
        connecting = null;
        if (error instanceof RetryCancelledError) return;
        lastError = error;
        fail(error);
      },
    );
  }

  /**
   * OpenAI's element loaded but does not work here (no `chatkit.ready` in time, or a frame, domain
   * or parameter error): the local element takes over on the same page, on the same backend and
   * thread, and the choice holds for the tab's session. The reader reads one short line; the
   * site's owner is told once, on the console and with a `textbook-chat:surface-fallback` event.
   */
  function switchToLocal(reason: string) {
    if (switching || active !== 'chatkit' || !started) return;
    switching = true;
    clearTimeout(readyDeadline);
    // Focus inside OpenAI's element goes with it: the local composer takes it over.
    const hadFocus =
      typeof document !== 'undefined' && !!document.activeElement?.closest('openai-chatkit');
    console.warn(
      `[textbook-chat] OpenAI's ChatKit element ${reason}; the local chat element took over ` +
        `on this page and will serve the rest of this tab's session.`,
    );
    window.dispatchEvent(new CustomEvent('textbook-chat:surface-fallback', { detail: { reason } }));
    fallBack(reason).then(
      () => {
        switching = false;
        active = 'local';
        handle = null;
        publish({ ...snapshot, tag: 'textbook-chatkit', switched: true });
        if (hadFocus) host.ask(null); // carried out when the local element attaches
      },
      (error: unknown) => {
        switching = false;
        lastError = error;
        fail(error);
      },
    );
  }

  /** Connects (or joins the attempt under way) when open, unless a retry waits or it failed. */
  function reconcile() {
    if (!pending && !state().error) connect();
  }

  function retryManually() {
    dispatch({ type: 'dismissed' });
    // Only a fresh session can help a refused one.
    if (lastError instanceof BackendError && classifyError(lastError).type === 'session') {
      session?.reset();
    }
    if (!snapshot.connected) return connect();
    const text = failedMessage;
    const chat = handle;
    if (text === null || !chat) return;
    failedMessage = null;
    void (async () => {
      // The element put the unsent text back in the composer; send it once, from here.
      await chat.setComposerValue({ text: '' });
      await chat.sendUserMessage({ text });
    })();
  }

  // ---- intents ----------------------------------------------------------------------------

  /**
   * Carries out the widget's waiting intent if the ready element is on screen (a `?ask=` link's
   * question is taken from the address only now); returns whether the composer takes focus.
   */
  function flush(focus: boolean): boolean {
    const chat = handle;
    if (!shown || !isOpen() || !state().isInitialized || !chat) return false;
    const intent = host.takeIntent();
    const detail = intent?.fromAddress ? takeAskFromAddress() : intent;
    if (detail) {
      void chat.setComposerValue(detail).then(() => chat.focusComposer());
    } else if (focus || detail === null) {
      void chat.focusComposer();
    }
    return focus || detail !== undefined;
  }

  // ---- the API ----------------------------------------------------------------------------

  function onOffline() {
    wentOffline();
  }
  function onOnline() {
    cameOnline();
  }

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    getSnapshot: () => snapshot,
    chatElement: () => element,

    start() {
      if (started) return;
      started = true;
      window.addEventListener('offline', onOffline);
      window.addEventListener('online', onOnline);
      if (isOnline() === state().isOffline)
        dispatch({ type: isOnline() ? 'cameOnline' : 'wentOffline' });
      reconcile();
    },

    stop() {
      if (!started) return;
      started = false;
      window.removeEventListener('offline', onOffline);
      window.removeEventListener('online', onOnline);
      settle('cancel');
      clearTimeout(readyDeadline);
      connecting?.abort();
      connecting = null;
    },

    openChanged() {
      toggleChanged();
      if (isOpen()) return reconcile();
      shown = false;
      // Closing the widget cancels every pending retry.
      settle('cancel');
    },

    configChanged() {
      // Compared by value: a page may pass a new object with the same settings on every render.
      const key = JSON.stringify(host.config() ?? {});
      if (key === given) return;
      given = key;
      const next = resolveConfig(host.config());
      const { backendUrl, sessionTimeoutMs, firstByteTimeoutMs, retryPolicy } = config;
      // A new backend (or new limits for it): a new session and pipeline for the next request.
      if (
        next.backendUrl !== backendUrl ||
        next.sessionTimeoutMs !== sessionTimeoutMs ||
        next.firstByteTimeoutMs !== firstByteTimeoutMs ||
        JSON.stringify(next.retryPolicy) !== JSON.stringify(retryPolicy)
      ) {
        session = null;
        transport = null;
        preconnect(next.backendUrl);
      }
      config = next;
      publish({ ...snapshot, config });
    },

    intentQueued() {
      publish({ ...snapshot, asked: snapshot.asked + 1 });
      flush(false);
    },
    surfaceShown(focus) {
      shown = true;
      return flush(focus);
    },
    retry: retryManually,
    retryNow: () => settle('fire'),
    cancelRetry: () => settle('cancel'),
    dismiss: () => dispatch({ type: 'dismissed' }),
    newConversation() {
      failedMessage = null;
      void handle?.setThreadId(null);
    },
    openThread(threadId) {
      failedMessage = null;
      thread = threadId;
      storage.writeThread(threadId);
      void handle?.setThreadId(threadId);
    },
    initialThread: () => thread,
    fetch: (input, init) => chatTransport().fetch(input, init),
    waitToRetry,

    attach(chat) {
      handle = chat;
      flush(false);
      return () => {
        if (handle === chat) handle = null;
      };
    },
    ready() {
      clearTimeout(readyDeadline);
      dispatch({ type: 'sessionReady' });
    },
    failed(error) {
      if (active === 'chatkit' && config.surface === 'auto' && isFrameFailure(error)) {
        return switchToLocal(`failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (isHandledBySurface(error)) return;
      lastError = error;
      fail(error);
    },
    responseStarted: () => dispatch({ type: 'responseStarted' }),
    responseEnded: () => dispatch({ type: 'responseEnded' }),
    threadChanged(threadId) {
      // Kept current: an element mounted later (the local element taking over) restores it.
      thread = threadId;
      storage.writeThread(threadId);
    },
  };
}
