/**
 * The chat controller: the one place that knows what the widget is doing, outside React (after the
 * AI SDK's `Chat` and TanStack Query's observer). It owns the WidgetState reducer and everything
 * that happens over time:
 *
 * - connecting: the chat code, the surface (`ensureSurface`) and the session's client secret, side
 *   by side, retried together with `runWithRetry` (each remembers its success, so a retry repeats
 *   only what failed);
 * - the pending automatic retry (of connecting, or of a question inside the authorized fetch): its
 *   countdown, "Retry now", "Cancel", a pause while offline, and its end when the panel closes;
 * - the manual "Try again": reconnects, or re-sends the question that failed, once;
 * - online/offline: retries wait for the network, and a connection whose retries were spent
 *   reconnects by itself when the network is back;
 * - intents from outside the panel (Ctrl/Cmd+I, "Ask about this"), queued until the chat is ready
 *   and on screen.
 *
 * React reads it with `useSyncExternalStore` (`subscribe`, `getSnapshot`); the panel renders the
 * snapshot, `ChatKitWrapper` reports what the surface does (`attach`, `ready`, `failed`, ...).
 */
import type { ComponentType } from 'react';
import { questionText } from '../../contract/wire';
import type { ChatHandle, ChatKitWrapperProps, SurfaceHost } from './ChatKitWrapper/props';
import { DEFAULT_CONFIG, type ChatWidgetConfig, type ResolvedConfig } from './config';
import { BackendError, RetryCancelledError, classifyError, codeFetchFailed } from './errors';
import { runWithRetry, type RetryWait } from './retryPolicy';
import {
  createSessionClient,
  type SessionClient,
  type SessionClientOptions,
} from './sessionClient';
import { oneLine, type ComposeDetail } from './compose';
import { preconnect } from './preconnect';
import { withPageMetadata } from './pageContext';
import { createWidgetStorage, type WidgetStorage } from './storage';
import { ensureSurface, fallBackToLocal, type ActiveSurface, type SurfaceTag } from './surface';
import type { ToggleState } from './types';
import {
  initialWidgetState,
  widgetReducer,
  type PendingRetry,
  type WidgetEvent,
  type WidgetState,
} from './widgetState';

/** What the chat code (the `ChatKitWrapper` chunk, fetched on the first open) provides. */
export interface ChatCode {
  ChatKitWrapper: ComponentType<ChatKitWrapperProps>;
}

export type { ChatHandle };

/** What the panel renders. A new object whenever something in it changed. */
export interface ChatSnapshot {
  state: WidgetState;
  /** The chat surface to mount, once connected (chat code, surface and session all ready). */
  Chat: ComponentType<ChatKitWrapperProps> | null;
  /** The element that serves the chat: `<openai-chatkit>`, or the local one's fallback tag. */
  tag: SurfaceTag;
  /** OpenAI's element did not work and the local element took over on this page. */
  switched: boolean;
}

export interface ChatControllerOptions {
  /** Hears what the toggle shows of the chat while the panel is closed, when it changes. */
  onToggleState?: (state: ToggleState) => void;
  /** Fetches the chat code. @default import('./ChatKitWrapper'), a failure being a network failure */
  loadChatCode?: () => Promise<ChatCode>;
  /** Makes `<openai-chatkit>` available. @default ensureSurface from ./surface */
  ensureSurface?: typeof ensureSurface;
  /** Defines the local element under its fallback tag. @default fallBackToLocal from ./surface */
  fallBackToLocal?: typeof fallBackToLocal;
  /** Creates the session client, once. @default createSessionClient */
  createSessionClient?: (options: SessionClientOptions) => SessionClient;
  /** Where the thread id survives a reload. @default sessionStorage under `config.storageKey` */
  storage?: WidgetStorage;
  /** Whether the browser reports a network. @default navigator.onLine */
  isOnline?: () => boolean;
  /** Jitter source for retry delays. @default Math.random */
  random?: () => number;
  /** Hears every event applied to the state (diagnostics, tests). */
  onEvent?: (event: WidgetEvent) => void;
  /**
   * The widget's config as the page gave it, for getting ready ahead of the open: the shell creates
   * the controller on a hint of one (or the open itself). With it, the controller connects to the
   * backend at once (`preconnect`: no request, so the first session request skips DNS, TCP and
   * TLS).
   */
  config?: ChatWidgetConfig | undefined;
}

export interface ChatController extends SurfaceHost {
  subscribe(listener: () => void): () => void;
  getSnapshot(): ChatSnapshot;
  /** Listens to online/offline and connects when open. `config` is fixed from the first start. */
  start(config: ResolvedConfig): void;
  /** Stops listening, cancels the pending retry and drops the connection attempt under way. */
  dispose(): void;
  /** The shell's open state. Closing cancels the pending retry; opening connects if needed. */
  setOpen(open: boolean): void;
  /**
   * Puts text and/or a quoted passage (`reply`) in the composer, not sent, and focuses it, once the
   * chat is ready and shown.
   */
  compose(detail: ComposeDetail): void;
  /** Focuses the composer, once the chat is ready and shown. */
  focusComposer(): void;
  /**
   * The panel shows the ready surface (it opened, or the surface became ready while open): what
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
   * rejects with RetryCancelledError on "Cancel", on closing, on `dispose` or on `signal`.
   */
  waitToRetry(
    operation: PendingRetry['operation'],
    info: RetryWait,
    signal: AbortSignal | undefined,
  ): Promise<void>;
  // What the ChatKit wrapper calls (`SurfaceHost`): `fetch` (the session client's authorized
  // fetch, noting a failed question), `initialThread` (the thread the last surface showed),
  // `attach`, `ready`, `failed`, `responseStarted`/`responseEnded`, `threadChanged`.
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

const defaultLoadChatCode = () =>
  import('./ChatKitWrapper').catch(codeFetchFailed('The chat code'));
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

export function createChatController(options: ChatControllerOptions = {}): ChatController {
  const loadChatCode = options.loadChatCode ?? defaultLoadChatCode;
  const chooseSurface = options.ensureSurface ?? ensureSurface;
  const newSessionClient = options.createSessionClient ?? createSessionClient;
  const isOnline = options.isOnline ?? navigatorOnline;
  if ('config' in options) {
    preconnect(options.config?.backendUrl || DEFAULT_CONFIG.backendUrl);
  }

  const fallBack = options.fallBackToLocal ?? fallBackToLocal;
  let snapshot: ChatSnapshot = {
    state: initialWidgetState,
    Chat: null,
    tag: 'openai-chatkit',
    switched: false,
  };
  /** Which implementation serves the chat, once connected. */
  let active: ActiveSurface | null = null;
  /** OpenAI's element was mounted and has not said `chatkit.ready` yet: its deadline. */
  let readyDeadline: ReturnType<typeof setTimeout> | undefined;
  let switching = false;
  const listeners = new Set<() => void>();
  let toggle: ToggleState = { unread: false, busy: false };

  let config: ResolvedConfig | null = null;
  let storage: WidgetStorage | null = null;
  let thread: string | null = null;
  let session: SessionClient | null = null;
  let started = false;
  /** The chat code, fetched once (a failed fetch is tried anew). */
  let chatCode: Promise<ChatCode> | null = null;
  /** The connection attempt under way; aborted (and forgotten) by `dispose`. */
  let connecting: AbortController | null = null;
  let pending: Pending | null = null;
  let handle: ChatHandle | null = null;
  /** The panel shows the ready surface, so intents can be carried out at once. */
  let shown = false;
  /** Intents waiting for the surface: text for the composer, and focus for it. */
  let intent: { compose: ComposeDetail | null; focus: boolean } = { compose: null, focus: false };
  /** The question whose request failed before the server took it: "Try again" sends it, once. */
  let failedMessage: string | null = null;
  let lastError: unknown = null;

  const state = () => snapshot.state;

  function publish(next: ChatSnapshot) {
    snapshot = next;
    const { hasUnread, isLoading, isOpen } = next.state;
    const nextToggle = { unread: hasUnread, busy: isLoading && !isOpen };
    if (nextToggle.unread !== toggle.unread || nextToggle.busy !== toggle.busy) {
      toggle = nextToggle;
      options.onToggleState?.(toggle);
    }
    listeners.forEach((listener) => listener());
  }

  function dispatch(event: WidgetEvent) {
    options.onEvent?.(event);
    const next = widgetReducer(snapshot.state, event);
    if (next !== snapshot.state) publish({ ...snapshot, state: next });
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
      if (signal?.aborted || !started || (operation === 'connect' && !state().isOpen)) {
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
    const { backendUrl, sessionTimeoutMs, firstByteTimeoutMs, retryPolicy } = config!;
    session ??= newSessionClient({
      backendUrl,
      sessionTimeoutMs,
      firstByteTimeoutMs,
      retryPolicy,
      waitBeforeRetry: (info, signal) => waitToRetry('message', info, signal),
    });
    return session;
  }

  function loadChat(): Promise<ChatCode> {
    chatCode ??= loadChatCode().catch((error: unknown) => {
      chatCode = null; // fetched anew by the next attempt
      throw error;
    });
    return chatCode;
  }

  function connect() {
    if (!started || !state().isOpen || snapshot.Chat) return;
    dispatch({ type: 'sessionStarted' });
    if (connecting) return; // one attempt at a time: a re-open joins the one under way
    const attempt = new AbortController();
    connecting = attempt;
    const { surface, scriptUrl, scriptTimeoutMs, retryPolicy } = config!;
    const session = sessionClient();
    runWithRetry(
      () =>
        Promise.all([
          loadChat(),
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
        publish({ ...snapshot, Chat: code.ChatKitWrapper });
        // OpenAI's element gets a deadline to say it is ready; in `auto`, the local one follows.
        if (chosen === 'chatkit' && config!.surface === 'auto') {
          clearTimeout(readyDeadline);
          readyDeadline = setTimeout(
            () => switchToLocal(`did not report ready within ${config!.readyTimeoutMs} ms`),
            config!.readyTimeoutMs,
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
        if (hadFocus) intent.focus = true; // carried out when the local element attaches
        publish({ ...snapshot, tag: 'textbook-chatkit', switched: true });
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
    if (!snapshot.Chat) return connect();
    const text = failedMessage;
    const surface = handle;
    if (text === null || !surface) return;
    failedMessage = null;
    void (async () => {
      // The surface put the unsent text back in the composer; send it once, from here.
      await surface.setComposerValue({ text: '' });
      await surface.sendUserMessage({ text });
    })();
  }

  // ---- intents ----------------------------------------------------------------------------

  /** Carries out waiting intents if the ready surface is on screen; returns whether it focuses. */
  function flush(focus: boolean): boolean {
    const surface = handle;
    const { isOpen, isInitialized } = state();
    if (!shown || !isOpen || !isInitialized || !surface) return false;
    const detail = intent.compose;
    const wanted = focus || intent.focus || detail !== null;
    intent = { compose: null, focus: false };
    if (detail !== null) {
      void surface.setComposerValue(detail).then(() => surface.focusComposer());
    } else if (wanted) {
      void surface.focusComposer();
    }
    return wanted;
  }

  // ---- the API ----------------------------------------------------------------------------

  function onOffline() {
    wentOffline();
  }
  function onOnline() {
    cameOnline();
  }

  const trackedFetch: typeof fetch = async (input, init) => {
    const text = questionText(init?.body);
    try {
      // Every chat request says which page the reader is on (metadata.page).
      const body = init?.body === undefined ? undefined : withPageMetadata(init.body);
      const response = await sessionClient().fetch(input, { ...init, body });
      if (text !== null) failedMessage = null;
      return response;
    } catch (error) {
      if (text !== null && !(error instanceof RetryCancelledError)) failedMessage = text;
      lastError = error;
      throw error;
    }
  };

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    getSnapshot: () => snapshot,

    start(resolved) {
      if (started) return;
      started = true;
      config ??= resolved;
      if (!storage) {
        storage = options.storage ?? createWidgetStorage(config.storageKey);
        thread = storage.readThread();
      }
      window.addEventListener('offline', onOffline);
      window.addEventListener('online', onOnline);
      if (isOnline() === state().isOffline)
        dispatch({ type: isOnline() ? 'cameOnline' : 'wentOffline' });
      reconcile();
    },

    dispose() {
      if (!started) return;
      started = false;
      window.removeEventListener('offline', onOffline);
      window.removeEventListener('online', onOnline);
      settle('cancel');
      clearTimeout(readyDeadline);
      connecting?.abort();
      connecting = null;
    },

    setOpen(open) {
      if (open === state().isOpen) return;
      if (open) {
        dispatch({ type: 'opened' });
        reconcile();
      } else {
        shown = false;
        dispatch({ type: 'closed' });
        // Closing the widget cancels every pending retry.
        settle('cancel');
      }
    },

    compose(detail) {
      intent = { compose: detail.fromAddress ? takeAskFromAddress() : detail, focus: true };
      flush(false);
    },
    focusComposer() {
      intent.focus = true;
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
      storage?.writeThread(threadId);
      void handle?.setThreadId(threadId);
    },
    initialThread: () => thread,
    fetch: trackedFetch,
    waitToRetry,

    attach(surface) {
      handle = surface;
      flush(false);
      return () => {
        if (handle === surface) handle = null;
      };
    },
    ready() {
      clearTimeout(readyDeadline);
      dispatch({ type: 'sessionReady' });
    },
    failed(error) {
      if (active === 'chatkit' && config?.surface === 'auto' && isFrameFailure(error)) {
        return switchToLocal(`failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (isHandledBySurface(error)) return;
      lastError = error;
      fail(error);
    },
    responseStarted: () => dispatch({ type: 'responseStarted' }),
    responseEnded: () => dispatch({ type: 'responseEnded' }),
    threadChanged(threadId) {
      // Kept current: a surface mounted later (the local element taking over) restores it.
      thread = threadId;
      storage?.writeThread(threadId);
    },
  };
}
