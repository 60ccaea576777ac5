// @vitest-environment jsdom
/**
 * What the element shows for what real backends send: workflows, tasks, sources of every kind,
 * tags, items it cannot show, event types it does not know, and threads restored mid-answer. The
 * backend is a stub `api.fetch` answering with bodies written as the reference Python server writes
 * them (compact JSON, no nulls, naive datetimes, pydantic's key order).
 */
import { within, waitFor } from '@testing-library/dom';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { registerLocalChatKit } from './register';
import {
  added,
  assistantItem,
  base,
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
  userItem,
  type Json,
} from '../elementHarness.test-support';

// ---------------------------------------------------------------------------------------------
// The wire, as chatkit-python writes it (the rest: ../elementHarness.test-support.ts)
// ---------------------------------------------------------------------------------------------

const thought = (content: string) => ({ status_indicator: 'none', type: 'thought', content });
const workflowItem = (id: string, workflow: Json) => ({ ...base(id), type: 'workflow', workflow });
const urlSource = (title: string, url: string) => ({ title, type: 'url', url });
const annotation = (source: Json, index?: number) => ({
  type: 'annotation',
  source,
  ...(index !== undefined && { index }),
});

/** An assistant message streamed the way agents.py streams one, done with `annotations`. */
function answer(id: string, value: string, annotations: Json[] = []): Json[] {
  const half = Math.ceil(value.length / 2);
  return [
    added(assistantItem(id)),
    updated(id, {
      type: 'assistant_message.content_part.added',
      content_index: 0,
      content: outputText(''),
    }),
    updated(id, {
      type: 'assistant_message.content_part.text_delta',
      content_index: 0,
      delta: value.slice(0, half),
    }),
    updated(id, {
      type: 'assistant_message.content_part.text_delta',
      content_index: 0,
      delta: value.slice(half),
    }),
    ...annotations.map((a, i) =>
      updated(id, {
        type: 'assistant_message.content_part.annotation_added',
        content_index: 0,
        annotation_index: i,
        annotation: a,
      }),
    ),
    updated(id, {
      type: 'assistant_message.content_part.done',
      content_index: 0,
      content: outputText(value),
    }),
    done(assistantItem(id, outputText(value, annotations))),
  ];
}

const REASONING: Json[] = [
  added(workflowItem('wf_1', { type: 'reasoning', tasks: [], expanded: false })),
  updated('wf_1', {
    type: 'workflow.task.added',
    task_index: 0,
    task: thought('**Comparing the robots**\n\n'),
  }),
  updated('wf_1', {
    type: 'workflow.task.updated',
    task_index: 0,
    task: thought('**Comparing the robots**\n\nBoth use ROS 2 controllers.'),
  }),
];
const REASONING_DONE = done(
  workflowItem('wf_1', {
    type: 'reasoning',
    tasks: [thought('**Comparing the robots**\n\nBoth use ROS 2 controllers.')],
    summary: { duration: 3 },
    expanded: false,
  }),
);

// ---------------------------------------------------------------------------------------------
// A stream held back (the stub backend and the element: ../elementHarness.test-support.ts)
// ---------------------------------------------------------------------------------------------

/** A stream that sends `first`, then waits for `release()` to send `rest` and end. */
function pausedStream(first: string, rest: string) {
  const encoder = new TextEncoder();
  let release = () => {};
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(first));
      release = () => {
        controller.enqueue(encoder.encode(rest));
        controller.close();
      };
    },
  });
  return { body, release: () => release() };
}

beforeAll(() => {
  registerLocalChatKit();
});

afterEach(() => {
  document.body.replaceChildren();
});

// ---------------------------------------------------------------------------------------------

describe('reasoning workflows', () => {
  it('shows "Thinking…" while the workflow streams, then a collapsed "Thought for 3s"', async () => {
    const stream = pausedStream(
      sse(created(), done(userItem('msg_u')), streamOptions(), ...REASONING),
      sse(REASONING_DONE, ...answer('msg_a', 'Use **OpenVLA**.')),
    );
    const backend = stubBackend(() => stream.body);
    const { el, thread, log } = await mount(backend.fetch);
    const sending = el.sendUserMessage({ text: 'Question?' });

    const live = await thread.findByRole('button', { name: 'Thinking…' });
    expect(live.getAttribute('aria-expanded')).toBe('false');
    expect(live.closest('.ck-workflow')?.classList.contains('ck-workflow--live')).toBe(true);
    // The workflow says the assistant is busy: the typing dots step aside.
    expect(thread.queryByText('Assistant is typing…')).toBeNull();
    // Its thoughts stream as text into the (collapsed) panel.
    const panel = log.querySelector<HTMLElement>(`#${live.getAttribute('aria-controls')}`)!;
    expect(panel.hidden).toBe(true);
    await waitFor(() => expect(panel.textContent).toContain('Both use ROS 2 controllers.'));

    stream.release();
    await sending;
    const summary = thread.getByRole('button', { name: 'Thought for 3s' });
    expect(summary).toBe(live);
    expect(summary.getAttribute('aria-expanded')).toBe('false');
    expect(panel.hidden).toBe(true);
    expect((await thread.findByText('OpenVLA')).tagName).toBe('STRONG');
    // Order on screen: question, workflow, answer.
    expect([...log.children].map((c) => c.className)).toEqual([
      'ck-message ck-message--user',
      'ck-workflow ck-workflow--reasoning',
      'ck-message ck-message--assistant',
    ]);

    await userEvent.setup().click(summary);
    expect(summary.getAttribute('aria-expanded')).toBe('true');
    expect(panel.hidden).toBe(false);
    // Final thoughts are markdown, like answers.
    expect((await within(panel).findByText('Comparing the robots')).tagName).toBe('STRONG');
    expect(within(panel).getByText('Both use ROS 2 controllers.')).toBeVisible();
    await userEvent.setup().click(summary);
    expect(panel.hidden).toBe(true);
  });

  it('appends a growing thought to its live text node', async () => {
    const stream = pausedStream(
      sse(created(), done(userItem('msg_u')), streamOptions(), ...REASONING.slice(0, 2)),
      sse(REASONING[2]!, REASONING_DONE, ...answer('msg_a', 'Done.')),
    );
    const { el, log } = await mount(stubBackend(() => stream.body).fetch);
    const sending = el.sendUserMessage({ text: 'Question?' });
    await waitFor(() => expect(log.querySelector('.ck-task-content')?.textContent).toBeTruthy());
    const node = log.querySelector('.ck-task-content')!.firstChild;
    stream.release();
    await waitFor(() => expect(log.querySelector('.ck-markdown strong')).toBeTruthy());
    await sending;
    expect(node?.nodeType).toBe(Node.TEXT_NODE);
  });

  it('shows a custom summary title, and the Urdu labels', async () => {
    const custom = workflowItem('wf_2', {
      type: 'custom',
      tasks: [{ status_indicator: 'complete', type: 'custom', title: 'Searched the textbook' }],
      summary: { title: 'Looked it up', icon: 'search' },
      expanded: false,
    });
    const stream = pausedStream(
      sse(created(), done(userItem('msg_u')), streamOptions(), REASONING[0]!),
      sse(REASONING_DONE, done(custom), ...answer('msg_a', 'Done.')),
    );
    const { el, thread } = await mount(stubBackend(() => stream.body).fetch, { locale: 'ur' });
    const sending = el.sendUserMessage({ text: 'Question?' });
    expect(await thread.findByRole('button', { name: 'سوچ رہا ہے…' })).toBeInTheDocument();
    stream.release();
    await sending;
    expect(thread.getByRole('button', { name: '3 سیکنڈ تک سوچا' })).toBeInTheDocument();
    expect(thread.getByRole('button', { name: 'Looked it up' })).toBeInTheDocument();
  });

  it('removes a workflow the server removes', async () => {
    const backend = stubBackend(() =>
      sse(
        created(),
        done(userItem('msg_u')),
        streamOptions(),
        REASONING[0]!,
        { type: 'thread.item.removed', item_id: 'wf_1' },
        ...answer('msg_a', 'Plain answer.'),
      ),
    );
    const { el, thread, log } = await mount(backend.fetch);
    await el.sendUserMessage({ text: 'Question?' });
    expect(thread.queryByRole('button', { name: /Thinking|Thought/ })).toBeNull();
    expect(log.querySelector('.ck-workflow')).toBeNull();
    expect(thread.getByText('Plain answer.')).toBeInTheDocument();
  });
});

describe('tasks, sources, tags and what cannot be shown', () => {
  it('shows a task as a short line', async () => {
    const task = {
      ...base('tsk_1'),
      type: 'task',
      task: {
        status_indicator: 'none',
        type: 'custom',
        title: 'Read “From Voice to Action”',
        icon: 'book-open',
        content: 'Chapter 4',
      },
    };
    const backend = stubBackend(() =>
      sse(
        created(),
        done(userItem('msg_u')),
        streamOptions(),
        done(task),
        ...answer('msg_a', 'Ok.'),
      ),
    );
    const { el, log } = await mount(backend.fetch);
    await el.sendUserMessage({ text: 'Question?' });
    const line = log.querySelector('.ck-task-line')!;
    expect(line.textContent).toBe('Read “From Voice to Action” Chapter 4');
    expect(line.nextElementSibling?.className).toContain('ck-message--assistant');
  });

  it('lists entity and file sources by title without a link; url sources link', async () => {
    const sources = [
      annotation(
        {
          title: 'Isaac Sim and Synthetic Data',
          type: 'entity',
          id: 'doc:isaac/isaac-sim',
          interactive: false,
          data: {},
        },
        10,
      ),
      annotation({ title: 'isaac-sim-lab.pdf', type: 'file', filename: 'isaac-sim-lab.pdf' }, 20),
      annotation(urlSource('Replicator Tutorials', 'https://docs.example.org/replicator'), 30),
      annotation(urlSource('Sneaky', 'javascript:alert(1)')),
    ];
    const backend = stubBackend(() =>
      sse(
        created(),
        done(userItem('msg_u')),
        streamOptions(),
        ...answer('msg_a', 'Use Replicator.', sources),
      ),
    );
    const { el, thread } = await mount(backend.fetch);
    await el.sendUserMessage({ text: 'Question?' });
    const list = within(thread.getByRole('list', { name: 'Sources' }));
    expect(list.getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Isaac Sim and Synthetic Data',
      'isaac-sim-lab.pdf',
      'Replicator Tutorials (opens in a new tab)',
      'Sneaky',
    ]);
    expect(list.getAllByRole('link').map((a) => a.getAttribute('href'))).toEqual([
      'https://docs.example.org/replicator',
    ]);
  });

  it('shows an input_tag as its text', async () => {
    const question = userItem('msg_u', [
      { type: 'input_text', text: 'Summarise ' },
      {
        type: 'input_tag',
        id: 'doc:vla/voice-to-action',
        text: 'From Voice to Action',
        data: { path: '/docs/vla/voice-to-action' },
        group: 'Chapters',
        interactive: false,
      },
      { type: 'input_text', text: ' in three points.' },
    ]);
    const backend = stubBackend(() =>
      sse(created(), done(question), streamOptions(), ...answer('msg_a', 'Listen, plan, act.')),
    );
    const { el, log } = await mount(backend.fetch);
    await el.sendUserMessage({ text: 'Summarise From Voice to Action in three points.' });
    const bubble = log.querySelector('.ck-message--user')!;
    expect(bubble.textContent).toBe('You said: Summarise From Voice to Action in three points.');
    expect(bubble.querySelector('.ck-tag')?.textContent).toBe('From Voice to Action');
    expect(log.querySelectorAll('.ck-message--user')).toHaveLength(1);
  });

  it('notes a widget it cannot show, and logs it', async () => {
    const widget = {
      ...base('msg_w'),
      type: 'widget',
      widget: { type: 'Card', children: [{ type: 'Text', value: 'Quiz' }] },
      copy_text: 'Quiz',
    };
    const backend = stubBackend(() =>
      sse(
        created(),
        done(userItem('msg_u')),
        streamOptions(),
        added(widget),
        updated('msg_w', { type: 'widget.root.updated', widget: widget.widget }),
        done(widget),
        ...answer('msg_a', 'Here is a quiz.'),
      ),
    );
    const { el, thread, logs, errors } = await mount(backend.fetch);
    await el.sendUserMessage({ text: 'Question?' });
    expect(thread.getAllByText("This part of the answer can't be shown here.")).toHaveLength(1);
    expect(thread.getByText('Here is a quiz.')).toBeInTheDocument();
    expect(logs).toContainEqual({ name: 'item.unrendered', data: { type: 'widget', id: 'msg_w' } });
    expect(errors).toEqual([]);
  });

  it('renders nothing for an end of turn', async () => {
    const backend = stubBackend(() =>
      sse(
        created(),
        done(userItem('msg_u')),
        streamOptions(),
        ...answer('msg_a', 'Ok.'),
        done({ ...base('msg_e'), type: 'end_of_turn' }),
      ),
    );
    const { el, log } = await mount(backend.fetch);
    await el.sendUserMessage({ text: 'Question?' });
    expect(log.children).toHaveLength(2);
  });
});

describe('reading the stream tolerantly', () => {
  it('passes over an unknown event type, logs it, and still completes the answer', async () => {
    const backend = stubBackend(() =>
      sse(
        created(),
        done(userItem('msg_u')),
        streamOptions(),
        { type: 'thread.item.glowing', item_id: 'msg_a', intensity: 3 },
        ...answer('msg_a', 'Still here.'),
        { type: 'stream_options', stream_options: { allow_cancel: 'sometimes' } },
      ),
    );
    const { el, thread, logs, errors } = await mount(backend.fetch);
    await el.sendUserMessage({ text: 'Question?' });
    expect(thread.getByText('Still here.')).toBeInTheDocument();
    expect(errors).toEqual([]);
    expect(thread.queryByRole('button', { name: 'Retry' })).toBeNull();
    expect(logs.filter((l) => l.name === 'event.skipped')).toEqual([
      {
        name: 'event.skipped',
        data: { type: 'thread.item.glowing', reason: 'unknown event type' },
      },
      {
        name: 'event.skipped',
        data: { type: 'stream_options', reason: expect.stringContaining('allow_cancel') },
      },
    ]);
  });

  it("shows a custom error's message (meant for the reader), a stream.error a friendly one", async () => {
    const custom = 'The textbook search is being re-indexed. Please ask again in a few minutes.';
    let first = true;
    const backend = stubBackend(() => {
      const error = first
        ? { type: 'error', code: 'custom', message: custom, allow_retry: false }
        : { type: 'error', code: 'stream.error', allow_retry: true };
      const events = first
        ? [created(), done(userItem('msg_u')), streamOptions(), error]
        : [done(userItem('msg_v')), streamOptions(), error];
      first = false;
      return sse(...events);
    });
    const { el, thread: ui } = await mount(backend.fetch);
    await el.sendUserMessage({ text: 'Question?' });
    expect(ui.getByText(custom)).toBeVisible();
    expect(ui.queryByRole('button', { name: 'Retry' })).toBeNull(); // allow_retry: false
    await el.sendUserMessage({ text: 'Again?' });
    expect(ui.getByText('Something went wrong while answering.')).toBeVisible();
    expect(ui.getByRole('button', { name: 'Retry' })).toBeInTheDocument();
  });

  it('reads null fields from other servers as absent', async () => {
    const backend = stubBackend(() =>
      sse(
        { type: 'thread.created', thread: { ...threadJson(), title: null } },
        done({ ...userItem('msg_u'), quoted_text: null }),
        ...answer('msg_a', 'Fine.'),
      ).replace('"content":[]}', '"content":[]},"extra":null'),
    );
    const { el, thread: ui, errors } = await mount(backend.fetch);
    await el.sendUserMessage({ text: 'Question?' });
    expect(ui.getByText('Fine.')).toBeInTheDocument();
    expect(errors).toEqual([]);
  });

  it('sends no nulls, and always attachments and inference_options', async () => {
    const backend = stubBackend(() =>
      sse(created(), done(userItem('msg_u')), streamOptions(), ...answer('msg_a', 'Ok.')),
    );
    const { el } = await mount(backend.fetch);
    await el.sendUserMessage({ text: 'Question?' });
    await el.sendUserMessage({ text: 'Quoted', reply: 'the quote', model: 'gpt-x' });
    expect(backend.bodies.some((body) => body.includes('null'))).toBe(false);
    expect(backend.requests[0]).toEqual({
      type: 'threads.create',
      params: {
        input: {
          content: [{ type: 'input_text', text: 'Question?' }],
          attachments: [],
          inference_options: {},
        },
      },
      metadata: {},
    });
    expect(backend.requests[1]).toMatchObject({
      type: 'threads.add_user_message',
      params: {
        thread_id: THREAD,
        input: {
          attachments: [],
          quoted_text: 'the quote',
          inference_options: { model: 'gpt-x' },
        },
      },
    });
  });
});

describe('restoring a thread', () => {
  const source = annotation(urlSource('URDF and TF', 'https://robotics-textbook.example/urdf'));
  const stored = [
    userItem('msg_u1'),
    REASONING_DONE.item as Json,
    {
      ...base('tsk_1'),
      type: 'task',
      task: { status_indicator: 'none', type: 'custom', title: 'Read the URDF chapter' },
    },
    assistantItem('msg_a1', outputText('A URDF describes links.', [source])),
    { ...base('msg_e1'), type: 'end_of_turn' },
  ];

  it('shows workflows, tasks and sources as the stream did', async () => {
    const backend = stubBackend(() => ({ json: threadJson('URDF', stored) }));
    const { thread: ui, log, errors } = await mount(backend.fetch, { initialThread: THREAD });
    expect(errors).toEqual([]);
    expect(ui.getByRole('button', { name: 'Thought for 3s' }).getAttribute('aria-expanded')).toBe(
      'false',
    );
    expect(log.querySelector('.ck-task-line')?.textContent).toBe('Read the URDF chapter ');
    expect(ui.getByRole('link', { name: /^URDF and TF/ })).toBeInTheDocument();
    expect(ui.queryByRole('button', { name: 'Retry' })).toBeNull();
    expect(ui.queryByText(/didn't finish/)).toBeNull();
  });

  it('offers Retry for a question left without an answer, and Retry answers it', async () => {
    const unanswered = [...stored, userItem('msg_u2'), REASONING[0]!.item as Json];
    const backend = stubBackend((request) =>
      request.type === 'threads.get_by_id'
        ? { json: threadJson('URDF', unanswered) }
        : sse(streamOptions(), ...answer('msg_a2', 'TF tracks frames over time.')),
    );
    const { thread: ui, log, errors } = await mount(backend.fetch, { initialThread: THREAD });
    expect(errors).toEqual([]);
    expect(ui.getByText("This answer didn't finish. Try again?")).toBeInTheDocument();
    // The thinking it did is not live any more.
    expect(ui.queryByRole('button', { name: 'Thinking…' })).toBeNull();

    await userEvent.setup().click(ui.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(ui.getByText('TF tracks frames over time.')).toBeInTheDocument());
    await waitFor(() => expect(log.getAttribute('aria-busy')).toBe('false'));
    expect(backend.requests.at(-1)).toEqual({
      type: 'threads.retry_after_item',
      params: { thread_id: THREAD, item_id: 'msg_u2' },
      metadata: {},
    });
    expect(ui.queryByText("This answer didn't finish. Try again?")).toBeNull();
    expect(ui.queryByRole('button', { name: 'Retry' })).toBeNull();
    expect(ui.getAllByText('Question?')).toHaveLength(2);
    // The unfinished thinking made way for the new answer.
    expect(log.querySelectorAll('.ck-workflow')).toHaveLength(1);
  });

  it('offers Retry after an empty assistant message, and Retry replaces it', async () => {
    const empty = [...stored, userItem('msg_u2'), assistantItem('msg_a2', outputText(''))];
    const backend = stubBackend((request) =>
      request.type === 'threads.get_by_id'
        ? { json: threadJson('URDF', empty) }
        : sse(streamOptions(), ...answer('msg_a3', 'Second answer.')),
    );
    const { thread: ui, log } = await mount(backend.fetch, { initialThread: THREAD });
    expect(ui.getByText("This answer didn't finish. Try again?")).toBeInTheDocument();
    await userEvent.setup().click(ui.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(ui.getByText('Second answer.')).toBeInTheDocument());
    expect(backend.requests.at(-1)).toMatchObject({ params: { item_id: 'msg_u2' } });
    expect(log.querySelectorAll('.ck-message--assistant')).toHaveLength(2);
  });
});
