// @vitest-environment jsdom
/**
 * The reader's actions on the local element, as on OpenAI's: Stop (`stream_options.allow_cancel`),
 * Copy on answers and code blocks, thumbs up and down (`threadItemActions.feedback` →
 * `items.feedback`), a quoted passage (`setComposerValue({ reply })` → `quoted_text`) and the
 * disclaimer line. The backend is a stub `api.fetch` answering with bodies written as the reference
 * Python server writes them (compact JSON, no nulls, naive datetimes, pydantic's key order).
 */
import { waitFor, within } from '@testing-library/dom';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ChatKitRequestInput } from '../../contract';
import { registerLocalChatKit } from './register';
import { stringsFor } from '../views/strings';
import {
  added,
  assistantItem,
  created,
  done,
  mount,
  outputText,
  sse,
  streamOptions,
  stubBackend,
  THREAD,
  threadJson,
  updated,
  URL_,
  userItem,
  type Json,
} from '../elementHarness.test-support';

const ANSWER_ID = 'msg_0f9d2c41b7e84a1d9c3e5f60718293a4b5c6d7e8f9012345';
const en = stringsFor('en');
const ur = stringsFor('ur');

// ---------------------------------------------------------------------------------------------
// The wire, as chatkit-python writes it (the rest: ../elementHarness.test-support.ts)
// ---------------------------------------------------------------------------------------------

const delta = (text: string, itemId = ANSWER_ID) =>
  updated(itemId, {
    type: 'assistant_message.content_part.text_delta',
    content_index: 0,
    delta: text,
  });

/** The start of an answer as agents.py streams it: added empty, its part added, then deltas. */
const answerStart = (itemId = ANSWER_ID) => [
  added(assistantItem(itemId)),
  updated(itemId, {
    type: 'assistant_message.content_part.added',
    content_index: 0,
    content: outputText(''),
  }),
];

/** A whole answer, done with its final text. */
function answer(value: string, itemId = ANSWER_ID): Json[] {
  return [
    ...answerStart(itemId),
    delta(value, itemId),
    updated(itemId, {
      type: 'assistant_message.content_part.done',
      content_index: 0,
      content: outputText(value),
    }),
    done(assistantItem(itemId, outputText(value))),
  ];
}

/** A first answer under way: the thread, the question, Stop allowed, the answer begun, `deltas`. */
const firstTurnStreaming = (question: string, ...deltas: string[]) =>
  sse(
    created(),
    done(userItem('msg_u1', question)),
    streamOptions(),
    ...answerStart(),
    ...deltas.map((text) => delta(text)),
  );

const firstTurn = (question: string, value: string) =>
  sse(created(), done(userItem('msg_u1', question)), streamOptions(), ...answer(value), {
    type: 'thread.updated',
    thread: threadJson(question),
  });

// ---------------------------------------------------------------------------------------------
// A stream held open (the stub backend and the element: ../elementHarness.test-support.ts)
// ---------------------------------------------------------------------------------------------

/** A stream that sends `first` and stays open: `push` more, `end` it, or see whether it was cancelled. */
function openStream(first: string) {
  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
      c.enqueue(encoder.encode(first));
    },
    cancel() {
      cancelled = true;
    },
  });
  return {
    body,
    push: (text: string) => controller.enqueue(encoder.encode(text)),
    end: () => controller.close(),
    cancelled: () => cancelled,
  };
}

beforeAll(() => {
  registerLocalChatKit();
});

afterEach(() => {
  document.body.replaceChildren();
  vi.restoreAllMocks();
  vi.useRealTimers();
});

// ---------------------------------------------------------------------------------------------

describe('Stop', () => {
  it('turns Send into Stop while an answer streams; Stop keeps the partial answer, marked', async () => {
    const stream = openStream(
      firstTurnStreaming(
        'What is ROS 2?',
        'ROS 2 is the **middleware** ',
        'that carries messages between ',
      ),
    );
    const backend = stubBackend((_request, index) =>
      index === 0
        ? stream.body
        : sse(
            done(userItem('msg_u2', 'And DDS?')),
            streamOptions(),
            ...answer('DDS moves data.', 'msg_a2'),
          ),
    );
    const { el, ui, thread, log, input, status, errors, logs } = await mount(backend.fetch);
    const user = userEvent.setup();
    const sending = el.sendUserMessage({ text: 'What is ROS 2?' });

    const stop = await ui.findByRole('button', { name: 'Stop answer' });
    expect(stop).toHaveProperty('disabled', false);
    expect(ui.queryByRole('button', { name: 'Send message' })).toBeNull();
    expect(status()).toBe(en.stopAvailable);
    await waitFor(() => expect(thread.getByText(/carries messages between/)).toBeInTheDocument());

    // From the keyboard: focus on Stop, Enter.
    stop.focus();
    await user.keyboard('{Enter}');
    await sending;

    expect(backend.signals[0]?.aborted).toBe(true);
    expect(stream.cancelled()).toBe(true);
    const answerEl = log.querySelector<HTMLElement>('.ck-message--assistant')!;
    // The partial text stays, rendered, and says it was stopped.
    expect((await within(answerEl).findByText('middleware')).tagName).toBe('STRONG');
    expect(within(answerEl).getByText(en.stopped)).toBeInTheDocument();
    expect(status()).toBe(en.answerStopped);
    expect(log.getAttribute('aria-busy')).toBe('false');
    expect(thread.queryByText(en.answerInterrupted)).toBeNull();
    expect(errors).toEqual([]);
    expect(logs).toContainEqual({ name: 'local.answer.stopped', data: undefined });
    // Back to Send; focus went to the composer, where the next question is typed.
    expect(ui.getByRole('button', { name: 'Send message' })).toHaveProperty('disabled', true);
    expect(document.activeElement).toBe(input());
    // What arrived can be copied.
    expect(within(answerEl).getByRole('button', { name: en.copyAnswer })).toBeInTheDocument();

    // The next question works.
    await user.type(input(), 'And DDS?{Enter}');
    await waitFor(() => expect(thread.getByText('DDS moves data.')).toBeInTheDocument());
    expect(backend.requests.at(-1)).toMatchObject({
      type: 'threads.add_user_message',
      params: { thread_id: THREAD, input: { content: [{ type: 'input_text', text: 'And DDS?' }] } },
    });
    expect(thread.getAllByText(en.stopped)).toHaveLength(1);
  });

  it('stopped before any text: the empty answer goes, a note says Stopped', async () => {
    const stream = openStream(firstTurnStreaming('Question?'));
    const backend = stubBackend(() => stream.body);
    const { el, ui, log, status } = await mount(backend.fetch);
    const sending = el.sendUserMessage({ text: 'Question?' });
    await userEvent.setup().click(await ui.findByRole('button', { name: 'Stop answer' }));
    await sending;
    expect(log.querySelector('.ck-message--assistant')).toBeNull();
    expect([...log.children].map((c) => c.className)).toEqual([
      'ck-message ck-message--user',
      'ck-stopped ck-stopped--alone',
    ]);
    expect(log.lastElementChild?.textContent).toBe(en.stopped);
    expect(status()).toBe(en.answerStopped);
  });

  it('offers no Stop when the server does not allow it, or says nothing about it', async () => {
    for (const options of [[streamOptions(false)], []]) {
      const stream = openStream(
        sse(created(), done(userItem('msg_u1', 'Q?')), ...options, ...answerStart(), delta('Hi')),
      );
      const backend = stubBackend(() => stream.body);
      const { el, ui, thread } = await mount(backend.fetch);
      const sending = el.sendUserMessage({ text: 'Q?' });
      await waitFor(() => expect(thread.getByText('Hi')).toBeInTheDocument());
      expect(ui.queryByRole('button', { name: 'Stop answer' })).toBeNull();
      expect(ui.getByRole('button', { name: 'Send message' })).toHaveProperty('disabled', true);
      stream.push(sse(...answer('Hi there.').slice(3)));
      stream.end();
      await sending;
      document.body.replaceChildren();
    }
  });

  it('Send clicked: focus goes to the composer at once, whenever Stop arrives (never lost)', async () => {
    for (const options of [[streamOptions(true)], [streamOptions(false)], []]) {
      const stream = openStream(
        sse(created(), done(userItem('msg_u1', 'Q?')), ...options, ...answerStart(), delta('Hi')),
      );
      const { ui, thread, input } = await mount(stubBackend(() => stream.body).fetch);
      input().value = 'Q?';
      input().dispatchEvent(new Event('input', { bubbles: true }));
      const send = ui.getByRole('button', { name: 'Send message' });
      send.focus();
      send.click();
      // Disabled while the answer is awaited: the composer has focus before anything arrives.
      expect(document.activeElement).toBe(input());
      await waitFor(() => expect(thread.getByText('Hi')).toBeInTheDocument());
      expect(document.activeElement).toBe(input());
      stream.push(sse(...answer('Hi there.').slice(3)));
      stream.end();
      await waitFor(() =>
        expect(ui.getByRole('button', { name: 'Send message' })).toBeInTheDocument(),
      );
      expect(document.activeElement).toBe(input());
      document.body.replaceChildren();
    }
  });

  it('goes back to Send when the answer completes, and Stop of a later answer is its own', async () => {
    const backend = stubBackend(() => firstTurn('Q?', 'Done.'));
    const { el, ui, status } = await mount(backend.fetch);
    await el.sendUserMessage({ text: 'Q?' });
    expect(ui.queryByRole('button', { name: 'Stop answer' })).toBeNull();
    expect(ui.getByRole('button', { name: 'Send message' })).toBeInTheDocument();
    // Stop was offered (announced) while it streamed.
    expect(status()).toBe(en.stopAvailable);
  });

  it('speaks Urdu', async () => {
    const stream = openStream(firstTurnStreaming('Q?', 'ROS'));
    const { el, ui, log } = await mount(stubBackend(() => stream.body).fetch, { locale: 'ur' });
    const sending = el.sendUserMessage({ text: 'Q?' });
    await userEvent.setup().click(await ui.findByRole('button', { name: 'جواب روکیں' }));
    await sending;
    expect(within(log).getByText('روک دیا گیا')).toBeInTheDocument();
    expect(ui.getByRole('button', { name: 'پیغام بھیجیں' })).toBeInTheDocument();
  });
});

describe('Composer', () => {
  /** A backend whose answers wait until `release()`: the question is on its way meanwhile. */
  function heldBackend(reply: () => string) {
    const backend = stubBackend(reply);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const fetch: typeof globalThis.fetch = async (input, init) => {
      await held;
      return backend.fetch(input, init);
    };
    return { fetch, release, requests: backend.requests };
  }

  it('what the reader types after Enter, while the question is on its way, stays alone', async () => {
    const backend = heldBackend(() => firstTurn('First question?', 'An answer.'));
    const { thread, input } = await mount(backend.fetch);
    const user = userEvent.setup();
    await user.type(input(), 'First question?{Enter}');
    await user.type(input(), ' And a second one');
    expect(input().value).toBe('First question? And a second one');
    backend.release();
    await thread.findByText('An answer.');
    expect(input().value).toBe('And a second one');
    expect(thread.getAllByText('First question?')).toHaveLength(1);
    expect(backend.requests).toHaveLength(1);
  });

  it('a draft the reader changed meanwhile is left as it is', async () => {
    const backend = heldBackend(() => firstTurn('First question?', 'An answer.'));
    const { thread, input } = await mount(backend.fetch);
    const user = userEvent.setup();
    await user.type(input(), 'First question?{Enter}');
    await user.clear(input());
    await user.type(input(), 'Something else');
    backend.release();
    await thread.findByText('An answer.');
    expect(input().value).toBe('Something else');
  });
});

describe('Copy', () => {
  const markdown = 'Publish from a **timer**:\n\n```python\nnode.create_timer(0.5, tick)\n```';

  it("copies the answer's Markdown and says Copied, visibly and to screen readers", async () => {
    const { el, thread, status } = await mount(stubBackend(() => firstTurn('Q?', markdown)).fetch);
    const user = userEvent.setup();
    const writeText = vi.spyOn(navigator.clipboard, 'writeText');
    await el.sendUserMessage({ text: 'Q?' });

    const actions = thread.getByRole('group', { name: en.answerActions });
    await user.click(within(actions).getByRole('button', { name: en.copyAnswer }));
    expect(writeText).toHaveBeenCalledWith(markdown);
    expect(within(actions).getByText(en.copied)).toBeVisible();
    expect(status()).toBe(en.copied);
  });

  it('gives each code block its own Copy', async () => {
    const { el, thread, status } = await mount(stubBackend(() => firstTurn('Q?', markdown)).fetch);
    const user = userEvent.setup();
    const writeText = vi.spyOn(navigator.clipboard, 'writeText');
    await el.sendUserMessage({ text: 'Q?' });

    const copyCode = thread.getByRole('button', { name: en.copyCode.label });
    expect(copyCode.dataset.label).toBe(en.copyCode.visible);
    // The button's word is not part of the answer's text.
    expect(thread.getByText(/create_timer/).closest('.ck-message-body')?.textContent).not.toMatch(
      /Copy/,
    );
    await user.click(copyCode);
    expect(writeText).toHaveBeenCalledWith('node.create_timer(0.5, tick)\n');
    expect(copyCode.dataset.label).toBe(en.copied);
    expect(copyCode.getAttribute('aria-label')).toBe(en.copied);
    expect(status()).toBe(en.copied);
  });

  it('"Copied" goes away after a moment', async () => {
    const { el, thread } = await mount(stubBackend(() => firstTurn('Q?', 'Short.')).fetch);
    await el.sendUserMessage({ text: 'Q?' });
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    vi.useFakeTimers();
    thread.getByRole('button', { name: en.copyAnswer }).click();
    await vi.advanceTimersByTimeAsync(0);
    expect(thread.getByText(en.copied)).toBeVisible();
    await vi.advanceTimersByTimeAsync(2100);
    expect(thread.queryByText(en.copied)).toBeNull();
  });

  it('a refused clipboard says so, and nothing is lost', async () => {
    const { el, thread, status } = await mount(stubBackend(() => firstTurn('Q?', markdown)).fetch);
    const user = userEvent.setup();
    const writeText = vi
      .spyOn(navigator.clipboard, 'writeText')
      .mockRejectedValueOnce(new DOMException('Write permission denied.', 'NotAllowedError'));
    await el.sendUserMessage({ text: 'Q?' });

    const actions = thread.getByRole('group', { name: en.answerActions });
    await user.click(within(actions).getByRole('button', { name: en.copyAnswer }));
    expect(within(actions).getByText(en.copyFailed)).toBeVisible();
    expect(status()).toBe(en.copyFailed);
    expect((await thread.findByText('timer')).tagName).toBe('STRONG');

    // It works again when the clipboard does.
    await user.click(within(actions).getByRole('button', { name: en.copyAnswer }));
    expect(writeText).toHaveBeenCalledTimes(2);
    expect(within(actions).getByText(en.copied)).toBeVisible();
    expect(within(actions).queryByText(en.copyFailed)).toBeNull();
  });

  it('no clipboard at all (an insecure page) is a refusal too', async () => {
    const { el, thread } = await mount(stubBackend(() => firstTurn('Q?', 'Short.')).fetch);
    await el.sendUserMessage({ text: 'Q?' });
    Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true });
    thread.getByRole('button', { name: en.copyAnswer }).click();
    await waitFor(() => expect(thread.getByText(en.copyFailed)).toBeInTheDocument());
  });

  it('shows no actions on an answer that is still streaming, or that broke off', async () => {
    const stream = openStream(firstTurnStreaming('Q?', 'Par'));
    const { el, thread } = await mount(stubBackend(() => stream.body).fetch, {
      threadItemActions: { feedback: true },
    });
    const sending = el.sendUserMessage({ text: 'Q?' });
    await waitFor(() => expect(thread.getByText('Par')).toBeInTheDocument());
    expect(thread.queryByRole('group', { name: en.answerActions })).toBeNull();
    stream.push(sse({ type: 'error', code: 'stream.error', allow_retry: true }));
    stream.end();
    await sending;
    expect(thread.getByText(en.answerFailed)).toBeInTheDocument();
    expect(thread.queryByRole('group', { name: en.answerActions })).toBeNull();
  });
});

describe('Feedback', () => {
  const feedbackReply = (status = 200) => ({
    json: status === 200 ? {} : { detail: 'boom' },
    status,
  });

  it('shows no thumbs unless threadItemActions.feedback is true', async () => {
    const { el, thread } = await mount(stubBackend(() => firstTurn('Q?', 'A.')).fetch);
    await el.sendUserMessage({ text: 'Q?' });
    expect(thread.queryByRole('button', { name: en.feedbackPositive })).toBeNull();
    el.setOptions({
      api: { url: URL_, domainKey: 'local-dev', fetch: stubBackend(() => '').fetch },
      threadItemActions: { feedback: true },
    });
    expect(thread.getByRole('button', { name: en.feedbackPositive })).toBeVisible();
  });

  it('asks what was wrong after "Not helpful", and sends the reasons and note in metadata', async () => {
    const backend = stubBackend((request) =>
      request.type === 'items.feedback' ? feedbackReply() : firstTurn('Q?', 'A.'),
    );
    const { el, thread, status } = await mount(backend.fetch, {
      threadItemActions: { feedback: true },
    });
    const user = userEvent.setup();
    await el.sendUserMessage({ text: 'Q?' });
    const t = en.feedbackReason;
    expect(thread.queryByRole('group', { name: t.question })).toBeNull();

    await user.click(thread.getByRole('button', { name: en.feedbackNegative }));
    const why = thread.getByRole('group', { name: t.question });
    expect(why).toBeVisible();
    await waitFor(() => expect(status()).toBe(en.feedbackSent));
    expect(backend.requests.at(-1)).toMatchObject({ params: { kind: 'negative' } });

    const incomplete = within(why).getByRole('button', { name: t.reasons.incomplete });
    await user.click(incomplete);
    expect(incomplete).toHaveAttribute('aria-pressed', 'true');
    await user.click(within(why).getByRole('button', { name: t.reasons.outdated }));
    const note = within(why).getByRole('textbox', { name: t.note });
    expect(note).toHaveAttribute('maxlength', '1000');
    await user.type(note, '  It skips the launch file.  ');
    await user.click(within(why).getByRole('button', { name: t.send }));

    expect(thread.queryByRole('group', { name: t.question })).toBeNull();
    await waitFor(() =>
      expect(backend.requests.at(-1)).toEqual({
        type: 'items.feedback',
        params: { thread_id: THREAD, item_ids: [ANSWER_ID], kind: 'negative' },
        metadata: {
          feedback: { reasons: ['incomplete', 'outdated'], note: 'It skips the launch file.' },
        },
      }),
    );

    // "Helpful" afterwards closes nothing more and asks nothing; Skip closes the question unsent.
    await user.click(thread.getByRole('button', { name: en.feedbackPositive }));
    await user.click(thread.getByRole('button', { name: en.feedbackNegative }));
    const again = thread.getByRole('group', { name: t.question });
    const sent = backend.requests.length;
    await user.click(within(again).getByRole('button', { name: t.skip }));
    expect(thread.queryByRole('group', { name: t.question })).toBeNull();
    expect(backend.requests.length).toBe(sent);
  });

  it('sends items.feedback with thread_id, item_ids and kind; the choice shows and can change', async () => {
    const backend = stubBackend((request) =>
      request.type === 'items.feedback' ? feedbackReply() : firstTurn('Q?', 'A.'),
    );
    const { el, thread, status } = await mount(backend.fetch, {
      threadItemActions: { feedback: true },
    });
    const user = userEvent.setup();
    await el.sendUserMessage({ text: 'Q?' });
    const up = thread.getByRole('button', { name: en.feedbackPositive });
    const down = thread.getByRole('button', { name: en.feedbackNegative });
    expect(up.getAttribute('aria-pressed')).toBe('false');
    expect(down.getAttribute('aria-pressed')).toBe('false');

    await user.click(up);
    expect(up.getAttribute('aria-pressed')).toBe('true');
    await waitFor(() => expect(status()).toBe(en.feedbackSent));
    expect(backend.requests.at(-1)).toEqual({
      type: 'items.feedback',
      params: { thread_id: THREAD, item_ids: [ANSWER_ID], kind: 'positive' },
      metadata: {},
    });

    // Pressing the chosen one again sends nothing more.
    await user.click(up);
    expect(backend.requests.filter((r) => r.type === 'items.feedback')).toHaveLength(1);

    await user.click(down);
    expect(up.getAttribute('aria-pressed')).toBe('false');
    expect(down.getAttribute('aria-pressed')).toBe('true');
    await waitFor(() =>
      expect(backend.requests.at(-1)).toMatchObject({
        type: 'items.feedback',
        params: { kind: 'negative' },
      }),
    );
  });

  it('a failed send (500) says so, keeps the choice, and Send again sends it', async () => {
    let feedbackCalls = 0;
    const backend = stubBackend((request) => {
      if (request.type !== 'items.feedback') return firstTurn('Q?', 'A.');
      feedbackCalls += 1;
      return feedbackReply(feedbackCalls === 1 ? 500 : 200);
    });
    const { el, thread, status, logs, errors } = await mount(backend.fetch, {
      threadItemActions: { feedback: true },
    });
    const user = userEvent.setup();
    await el.sendUserMessage({ text: 'Q?' });
    const down = thread.getByRole('button', { name: en.feedbackNegative });
    await user.click(down);

    const actions = thread.getByRole('group', { name: en.answerActions });
    await waitFor(() => expect(within(actions).getByText(en.feedbackFailed)).toBeVisible());
    expect(status()).toBe(en.feedbackFailed);
    expect(down.getAttribute('aria-pressed')).toBe('true');
    expect(logs).toContainEqual({
      name: 'local.feedback.failed',
      data: { itemId: ANSWER_ID, kind: 'negative', status: 500 },
    });
    // A feedback failure is the thread's business, not the host's error panel.
    expect(errors).toEqual([]);

    await user.click(within(actions).getByRole('button', { name: en.feedbackRetry }));
    await waitFor(() => expect(status()).toBe(en.feedbackSent));
    expect(within(actions).queryByText(en.feedbackFailed)).toBeNull();
    expect(within(actions).queryByRole('button', { name: en.feedbackRetry })).toBeNull();
    expect(down.getAttribute('aria-pressed')).toBe('true');
    expect(backend.requests.filter((r) => r.type === 'items.feedback')).toEqual([
      expect.objectContaining({ params: expect.objectContaining({ kind: 'negative' }) }),
      expect.objectContaining({ params: expect.objectContaining({ kind: 'negative' }) }),
    ]);
  });

  it('a refused copy and a failed feedback each keep their own note', async () => {
    const backend = stubBackend((request) =>
      request.type === 'items.feedback' ? feedbackReply(500) : firstTurn('Q?', 'A.'),
    );
    const { el, thread } = await mount(backend.fetch, { threadItemActions: { feedback: true } });
    const user = userEvent.setup();
    vi.spyOn(navigator.clipboard, 'writeText').mockRejectedValue(new Error('denied'));
    await el.sendUserMessage({ text: 'Q?' });
    const actions = within(thread.getByRole('group', { name: en.answerActions }));
    await user.click(actions.getByRole('button', { name: en.feedbackPositive }));
    await waitFor(() => expect(actions.getByText(en.feedbackFailed)).toBeVisible());
    await user.click(actions.getByRole('button', { name: en.copyAnswer }));
    expect(actions.getByText(en.copyFailed)).toBeVisible();
    expect(actions.getByText(en.feedbackFailed)).toBeVisible();
    expect(actions.getByRole('button', { name: en.feedbackRetry })).toBeVisible();
  });

  it('after a network failure, pressing the kept choice again resends it', async () => {
    let failed = false;
    const backend = stubBackend(() => firstTurn('Q?', 'A.'));
    const fetch: typeof globalThis.fetch = async (input, init) => {
      const body = JSON.parse(String(init?.body)) as ChatKitRequestInput;
      if (body.type === 'items.feedback' && !failed) {
        failed = true;
        throw new TypeError('Failed to fetch');
      }
      if (body.type === 'items.feedback') return new Response('{}');
      return backend.fetch(input, init);
    };
    const { el, thread, status } = await mount(fetch, { threadItemActions: { feedback: true } });
    const user = userEvent.setup();
    await el.sendUserMessage({ text: 'Q?' });
    const up = thread.getByRole('button', { name: en.feedbackPositive });
    await user.click(up);
    await waitFor(() => expect(thread.getByText(en.feedbackFailed)).toBeVisible());
    await user.click(up);
    await waitFor(() => expect(status()).toBe(en.feedbackSent));
    expect(up.getAttribute('aria-pressed')).toBe('true');
  });

  it('is offered on restored answers and on a stopped answer with text, in Urdu too', async () => {
    const stored = [userItem('msg_u1', 'Q?'), assistantItem(ANSWER_ID, outputText('Stored.'))];
    const backend = stubBackend((request) =>
      request.type === 'threads.get_by_id' ? { json: threadJson('Q?', stored) } : feedbackReply(),
    );
    const { thread } = await mount(backend.fetch, {
      initialThread: THREAD,
      locale: 'ur',
      threadItemActions: { feedback: true },
    });
    const actions = thread.getByRole('group', { name: ur.answerActions });
    expect(within(actions).getByRole('button', { name: 'مفید' })).toBeVisible();
    expect(within(actions).getByRole('button', { name: 'مفید نہیں' })).toBeVisible();
    expect(within(actions).getByRole('button', { name: 'جواب کاپی کریں' })).toBeVisible();
  });
});

describe('Quotes', () => {
  const passage = 'A node publishes on a topic; any number of nodes may subscribe to it.';

  it('setComposerValue({ reply }) shows a removable quote, and sending puts it in quoted_text', async () => {
    const backend = stubBackend(() =>
      sse(
        created(),
        done(userItem('msg_u1', 'Explain this', passage)),
        streamOptions(),
        ...answer('It is publish and subscribe.'),
      ),
    );
    const { el, ui, thread, input } = await mount(backend.fetch);
    await el.setComposerValue({ reply: passage });

    // Above the composer, not typed into it.
    expect(input().value).toBe('');
    const quote = el.querySelector<HTMLElement>('.ck-quote')!;
    expect(quote.hidden).toBe(false);
    expect(quote.textContent).toContain(passage);
    expect(within(quote).getByRole('button', { name: en.removeQuote })).toBeVisible();
    // The textarea is described by it.
    expect(input().getAttribute('aria-describedby')).toBe(quote.querySelector('blockquote')!.id);

    await userEvent.setup().type(input(), 'Explain this{Enter}');
    await waitFor(() =>
      expect(thread.getByText('It is publish and subscribe.')).toBeInTheDocument(),
    );
    expect(backend.requests[0]).toEqual({
      type: 'threads.create',
      params: {
        input: {
          content: [{ type: 'input_text', text: 'Explain this' }],
          attachments: [],
          quoted_text: passage,
          inference_options: {},
        },
      },
      metadata: {},
    });
    // The bubble shows the passage with the question; the composer's quote is gone.
    const bubble = thread.getByText('Explain this').closest('.ck-message--user')!;
    expect(bubble.querySelector('blockquote')?.textContent).toBe(`${en.quoteLabel} ${passage}`);
    expect(bubble.textContent).toBe(`${en.youSaid} ${en.quoteLabel} ${passage}Explain this`);
    expect(quote.hidden).toBe(true);
    expect(input().hasAttribute('aria-describedby')).toBe(false);
    expect(ui.getAllByText(passage, { exact: false })).toHaveLength(1);
  });

  it('a quote of several lines (a code block) keeps them, in a box keyboard readers can scroll', async () => {
    const code =
      'def talker():\n    pub = node.create_publisher(String, "chatter", 10)\n    pub.publish(msg)';
    const backend = stubBackend(() =>
      sse(
        created(),
        done(userItem('msg_u1', 'What does this do?', code)),
        streamOptions(),
        ...answer('It publishes.'),
      ),
    );
    const { el, thread, input } = await mount(backend.fetch);
    const user = userEvent.setup();
    await el.setComposerValue({ reply: code });
    const quote = within(el.querySelector<HTMLElement>('.ck-quote')!);
    const block = el.querySelector<HTMLElement>('.ck-quote blockquote')!;
    expect(block.textContent).toBe(`${en.quoteLabel} ${code}`);
    // Shift+Tab from the composer: Remove, then the quote itself (it scrolls when long).
    input().focus();
    await user.tab({ shift: true });
    expect(quote.getByRole('button', { name: en.removeQuote })).toHaveFocus();
    await user.tab({ shift: true });
    expect(block).toHaveFocus();

    await user.type(input(), 'What does this do?{Enter}');
    await waitFor(() => expect(thread.getByText('It publishes.')).toBeInTheDocument());
    expect(backend.requests[0]).toMatchObject({ params: { input: { quoted_text: code } } });
    // A one-line quote afterwards is no stop on the way.
    await el.setComposerValue({ reply: 'One line.' });
    input().focus();
    await user.tab({ shift: true });
    await user.tab({ shift: true });
    expect(block).not.toHaveFocus();
  });

  it('a quote removed before sending is not sent', async () => {
    const backend = stubBackend(() => firstTurn('Question', 'Answer.'));
    const { el, input } = await mount(backend.fetch);
    const user = userEvent.setup();
    await el.setComposerValue({ text: 'Question', reply: passage });
    expect(input().value).toBe('Question');
    await user.click(el.querySelector<HTMLButtonElement>('.ck-quote-remove')!);
    expect(el.querySelector<HTMLElement>('.ck-quote')!.hidden).toBe(true);
    expect(document.activeElement).toBe(input());
    await user.keyboard('{Enter}');
    await waitFor(() => expect(backend.requests).toHaveLength(1));
    expect(JSON.stringify(backend.requests[0])).not.toContain('quoted_text');
  });

  it('an empty reply clears the quote; text alone leaves it', async () => {
    const { el } = await mount(stubBackend(() => '').fetch);
    const quote = el.querySelector<HTMLElement>('.ck-quote')!;
    await el.setComposerValue({ reply: passage });
    await el.setComposerValue({ text: 'typed' });
    expect(quote.hidden).toBe(false);
    await el.setComposerValue({ reply: '' });
    expect(quote.hidden).toBe(true);
  });

  it('a message refused before it was accepted comes back with its quote', async () => {
    const fetch: typeof globalThis.fetch = async () =>
      new Response('{"error":{"type":"ChatKitError","message":"x"},"timestamp":"t"}', {
        status: 500,
      });
    const { el, input } = await mount(fetch);
    await el.setComposerValue({ text: 'Explain this', reply: passage });
    await userEvent.setup().type(input(), '{Enter}');
    await waitFor(() => expect(input().value).toBe('Explain this'));
    expect(el.querySelector<HTMLElement>('.ck-quote')!.hidden).toBe(false);
    expect(el.querySelector('.ck-quote')!.textContent).toContain(passage);
  });

  it('shows the quote with its question in a restored thread', async () => {
    const stored = [
      userItem('msg_u1', 'Explain this', passage),
      assistantItem(ANSWER_ID, outputText('Publish and subscribe.')),
    ];
    const backend = stubBackend(() => ({ json: threadJson('Explain this', stored) }));
    const { thread } = await mount(backend.fetch, { initialThread: THREAD });
    const bubble = thread.getByText('Explain this').closest('.ck-message--user')!;
    expect(within(bubble as HTMLElement).getByText(passage)).toBeInTheDocument();
    expect(bubble.querySelector('blockquote')).toBeTruthy();
  });
});

describe('Disclaimer', () => {
  it('renders disclaimer.text (Markdown) as one line under the composer, and follows setOptions', async () => {
    const fetch = stubBackend(() => '').fetch;
    const text = 'Answers are generated and can be wrong; check the [linked pages](/docs/intro).';
    const { el, ui } = await mount(fetch, { disclaimer: { text } });
    const line = el.querySelector<HTMLElement>('.ck-disclaimer')!;
    expect(line.hidden).toBe(false);
    expect(line.previousElementSibling?.tagName).toBe('FORM');
    expect(line.textContent?.trim()).toBe(
      'Answers are generated and can be wrong; check the linked pages.',
    );
    expect(ui.getByRole('link', { name: 'linked pages' }).getAttribute('href')).toBe('/docs/intro');
    expect(line.querySelector('script, img')).toBeNull();

    el.setOptions({
      api: { url: URL_, domainKey: 'local-dev', fetch },
      disclaimer: { text: 'جوابات غلط بھی ہو سکتے ہیں۔', highContrast: true },
    });
    expect(line.textContent?.trim()).toBe('جوابات غلط بھی ہو سکتے ہیں۔');
    expect(line.classList.contains('ck-disclaimer--high-contrast')).toBe(true);
    el.setOptions({ api: { url: URL_, domainKey: 'local-dev', fetch } });
    expect(line.hidden).toBe(true);
  });

  it('shows markup in the text as text', async () => {
    const { el } = await mount(stubBackend(() => '').fetch, {
      disclaimer: { text: '<img src=x onerror=alert(1)> Be careful.' },
    });
    const line = el.querySelector<HTMLElement>('.ck-disclaimer')!;
    expect(line.querySelector('img')).toBeNull();
    expect(line.textContent).toContain('Be careful.');
  });
});
