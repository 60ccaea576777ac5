/**
 * The golden wire fixtures (tests/fixtures/wire, written by the reference Python server itself, see
 * generate.py there) against the strict reference schemas, plus the ordering rules of server.py and
 * agents.py that a faithful writer must reproduce.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type * as z from 'zod';
import {
  PYDANTIC_DATETIME,
  STREAMING_REQUEST_TYPES,
  findNulls,
  keyOrderErrors,
  referenceEmptySchema,
  referenceEventSchema,
  referenceItemPageSchema,
  referenceRequestSchema,
  referenceThreadPageSchema,
  referenceThreadSchema,
  type ReferenceEvent,
} from './reference';

const DIR = fileURLToPath(new URL('../fixtures/wire/', import.meta.url));
const files = readdirSync(DIR);
const read = (name: string) => readFileSync(DIR + name, 'utf8');
const sseNames = files.filter((f) => f.endsWith('.sse')).map((f) => f.slice(0, -'.sse'.length));
const responseNames = files
  .filter((f) => f.endsWith('.json') && !f.endsWith('.request.json') && !f.startsWith('.'))
  .map((f) => f.slice(0, -'.json'.length));

type Json = Record<string, unknown>;
type Item = { id: string; type: string; thread_id: string; created_at: string } & Json;

/** Splits an SSE body exactly as the reference writes it: `data: <json>\n\n` per event. */
function frames(name: string): { raw: string[]; events: ReferenceEvent[] } {
  const body = read(`${name}.sse`);
  expect(body.endsWith('\n\n'), `${name}.sse ends with a blank line`).toBe(true);
  const raw = body.slice(0, -2).split('\n\n');
  for (const frame of raw) {
    expect(frame.startsWith('data: '), frame.slice(0, 40)).toBe(true);
    expect(frame.includes('\n'), 'one data line per event').toBe(false);
  }
  const events = raw.map((f) => referenceEventSchema.parse(JSON.parse(f.slice('data: '.length))));
  return { raw: raw.map((f) => f.slice('data: '.length)), events };
}

const request = (name: string) =>
  referenceRequestSchema.parse(JSON.parse(read(`${name}.request.json`)));

/** Every string under a key named like a datetime. */
function datetimes(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => datetimes(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if ((k === 'created_at' || k.endsWith('_at')) && typeof v === 'string') out.push(v);
      else datetimes(v, out);
    }
  }
  return out;
}

/** The checks every reference output passes, whatever its shape. */
function expectReferenceBytes(schema: z.ZodType, rawJson: string) {
  const value: unknown = JSON.parse(rawJson);
  expect(findNulls(value)).toEqual([]);
  // compact, and the same bytes a JS writer produces from the same key order
  expect(JSON.stringify(value)).toBe(rawJson);
  expect(keyOrderErrors(schema, value)).toEqual([]);
  for (const d of datetimes(value)) expect(d).toMatch(PYDANTIC_DATETIME);
}

const ID = {
  thread: /^thr_[0-9a-f]{8}$/,
  storeItem: /^(msg|wf|tsk|tc)_[0-9a-f]{8}$/,
  // assistant messages from an Agents-SDK run reuse the Responses message id (agents.py 655-659)
  responsesMessage: /^msg_[0-9a-f]{48}$/,
  attachment: /^atc_[0-9a-f]{8}$/,
};

describe('fixture inventory', () => {
  it('has every fixture the suite was asked for, each streaming one with its request', () => {
    for (const name of [
      'plain-answer',
      'follow-up',
      'reasoning',
      'reasoning-empty',
      'sources',
      'error-custom',
      'error-stream',
      'retry-after-item',
      'task-and-tag',
    ]) {
      expect(files).toContain(`${name}.sse`);
    }
    for (const name of sseNames) expect(files).toContain(`${name}.request.json`);
    for (const name of [
      'get-by-id-long',
      'items-list-page2',
      'threads-list',
      'feedback',
      'delete',
    ]) {
      expect(files).toContain(`${name}.json`);
    }
  });
});

describe.each(sseNames)('%s.sse', (name) => {
  it('parses frame by frame with the strict event schema, with reference bytes', () => {
    const { raw } = frames(name);
    for (const json of raw) expectReferenceBytes(referenceEventSchema, json);
  });

  it('answers a streaming request the reference accepts', () => {
    expect(STREAMING_REQUEST_TYPES).toContain(request(name).type);
  });

  it('follows the reference order of events', () => {
    const { events } = frames(name);
    const req = request(name);
    const types = events.map((e) => e.type);
    const streamOptions = types.indexOf('stream_options');

    // _process_events (server.py 843-848) always starts with stream_options {allow_cancel: true}
    expect(types.filter((t) => t === 'stream_options')).toHaveLength(1);
    expect(events[streamOptions]).toEqual({
      type: 'stream_options',
      stream_options: { allow_cancel: true },
    });

    if (req.type === 'threads.create') {
      // server.py 550-569: thread.created, the user message done, then stream_options
      expect(types.slice(0, 3)).toEqual(['thread.created', 'thread.item.done', 'stream_options']);
      const created = events[0] as Extract<ReferenceEvent, { type: 'thread.created' }>;
      expect(created.thread.id).toMatch(ID.thread);
      expect(created.thread.items).toEqual({ data: [], has_more: false });
      expect('title' in created.thread).toBe(false);
      expect(created.thread.status).toEqual({ type: 'active' });
    } else if (req.type === 'threads.add_user_message') {
      expect(types.slice(0, 2)).toEqual(['thread.item.done', 'stream_options']);
      expect(types).not.toContain('thread.created');
    } else {
      // retry_after_item (659-694), custom_action (695-726): no user item, no removals of old items
      expect(streamOptions).toBe(0);
      expect(types).not.toContain('thread.created');
    }
    if (req.type === 'threads.create' || req.type === 'threads.add_user_message') {
      const done = events[types.indexOf('thread.item.done')] as { item: Item };
      expect(done.item.type).toBe('user_message');
      expect(done.item.id).toMatch(ID.storeItem);
      expect(done.item.content).toEqual(req.params.input.content);
      expect(done.item.inference_options).toEqual({});
      if (req.type === 'threads.add_user_message') {
        expect(done.item.thread_id).toBe(req.params.thread_id);
      }
    } else {
      const users = events.filter((e) => 'item' in e && (e.item as Item).type === 'user_message');
      expect(users).toEqual([]);
    }
    if (req.type === 'threads.retry_after_item') {
      expect(types).not.toContain('thread.item.removed');
    }

    // nothing the responder writes comes before stream_options
    events.slice(0, streamOptions).forEach((e) => {
      if ('item' in e) expect((e.item as Item).type).toBe('user_message');
      expect(['thread.created', 'thread.item.done']).toContain(e.type);
    });

    // thread.updated only after the thread changed, with the title the responder set
    const updated = types.indexOf('thread.updated');
    if (updated >= 0) {
      expect(updated).toBe(types.length - 1);
      const thread = (events[updated] as Extract<ReferenceEvent, { type: 'thread.updated' }>)
        .thread;
      expect(thread.title).toBeTruthy();
      expect(thread.items).toEqual({ data: [], has_more: false });
      if (req.type === 'threads.create') {
        expect(thread.id).toBe((events[0] as { thread: { id: string } }).thread.id);
      }
    }

    // an error event ends the answer (server.py 913-929)
    const error = types.indexOf('error');
    if (error >= 0) {
      expect(error).toBe(types.length - 1);
      const e = events[error] as Extract<ReferenceEvent, { type: 'error' }>;
      if (e.code === 'custom') expect(e.message).toBeTruthy();
      if (e.code === 'stream.error') expect('message' in e).toBe(false);
    }
  });

  it('streams each assistant message and workflow the way agents.py does', () => {
    const { events } = frames(name);
    const open = new Map<string, Item>(); // added, not yet done
    const text = new Map<string, string>();
    const annotations = new Map<string, unknown[]>();
    for (const e of events) {
      if (e.type === 'thread.item.added') {
        expect(open.has(e.item.id)).toBe(false);
        open.set(e.item.id, e.item as Item);
        if (e.item.type === 'assistant_message') {
          expect(e.item.id).toMatch(ID.responsesMessage);
          expect(e.item.content).toEqual([]);
          text.set(e.item.id, '');
          annotations.set(e.item.id, []);
        }
        if (e.item.type === 'workflow' && e.item.workflow.type === 'reasoning') {
          expect(e.item.workflow).toEqual({ type: 'reasoning', tasks: [], expanded: false });
        }
      } else if (e.type === 'thread.item.updated') {
        const u = e.update;
        if (u.type.startsWith('assistant_message.') || u.type.startsWith('workflow.')) {
          expect(open.has(e.item_id), `${u.type} for an open item`).toBe(true);
        }
        if (u.type === 'assistant_message.content_part.text_delta') {
          text.set(e.item_id, text.get(e.item_id)! + u.delta);
        } else if (u.type === 'assistant_message.content_part.annotation_added') {
          const list = annotations.get(e.item_id)!;
          expect(u.annotation_index).toBe(list.length);
          list.push(u.annotation);
        } else if (u.type === 'assistant_message.content_part.done') {
          expect(u.content.text).toBe(text.get(e.item_id));
        }
      } else if (e.type === 'thread.item.done') {
        const added = open.get(e.item.id);
        if (e.item.type === 'assistant_message') {
          expect(added, 'an assistant message is added before it is done').toBeDefined();
          expect(e.item.content).toHaveLength(1);
          expect(e.item.content[0]!.text).toBe(text.get(e.item.id));
          expect(e.item.content[0]!.annotations).toEqual(annotations.get(e.item.id));
        }
        if (e.item.type === 'workflow' && added) {
          expect(e.item.created_at).toBe(added.created_at);
          expect(e.item.workflow.summary).toBeDefined(); // end_workflow sets one (529-540)
          expect(e.item.workflow.expanded).toBe(false);
        }
        if (e.item.type === 'workflow') expect(e.item.id).toMatch(/^wf_[0-9a-f]{8}$/);
        open.delete(e.item.id);
      } else if (e.type === 'thread.item.removed') {
        expect(open.has(e.item_id), 'only an item streamed in this answer is removed').toBe(true);
        open.delete(e.item_id);
      }
    }
    const error = events.some((e) => e.type === 'error');
    if (!error) expect([...open.keys()]).toEqual([]);
  });
});

describe('named streaming fixtures', () => {
  const types = (name: string) => frames(name).events.map((e) => e.type);
  const updates = (name: string) =>
    frames(name).events.flatMap((e) => (e.type === 'thread.item.updated' ? [e.update.type] : []));

  it('plain-answer: create, a cited answer, then the title', () => {
    expect(request('plain-answer').type).toBe('threads.create');
    expect(types('plain-answer').at(-1)).toBe('thread.updated');
    expect(updates('plain-answer')).toContain('assistant_message.content_part.annotation_added');
  });

  it('follow-up and retry-after-item: no thread events, the title is already set', () => {
    expect(types('follow-up')).not.toContain('thread.updated');
    expect(types('retry-after-item')).not.toContain('thread.updated');
    expect(request('retry-after-item').type).toBe('threads.retry_after_item');
  });

  it('reasoning: a workflow of thoughts, closed with a duration before the answer', () => {
    const { events } = frames('reasoning');
    const done = events.find(
      (e) => e.type === 'thread.item.done' && e.item.type === 'workflow',
    ) as { item: { workflow: { summary: unknown; tasks: { type: string }[] } } };
    expect(done.item.workflow.summary).toEqual({ duration: expect.any(Number) });
    expect(done.item.workflow.tasks.map((t) => t.type)).toEqual(['thought', 'thought']);
    expect(updates('reasoning')).toEqual(
      expect.arrayContaining(['workflow.task.added', 'workflow.task.updated']),
    );
    const t = types('reasoning');
    expect(t.indexOf('thread.item.done', 3)).toBeLessThan(t.lastIndexOf('thread.item.added'));
  });

  it('reasoning-empty: agents.py closes an empty reasoning workflow (it does not remove it)', () => {
    const { events } = frames('reasoning-empty');
    const workflows = events.filter((e) => 'item' in e && (e.item as Item).type === 'workflow') as {
      type: string;
      item: { workflow: { tasks: unknown[] } };
    }[];
    expect(workflows.map((e) => e.type)).toEqual(['thread.item.added', 'thread.item.done']);
    expect(workflows[1]!.item.workflow.tasks).toEqual([]);
    expect(events.map((e) => e.type)).not.toContain('thread.item.removed');
  });

  it('guardrail-removed: the only path where agents.py sends thread.item.removed', () => {
    expect(types('guardrail-removed').slice(-3)).toEqual([
      'thread.item.added',
      'thread.item.removed',
      'error',
    ]);
  });

  it('sources: a progress update, then url, file and entity sources', () => {
    const { events } = frames('sources');
    const progress = events.findIndex((e) => e.type === 'progress_update');
    const firstItem = events.findIndex(
      (e) => e.type === 'thread.item.added' && e.item.type === 'assistant_message',
    );
    expect(progress).toBeGreaterThan(0);
    expect(progress).toBeLessThan(firstItem);
    const done = events.findLast((e) => e.type === 'thread.item.done') as {
      item: { content: { annotations: { source: { type: string } }[] }[] };
    };
    expect(done.item.content[0]!.annotations.map((a) => a.source.type).sort()).toEqual([
      'entity',
      'file',
      'url',
    ]);
  });

  it('error-custom and error-stream: the two error shapes', () => {
    expect(frames('error-custom').events.at(-1)).toEqual({
      type: 'error',
      code: 'custom',
      message: expect.any(String),
      allow_retry: false,
    });
    expect(frames('error-stream').events.at(-1)).toEqual({
      type: 'error',
      code: 'stream.error',
      allow_retry: true,
    });
    expect(updates('error-custom')).toContain('assistant_message.content_part.text_delta');
    expect(types('error-custom')).not.toContain('thread.updated');
  });

  it('task-and-tag: an input_tag, a task item, the answer and end_of_turn', () => {
    const { events } = frames('task-and-tag');
    const done = events.filter((e) => e.type === 'thread.item.done') as { item: Item }[];
    expect(done.map((e) => e.item.type)).toEqual([
      'user_message',
      'task',
      'assistant_message',
      'end_of_turn',
    ]);
    const content = done[0]!.item.content as { type: string }[];
    expect(content.map((c) => c.type)).toEqual(['input_text', 'input_tag', 'input_text']);
  });
});

const RESPONSE_SCHEMAS: Record<string, z.ZodType> = {
  'get-by-id-long': referenceThreadSchema,
  'items-list-page2': referenceItemPageSchema,
  'items-list-variants': referenceItemPageSchema,
  'threads-list': referenceThreadPageSchema,
  feedback: referenceEmptySchema,
  delete: referenceEmptySchema,
};

describe.each(responseNames)('%s.json', (name) => {
  it('parses with its strict schema, with reference bytes', () => {
    const schema = RESPONSE_SCHEMAS[name];
    expect(schema, `a schema for ${name}.json`).toBeDefined();
    const raw = read(`${name}.json`);
    schema!.parse(JSON.parse(raw));
    expectReferenceBytes(schema!, raw);
    expect(STREAMING_REQUEST_TYPES).not.toContain(request(name).type);
  });
});

describe('non-streaming bodies', () => {
  const json = (name: string) => JSON.parse(read(`${name}.json`)) as Json;

  it('get-by-id-long: the first DEFAULT_PAGE_SIZE (20) items, ascending, after = last id', () => {
    const thread = referenceThreadSchema.parse(json('get-by-id-long'));
    expect(thread.items.data).toHaveLength(20);
    expect(thread.items.has_more).toBe(true);
    expect(thread.items.after).toBe(thread.items.data.at(-1)!.id);
    expect(thread.metadata).toEqual({});
    const times = thread.items.data.map((i) => i.created_at);
    expect([...times].sort()).toEqual(times);
  });

  it('items-list-page2: the rest after that cursor, has_more false and no after key', () => {
    const first = referenceThreadSchema.parse(json('get-by-id-long'));
    const req = request('items-list-page2');
    expect(req).toMatchObject({ type: 'items.list', params: { after: first.items.after } });
    const page = referenceItemPageSchema.parse(json('items-list-page2'));
    expect(page.data).toHaveLength(5);
    expect(page.has_more).toBe(false);
    expect('after' in json('items-list-page2')).toBe(false);
    const all = [...first.items.data, ...page.data];
    expect(new Set(all.map((i) => i.id)).size).toBe(25);
    const times = all.map((i) => i.created_at);
    expect([...times].sort()).toEqual(times);
  });

  it('threads-list: threads without items or metadata, every status, a cursor', () => {
    const page = referenceThreadPageSchema.parse(json('threads-list'));
    expect(page.has_more).toBe(true);
    expect(page.after).toBe(page.data.at(-1)!.id);
    for (const thread of page.data) {
      expect(thread.id).toMatch(ID.thread);
      expect(thread.items).toEqual({ data: [], has_more: false });
      expect(thread.metadata).toEqual({});
    }
    expect(new Set(page.data.map((t) => t.status.type))).toEqual(
      new Set(['active', 'locked', 'closed']),
    );
    expect(page.data.some((t) => t.title === undefined)).toBe(true);
  });

  it('feedback and delete: the literal bytes {}', () => {
    expect(read('feedback.json')).toBe('{}');
    expect(read('delete.json')).toBe('{}');
  });

  it('attachments: no metadata key, thread_id set, ids shaped like the store', () => {
    const thread = referenceThreadSchema.parse(json('get-by-id-long'));
    const attachments = thread.items.data.flatMap((i) =>
      i.type === 'user_message' ? i.attachments : [],
    );
    expect(attachments.map((a) => a.type).sort()).toEqual(['file', 'image']);
    for (const a of attachments) {
      expect(a.id).toMatch(ID.attachment);
      expect(a.thread_id).toBe(thread.id);
    }
  });
});

describe('the strict schemas can fail', () => {
  const created = () =>
    JSON.parse(read('plain-answer.sse').split('\n\n')[0]!.slice('data: '.length)) as {
      type: string;
      thread: Json;
    };

  it('accept the untouched frame', () => {
    expect(referenceEventSchema.safeParse(created()).success).toBe(true);
  });

  it('reject a null title, a null after and a null message', () => {
    const e = created();
    e.thread.title = null;
    expect(referenceEventSchema.safeParse(e).success).toBe(false);
    expect(
      referenceThreadPageSchema.safeParse({ data: [], has_more: false, after: null }).success,
    ).toBe(false);
    expect(
      referenceEventSchema.safeParse({
        type: 'error',
        code: 'stream.error',
        message: null,
        allow_retry: true,
      }).success,
    ).toBe(false);
  });

  it('reject an unknown key, at the top and deep inside', () => {
    expect(referenceEventSchema.safeParse({ ...created(), extra: 1 }).success).toBe(false);
    const e = created();
    e.thread.status = { type: 'active', since: 'today' };
    expect(referenceEventSchema.safeParse(e).success).toBe(false);
  });

  it('reject a missing default the server always writes', () => {
    const e = created();
    e.thread.items = { data: [] };
    expect(referenceEventSchema.safeParse(e).success).toBe(false);
    expect(
      referenceEventSchema.safeParse({ type: 'error', code: 'custom', message: 'x' }).success,
    ).toBe(false);
  });

  it('reject a datetime with an offset or a Z', () => {
    for (const created_at of ['2026-11-30T19:50:41.528123Z', '2026-11-30T19:50:41+00:00']) {
      const e = created();
      e.thread.created_at = created_at;
      expect(referenceEventSchema.safeParse(e).success).toBe(false);
    }
  });

  it('findNulls and keyOrderErrors report what they find', () => {
    expect(findNulls({ a: null, b: [1, { c: null }], 'd-e': null })).toEqual([
      '$.a',
      '$.b[1].c',
      '$["d-e"]',
    ]);
    const e = created();
    const { id, ...rest } = e.thread;
    const reordered = { ...e, thread: { ...rest, id } };
    expect(referenceEventSchema.safeParse(reordered).success).toBe(true);
    expect(keyOrderErrors(referenceEventSchema, reordered)).toHaveLength(1);
  });

  it('the request schema is lenient where pydantic is, strict where it is not', () => {
    const body = JSON.parse(read('plain-answer.request.json')) as {
      params: { input: Json };
    } & Json;
    body.params.input.quoted_text = null;
    body.params.input.extra = true;
    expect(referenceRequestSchema.safeParse(body).success).toBe(true);
    delete body.params.input.inference_options;
    expect(referenceRequestSchema.safeParse(body).success).toBe(false);
  });
});
