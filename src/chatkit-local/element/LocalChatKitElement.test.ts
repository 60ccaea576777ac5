// @vitest-environment jsdom
import type { ChatKitEvents, ChatKitOptions } from '@openai/chatkit';
import { within, waitFor } from '@testing-library/dom';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { server } from '../../../mocks/node';
import { scenarios } from '../../../mocks/scenarios';
import { getFeedback, getThread, resetMockBackend, setMockOptions } from '../../../mocks/state';
import { pickAnswer } from '../../../mocks/corpus';
import { http, HttpResponse } from 'msw';
import { DEFAULT_BACKEND_URL, paths, type ChatKitRequestInput } from '../../contract';
import { encodeSseEvent, type ThreadStreamEventInput } from '../../contract/server';
import { readCutShort } from '../thread/cut-short';
import {
  ChatKitConfigurationError,
  ChatKitHttpError,
  ChatKitStreamError,
} from '../transport/chatkitErrors';
import type { LocalChatKitElement } from './LocalChatKitElement';
import { registerLocalChatKit } from './register';

const EVENT_NAMES = [
  'chatkit.ready',
  'chatkit.error',
  'chatkit.response.start',
  'chatkit.response.end',
  'chatkit.thread.change',
  'chatkit.thread.load.start',
  'chatkit.thread.load.end',
] as const satisfies readonly (keyof ChatKitEvents)[];

type Recorded = { type: string; detail: unknown };

let secret: string | null = null;

/** What the session client does, minus retries: a session once, then a bearer token per call. */
const authedFetch: typeof fetch = async (input, init) => {
  if (!secret) {
    const response = await fetch(`${DEFAULT_BACKEND_URL}${paths.session}`, { method: 'POST' });
    secret = ((await response.json()) as { client_secret: string }).client_secret;
  }
  const headers = new Headers(init?.headers);
  headers.set('Authorization', `Bearer ${secret}`);
  return fetch(input, { ...init, headers });
};

const requests: ChatKitRequestInput[] = [];

beforeAll(() => {
  registerLocalChatKit();
  server.listen({ onUnhandledRequest: 'error' });
  server.events.on('request:start', ({ request }) => {
    if (!request.url.endsWith(paths.chatkit)) return;
    void request
      .clone()
      .json()
      .then((body: ChatKitRequestInput) => requests.push(body));
  });
});

beforeEach(() => {
  requests.length = 0;
  secret = null;
  resetMockBackend();
});

afterEach(() => {
  server.resetHandlers();
  document.body.replaceChildren();
});

afterAll(() => server.close());

function baseOptions(extra: Partial<ChatKitOptions> = {}): ChatKitOptions {
  return {
    api: {
      url: `${DEFAULT_BACKEND_URL}${paths.chatkit}`,
      domainKey: 'local-dev',
      fetch: authedFetch,
    },
    startScreen: {
      greeting: 'Ask the textbook',
      prompts: [{ label: 'What is ROS 2?', prompt: 'What is ROS 2 middleware?' }],
    },
    composer: { placeholder: 'Ask about the book' },
    ...extra,
  };
}

async function mount(options: ChatKitOptions = baseOptions()) {
  const el = document.createElement('openai-chatkit') as LocalChatKitElement;
  const events: Recorded[] = [];
  for (const type of EVENT_NAMES) {
    el.addEventListener(type, (event) => {
      events.push({ type, detail: (event as CustomEvent).detail });
    });
  }
  document.body.append(el);
  el.setOptions(options);
  await el.whenReady();
  const ui = within(el);
  return {
    el,
    events,
    ui,
    types: () => events.map((e) => e.type),
    input: () => ui.getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement,
    log: () => ui.getByRole('log', { name: 'Conversation' }),
  };
}

function errorsOf(events: Recorded[]): Error[] {
  return events
    .filter((e) => e.type === 'chatkit.error')
    .map((e) => (e.detail as { error: Error }).error);
}

describe('LocalChatKitElement', () => {
  it('shows the start screen and labelled composer from the options', async () => {
    const { ui, input, types } = await mount();
    expect(types()).toEqual(['chatkit.ready']);
    expect(ui.getByText('Ask the textbook')).toBeVisible();
    expect(ui.getByRole('button', { name: 'What is ROS 2?' })).toBeVisible();
    expect(input().placeholder).toBe('Ask about the book');
    expect(ui.getByRole('button', { name: 'Send message' })).toHaveProperty('disabled', true);
  });

  it('streams an answer and emits the events in order', async () => {
    const { el, events, types, log } = await mount();
    await el.sendUserMessage({ text: 'What is ROS 2 middleware?' });

    expect(types()).toEqual([
      'chatkit.ready',
      'chatkit.response.start',
      'chatkit.thread.change',
      'chatkit.response.end',
    ]);
    const change = events.find((e) => e.type === 'chatkit.thread.change');
    expect(change?.detail).toEqual({ threadId: expect.stringMatching(/^thr_/) });
    expect(requests.map((r) => r.type)).toEqual(['threads.create']);

    const thread = within(log());
    expect(thread.getByText('You said:', { exact: false }).parentElement?.textContent).toBe(
      'You said: What is ROS 2 middleware?',
    );
    expect(thread.getByText(/middleware framework/)).toBeInTheDocument();
    const source = thread.getByRole('link', { name: 'ROS 2: The Robotic Nervous System' });
    expect(source.getAttribute('href')).toBe('/docs/ros2/overview');
    expect(source.hasAttribute('target')).toBe(false);
    expect(thread.getByRole('list', { name: 'Sources' })).toBeInTheDocument();
    expect(log().getAttribute('aria-busy')).toBe('false');

    await el.sendUserMessage({ text: 'And what are topics?' });
    expect(requests.map((r) => r.type)).toEqual(['threads.create', 'threads.add_user_message']);
    const threadId = (change?.detail as { threadId: string }).threadId;
    expect(requests[1]).toMatchObject({ params: { thread_id: threadId }, metadata: {} });
    expect(thread.getAllByText('You said:', { exact: false })).toHaveLength(2);
  });

  it('sends with Enter, adds a line with Shift+Enter, and ignores blank messages', async () => {
    const user = userEvent.setup();
    const { input, types, log, ui } = await mount();
    await user.type(input(), '   {Enter}');
    expect(requests).toHaveLength(0);

    await user.clear(input());
    await user.type(input(), 'What is a node?{Shift>}{Enter}{/Shift}And a topic?');
    expect(input().value).toBe('What is a node?\nAnd a topic?');
    await user.type(input(), '{Enter}');
    await waitFor(() => expect(types()).toContain('chatkit.response.end'));
    expect(input().value).toBe('');
    expect(within(log()).getByText(/A node is a single-purpose process/)).toBeInTheDocument();
    expect(ui.queryByRole('button', { name: 'What is ROS 2?' })).toBeNull();
  });

  it('sends a starter prompt when it is clicked', async () => {
    const user = userEvent.setup();
    const { ui, types, log } = await mount();
    await user.click(ui.getByRole('button', { name: 'What is ROS 2?' }));
    await waitFor(() => expect(types()).toContain('chatkit.response.end'));
    expect(within(log()).getByText(/What is ROS 2 middleware\?/)).toBeInTheDocument();
  });

  it("follows new starter prompts given by setOptions (a page's own), and back", async () => {
    const { el, ui } = await mount();
    const site = baseOptions();
    const page = baseOptions({
      startScreen: {
        greeting: 'Ask the textbook',
        prompts: [
          { label: 'Topics or services?', prompt: 'When does a node use a topic?' },
          { label: 'QoS', prompt: 'What is a QoS profile?' },
        ],
      },
    });
    el.setOptions(page);
    expect(ui.getByRole('button', { name: 'Topics or services?' })).toBeVisible();
    expect(ui.getByRole('button', { name: 'QoS' })).toBeVisible();
    expect(ui.queryByRole('button', { name: 'What is ROS 2?' })).not.toBeInTheDocument();
    el.setOptions(site);
    expect(ui.getByRole('button', { name: 'What is ROS 2?' })).toBeVisible();
    expect(ui.queryByRole('button', { name: 'QoS' })).not.toBeInTheDocument();
  });

  it('restores a thread from initialThread', async () => {
    const first = await mount();
    await first.el.sendUserMessage({ text: 'What is URDF?' });
    const threadId = threadIdOf(first.events);
    document.body.replaceChildren();

    const second = await mount(baseOptions({ initialThread: threadId }));
    expect(second.types()).toEqual([
      'chatkit.thread.load.start',
      'chatkit.thread.load.end',
      'chatkit.ready',
    ]);
    expect(second.events[0]?.detail).toEqual({ threadId });
    const thread = within(second.log());
    expect(thread.getByText(/What is URDF\?/)).toBeInTheDocument();
    expect(thread.getByText(/Unified Robot Description Format/)).toBeInTheDocument();
    expect(thread.getByRole('link', { name: 'URDF and TF' })).toBeInTheDocument();

    await second.el.sendUserMessage({ text: 'And TF?' });
    expect(requests.at(-1)).toMatchObject({
      type: 'threads.add_user_message',
      params: { thread_id: threadId },
    });
  });

  it('falls back to a new conversation when the thread no longer exists', async () => {
    const { events, types, ui } = await mount(baseOptions({ initialThread: 'thr_gone' }));
    expect(types()).toEqual([
      'chatkit.thread.load.start',
      'chatkit.thread.load.end',
      'chatkit.thread.change',
      'chatkit.error',
      'chatkit.ready',
    ]);
    expect(events[2]?.detail).toEqual({ threadId: null });
    const [error] = errorsOf(events);
    expect(error).toBeInstanceOf(ChatKitHttpError);
    expect(error).toMatchObject({ status: 404, errorType: 'NotFoundError' });
    expect(ui.getByText('Ask the textbook')).toBeVisible();
  });

  it('keeps the composer text and shows nothing in the thread when the request fails (500)', async () => {
    server.use(...scenarios.chatkit500());
    const user = userEvent.setup();
    const { events, types, input, log, ui } = await mount();
    await user.type(input(), 'What is Gazebo?{Enter}');
    await waitFor(() => expect(types()).toContain('chatkit.response.end'));

    expect(types()).toEqual([
      'chatkit.ready',
      'chatkit.response.start',
      'chatkit.error',
      'chatkit.response.end',
    ]);
    const [error] = errorsOf(events);
    expect(error).toBeInstanceOf(ChatKitHttpError);
    expect(error).toMatchObject({ status: 500, errorType: 'ChatKitError', retryAfter: null });
    expect(error?.message).not.toContain('agent run raised');
    expect(input().value).toBe('What is Gazebo?');
    expect(log().children).toHaveLength(0);
    expect(ui.getByText('Ask the textbook')).toBeVisible();
    expect(ui.getByRole('button', { name: 'Send message' })).toHaveProperty('disabled', false);
  });

  it('puts a failed starter prompt into the composer', async () => {
    server.use(...scenarios.chatkit500());
    const user = userEvent.setup();
    const { ui, types, input } = await mount();
    await user.click(ui.getByRole('button', { name: 'What is ROS 2?' }));
    await waitFor(() => expect(types()).toContain('chatkit.response.end'));
    expect(input().value).toBe('What is ROS 2 middleware?');
  });

  it('reports retry_after for 429', async () => {
    server.use(...scenarios.chatkitRateLimited({ retryAfter: 20 }));
    const { el, events } = await mount();
    await el.sendUserMessage({ text: 'Hello' });
    expect(errorsOf(events)[0]).toMatchObject({
      status: 429,
      retryAfter: 20,
      errorType: 'RateLimitError',
    });
  });

  it('passes a rejected fetch error through unchanged', async () => {
    const failure = new TypeError('Failed to fetch');
    const { el, events } = await mount(
      baseOptions({
        api: {
          url: 'http://localhost:8000/chatkit',
          domainKey: 'k',
          fetch: () => Promise.reject(failure),
        },
      }),
    );
    await el.sendUserMessage({ text: 'Hello' });
    expect(errorsOf(events)).toEqual([failure]);
    expect(errorsOf(events)[0]).toBe(failure);
  });

  it('shows a stream error in the thread and retries after the user message without resending it', async () => {
    server.use(...scenarios.streamError({ allowRetry: true }));
    const user = userEvent.setup();
    const { el, events, types, log } = await mount();
    await el.sendUserMessage({ text: 'What is Isaac Sim?' });

    const [error] = errorsOf(events);
    expect(error).toBeInstanceOf(ChatKitStreamError);
    expect(error).toMatchObject({ code: 'stream.error', allowRetry: true });
    expect(types().filter((t) => t.startsWith('chatkit.response'))).toEqual([
      'chatkit.response.start',
      'chatkit.response.end',
    ]);
    const thread = within(log());
    expect(thread.getByText('Something went wrong while answering.')).toBeVisible();

    server.resetHandlers();
    await user.click(thread.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(thread.queryByRole('button', { name: 'Retry' })).toBeNull());
    await waitFor(() =>
      expect(types().filter((t) => t === 'chatkit.response.end')).toHaveLength(2),
    );

    const retry = requests.at(-1);
    const threadId = threadIdOf(events);
    const userItem = getThread(threadId)?.items.find((i) => i.type === 'user_message');
    expect(retry).toEqual({
      type: 'threads.retry_after_item',
      params: { thread_id: threadId, item_id: userItem?.id },
      metadata: {},
    });
    expect(getThread(threadId)?.items.filter((i) => i.type === 'user_message')).toHaveLength(1);
    expect(thread.getAllByText('You said:', { exact: false })).toHaveLength(1);
    expect(thread.queryByText('Something went wrong while answering.')).toBeNull();
    expect(thread.getAllByText(/Isaac Sim/).length).toBeGreaterThan(0);
    expect(log().querySelectorAll('.ck-message--assistant')).toHaveLength(1);
  });

  it('offers no Retry when the server does not allow it', async () => {
    server.use(...scenarios.streamError({ allowRetry: false }));
    const { el, log } = await mount();
    await el.sendUserMessage({ text: 'What is Isaac Sim?' });
    const thread = within(log());
    expect(thread.getByText('Something went wrong while answering.')).toBeInTheDocument();
    expect(thread.queryByRole('button', { name: 'Retry' })).toBeNull();
  });

  it('treats a malformed event as a stream failure, never a crash', async () => {
    server.use(...scenarios.malformedSseEvent());
    const { el, events, log } = await mount();
    await el.sendUserMessage({ text: 'What is a digital twin?' });
    expect(errorsOf(events)[0]).toMatchObject({ code: 'stream.malformed' });
    const thread = within(log());
    expect(thread.getByText('Something went wrong while answering.')).toBeInTheDocument();
    expect(thread.getByRole('button', { name: 'Retry' })).toBeInTheDocument();
    expect(log().getAttribute('aria-busy')).toBe('false');
  });

  it('reports a cut stream as interrupted and keeps the partial answer', async () => {
    // thread.created, the question, stream_options, item.added, part.added and five deltas. (MSW
    // tees the body in Node: a delta still queued when the source fails is dropped with it, so how
    // much of the answer arrives varies by a delta; that some does, and only its start, does not.)
    server.use(...scenarios.streamCutAfter(10));
    const { el, events, log } = await mount();
    await el.sendUserMessage({ text: 'What is a digital twin?' });
    expect(errorsOf(events)[0]).toMatchObject({ code: 'stream.interrupted', allowRetry: true });
    expect(within(log()).getByText('The answer was interrupted.')).toBeInTheDocument();
    const kept = log()
      .querySelector('.ck-message--assistant .ck-message-body')
      ?.textContent?.trim();
    const full = pickAnswer('What is a digital twin?').text;
    expect(kept?.length).toBeGreaterThan(0);
    expect(kept!.length).toBeLessThan(full.length);
    expect(full.startsWith(kept!)).toBe(true);
  });

  it('after a 200 whose stream breaks before any event, shows the stored question once and retries only its answer', async () => {
    const { el, log, input } = await mount();
    await el.sendUserMessage({ text: 'What is ROS 2?' });
    server.use(...scenarios.streamCutAfter(0));
    await el.sendUserMessage({ text: 'What is Isaac Sim?' });
    const thread = within(log());
    // The server took the question: it is shown (once), not put back for sending again.
    expect(thread.getAllByText('What is Isaac Sim?')).toHaveLength(1);
    expect(input().value).toBe('');
    expect(thread.getByText('The answer was interrupted.')).toBeInTheDocument();

    server.resetHandlers();
    await userEvent.setup().click(thread.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(thread.queryByText('The answer was interrupted.')).toBeNull());
    await waitFor(() => expect(log().getAttribute('aria-busy')).toBe('false'));
    expect(requests.at(-1)?.type).toBe('threads.retry_after_item');
    const stored = getThread(
      requests.find((r) => r.type === 'threads.add_user_message')!.params.thread_id as string,
    )!.items.filter((item) => item.type === 'user_message');
    expect(stored).toHaveLength(2);
    expect(thread.getAllByText('What is Isaac Sim?')).toHaveLength(1);
  });

  it('keeps conversation and draft across setOptions, and switches theme and locale', async () => {
    const user = userEvent.setup();
    const mounted = await mount();
    const { el, log } = mounted;
    const input = mounted.input();
    await el.sendUserMessage({ text: 'What is ROS 2 middleware?' });
    await user.type(input, 'draft');

    el.setOptions(baseOptions({ theme: { colorScheme: 'dark' } }));
    expect(el.getAttribute('data-color-scheme')).toBe('dark');
    expect(input.value).toBe('draft');
    expect(within(log()).getByText(/middleware framework/)).toBeInTheDocument();

    el.setOptions(baseOptions({ theme: 'light', locale: 'ur' }));
    expect(el.getAttribute('data-color-scheme')).toBe('light');
    expect(el.getAttribute('lang')).toBe('ur');
    expect(el.getAttribute('dir')).toBe('rtl');
    expect(within(el).getByRole('textbox', { name: 'پیغام' })).toBe(input);
    expect(input.value).toBe('draft');
  });

  it('hides its header when header.enabled is false and shows header.title.text', async () => {
    const { el, ui } = await mount(
      baseOptions({ header: { title: { text: 'Textbook assistant' } } }),
    );
    expect(ui.getByRole('heading', { name: 'Textbook assistant' })).toBeVisible();
    el.setOptions(baseOptions({ header: { enabled: false } }));
    expect(ui.queryByRole('heading')).toBeNull();
  });

  it('switches threads with setThreadId and starts over with null', async () => {
    const { el, events, ui, log } = await mount();
    await el.sendUserMessage({ text: 'What is URDF?' });
    const threadId = threadIdOf(events);

    await el.setThreadId(null);
    expect(events.at(-1)).toEqual({ type: 'chatkit.thread.change', detail: { threadId: null } });
    expect(log().children).toHaveLength(0);
    expect(ui.getByText('Ask the textbook')).toBeVisible();

    events.length = 0;
    await el.setThreadId(threadId);
    expect(events.map((e) => e.type)).toEqual([
      'chatkit.thread.load.start',
      'chatkit.thread.load.end',
      'chatkit.thread.change',
    ]);
    expect(within(log()).getByText(/Unified Robot Description Format/)).toBeInTheDocument();

    events.length = 0;
    await el.sendUserMessage({ text: 'New topic', newThread: true });
    expect(requests.at(-1)?.type).toBe('threads.create');
    expect(events.filter((e) => e.type === 'chatkit.thread.change').map((e) => e.detail)).toEqual([
      { threadId: null },
      { threadId: expect.stringMatching(/^thr_/) },
    ]);
  });

  it('setComposerValue and focusComposer drive the composer', async () => {
    const { el, input, ui } = await mount();
    await el.setComposerValue({ text: 'Prefilled question' });
    await el.focusComposer();
    expect(input().value).toBe('Prefilled question');
    expect(document.activeElement).toBe(input());
    expect(ui.getByRole('button', { name: 'Send message' })).toHaveProperty('disabled', false);
  });

  it('reports hosted mode as unsupported', async () => {
    const { events } = await mount({ api: { getClientSecret: async () => 'secret' } });
    expect(errorsOf(events)[0]).toBeInstanceOf(ChatKitConfigurationError);
  });

  it('aborts the request when removed from the page', async () => {
    server.use(...scenarios.slowFirstByte(10_000));
    const { el, types } = await mount();
    const sending = el.sendUserMessage({ text: 'What is ROS 2 middleware?' });
    await waitFor(() => expect(requests).toHaveLength(1));
    el.remove();
    await sending;
    expect(types()).toEqual(['chatkit.ready', 'chatkit.response.start', 'chatkit.response.end']);

    server.resetHandlers();
    document.body.append(el);
    await el.sendUserMessage({ text: 'What is ROS 2 middleware?' });
    expect(within(el).getByText(/middleware framework/)).toBeInTheDocument();
  });

  it('shows progress updates and notices from the stream', async () => {
    const created = '2025-01-01T00:00:00Z';
    const item = { thread_id: 'thr_custom', created_at: created };
    const events: ThreadStreamEventInput[] = [
      {
        type: 'thread.created',
        thread: {
          id: 'thr_custom',
          created_at: created,
          items: { data: [], has_more: false },
        },
      },
      {
        type: 'thread.item.done',
        item: {
          ...item,
          id: 'msg_u',
          type: 'user_message',
          content: [{ type: 'input_text', text: 'Hi' }],
        },
      },
      { type: 'progress_update', text: 'Searching the textbook…' },
      {
        type: 'notice',
        level: 'warning',
        message: 'Answers may be incomplete.',
        title: 'Heads up',
      },
      {
        type: 'thread.item.added',
        item: { ...item, id: 'msg_a', type: 'assistant_message', content: [] },
      },
      {
        type: 'thread.item.done',
        item: {
          ...item,
          id: 'msg_a',
          type: 'assistant_message',
          content: [{ type: 'output_text', text: 'Hello **reader**', annotations: [] }],
        },
      },
    ];
    // The stream pauses after the notice, so the status line can be seen while it is current.
    let release = () => {};
    const encoder = new TextEncoder();
    server.use(
      http.post(`${DEFAULT_BACKEND_URL}${paths.chatkit}`, () => {
        const body = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(encoder.encode(events.slice(0, 4).map(encodeSseEvent).join('')));
            release = () => {
              controller.enqueue(encoder.encode(events.slice(4).map(encodeSseEvent).join('')));
              controller.close();
            };
          },
        });
        return new HttpResponse(body, { headers: { 'Content-Type': 'text/event-stream' } });
      }),
    );
    const { el, log } = await mount();
    const sending = el.sendUserMessage({ text: 'Hi' });
    const thread = within(log());
    const notice = await thread.findByText('Answers may be incomplete.');
    expect(thread.getByText('Searching the textbook…')).toBeVisible();
    expect(notice.className).toContain('ck-notice--warning');
    expect(notice.textContent).toBe('Heads up Answers may be incomplete.');
    release();
    await sending;
    expect((await thread.findByText('reader')).tagName).toBe('STRONG');
    // The status line goes once the answer is there; the notice stays.
    expect(thread.queryByText('Searching the textbook…')).toBeNull();
    expect(thread.getByText('Answers may be incomplete.')).toBeVisible();
  });

  it('marks an answer whose connection broke as dropped, unless the page was leaving (a reload)', async () => {
    const created = '2025-01-01T00:00:00Z';
    const item = { thread_id: 'thr_cut', created_at: created };
    /** The n-th answer: its question, its first words, and then (when the test says) a break. */
    const eventsOf = (n: number): ThreadStreamEventInput[] => [
      ...(n === 1
        ? [
            {
              type: 'thread.created' as const,
              thread: { id: 'thr_cut', created_at: created, items: { data: [], has_more: false } },
            },
          ]
        : []),
      {
        type: 'thread.item.done',
        item: {
          ...item,
          id: `msg_u${n}`,
          type: 'user_message',
          content: [{ type: 'input_text', text: 'Hi' }],
        },
      },
      {
        type: 'thread.item.added',
        item: { ...item, id: `msg_a${n}`, type: 'assistant_message', content: [] },
      },
      {
        type: 'thread.item.updated',
        item_id: `msg_a${n}`,
        update: {
          type: 'assistant_message.content_part.added',
          content_index: 0,
          content: { type: 'output_text', text: `Half answer ${n}`, annotations: [] },
        },
      },
    ];
    const breaks: Array<() => void> = [];
    const encoder = new TextEncoder();
    server.use(
      http.post(`${DEFAULT_BACKEND_URL}${paths.chatkit}`, () => {
        const n = breaks.length + 1;
        const body = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(encoder.encode(eventsOf(n).map(encodeSseEvent).join('')));
            breaks.push(() => controller.error(new TypeError('network error')));
          },
        });
        return new HttpResponse(body, { headers: { 'Content-Type': 'text/event-stream' } });
      }),
    );
    const { el, log } = await mount();
    const thread = within(log());
    /** The page's clock, moved on by the test (only the element's grace period reads it here). */
    let later = 0;
    const now = performance.now.bind(performance);
    vi.spyOn(performance, 'now').mockImplementation(() => now() + later);

    // The network drops while the page stays: "The connection dropped".
    const first = el.sendUserMessage({ text: 'Hi' });
    await thread.findByText('Half answer 1');
    breaks[0]!();
    await first.catch(() => undefined);
    await waitFor(() => expect(readCutShort('thr_cut').get('msg_a1')).toBe('dropped'));
    later += 60_000; // a minute passes

    // The page is leaving (pagehide), then the browser breaks the connection: a reload, not a drop.
    const second = el.sendUserMessage({ text: 'Hi' });
    await thread.findByText('Half answer 2');
    window.dispatchEvent(new Event('pagehide'));
    breaks[1]!();
    await second.catch(() => undefined);
    await waitFor(() => expect(log()).toHaveAttribute('aria-busy', 'false'));
    expect(readCutShort('thr_cut').get('msg_a2')).toBe('reloaded');
    window.dispatchEvent(new Event('pageshow')); // back from the back/forward cache

    // Firefox and WebKit break the connection when the navigation starts, before pagehide.
    const third = el.sendUserMessage({ text: 'Hi' });
    await thread.findByText('Half answer 3');
    breaks[2]!();
    await third.catch(() => undefined);
    await waitFor(() => expect(readCutShort('thr_cut').get('msg_a3')).toBe('dropped'));
    window.dispatchEvent(new Event('pagehide'));
    expect(readCutShort('thr_cut').get('msg_a3')).toBe('reloaded');
    expect(readCutShort('thr_cut').get('msg_a1')).toBe('dropped'); // long before: a real drop
    window.dispatchEvent(new Event('pageshow'));
  });

  it('shows a typing indicator in the thread until the first text, and keeps the composer editable', async () => {
    server.use(...scenarios.slowFirstByte(300));
    const user = userEvent.setup();
    const { el, log, input, ui } = await mount();
    const sending = el.sendUserMessage({ text: 'What is ROS 2 middleware?' });
    expect(within(log()).getByText('Assistant is typing…')).toBeInTheDocument();
    expect(log().getAttribute('aria-busy')).toBe('true');
    await user.type(input(), 'next question');
    expect(input().value).toBe('next question');
    expect(ui.getByRole('button', { name: 'Send message' })).toHaveProperty('disabled', true);
    await sending;
    expect(within(log()).queryByText('Assistant is typing…')).toBeNull();
    expect(input().value).toBe('next question');
    expect(ui.getByRole('button', { name: 'Send message' })).toHaveProperty('disabled', false);
  });

  it('fetchUpdates shows what was added to the thread elsewhere', async () => {
    const first = await mount();
    await first.el.sendUserMessage({ text: 'What is URDF?' });
    const threadId = threadIdOf(first.events);
    const other = document.createElement('openai-chatkit') as LocalChatKitElement;
    document.body.append(other);
    other.setOptions(baseOptions({ initialThread: threadId }));
    await other.whenReady();
    await other.sendUserMessage({ text: 'What is Gazebo?' });

    expect(within(first.log()).queryByText('What is Gazebo?')).toBeNull();
    await first.el.fetchUpdates();
    expect(within(first.log()).getByText('What is Gazebo?')).toBeVisible();
  });

  it('restores a long conversation up to its latest message', async () => {
    setMockOptions({ deltaDelayMs: 0 });
    const first = await mount();
    for (let i = 1; i <= 12; i += 1) await first.el.sendUserMessage({ text: `Question ${i}` });
    const threadId = threadIdOf(first.events);
    document.body.replaceChildren();
    requests.length = 0;

    const second = await mount(baseOptions({ initialThread: threadId }));
    const thread = within(second.log());
    expect(thread.getByText('Question 1')).toBeInTheDocument();
    expect(thread.getByText('Question 12')).toBeInTheDocument();
    expect(thread.getAllByText(/^You said:/)).toHaveLength(12);
    await waitFor(() =>
      expect(requests.map((r) => r.type)).toEqual(['threads.get_by_id', 'items.list']),
    );
  });

  it('never sends while an answer is streaming', async () => {
    const { el } = await mount();
    const warn = vi.fn();
    el.addEventListener('chatkit.log', warn);
    const first = el.sendUserMessage({ text: 'What is ROS 2 middleware?' });
    await el.sendUserMessage({ text: 'Second' });
    await first;
    expect(requests.map((r) => r.type)).toEqual(['threads.create']);
    expect(warn).toHaveBeenCalled();
  });
});

/** The reader's actions against the mock backend, which writes and keeps what the reference does. */
describe('LocalChatKitElement actions against the mock backend', () => {
  const question = 'What is ROS 2 middleware?';

  it('Stop mid-answer: the backend keeps the partial answer; a reload shows it marked, and Regenerate brings the whole answer once', async () => {
    setMockOptions({ deltaDelayMs: 15 });
    const { el, ui, log, events } = await mount();
    const sending = el.sendUserMessage({ text: question });
    const stop = await ui.findByRole('button', { name: 'Stop answer' });
    const body = () => log().querySelector('.ck-message--assistant .ck-message-body');
    await waitFor(() => expect(body()?.textContent?.length).toBeGreaterThan(60), {
      timeout: 5000,
    });
    await userEvent.setup().click(stop);
    await sending;
    const shown = body()!.textContent!.trim();
    expect(within(log()).getByText('Stopped')).toBeInTheDocument();
    expect(errorsOf(events)).toEqual([]);

    // Kept as handle_stream_cancelled keeps it: what was streamed (and maybe a delta in flight).
    const threadId = threadIdOf(events);
    await waitFor(() =>
      expect(getThread(threadId)?.items.map((item) => item.type)).toEqual([
        'user_message',
        'assistant_message',
      ]),
    );
    const kept = getThread(threadId)!.items[1]!;
    const keptText = kept.type === 'assistant_message' ? (kept.content?.[0]?.text ?? '') : '';
    expect(keptText.length).toBeLessThan(pickAnswer(question).text.length);
    expect(keptText.startsWith(shown.slice(0, 60))).toBe(true);

    // The reader reloads: the stopped answer is back with its text, still marked "Stopped", with
    // Regenerate and no thumbs (a verdict on a fragment); Regenerate answers the question again.
    el.remove();
    setMockOptions({ deltaDelayMs: 0 });
    const reloaded = await mount(baseOptions({ initialThread: threadId }));
    const restored = reloaded.log().querySelector('.ck-message--assistant .ck-message-body');
    expect(restored?.textContent?.trim().slice(0, 60)).toBe(shown.slice(0, 60));
    expect(within(reloaded.log()).getByText('Stopped')).toBeInTheDocument();
    expect(within(reloaded.log()).queryByText(/didn't finish/)).toBeNull();
    expect(within(reloaded.log()).queryByRole('button', { name: 'Helpful' })).toBeNull();
    requests.length = 0;
    await userEvent
      .setup()
      .click(within(reloaded.log()).getByRole('button', { name: 'Regenerate' }));
    await waitFor(() => expect(within(reloaded.log()).queryByText('Stopped')).toBeNull());
    await waitFor(() =>
      expect(within(reloaded.log()).queryByRole('button', { name: 'Stop answer' })).toBeNull(),
    );
    expect(reloaded.log().querySelectorAll('.ck-message--assistant')).toHaveLength(1);
    expect(requests.map((r) => r.type)).toEqual(['threads.retry_after_item']);
    const whole = getThread(threadId)!.items;
    expect(whole.map((item) => item.type)).toEqual(['user_message', 'assistant_message']);
    const answer = whole[1]!.type === 'assistant_message' ? whole[1]!.content?.[0]?.text : '';
    expect(answer).toBe(pickAnswer(question).text);
    expect(within(reloaded.log()).queryByRole('button', { name: 'Regenerate' })).toBeNull();

    // The mark is gone with the answer it marked: another reload shows the whole answer plainly.
    reloaded.el.remove();
    const again = await mount(baseOptions({ initialThread: threadId }));
    expect(within(again.log()).queryByText('Stopped')).toBeNull();
    await again.el.sendUserMessage({ text: 'How do topics and services differ?' });
    expect(within(again.log()).getByText(/single-purpose process/)).toBeInTheDocument();
  });

  it('a reload mid-answer leaves the partial answer marked "Cut off when the page reloaded", with Regenerate', async () => {
    setMockOptions({ deltaDelayMs: 15 });
    const { el, log, events } = await mount();
    void el.sendUserMessage({ text: question });
    const body = () => log().querySelector('.ck-message--assistant .ck-message-body');
    await waitFor(() => expect(body()?.textContent?.length).toBeGreaterThan(60), {
      timeout: 5000,
    });
    // The browser's reload: pagehide (which marks the answer), then the page (and the element) goes.
    const threadId = threadIdOf(events);
    window.dispatchEvent(new Event('pagehide'));
    expect([...readCutShort(threadId).values()]).toEqual(['reloaded']);
    el.remove();
    await waitFor(() => {
      const kept = getThread(threadId)?.items[1];
      expect(kept?.type === 'assistant_message' && kept.content?.[0]?.text.length).toBeGreaterThan(
        0,
      );
    });

    setMockOptions({ deltaDelayMs: 0 });
    const reloaded = await mount(baseOptions({ initialThread: threadId }));
    const note = within(reloaded.log()).getByText('Cut off when the page reloaded');
    expect(note).toBeInTheDocument();
    requests.length = 0;
    await userEvent
      .setup()
      .click(within(reloaded.log()).getByRole('button', { name: 'Regenerate' }));
    await waitFor(() =>
      expect(within(reloaded.log()).queryByText('Cut off when the page reloaded')).toBeNull(),
    );
    await waitFor(() =>
      expect(
        reloaded.log().querySelector('.ck-message--assistant .ck-message-body')?.textContent,
      ).toContain(pickAnswer(question).text.slice(-40).trim()),
    );
    expect(requests.map((r) => r.type)).toEqual(['threads.retry_after_item']);
    expect(getThread(threadId)!.items.map((item) => item.type)).toEqual([
      'user_message',
      'assistant_message',
    ]);
  });

  it('feedback reaches the backend, which records the latest choice', async () => {
    const { el, log, events } = await mount(baseOptions({ threadItemActions: { feedback: true } }));
    await el.sendUserMessage({ text: question });
    const thread = getThread(threadIdOf(events))!;
    const answerId = thread.items.find((item) => item.type === 'assistant_message')!.id;
    const user = userEvent.setup();
    await user.click(within(log()).getByRole('button', { name: 'Helpful' }));
    await waitFor(() => expect(getFeedback(thread.id).get(answerId)).toBe('positive'));
    await user.click(within(log()).getByRole('button', { name: 'Not helpful' }));
    await waitFor(() => expect(getFeedback(thread.id).get(answerId)).toBe('negative'));
    expect(requests.filter((r) => r.type === 'items.feedback')).toEqual([
      {
        type: 'items.feedback',
        params: { thread_id: thread.id, item_ids: [answerId], kind: 'positive' },
        metadata: {},
      },
      {
        type: 'items.feedback',
        params: { thread_id: thread.id, item_ids: [answerId], kind: 'negative' },
        metadata: {},
      },
    ]);
  });

  it('a quoted question is stored with its quote and restored with it after a reload', async () => {
    const passage = 'Quality of Service settings decide whether messages may be dropped.';
    const { el, events } = await mount();
    await el.setComposerValue({ reply: passage });
    await el.setComposerValue({ text: 'What does this mean?' });
    await userEvent.setup().type(within(el).getByRole('textbox', { name: 'Message' }), '{Enter}');
    await waitFor(() => expect(events.map((e) => e.type)).toContain('chatkit.response.end'));
    const threadId = threadIdOf(events);
    expect(getThread(threadId)!.items[0]).toMatchObject({
      type: 'user_message',
      quoted_text: passage,
    });

    const reloaded = await mount(baseOptions({ initialThread: threadId }));
    const bubble = within(reloaded.log())
      .getByText('What does this mean?')
      .closest('.ck-message--user')!;
    expect(bubble.querySelector('blockquote')?.textContent).toContain(passage);
  });
});

/** The id of the thread the element created (from `chatkit.thread.change`). */
function threadIdOf(events: Recorded[]): string {
  const change = events.find((e) => e.type === 'chatkit.thread.change');
  return (change?.detail as { threadId: string }).threadId;
}
