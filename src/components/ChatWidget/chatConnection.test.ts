// @vitest-environment jsdom
/**
 * The chat controller on fake timers, through every path of the fault suite
 * (tests/e2e/faults.e2e.test.ts) that is the controller's to handle: the real session client and
 * retry policy over a fake network, a fake chat code loader and surface, and a fake surface handle
 * where ChatKit would be. The panel's part (render the snapshot, report `surfaceShown`) is played
 * by the test.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createChatConnection,
  type ChatConnection,
  type ChatConnectionOptions,
  type ChatHandle,
  type WidgetHost,
} from './chatConnection';
import type { ComposeDetail } from './compose';
import type { ChatCodeModule } from './loader';
import { resolveConfig, type ChatWidgetConfig } from './config';
import { BackendError, RetryCancelledError } from './errors';
import type { RetryWait } from './retryPolicy';
import { createSessionClient } from './sessionClient';
import type { WidgetStorage } from './storage';
import { track } from './trackPromise.test-support';
import type { ToggleState } from './types';
import { panelView, type WidgetEvent } from './widgetState';

const START = Date.UTC(2026, 0, 1, 12, 0, 0);
const BACKEND = 'http://backend.test';
const SESSION_URL = `${BACKEND}/api/chatkit/session`;
const CHATKIT_URL = `${BACKEND}/chatkit`;

// ---------------------------------------------------------------------------------------------
// A fake network, storage, chat code and surface
// ---------------------------------------------------------------------------------------------

type Answer = () => Response | Promise<Response>;

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
const envelope = (type: string, extra: Record<string, unknown> = {}) => ({
  error: { type, message: 'raw server detail', ...extra },
  timestamp: '2026-01-01T12:00:00Z',
});
const refused: Answer = () => Promise.reject(new TypeError('Failed to fetch'));
const status500: Answer = () => json(envelope('SessionCreationError'), 500);
const stream: Answer = () =>
  new Response('data: {"type":"thread.created"}\n\n', {
    headers: { 'Content-Type': 'text/event-stream' },
  });

/**
 * The backend: answers to session requests and to `/chatkit` requests, taken from queues (then
 * the fallback). A healthy backend issues a fresh secret per session and streams every answer.
 */
function fakeBackend(init: { sessions?: Answer[]; chatkit?: Answer[] } = {}) {
  let issued = 0;
  const ok: Answer = () => json({ client_secret: `secret_${++issued}` });
  const backend = {
    sessions: [...(init.sessions ?? [])],
    chatkit: [...(init.chatkit ?? [])],
    /** What answers once the queues are empty. */
    session: ok,
    chat: stream,
    calls: [] as Array<{ url: string; authorization: string | null }>,
    fetchImpl: (async (input: RequestInfo | URL, request?: RequestInit) => {
      const url = String(input);
      backend.calls.push({
        url,
        authorization: new Headers(request?.headers).get('Authorization'),
      });
      if (url === SESSION_URL) return (backend.sessions.shift() ?? backend.session)();
      if (url === CHATKIT_URL) return (backend.chatkit.shift() ?? backend.chat)();
      return new Response('not found', { status: 404 });
    }) as typeof fetch,
    sessionCalls: () => backend.calls.filter((call) => call.url === SESSION_URL).length,
    /** The fault clears: every request succeeds from now on. */
    heal() {
      backend.sessions.length = 0;
      backend.chatkit.length = 0;
      backend.session = ok;
      backend.chat = stream;
    },
  };
  return backend;
}

function memoryStorage(thread: string | null = null): WidgetStorage {
  let open = false;
  return {
    readOpen: () => open,
    writeOpen: (value) => void (open = value),
    readThread: () => thread,
    writeThread: (value) => void (thread = value),
  };
}

/** What ChatKit's `useChatKit` would hand the controller, recording every call. */
function fakeHandle() {
  const calls: string[] = [];
  const handle = {
    focusComposer: vi.fn(async () => void calls.push('focus')),
    setComposerValue: vi.fn(
      async ({ text, reply }: { text?: string; reply?: string }) =>
        void calls.push(reply === undefined ? `set:${text}` : `quote:${reply}`),
    ),
    sendUserMessage: vi.fn(async ({ text }: { text: string }) => void calls.push(`send:${text}`)),
    setThreadId: vi.fn(async (id: string | null) => void calls.push(`thread:${id}`)),
  } satisfies ChatHandle;
  return { handle, calls };
}

const Chat = (() => null) as unknown as ChatCodeModule['ChatKitWrapper'];
const never = () => new Promise<never>(() => {});

/** The body of a question, as the surface sends it. */
const question = (text: string, type = 'threads.create') =>
  JSON.stringify({
    type,
    params: { input: { content: [{ type: 'input_text', text }] } },
    metadata: {},
  });

/**
 * The connection as the widget drives it: a stand-in for the widget controller (whether the panel
 * is open, the config, the one intent queue, what the toggle shows), with the widget's side as
 * methods: `setOpen`, `compose`, `focusComposer`; `start`/`dispose` as the widget's first
 * subscriber and last unsubscribe call them.
 */
type ChatController = ChatConnection & {
  setOpen(open: boolean): void;
  compose(detail: ComposeDetail): void;
  focusComposer(): void;
  dispose(): void;
};
type ChatControllerOptions = ChatConnectionOptions & {
  onToggleState?: (toggle: ToggleState) => void;
};

function createChatController(
  { onToggleState, ...options }: ChatControllerOptions,
  config: ChatWidgetConfig,
  create = createChatConnection,
): ChatController {
  let open = false;
  let intent: ComposeDetail | null | undefined;
  const host: WidgetHost = {
    getSnapshot: () => ({ open }),
    config: () => config,
    takeIntent: () => {
      const taken = intent;
      intent = undefined;
      return taken;
    },
    chatChanged: ({ unread = false, busy = false }) => onToggleState?.({ unread, busy }),
    ask(next) {
      intent = next;
      connection.intentQueued();
    },
  };
  const connection = create(host, options);
  return Object.assign({}, connection, {
    setOpen(next: boolean) {
      if (next === open) return;
      open = next;
      connection.openChanged();
    },
    compose: (detail: ComposeDetail) => host.ask(detail),
    focusComposer: () => host.ask(null),
    dispose: () => connection.stop(),
  });
}

/** Flushes timers due within `ms` and the promise callbacks they trigger. */
const advance = (ms: number) => vi.advanceTimersByTimeAsync(ms);

let online = true;

function goOffline() {
  online = false;
  window.dispatchEvent(new Event('offline'));
}

function goOnline() {
  online = true;
  window.dispatchEvent(new Event('online'));
}

interface SetupOptions extends Partial<ChatControllerOptions> {
  backend?: ReturnType<typeof fakeBackend>;
  config?: ChatWidgetConfig;
  /** Start the controller (as the panel does on mount). @default true */
  start?: boolean;
  /** Open the panel at once. @default true */
  open?: boolean;
}

let controllers: ChatController[] = [];

function setup({
  backend = fakeBackend(),
  config,
  start = true,
  open = true,
  ...options
}: SetupOptions = {}) {
  const events: WidgetEvent[] = [];
  const toggles: ToggleState[] = [];
  const storage = options.storage ?? memoryStorage();
  const loadChatCode = options.loadChatCode ?? vi.fn(async () => ({ ChatKitWrapper: Chat }));
  const ensureSurface = options.ensureSurface ?? vi.fn(async () => 'local' as const);
  const given: ChatWidgetConfig = {
    backendUrl: BACKEND,
    surface: 'local',
    // 1 s, 2 s, 4 s exactly.
    retryPolicy: { jitter: 0 },
    ...config,
  };
  const controller = createChatController(
    {
      createSessionClient: (session) =>
        createSessionClient({ ...session, fetch: backend.fetchImpl }),
      fetch: backend.fetchImpl,
      isOnline: () => online,
      random: () => 0.5,
      onEvent: (event) => events.push(event),
      onToggleState: (toggle) => toggles.push(toggle),
      ...options,
      loadChatCode,
      ensureSurface,
      storage,
    },
    given,
  );
  controllers.push(controller);
  const resolved = resolveConfig(given);
  if (start) controller.start();
  if (open) controller.setOpen(true);
  let mark = 0;
  const state = () => controller.getSnapshot().state;
  return {
    controller,
    backend,
    storage,
    toggles,
    loadChatCode,
    ensureSurface,
    config: resolved,
    state,
    view: () => panelView(state()),
    connected: () => controller.getSnapshot().connected,
    /** Events since the last `mark()`. */
    events: () => events.slice(mark),
    types: () => events.slice(mark).map((event) => event.type),
    allEvents: () => events,
    mark: () => void (mark = events.length),
    /** What the panel does once connected: mounts the surface, which attaches and gets ready; shows it. */
    mount(focus = true) {
      const surface = fakeHandle();
      controller.attach(surface.handle);
      controller.ready();
      controller.surfaceShown(focus);
      return surface;
    },
    /** Sends a question through the surface's `api.fetch`. */
    ask: (text: string, type?: string) =>
      track(controller.fetch(CHATKIT_URL, { method: 'POST', body: question(text, type) })),
  };
}

const info = (overrides: Partial<RetryWait> = {}): RetryWait => ({
  retry: 1,
  of: 3,
  delayMs: 1000,
  error: new BackendError('fetch failed', { endpoint: 'session', failure: 'network' }),
  ...overrides,
});

beforeEach(() => {
  vi.useFakeTimers({ now: START });
  online = true;
  controllers = [];
});

afterEach(() => {
  controllers.forEach((controller) => controller.dispose());
  vi.useRealTimers();
});

// ---------------------------------------------------------------------------------------------
// The retry wait (what `runWithRetry` and the session client call between attempts)
// ---------------------------------------------------------------------------------------------

describe('waitToRetry', () => {
  /** Open and connecting for ever, so only the waits under test happen. */
  const waiting = (options: SetupOptions = {}) => {
    const t = setup({ loadChatCode: never, ...options });
    t.mark();
    return t;
  };

  it('records the failure and the pending retry, then resolves when the delay ends', async () => {
    const { controller, events, types } = waiting();
    const outcome = track(controller.waitToRetry('connect', info(), undefined));

    expect(events()).toEqual([
      {
        type: 'failed',
        error: expect.objectContaining({ type: 'network', retryable: true }),
      },
      {
        type: 'retryScheduled',
        retry: { retry: 1, of: 3, at: START + 1000, operation: 'connect' },
      },
    ]);

    await advance(999);
    expect(outcome.state).toBe('pending');
    await advance(1);
    expect(outcome.state).toBe('resolved');
    expect(types().at(-1)).toBe('retried');
  });

  it('schedules the wait it is given: a longer delay for a later retry', async () => {
    const { controller, events } = waiting();
    const outcome = track(
      controller.waitToRetry('message', info({ retry: 3, delayMs: 4200 }), undefined),
    );
    expect(events()).toContainEqual({
      type: 'retryScheduled',
      retry: { retry: 3, of: 3, at: START + 4200, operation: 'message' },
    });
    await advance(4199);
    expect(outcome.state).toBe('pending');
    await advance(1);
    expect(outcome.state).toBe('resolved');
  });

  it('resolves at once on "Retry now"', async () => {
    const { controller, types } = waiting();
    const outcome = track(controller.waitToRetry('connect', info({ delayMs: 60_000 }), undefined));
    controller.retryNow();
    await advance(0);
    expect(outcome.state).toBe('resolved');
    expect(types()).toEqual(['failed', 'retryScheduled', 'retried']);
  });

  it('rejects with RetryCancelledError on "Cancel", and the timer never fires later', async () => {
    const { controller, types } = waiting();
    const outcome = track(controller.waitToRetry('connect', info(), undefined));
    controller.cancelRetry();
    await advance(0);
    expect(outcome.state).toBe('rejected');
    expect(outcome.error).toBeInstanceOf(RetryCancelledError);
    await advance(10_000);
    expect(types()).toEqual(['failed', 'retryScheduled', 'retryCancelled']);
  });

  it('rejects when its abort signal fires', async () => {
    const { controller } = waiting();
    const abort = new AbortController();
    const outcome = track(controller.waitToRetry('connect', info(), abort.signal));
    abort.abort();
    await advance(0);
    expect(outcome.error).toBeInstanceOf(RetryCancelledError);
  });

  it('keeps one pending retry at a time: a new wait cancels the previous one', async () => {
    const { controller } = waiting();
    const first = track(controller.waitToRetry('connect', info(), undefined));
    const second = track(controller.waitToRetry('connect', info({ retry: 2 }), undefined));
    await advance(0);
    expect(first.error).toBeInstanceOf(RetryCancelledError);
    await advance(1000);
    expect(second.state).toBe('resolved');
  });

  it('cancels the pending retry when the widget closes', async () => {
    const { controller, types } = waiting();
    const outcome = track(controller.waitToRetry('connect', info(), undefined));
    controller.setOpen(false);
    await advance(0);
    expect(outcome.error).toBeInstanceOf(RetryCancelledError);
    expect(types().at(-1)).toBe('retryCancelled');
  });

  it('cancels the pending retry on dispose (unmount), and no timer survives', async () => {
    const { controller, allEvents } = waiting();
    const outcome = track(controller.waitToRetry('connect', info(), undefined));
    controller.dispose();
    await advance(0);
    expect(outcome.error).toBeInstanceOf(RetryCancelledError);
    const count = allEvents().length;
    await advance(60_000);
    expect(allEvents().length).toBe(count);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('does not wait to reconnect behind a closed panel', async () => {
    const { controller, types } = waiting({ open: false });
    const outcome = track(controller.waitToRetry('connect', info(), undefined));
    await advance(0);
    expect(outcome.error).toBeInstanceOf(RetryCancelledError);
    expect(types()).toEqual([]);
  });
});

describe('waitToRetry offline', () => {
  const waiting = () => {
    const t = setup({ loadChatCode: never });
    t.mark();
    return t;
  };

  it('pauses the countdown while offline and retries at once when the network is back', async () => {
    const { controller, events, types } = waiting();
    const outcome = track(controller.waitToRetry('connect', info({ delayMs: 2000 }), undefined));
    await advance(500);

    goOffline();
    expect(types().slice(-2)).toEqual(['wentOffline', 'retryScheduled']);
    expect(events().at(-1)).toEqual({
      type: 'retryScheduled',
      retry: { retry: 1, of: 3, at: Infinity, operation: 'connect' },
    });

    // Long past the original delay: still waiting for the network.
    await advance(60_000);
    expect(outcome.state).toBe('pending');

    goOnline();
    await advance(0);
    expect(outcome.state).toBe('resolved');
    expect(types().slice(-2)).toEqual(['cameOnline', 'retried']);
  });

  it('a wait that starts offline shows a paused retry and does not fire by itself', async () => {
    online = false;
    const { controller, allEvents } = setup({ loadChatCode: never });
    const outcome = track(controller.waitToRetry('connect', info(), undefined));
    expect(allEvents()).toContainEqual({ type: 'wentOffline' });
    expect(allEvents()).toContainEqual({
      type: 'failed',
      error: expect.objectContaining({
        type: 'network',
        message: expect.stringMatching(/offline/),
      }),
    });
    expect(allEvents().at(-1)).toEqual({
      type: 'retryScheduled',
      retry: { retry: 1, of: 3, at: Infinity, operation: 'connect' },
    });
    await advance(60_000);
    expect(outcome.state).toBe('pending');
    goOnline();
    await advance(0);
    expect(outcome.state).toBe('resolved');
  });

  it('"Retry now" still works while offline (the reader may know better)', async () => {
    const { controller } = waiting();
    const outcome = track(controller.waitToRetry('connect', info(), undefined));
    goOffline();
    controller.retryNow();
    await advance(0);
    expect(outcome.state).toBe('resolved');
  });

  it('hears online/offline only between start and dispose', async () => {
    const { controller, types, mark } = waiting();
    controller.dispose();
    mark();
    goOffline();
    goOnline();
    expect(types()).toEqual([]);
    controller.start();
    goOffline();
    expect(types()).toContain('wentOffline');
  });
});

// ---------------------------------------------------------------------------------------------
// Connecting: the fault suite's rows, as the controller meets them
// ---------------------------------------------------------------------------------------------

describe('connecting', () => {
  it('fetches the chat code, makes the surface available and creates a session, side by side', async () => {
    let resolveCode!: (code: { ChatKitWrapper: typeof Chat }) => void;
    const t = setup({ loadChatCode: () => new Promise((resolve) => (resolveCode = resolve)) });
    expect(t.view()).toBe('connecting');
    // The session request and the surface went out before the chat code arrived.
    await advance(0);
    expect(t.backend.sessionCalls()).toBe(1);
    expect(t.ensureSurface).toHaveBeenCalledWith('local', {
      scriptUrl: t.config.scriptUrl,
      scriptTimeoutMs: t.config.scriptTimeoutMs,
    });
    expect(t.connected()).toBe(false);
    resolveCode({ ChatKitWrapper: Chat });
    await advance(0);
    expect(t.controller.getSnapshot().connected).toBe(true);

    t.mount();
    expect(t.state()).toMatchObject({ isInitialized: true, error: null });
    expect(t.view()).toBe('chat');
  });

  it('connects only once started and open', async () => {
    const t = setup({ start: false, open: false });
    t.controller.setOpen(true);
    await advance(0);
    expect(t.backend.sessionCalls()).toBe(0);
    t.controller.start();
    await advance(0);
    expect(t.connected()).toBe(true);
    expect(t.backend.sessionCalls()).toBe(1);
  });

  it('500 then OK: the failure is shown with its countdown and retried by itself', async () => {
    const t = setup({ backend: fakeBackend({ sessions: [status500] }) });
    await advance(0);
    expect(t.view()).toBe('retrying');
    expect(t.state().error).toMatchObject({ type: 'backend', retryable: true });
    expect(t.state().retry).toEqual({ retry: 1, of: 3, at: START + 1000, operation: 'connect' });
    await advance(999);
    expect(t.backend.sessionCalls()).toBe(1);
    await advance(1);
    expect(t.backend.sessionCalls()).toBe(2);
    expect(t.connected()).toBe(true);
    expect(t.state()).toMatchObject({ error: null, retry: null });
  });

  it('429 with retry_after: the server’s wait is shown and honoured (up to 10 % later)', async () => {
    const limited = () => json(envelope('RateLimitError', { retry_after: 2 }), 429);
    const t = setup({ backend: fakeBackend({ sessions: [limited] }) });
    await advance(0);
    expect(t.state().error).toMatchObject({ type: 'rate_limit', retryAfterMs: 2000 });
    // random() = 0.5: 5 % over the server's 2 s.
    expect(t.state().retry).toMatchObject({ retry: 1, at: START + 2100 });
    await advance(2099);
    expect(t.backend.sessionCalls()).toBe(1);
    await advance(1);
    expect(t.backend.sessionCalls()).toBe(2);
    expect(t.connected()).toBe(true);
  });

  it('"Retry now" skips the countdown', async () => {
    const t = setup({ backend: fakeBackend({ sessions: [status500] }) });
    await advance(0);
    t.controller.retryNow();
    await advance(0);
    expect(t.backend.sessionCalls()).toBe(2);
    expect(t.connected()).toBe(true);
  });

  it('"Cancel" stops retrying; the error stays with "Try again", which connects', async () => {
    const backend = fakeBackend();
    backend.session = status500;
    const t = setup({ backend });
    await advance(0);
    t.controller.cancelRetry();
    expect(t.view()).toBe('error');
    expect(t.state()).toMatchObject({ retry: null });
    await advance(60_000);
    expect(backend.sessionCalls()).toBe(1);

    backend.heal();
    t.controller.retry();
    expect(t.view()).toBe('connecting');
    await advance(0);
    expect(backend.sessionCalls()).toBe(2);
    expect(t.connected()).toBe(true);
  });

  it('500 persistent: three retries after 1 s, 2 s, 4 s, then the error; "Try again" runs anew', async () => {
    const backend = fakeBackend();
    backend.session = status500;
    const t = setup({ backend });
    await advance(0);
    for (const [retry, delay] of [
      [1, 1000],
      [2, 2000],
      [3, 4000],
    ] as const) {
      expect(t.state().retry).toMatchObject({ retry, of: 3, at: Date.now() + delay });
      await advance(delay);
    }
    expect(backend.sessionCalls()).toBe(4);
    expect(t.view()).toBe('error');
    expect(t.state().error).toMatchObject({ type: 'backend' });
    await advance(60_000);
    expect(backend.sessionCalls()).toBe(4);

    // "Try again" while it is still down: the whole automatic sequence again.
    t.controller.retry();
    await advance(0);
    expect(backend.sessionCalls()).toBe(5);
    expect(t.view()).toBe('retrying');
    backend.heal();
    t.controller.retryNow();
    await advance(0);
    expect(backend.sessionCalls()).toBe(6);
    expect(t.connected()).toBe(true);
  });

  it.each([
    ['invalid JSON', () => new Response('{"client_secret": "abc', { status: 200 })],
    ['missing client_secret', () => json({ session_id: 'sess_1' })],
  ])(
    '%s: "Couldn\'t start the chat" at once, never retried; "Try again" works',
    async (_, answer) => {
      const t = setup({ backend: fakeBackend({ sessions: [answer] }) });
      await advance(0);
      expect(t.view()).toBe('error');
      expect(t.state().error).toMatchObject({ type: 'session', retryable: false });
      expect(t.state().retry).toBeNull();
      await advance(60_000);
      expect(t.backend.sessionCalls()).toBe(1);
      t.controller.retry();
      await advance(0);
      expect(t.backend.sessionCalls()).toBe(2);
      expect(t.connected()).toBe(true);
    },
  );

  it('the chat code cannot be fetched: a network failure, retried; only what failed repeats', async () => {
    const codeFailed = new BackendError('The chat code failed to load', {
      endpoint: 'script',
      failure: 'network',
    });
    const loadChatCode = vi
      .fn<() => Promise<{ ChatKitWrapper: typeof Chat }>>()
      .mockRejectedValueOnce(codeFailed)
      .mockResolvedValue({ ChatKitWrapper: Chat });
    const t = setup({ loadChatCode });
    await advance(0);
    expect(t.view()).toBe('retrying');
    expect(t.state().error).toMatchObject({ type: 'network', retryable: true });
    expect(t.state().error?.message).not.toMatch(/browser/);
    await advance(1000);
    expect(loadChatCode).toHaveBeenCalledTimes(2);
    expect(t.connected()).toBe(true);
    // The session made in the first attempt serves the second.
    expect(t.backend.sessionCalls()).toBe(1);
  });

  it('the chat code is fetched once, then kept', async () => {
    const t = setup();
    await advance(0);
    t.mount();
    t.controller.setOpen(false);
    t.controller.setOpen(true);
    await advance(0);
    expect(t.loadChatCode).toHaveBeenCalledOnce();
    expect(t.ensureSurface).toHaveBeenCalledOnce();
  });

  it('toggle clicked 10 times fast: one attempt, exactly one session', async () => {
    const backend = fakeBackend();
    backend.session = async () => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      return json({ client_secret: 'secret_1' });
    };
    const t = setup({ backend, open: false });
    for (let click = 0; click < 10; click++) {
      t.controller.setOpen(click % 2 === 0);
      await advance(10);
    }
    t.controller.setOpen(true);
    // Re-opened while the attempt is under way: it joins it, and says it is connecting.
    expect(t.view()).toBe('connecting');
    await advance(300);
    expect(t.connected()).toBe(true);
    expect(backend.sessionCalls()).toBe(1);
    expect(t.ensureSurface).toHaveBeenCalledOnce();
  });

  it('a connection failing while closed waits for no retry; re-opening connects anew', async () => {
    const backend = fakeBackend({
      sessions: [
        async () => {
          await new Promise((resolve) => setTimeout(resolve, 500));
          return status500();
        },
      ],
    });
    const t = setup({ backend });
    await advance(100);
    t.controller.setOpen(false);
    await advance(400);
    expect(t.state()).toMatchObject({ retry: null, error: null });
    await advance(60_000);
    expect(backend.sessionCalls()).toBe(1);
    t.controller.setOpen(true);
    await advance(0);
    expect(backend.sessionCalls()).toBe(2);
    expect(t.connected()).toBe(true);
  });

  it('closing cancels a pending connection retry; re-opened, the error waits for "Try again"', async () => {
    const backend = fakeBackend();
    backend.session = status500;
    const t = setup({ backend });
    await advance(0);
    t.mark();
    t.controller.setOpen(false);
    expect(t.types()).toEqual(['retryCancelled']);
    await advance(60_000);
    expect(backend.sessionCalls()).toBe(1);
    t.controller.setOpen(true);
    await advance(0);
    expect(t.view()).toBe('error');
    expect(backend.sessionCalls()).toBe(1);
    backend.heal();
    t.controller.retry();
    await advance(0);
    expect(t.connected()).toBe(true);
  });

  it('offline: the retry waits for the network, then goes at once when it returns', async () => {
    online = false;
    const backend = fakeBackend();
    backend.session = refused;
    const t = setup({ backend });
    await advance(0);
    expect(t.state()).toMatchObject({ isOffline: true });
    expect(t.state().retry).toMatchObject({ retry: 1, at: Infinity });
    expect(t.state().error?.message).toMatch(/offline/);
    await advance(60_000);
    expect(backend.sessionCalls()).toBe(1);

    backend.heal();
    goOnline();
    await advance(0);
    expect(backend.sessionCalls()).toBe(2);
    expect(t.connected()).toBe(true);
    expect(t.state()).toMatchObject({ isOffline: false, error: null, retry: null });
  });

  it('offline mid-countdown: paused with the rest of the wait kept, resumed when back', async () => {
    const backend = fakeBackend();
    backend.session = refused;
    const t = setup({ backend });
    await advance(0);
    await advance(400);
    goOffline();
    expect(t.state().retry).toMatchObject({ at: Infinity });
    await advance(60_000);
    expect(backend.sessionCalls()).toBe(1);
    backend.heal();
    goOnline();
    await advance(0);
    expect(t.connected()).toBe(true);
  });

  it('retries spent while offline: back online, it reconnects by itself', async () => {
    online = false;
    const backend = fakeBackend();
    backend.session = refused;
    const t = setup({ backend });
    await advance(0);
    // The reader clicks "Retry now" through every retry while still offline.
    for (let retry = 1; retry <= 3; retry++) {
      expect(t.state().retry).toMatchObject({ retry });
      t.controller.retryNow();
      await advance(0);
    }
    expect(t.view()).toBe('error');
    expect(backend.sessionCalls()).toBe(4);

    backend.heal();
    goOnline();
    await advance(0);
    expect(backend.sessionCalls()).toBe(5);
    expect(t.connected()).toBe(true);
  });

  it('the page was left open: dispose drops the attempt, a new start connects anew', async () => {
    const backend = fakeBackend();
    backend.session = status500;
    const t = setup({ backend });
    await advance(0);
    t.controller.dispose();
    expect(t.state().retry).toBeNull();
    await advance(60_000);
    expect(backend.sessionCalls()).toBe(1);
    backend.heal();
    t.controller.start();
    // The error of the dropped attempt is still shown; "Try again" connects.
    t.controller.retry();
    await advance(0);
    expect(t.connected()).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// Questions: what the authorized fetch meets, and "Try again"
// ---------------------------------------------------------------------------------------------

describe('questions', () => {
  async function connected(backend = fakeBackend()) {
    const t = setup({ backend });
    await advance(0);
    const surface = t.mount();
    await advance(0);
    surface.calls.length = 0; // the composer's focus on showing
    t.mark();
    return { ...t, ...surface };
  }

  it('a question is sent with the session’s bearer token', async () => {
    const t = await connected();
    const sent = t.ask('What is ROS 2?');
    await advance(0);
    expect(sent.state).toBe('resolved');
    expect(t.backend.calls.at(-1)).toEqual({ url: CHATKIT_URL, authorization: 'Bearer secret_1' });
  });

  it('401 mid conversation: a fresh session, the request replayed once, no error shown', async () => {
    const expired = () => json(envelope('AuthenticationError'), 401);
    const t = await connected(fakeBackend({ chatkit: [stream, expired] }));
    expect(t.ask('What is ROS 2?').state).toBe('pending');
    await advance(0);
    const second = t.ask('What is Isaac Sim?');
    await advance(0);
    expect(second.state).toBe('resolved');
    expect(t.backend.sessionCalls()).toBe(2);
    expect(
      t.backend.calls.filter((call) => call.url === CHATKIT_URL).map((c) => c.authorization),
    ).toEqual(['Bearer secret_1', 'Bearer secret_1', 'Bearer secret_2']);
    expect(t.state()).toMatchObject({ error: null, retry: null });
  });

  it('the network fails before a question: retried in view; "Retry now" once healed sends it', async () => {
    const backend = fakeBackend();
    const t = await connected(backend);
    backend.chat = refused;
    const sent = t.ask('While it was down: what is ROS 2?');
    await advance(0);
    expect(t.view()).toBe('retrying');
    expect(t.state().retry).toEqual({ retry: 1, of: 3, at: START + 1000, operation: 'message' });
    backend.heal();
    t.controller.retryNow();
    await advance(0);
    expect(sent.state).toBe('resolved');
    expect(t.state()).toMatchObject({ error: null, retry: null });
  });

  it('a question that failed is re-sent once by "Try again", never twice', async () => {
    const backend = fakeBackend();
    const t = await connected(backend);
    backend.chat = refused;
    const sent = t.ask('What is ROS 2?');
    await advance(1000 + 2000 + 4000);
    expect(sent.state).toBe('rejected');
    // The surface reports the failure it got from its fetch.
    t.controller.failed(sent.error);
    expect(t.view()).toBe('error');
    expect(t.state().error).toMatchObject({ type: 'network' });

    backend.heal();
    t.controller.retry();
    await advance(0);
    expect(t.calls).toEqual(['set:', 'send:What is ROS 2?']);
    t.controller.retry();
    await advance(0);
    expect(t.handle.sendUserMessage).toHaveBeenCalledOnce();
    expect(t.view()).toBe('chat');
  });

  it('a question the server took (2xx) is never re-sent, even when its stream breaks', async () => {
    const t = await connected();
    const sent = t.ask('What is ROS 2?');
    await advance(0);
    expect(sent.state).toBe('resolved');
    // Shown and retried inside the thread by the surface: the widget adds nothing.
    t.controller.failed(Object.assign(new Error('stream cut'), { code: 'stream.error' }));
    expect(t.state().error).toBeNull();
    t.controller.retry();
    await advance(0);
    expect(t.handle.sendUserMessage).not.toHaveBeenCalled();
  });

  it('a refused session (403): "Try again" starts a fresh session and re-sends the question', async () => {
    const forbidden = () => json(envelope('AuthenticationError'), 403);
    const t = await connected(fakeBackend({ chatkit: [forbidden] }));
    const sent = t.ask('What is URDF?');
    await advance(0);
    expect(sent.state).toBe('rejected');
    t.controller.failed(sent.error);
    expect(t.state().error).toMatchObject({ type: 'session', retryable: false });
    expect(t.state().retry).toBeNull();

    t.controller.retry();
    await advance(0);
    expect(t.handle.sendUserMessage).toHaveBeenCalledExactlyOnceWith({ text: 'What is URDF?' });
    // The surface's re-sent request gets a fresh session.
    expect(t.ask('What is URDF?').state).toBe('pending');
    await advance(0);
    expect(t.backend.sessionCalls()).toBe(2);
  });

  it('closing cancels a pending question retry; nothing is re-sent', async () => {
    const backend = fakeBackend();
    const t = await connected(backend);
    backend.chat = refused;
    const sent = t.ask('What is Nav2?');
    await advance(0);
    expect(t.state().retry).toMatchObject({ operation: 'message' });
    t.controller.setOpen(false);
    await advance(0);
    expect(sent.error).toBeInstanceOf(RetryCancelledError);
    // The surface reports the cancelled fetch; it is not a failure to show.
    t.controller.failed(sent.error);
    await advance(60_000);
    expect(backend.calls.filter((call) => call.url === CHATKIT_URL)).toHaveLength(1);
    t.controller.setOpen(true);
    t.controller.retry();
    await advance(0);
    expect(t.handle.sendUserMessage).not.toHaveBeenCalled();
  });

  it('offline mid conversation: the question waits for the network, then goes', async () => {
    const backend = fakeBackend();
    const t = await connected(backend);
    online = false;
    backend.chat = refused;
    window.dispatchEvent(new Event('offline'));
    const sent = t.ask('Offline: what is Isaac Sim?');
    await advance(0);
    expect(t.state().retry).toMatchObject({ operation: 'message', at: Infinity });
    await advance(60_000);
    expect(sent.state).toBe('pending');
    backend.heal();
    goOnline();
    await advance(0);
    expect(sent.state).toBe('resolved');
  });

  it('"New conversation" starts a fresh thread and forgets the failed question', async () => {
    const backend = fakeBackend();
    const t = await connected(backend);
    backend.chat = refused;
    const sent = t.ask('What is a digital twin?');
    await advance(7000);
    t.controller.failed(sent.error);
    t.controller.dismiss();
    expect(t.state().error).toBeNull();
    t.controller.newConversation();
    await advance(0);
    expect(t.handle.setThreadId).toHaveBeenCalledWith(null);
    t.controller.retry();
    await advance(0);
    expect(t.handle.sendUserMessage).not.toHaveBeenCalled();
  });

  it('opens an earlier thread from the history, and remembers it for a reload', async () => {
    const t = await connected();
    t.controller.threadChanged('thr_now');
    t.controller.openThread('thr_earlier');
    await advance(0);
    expect(t.handle.setThreadId).toHaveBeenCalledWith('thr_earlier');
    expect(t.controller.initialThread()).toBe('thr_earlier');
    expect(t.storage.readThread()).toBe('thr_earlier');
  });

  it('the toggle hears an answer in progress, then a new one, while the panel is closed', async () => {
    const t = await connected();
    t.controller.setOpen(false);
    t.controller.responseStarted();
    expect(t.toggles.at(-1)).toEqual({ unread: false, busy: true });
    t.controller.responseEnded();
    expect(t.toggles.at(-1)).toEqual({ unread: true, busy: false });
    t.controller.setOpen(true);
    expect(t.toggles.at(-1)).toEqual({ unread: false, busy: false });
  });

  it('the thread id is kept in storage, and restored at the next start', async () => {
    const storage = memoryStorage('thr_restored');
    const t = setup({ storage });
    expect(t.controller.initialThread()).toBe('thr_restored');
    t.controller.threadChanged('thr_new');
    expect(storage.readThread()).toBe('thr_new');
    t.controller.threadChanged(null);
    expect(storage.readThread()).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------
// Intents: Ctrl/Cmd+I and "Ask about this"
// ---------------------------------------------------------------------------------------------

describe('intents', () => {
  it('each intent handed over is counted in the snapshot, so a panel showing its history shows the chat', async () => {
    const t = setup();
    await advance(0);
    t.mount();
    const before = t.controller.getSnapshot().asked;
    t.controller.compose({ reply: 'A quoted passage' });
    t.controller.focusComposer();
    expect(t.controller.getSnapshot().asked).toBe(before + 2);
  });

  it('text to compose waits until the chat is ready and shown, then fills and focuses the composer', async () => {
    const t = setup({ start: false, open: false });
    t.controller.compose({ reply: 'A quoted passage' });
    t.controller.start();
    t.controller.setOpen(true);
    await advance(0);
    const surface = fakeHandle();
    t.controller.attach(surface.handle);
    t.controller.ready();
    expect(surface.calls).toEqual([]); // ready, but not yet on screen
    expect(t.controller.surfaceShown(false)).toBe(true);
    await advance(0);
    expect(surface.calls).toEqual(['quote:A quoted passage', 'focus']);
    // Carried out once.
    t.controller.surfaceShown(false);
    await advance(0);
    expect(surface.calls).toHaveLength(2);
  });

  it('focus asked for while closed happens when the panel shows the surface again', async () => {
    const t = setup();
    await advance(0);
    const { calls } = t.mount(false);
    expect(calls).toEqual([]);
    t.controller.setOpen(false);
    t.controller.focusComposer();
    expect(calls).toEqual([]);
    t.controller.setOpen(true);
    t.controller.surfaceShown(false);
    await advance(0);
    expect(calls).toEqual(['focus']);
  });

  it('while the chat is on screen, intents happen at once', async () => {
    const t = setup();
    await advance(0);
    const { calls } = t.mount(false);
    t.controller.focusComposer();
    t.controller.compose({ text: 'What is a topic?' });
    await advance(0);
    expect(calls).toEqual(['focus', 'set:What is a topic?', 'focus']);
  });

  it('the composer takes focus only when wanted; without a surface, nothing is focused', async () => {
    const t = setup();
    await advance(0);
    expect(t.controller.surfaceShown(true)).toBe(false); // nothing attached yet
    const surface = fakeHandle();
    t.controller.attach(surface.handle);
    t.controller.ready();
    expect(t.controller.surfaceShown(false)).toBe(false);
    expect(t.controller.surfaceShown(true)).toBe(true);
    await advance(0);
    expect(surface.calls).toEqual(['focus']);
  });

  it('an intent before the chat is ready waits while it connects through a retry', async () => {
    const t = setup({ backend: fakeBackend({ sessions: [status500] }) });
    t.controller.focusComposer();
    await advance(1000);
    const { calls } = t.mount(false);
    await advance(0);
    expect(calls).toEqual(['focus']);
  });
});

// ---------------------------------------------------------------------------------------------
// The surface choice, however many connect attempts are superseded
// ---------------------------------------------------------------------------------------------

describe('superseded connect attempts and the surface choice', () => {
  it("OpenAI's script is injected once, however often the attempt is dropped and begun again", async () => {
    vi.resetModules();
    const registerLocalChatKit = vi.fn(() => true);
    let localFetched = 0;
    vi.doMock('../../chatkit-local', () => {
      localFetched += 1;
      return { registerLocalChatKit };
    });
    // The real ensureSurface, fresh: its choice is module state.
    // The real ensureSurface, fresh (its choice is module state), under the connection.
    const { createChatConnection: fresh } = await import('./chatConnection');
    const create = (options: ChatControllerOptions, config: ChatWidgetConfig) =>
      createChatController(options, config, fresh);
    const append = vi.spyOn(document.head, 'appendChild');
    const injections = () =>
      append.mock.calls.filter(([node]) => node instanceof HTMLScriptElement).length;
    const backend = fakeBackend();
    const controller = create(
      {
        loadChatCode: async () => ({ ChatKitWrapper: Chat }),
        createSessionClient: (session) =>
          createSessionClient({ ...session, fetch: backend.fetchImpl }),
        fetch: backend.fetchImpl,
        storage: memoryStorage(),
        isOnline: () => true,
      },
      { backendUrl: BACKEND, surface: 'auto', scriptUrl: 'https://cdn.test/chatkit.js' },
    );
    controllers.push(controller);
    controller.start();
    controller.setOpen(true);
    // Attempts superseded while the script is tried: a remount, a close and re-open.
    for (let i = 0; i < 3; i++) {
      controller.dispose();
      controller.start();
      controller.setOpen(false);
      controller.setOpen(true);
      await advance(0);
    }
    expect(injections()).toBe(1);
    // While OpenAI's script may still serve, the local element's code is not fetched (`npm run bench -- surfaces` measures why).
    expect(localFetched).toBe(0);
    // The script fails; attempts superseded right then still share the one choice.
    document.querySelector('script')?.dispatchEvent(new Event('error'));
    controller.dispose();
    controller.start();
    await advance(0);
    controller.dispose();
    controller.start();
    await advance(0);
    expect(controller.getSnapshot().connected).toBe(true);
    expect(injections()).toBe(1);
    expect(registerLocalChatKit).toHaveBeenCalledOnce();
    expect(localFetched).toBe(1);
    vi.doUnmock('../../chatkit-local');
  });
});

describe("OpenAI's element that never works: the local element takes over on the same page", () => {
  const frameError = Object.assign(new Error('Domain not allowed for this key'), {
    name: 'InvalidFrameParamsError',
  });

  function openAiSetup(config: ChatWidgetConfig = {}) {
    const fallBackToLocal = vi.fn(async () => undefined);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const reported: unknown[] = [];
    const hear = (event: Event) => reported.push((event as CustomEvent).detail);
    window.addEventListener('textbook-chat:surface-fallback', hear);
    const t = setup({
      ensureSurface: vi.fn(async () => 'chatkit' as const),
      fallBackToLocal,
      config: { surface: 'auto', readyTimeoutMs: 6000, ...config },
    });
    const snapshot = () => t.controller.getSnapshot();
    return {
      ...t,
      fallBackToLocal,
      warn,
      reported,
      snapshot,
      done: () => window.removeEventListener('textbook-chat:surface-fallback', hear),
    };
  }

  it('switches when chatkit.ready does not come within the deadline, once, and says so', async () => {
    const t = openAiSetup();
    await advance(0);
    expect(t.connected()).toBe(true);
    expect(t.snapshot().tag).toBe('openai-chatkit');
    t.controller.attach(fakeHandle().handle); // mounted, never ready
    await advance(5999);
    expect(t.fallBackToLocal).not.toHaveBeenCalled();
    await advance(1);
    expect(t.fallBackToLocal).toHaveBeenCalledOnce();
    expect(t.snapshot()).toMatchObject({ tag: 'textbook-chatkit', switched: true });
    expect(t.warn).toHaveBeenCalledOnce();
    expect(String(t.warn.mock.calls[0]![0])).toMatch(/did not report ready within 6000 ms/);
    expect(t.reported).toEqual([{ reason: 'did not report ready within 6000 ms' }]);
    // The local element reports ready on its own tag; nothing switches again.
    t.controller.ready();
    t.controller.failed(frameError);
    await advance(10_000);
    expect(t.fallBackToLocal).toHaveBeenCalledOnce();
    expect(t.state().isInitialized).toBe(true);
    t.done();
  });

  it('does not switch when OpenAI\u2019s element gets ready in time', async () => {
    const t = openAiSetup();
    await advance(0);
    t.mount();
    await advance(60_000);
    expect(t.fallBackToLocal).not.toHaveBeenCalled();
    expect(t.snapshot()).toMatchObject({ tag: 'openai-chatkit', switched: false });
    t.done();
  });

  it('switches when the frame fails later, in the middle of a conversation, keeping the thread', async () => {
    const t = openAiSetup();
    await advance(0);
    t.mount();
    t.controller.threadChanged('thr_42');
    t.controller.failed(new Error('The network went away')); // not a frame failure
    expect(t.fallBackToLocal).not.toHaveBeenCalled();
    t.controller.failed(frameError);
    await advance(0);
    expect(t.fallBackToLocal).toHaveBeenCalledOnce();
    expect(t.snapshot().switched).toBe(true);
    // The local element, mounted in its place, restores the same thread.
    expect(t.controller.initialThread()).toBe('thr_42');
    t.done();
  });

  it('gives the local composer the focus that was inside OpenAI\u2019s element', async () => {
    const t = openAiSetup();
    await advance(0);
    t.mount();
    const frame = document.body.appendChild(document.createElement('openai-chatkit'));
    frame.appendChild(document.createElement('button')).focus();
    t.controller.failed(frameError);
    await advance(0);
    frame.remove(); // React unmounts OpenAI's element
    const local = fakeHandle();
    t.controller.attach(local.handle);
    expect(local.calls).toEqual(['focus']);
    t.done();
  });

  it('leaves a surface chosen on purpose alone (surface "chatkit" has no fallback)', async () => {
    const t = openAiSetup({ surface: 'chatkit' });
    await advance(0);
    t.controller.attach(fakeHandle().handle);
    t.controller.failed(frameError);
    await advance(60_000);
    expect(t.fallBackToLocal).not.toHaveBeenCalled();
    expect(t.snapshot().switched).toBe(false);
    t.done();
  });

  it('shows a failed fallback (the local code could not be fetched) as an error to retry', async () => {
    const t = openAiSetup();
    t.fallBackToLocal.mockRejectedValueOnce(
      new BackendError('fetch failed', { endpoint: 'session', failure: 'network' }),
    );
    await advance(0);
    await advance(6000);
    expect(t.fallBackToLocal).toHaveBeenCalledOnce();
    expect(t.snapshot().switched).toBe(false);
    expect(t.state().error).not.toBeNull();
    t.done();
  });
});
