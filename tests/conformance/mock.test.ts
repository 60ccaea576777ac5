/**
 * The mock is a faithful writer: every frame and JSON body it writes, in every scenario that shapes
 * an answer, parses with the strict schemas of what the reference server writes (reference.ts:
 * unknown keys, nulls and offsets fail), in pydantic's key order, with no `null` anywhere.
 */
import type { z } from 'zod';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BACKEND_URL, paths, type ChatKitRequestInput } from '../../src/contract';
import { server } from '../../mocks/node';
import { scenarios } from '../../mocks/scenarios';
import { resetMockBackend } from '../../mocks/state';
import {
  findNulls,
  keyOrderErrors,
  PYDANTIC_DATETIME,
  referenceEmptySchema,
  referenceEventSchema,
  referenceItemPageSchema,
  referenceRequestSchema,
  referenceThreadPageSchema,
  referenceThreadSchema,
} from './reference';

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  resetMockBackend();
});
afterAll(() => server.close());

async function secret(): Promise<string> {
  const response = await fetch(`${DEFAULT_BACKEND_URL}${paths.session}`, { method: 'POST' });
  return ((await response.json()) as { client_secret: string }).client_secret;
}

/** Sends a request the reference server would accept (checked), returns the raw body text. */
async function send(token: string, body: ChatKitRequestInput): Promise<string> {
  expect(referenceRequestSchema.safeParse(body).success).toBe(true);
  const response = await fetch(`${DEFAULT_BACKEND_URL}${paths.chatkit}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  return response.text();
}

const datetimes = (value: unknown): string[] =>
  typeof value === 'object' && value !== null
    ? Object.entries(value).flatMap(([key, v]) =>
        key === 'created_at' && typeof v === 'string' ? [v] : datetimes(v),
      )
    : [];

/** Every way a written value can differ from what the reference writes. */
function problems(schema: z.ZodType, json: unknown): string[] {
  const parsed = schema.safeParse(json);
  return [
    ...(parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)),
    ...findNulls(json).map((path) => `null at ${path}`),
    ...keyOrderErrors(schema, json),
    ...datetimes(json)
      .filter((d) => !PYDANTIC_DATETIME.test(d))
      .map((d) => `datetime ${d} is not a naive pydantic datetime`),
  ];
}

function expectFaithfulStream(text: string): Array<{ type: string }> {
  const frames = text.split('\n\n').filter(Boolean);
  const events = frames.map((frame) => {
    expect(frame.startsWith('data: ')).toBe(true);
    const json = JSON.parse(frame.slice(6)) as { type: string };
    expect(problems(referenceEventSchema, json), frame.slice(0, 200)).toEqual([]);
    return json;
  });
  expect(events.length).toBeGreaterThan(0);
  return events;
}

const input = (text: string) => ({
  content: [{ type: 'input_text' as const, text }],
  attachments: [],
  inference_options: {},
});

const shaping = {
  plain: [],
  reasoningAnswer: scenarios.reasoningAnswer({ thoughts: 2 }),
  emptyReasoning: scenarios.reasoningAnswer({ thoughts: 0 }),
  mixedSources: scenarios.mixedSources(),
  streamError: scenarios.streamError(),
  customStreamError: scenarios.customStreamError(),
  markdownAnswer: scenarios.markdownAnswer(),
};

describe('every frame and body the mock writes is what the reference server writes', () => {
  it.each(Object.entries(shaping))('%s: a whole conversation', async (_name, handlers) => {
    server.use(...handlers);
    const token = await secret();
    const created = expectFaithfulStream(
      await send(token, { type: 'threads.create', params: { input: input('What is ROS 2?') } }),
    ) as Array<{ type: string; thread?: { id: string } }>;
    const threadId = created[0]!.thread!.id;
    expectFaithfulStream(
      await send(token, {
        type: 'threads.add_user_message',
        params: {
          thread_id: threadId,
          input: { ...input('And Isaac Sim?'), quoted_text: 'Isaac' },
        },
      }),
    );
    const thread = JSON.parse(
      await send(token, { type: 'threads.get_by_id', params: { thread_id: threadId } }),
    ) as { items: { data: Array<{ id: string; type: string }> } };
    expect(problems(referenceThreadSchema, thread)).toEqual([]);
    const question = thread.items.data.find((i) => i.type === 'user_message')!;
    expectFaithfulStream(
      await send(token, {
        type: 'threads.retry_after_item',
        params: { thread_id: threadId, item_id: question.id },
      }),
    );
    const page = JSON.parse(
      await send(token, {
        type: 'items.list',
        params: { thread_id: threadId, limit: 1, order: 'asc' },
      }),
    );
    expect(problems(referenceItemPageSchema, page)).toEqual([]);
    const last = JSON.parse(
      await send(token, { type: 'items.list', params: { thread_id: threadId, limit: 50 } }),
    );
    expect(problems(referenceItemPageSchema, last)).toEqual([]);
    expect(last).not.toHaveProperty('after');
    const list = JSON.parse(await send(token, { type: 'threads.list', params: {} }));
    expect(problems(referenceThreadPageSchema, list)).toEqual([]);
    const updated = JSON.parse(
      await send(token, { type: 'threads.update', params: { thread_id: threadId, title: 'T' } }),
    );
    expect(problems(referenceThreadSchema, updated)).toEqual([]);
    const feedback = JSON.parse(
      await send(token, {
        type: 'items.feedback',
        params: { thread_id: threadId, item_ids: [question.id], kind: 'positive' },
      }),
    );
    expect(problems(referenceEmptySchema, feedback)).toEqual([]);
    const deleted = JSON.parse(
      await send(token, { type: 'threads.delete', params: { thread_id: threadId } }),
    );
    expect(problems(referenceEmptySchema, deleted)).toEqual([]);
  });

  it('the check can fail: a null, an offset or an unknown key is reported', () => {
    const event = {
      type: 'thread.updated',
      thread: {
        title: null,
        id: 'thr_1',
        created_at: '2026-11-30T19:50:41.528Z',
        status: { type: 'active' },
        metadata: {},
        items: { data: [], has_more: false, after: null, extra: 1 },
      },
    };
    const found = problems(referenceEventSchema, event).join('\n');
    expect(found).toContain('null at $.thread.title');
    expect(found).toContain('null at $.thread.items.after');
    expect(found).toContain('2026-11-30T19:50:41.528Z');
    expect(found).toMatch(/extra|Unrecognized/);
  });
});
