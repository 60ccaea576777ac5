/**
 * `ThreadModel` on streams recorded from the reference server (openai/chatkit-python, written by
 * tests/fixtures/wire/generate.py), read the way the element reads them: SSE framing, `parseJson`,
 * `readStreamEvent`.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { threadSchema, itemPageSchema, type ThreadStreamEvent } from '../../contract';
import { parseJson } from '../../contract/wire';
import { createThreadEventParser, type SkippedEvent } from '../transport/sse';
import {
  ThreadModel,
  userText,
  type AssistantItemState,
  type ThreadChange,
  type WorkflowItemState,
} from './thread';

const WIRE = new URL('../../../tests/fixtures/wire/', import.meta.url);
const fixture = (name: string) => readFileSync(new URL(name, WIRE), 'utf8');

function eventsOf(sse: string): ThreadStreamEvent[] {
  const skipped: SkippedEvent[] = [];
  const events = [...createThreadEventParser((s) => skipped.push(s)).feed(sse)];
  expect(skipped).toEqual([]);
  return events;
}

/** Applies every event, keeping each one's changes next to it. */
function replay(sse: string, model = new ThreadModel()) {
  const steps = eventsOf(sse).map((event) => ({ event, changes: model.apply(event) }));
  return { model, steps, changes: steps.flatMap((s) => s.changes) };
}

const assistantOf = (model: ThreadModel) =>
  [...model.items.values()].find((i) => i.type === 'assistant_message') as AssistantItemState;
const workflowOf = (model: ThreadModel) =>
  [...model.items.values()].find((i) => i.type === 'workflow') as WorkflowItemState;
const types = (model: ThreadModel) => [...model.items.values()].map((i) => i.type);
const kinds = (changes: ThreadChange[]) => changes.map((c) => c.type);

describe('ThreadModel on recorded streams', () => {
  it('plain answer: thread, question, streamed text, sources, title', () => {
    const sse = fixture('plain-answer.sse');
    const { model, steps } = replay(sse);
    const updated = steps.at(-1)!.event;
    expect(model.id).toMatch(/^thr_/);
    expect(updated.type === 'thread.updated' && updated.thread.title).toBeTruthy();
    expect(model.title).toBe(updated.type === 'thread.updated' && updated.thread.title);
    expect(model.allowCancel).toBe(true);
    expect(types(model)).toEqual(['user_message', 'assistant_message']);
    expect(model.lastUserItemId).toBe([...model.items.keys()][0]);

    const answer = assistantOf(model);
    const deltas = steps.filter((s) => s.changes.some((c) => c.type === 'text'));
    const streamed = deltas.map((s) => (s.changes[0] as { delta: string }).delta).join('');
    expect(answer.done).toBe(true);
    expect(answer.parts).toHaveLength(1);
    expect(answer.parts[0]!.text).toBe(streamed);
    expect(answer.parts[0]!.done).toBe(true);
    expect(answer.parts[0]!.annotations.map((a) => a.source.type)).toEqual(['url', 'url']);
    expect(model.hasOpenAnswer()).toBe(false);
    expect(model.unansweredQuestion()).toBeUndefined();

    // A delta is only a delta: nothing asks the view to re-read the whole answer.
    for (const step of deltas) expect(kinds(step.changes)).toEqual(['text']);
    // thread.created announces the thread once; thread.updated does not.
    expect(steps[0]!.changes).toEqual([{ type: 'thread', created: true }]);
    expect(steps.at(-1)!.changes).toEqual([{ type: 'thread', created: false }]);
  });

  it('keeps streamed annotations when content_part.done carries none (agents.py writes [])', () => {
    const events = eventsOf(fixture('plain-answer.sse'));
    const partDone = events.findIndex(
      (e) =>
        e.type === 'thread.item.updated' && e.update.type === 'assistant_message.content_part.done',
    );
    const model = new ThreadModel();
    for (const event of events.slice(0, partDone + 1)) model.apply(event);
    const part = assistantOf(model).parts[0]!;
    expect(part.done).toBe(true);
    expect(part.annotations.map((a) => a.source.title)).toEqual([
      'ROS 2: The Robotic Nervous System',
      'Nodes — ROS 2 Documentation: Jazzy documentation',
    ]);
  });

  it('reasoning: a live workflow gains and rewrites its thoughts, then is done before the answer', () => {
    const events = eventsOf(fixture('reasoning.sse'));
    const model = new ThreadModel();
    const added = events.findIndex((e) => e.type === 'thread.item.added');
    for (const event of events.slice(0, added + 1)) model.apply(event);
    expect(workflowOf(model)).toMatchObject({
      done: false,
      workflow: { type: 'reasoning', tasks: [], expanded: false },
    });

    const done = events.findIndex(
      (e) => e.type === 'thread.item.done' && e.item.type === 'workflow',
    );
    const contents: string[] = [];
    for (const event of events.slice(added + 1, done)) {
      expect(kinds(model.apply(event))).toEqual(['item']);
      const tasks = workflowOf(model).workflow.tasks;
      contents.push(tasks.map((t) => (t.type === 'thought' ? t.content : '')).join(' | '));
    }
    expect(workflowOf(model).done).toBe(false);
    // The first thought grows by being resent whole; the second arrives whole.
    expect(contents[0]).toBe('**Comparing model availability**\n\n');
    expect(contents[1]!.startsWith(contents[0]!)).toBe(true);
    expect(workflowOf(model).workflow.tasks).toHaveLength(2);

    for (const event of events.slice(done)) model.apply(event);
    const workflow = workflowOf(model);
    expect(workflow.done).toBe(true);
    expect(workflow.workflow.summary).toEqual({ duration: expect.any(Number) });
    expect(workflow.workflow.tasks.map((t) => t.type)).toEqual(['thought', 'thought']);
    expect(types(model)).toEqual(['user_message', 'workflow', 'assistant_message']);
    expect(model.unansweredQuestion()).toBeUndefined();
  });

  it('reasoning without a summary: the empty workflow is closed, not removed', () => {
    const { model } = replay(fixture('reasoning-empty.sse'));
    expect(workflowOf(model)).toMatchObject({
      done: true,
      workflow: { tasks: [], summary: { duration: 0 } },
    });
    expect(types(model)).toEqual(['user_message', 'workflow', 'assistant_message']);
  });

  it('guardrail: the workflow is removed, then the error event ends the answer', () => {
    const { model, changes } = replay(fixture('guardrail-removed.sse'));
    expect(types(model)).toEqual(['user_message']);
    expect(changes).toContainEqual({ type: 'item.removed', id: expect.stringMatching(/^wf_/) });
    expect(changes.at(-1)).toEqual({ type: 'error', code: 'stream.error', allowRetry: true });
    expect(model.unansweredQuestion()).toBe(model.lastUserItemId);
  });

  it('sources: the progress line shows until the text starts; entity, file and url sources', () => {
    const { model, steps } = replay(fixture('sources.sse'));
    const progress = steps.flatMap((s) => s.changes).filter((c) => c.type === 'progress');
    expect(progress).toEqual([
      { type: 'progress', text: 'Searching the textbook…' },
      { type: 'progress', text: undefined },
    ]);
    const cleared = steps.find((s) => s.changes.some((c) => c.type === 'progress' && !c.text));
    expect(cleared?.event).toMatchObject({
      update: { type: 'assistant_message.content_part.text_delta' },
    });
    expect(model.progress).toBeUndefined();
    expect(assistantOf(model).parts[0]!.annotations.map((a) => a.source)).toEqual([
      expect.objectContaining({ type: 'entity', title: 'Isaac Sim and Synthetic Data' }),
      expect.objectContaining({ type: 'file', filename: 'isaac-sim-replicator-lab.pdf' }),
      expect.objectContaining({ type: 'url', title: expect.stringMatching(/^Replicator/) }),
    ]);
  });

  it('task and tag: input_tag is part of the question, a task item, an end of turn', () => {
    const { model } = replay(fixture('task-and-tag.sse'));
    expect(types(model)).toEqual(['user_message', 'task', 'assistant_message', 'end_of_turn']);
    const question = [...model.items.values()][0]!;
    expect(question.type === 'user_message' && userText(question.content)).toBe(
      'Summarise From Voice to Action in three bullet points.',
    );
    expect([...model.items.values()][1]).toMatchObject({
      type: 'task',
      done: true,
      task: { type: 'custom', title: 'Read “From Voice to Action”' },
    });
    // An end of turn is not an answer, and it does not hide one.
    expect(model.unansweredQuestion()).toBeUndefined();
  });

  it('event variants: widgets, images and tool calls become placeholders; their updates are passed over', () => {
    const { model, changes } = replay(fixture('event-variants.sse'));
    expect(
      [...model.items.values()].map((i) => (i.type === 'other' ? i.originalType : i.type)),
    ).toEqual(['widget', 'widget', 'workflow', 'generated_image', 'client_tool_call']);
    const ignored = changes.filter((c) => c.type === 'update.ignored').map((c) => c.updateType);
    expect(ignored).toEqual([
      'widget.streaming_text.value_delta',
      'widget.streaming_text.value_delta',
      'widget.streaming_text.value_delta',
      'widget.root.updated',
      'widget.component.updated',
      'generated_image.updated',
    ]);
    expect(workflowOf(model)).toMatchObject({
      done: true,
      workflow: { type: 'custom', summary: { title: 'Scored your answer' } },
    });
    expect(workflowOf(model).workflow.tasks).toMatchObject([
      { status_indicator: 'complete' },
      { status_indicator: 'loading' },
    ]);
    expect(workflowOf(model).workflow.tasks.map((t) => t.type)).toEqual(['custom', 'custom']);
    expect(changes.filter((c) => c.type === 'notice' || c.type === 'effect')).toEqual([
      { type: 'notice', level: 'info', message: 'Quiz answers are not graded.' },
      {
        type: 'effect',
        name: 'scroll_to_section',
        data: { path: '/docs/ros2/urdf-and-tf' },
      },
      {
        type: 'notice',
        level: 'warning',
        message: 'The next question uses [TF](/docs/ros2/urdf-and-tf).',
        title: 'Heads up',
      },
    ]);
  });

  it('a custom error leaves the answer open, so the element reports it interrupted', () => {
    const { model, changes } = replay(fixture('error-custom.sse'));
    expect(changes.at(-1)).toMatchObject({ type: 'error', code: 'custom', allowRetry: false });
    expect(model.hasOpenAnswer()).toBe(true);
    const closed = model.closeOpen();
    expect(closed).toEqual([{ type: 'item', item: assistantOf(model), added: false }]);
    expect(assistantOf(model).parts[0]).toMatchObject({ done: true });
    expect(model.hasOpenAnswer()).toBe(false);
  });

  it('retry: drops what followed the question, then the new answer streams in after it', () => {
    const { model } = replay(fixture('plain-answer.sse'));
    replay(fixture('follow-up.sse'), model);
    expect(types(model)).toEqual([
      'user_message',
      'assistant_message',
      'user_message',
      'assistant_message',
    ]);
    const question = model.lastUserItemId!;
    const removed = model.removeAfter(question);
    expect(removed).toHaveLength(1);
    replay(fixture('retry-after-item.sse'), model);
    expect(types(model)).toEqual([
      'user_message',
      'assistant_message',
      'user_message',
      'assistant_message',
    ]);
    expect([...model.items.keys()].at(-1)).not.toBe(removed[0]);
  });
});

describe('ThreadModel restoring a stored thread', () => {
  it('loads get_by_id and its next items.list page as one thread, everything final', () => {
    const thread = threadSchema.parse(parseJson(fixture('get-by-id-long.json')));
    const page = itemPageSchema.parse(parseJson(fixture('items-list-page2.json')));
    const model = new ThreadModel();
    model.load(thread);
    // The first page ends on a question whose answer is on the next page.
    expect(model.unansweredQuestion()).toBe(thread.items.after);
    model.load({
      ...thread,
      items: { data: [...thread.items.data, ...page.data], has_more: false },
    });
    expect(model.items.size).toBe(25);
    expect(model.title).toBe('Gazebo digital twin session');
    expect([...model.items.values()].every((item) => item.done)).toBe(true);
    expect(model.unansweredQuestion()).toBeUndefined();
  });

  it('finds the unanswered question: nothing after it, only thinking, or an empty answer', () => {
    const at = '2026-11-30T19:50:41.528123';
    const base = { thread_id: 'thr_1', created_at: at };
    const question = {
      ...base,
      id: 'msg_q',
      type: 'user_message' as const,
      content: [{ type: 'input_text' as const, text: 'Why?' }],
      attachments: [],
      inference_options: {},
    };
    const answer = (text: string) => ({
      ...base,
      id: 'msg_a',
      type: 'assistant_message' as const,
      content: [{ annotations: [], text, type: 'output_text' as const }],
    });
    const workflow = {
      ...base,
      id: 'wf_1',
      type: 'workflow' as const,
      workflow: { type: 'reasoning' as const, tasks: [], expanded: false },
    };
    const endOfTurn = { ...base, id: 'eot_1', type: 'end_of_turn' as const };
    const unanswered = (...data: unknown[]) => {
      const model = new ThreadModel();
      model.load(threadSchema.parse({ id: 'thr_1', created_at: at, items: { data } }));
      return model.unansweredQuestion();
    };
    expect(unanswered()).toBeUndefined();
    expect(unanswered(question)).toBe('msg_q');
    expect(unanswered(question, workflow)).toBe('msg_q');
    expect(unanswered(question, answer('  '))).toBe('msg_q');
    expect(unanswered(question, answer('Because.'))).toBeUndefined();
    expect(unanswered(question, workflow, answer('Because.'), endOfTurn)).toBeUndefined();
  });

  it('a workflow stored mid-run is not live once restored', () => {
    const model = new ThreadModel();
    model.load(
      threadSchema.parse({
        id: 'thr_1',
        created_at: '2026-11-30T19:50:41.528123',
        items: {
          data: [
            {
              id: 'wf_1',
              thread_id: 'thr_1',
              created_at: '2026-11-30T19:50:41.528123',
              type: 'workflow',
              workflow: { type: 'custom', tasks: [], expanded: false },
            },
          ],
        },
      }),
    );
    expect(workflowOf(model).done).toBe(true);
  });

  it('stopped mid-answer: the partial text is final and the answer says how it ended', () => {
    const sse = fixture('plain-answer.sse');
    const events = eventsOf(sse);
    // Up to the second text delta, as if the reader pressed Stop there.
    let deltas = 0;
    const cut = events.findIndex(
      (e) =>
        e.type === 'thread.item.updated' &&
        e.update.type === 'assistant_message.content_part.text_delta' &&
        ++deltas === 2,
    );
    const model = new ThreadModel();
    for (const event of events.slice(0, cut + 1)) model.apply(event);
    expect(model.allowCancel).toBe(true);
    expect(model.hasOpenAnswer()).toBe(true);
    const changes = model.closeOpen('stopped');
    const answer = assistantOf(model);
    expect(changes).toEqual([{ type: 'item', item: answer, added: false }]);
    expect(answer).toMatchObject({ done: true, ended: 'stopped' });
    expect(answer.parts[0]!.done).toBe(true);
    expect(answer.parts[0]!.text.length).toBeGreaterThan(0);
    // A broken stream is closed the same way, marked otherwise.
    const broken = new ThreadModel();
    for (const event of events.slice(0, cut + 1)) broken.apply(event);
    broken.closeOpen();
    expect(assistantOf(broken).ended).toBe('broken');
  });

  it('keeps the passage a question quotes (quoted_text)', () => {
    const model = new ThreadModel();
    model.apply({
      type: 'thread.item.done',
      item: {
        id: 'msg_q',
        thread_id: 'thr_1',
        created_at: '2026-11-30T19:50:41.528123',
        type: 'user_message',
        content: [{ type: 'input_text', text: 'What does this mean?' }],
        attachments: [],
        quoted_text: 'Topics are named channels.',
        inference_options: {},
      },
    });
    expect(model.items.get('msg_q')).toMatchObject({ quotedText: 'Topics are named channels.' });
  });
});
