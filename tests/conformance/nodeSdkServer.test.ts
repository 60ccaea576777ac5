/**
 * The chatkit-node-backend-sdk server over real HTTP, without a browser: what it writes must be what
 * the Python SDK writes (chatkit-protocol.md §6) and its HTTP surface what api-contracts.md says, so
 * that when the widget fails against it in the e2e suite, the widget is at fault.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNodeSdkServer, type NodeSdkServer } from './nodeSdkServer';

const ORIGIN = 'http://127.0.0.1:3000';
/** `datetime.now()` as pydantic writes it: naive, microseconds. */
const NAIVE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let server: NodeSdkServer;
let token: string;

beforeAll(async () => {
  server = await startNodeSdkServer({ port: 0, deltaDelayMs: 1 });
  const response = await fetch(`${server.url}/api/chatkit/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: ORIGIN },
    body: '{}',
  });
  token = ((await response.json()) as Json).client_secret;
});
afterAll(() => server?.close());

function call(type: string, params: Json, headers: Record<string, string> = {}) {
  return fetch(`${server.url}/chatkit`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Authorization: `Bearer ${token}`,
      Origin: ORIGIN,
      ...headers,
    },
    body: JSON.stringify({ type, params, metadata: { page: { url: '/docs/intro' } } }),
  });
}

/** A streaming request: the raw body and its events, checked for the SSE framing on the way. */
async function stream(type: string, params: Json): Promise<{ raw: string; events: Json[] }> {
  const response = await call(type, params);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  expect(response.headers.get('cache-control')).toBe('no-cache');
  expect(response.headers.get('access-control-allow-origin')).toBe(ORIGIN);
  const raw = await response.text();
  const blocks = raw.split('\n\n');
  expect(blocks.pop()).toBe(''); // every event ends with a blank line
  const events = blocks.map((block) => {
    expect(block).toMatch(/^data: \{.*\}$/);
    return JSON.parse(block.slice('data: '.length)) as Json;
  });
  return { raw, events };
}

async function json(type: string, params: Json): Promise<{ raw: string; body: Json }> {
  const response = await call(type, params);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const raw = await response.text();
  return { raw, body: JSON.parse(raw) as Json };
}

const input = (text: string) => ({
  content: [{ type: 'input_text', text }],
  attachments: [],
  inference_options: {},
});

const updates = (events: Json[]) =>
  events.filter((e) => e.type === 'thread.item.updated').map((e) => e.update.type as string);

describe('the chatkit-node-backend-sdk server', () => {
  it('creates a session as api-contracts.md §1 says', async () => {
    const response = await fetch(`${server.url}/api/chatkit/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: ORIGIN },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const body = (await response.json()) as Json;
    expect(body.client_secret).toMatch(/^chatkit_secret_/);
    expect(body.session_id).toMatch(/^sess_/);
    expect(Date.parse(body.expires_at)).toBeGreaterThan(Date.now());
  });

  it('answers 401 with the error envelope without a token or with an unknown one', async () => {
    for (const headers of [{ Authorization: '' }, { Authorization: 'Bearer nope' }]) {
      const response = await call('threads.list', {}, headers);
      expect(response.status).toBe(401);
      expect(response.headers.get('access-control-allow-origin')).toBe(ORIGIN);
      const body = (await response.json()) as Json;
      expect(body.error.type).toBe('AuthenticationError');
      expect(typeof body.error.message).toBe('string');
      expect(typeof body.timestamp).toBe('string');
    }
  });

  it('answers CORS preflights like Starlette’s CORSMiddleware, per api-contracts.md', async () => {
    const preflight = (origin: string, headers = 'authorization,content-type') =>
      fetch(`${server.url}/chatkit`, {
        method: 'OPTIONS',
        headers: {
          Origin: origin,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': headers,
        },
      });
    const ok = await preflight(ORIGIN, 'authorization,content-type,accept-language');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(ok.headers.get('access-control-allow-methods')).toBe('GET, POST, OPTIONS');
    expect(ok.headers.get('access-control-allow-headers')).toBe(
      'Content-Type, Accept, Authorization',
    );
    expect((await preflight('http://localhost:3000')).status).toBe(200);

    const otherOrigin = await preflight('https://evil.example');
    expect(otherOrigin.status).toBe(400);
    expect(otherOrigin.headers.get('access-control-allow-origin')).toBeNull();
    expect((await preflight(ORIGIN, 'x-custom')).status).toBe(400);
  });

  let threadId: string;
  let firstQuestionId: string;

  it('streams threads.create in the Python SDK’s order, without a null anywhere', async () => {
    const { raw, events } = await stream('threads.create', { input: input('What is ROS 2?') });
    expect(raw).not.toContain('null');
    expect(events.map((e) => e.type)).toEqual([
      'thread.created',
      'thread.item.done',
      'stream_options',
      'thread.item.added',
      ...Array<string>(events.length - 6).fill('thread.item.updated'),
      'thread.item.done',
      'thread.updated',
    ]);
    const [created, userDone, options] = events as [Json, Json, Json];
    expect(created.thread).toEqual({
      id: expect.stringMatching(/^thr_/),
      created_at: expect.stringMatching(NAIVE),
      status: { type: 'active' },
      metadata: {},
      items: { data: [], has_more: false },
    });
    expect(userDone.item).toEqual({
      type: 'user_message',
      id: expect.stringMatching(/^msg_/),
      thread_id: created.thread.id,
      created_at: expect.stringMatching(NAIVE),
      content: [{ type: 'input_text', text: 'What is ROS 2?' }],
      attachments: [],
      inference_options: {},
    });
    expect(options).toEqual({ type: 'stream_options', stream_options: { allow_cancel: true } });

    const kinds = updates(events);
    expect(kinds[0]).toBe('assistant_message.content_part.added');
    expect(kinds.filter((k) => k.endsWith('.text_delta')).length).toBeGreaterThanOrEqual(3);
    expect(kinds.filter((k) => k.endsWith('.annotation_added'))).toHaveLength(2);
    expect(kinds.at(-1)).toBe('assistant_message.content_part.done');

    const answer = events.at(-2)!.item as Json;
    expect(answer.type).toBe('assistant_message');
    expect(answer.created_at).toMatch(NAIVE);
    expect(answer.content[0].text).toMatch(/^ROS 2 is the middleware/);
    expect(answer.content[0].annotations).toEqual([
      {
        type: 'annotation',
        source: {
          type: 'url',
          url: '/docs/ros2/overview',
          title: 'ROS 2: The Robotic Nervous System',
        },
      },
      {
        type: 'annotation',
        source: {
          type: 'url',
          url: '/docs/ros2/nodes-topics-services',
          title: 'Nodes, Topics and Services',
        },
      },
    ]);
    const deltas = events
      .filter((e) => e.update?.type === 'assistant_message.content_part.text_delta')
      .map((e) => e.update.delta as string);
    expect(deltas.join('')).toBe(answer.content[0].text);

    const updated = events.at(-1)!;
    expect(updated.thread.title).toBe('What is ROS 2?');
    expect(updated.thread.items).toEqual({ data: [], has_more: false });
    threadId = created.thread.id;
    firstQuestionId = userDone.item.id;
  });

  it('returns the thread from threads.get_by_id as JSON, without a null', async () => {
    const { raw, body } = await json('threads.get_by_id', { thread_id: threadId });
    expect(raw).not.toContain('null');
    expect(body.id).toBe(threadId);
    expect(body.title).toBe('What is ROS 2?');
    expect(body.items.has_more).toBe(false);
    expect(body.items).not.toHaveProperty('after');
    expect(body.items.data.map((item: Json) => item.type)).toEqual([
      'user_message',
      'assistant_message',
    ]);
  });

  it('answers a follow-up without thread.created and, the title set, without thread.updated', async () => {
    const { raw, events } = await stream('threads.add_user_message', {
      thread_id: threadId,
      input: input('When should a node use a topic or a service?'),
    });
    expect(raw).not.toContain('null');
    const types = events.map((e) => e.type);
    expect(types.slice(0, 3)).toEqual(['thread.item.done', 'stream_options', 'thread.item.added']);
    expect(types).not.toContain('thread.created');
    expect(types).not.toContain('thread.updated');
    expect(events.at(-1)!.item.content[0].annotations[0].source.url).toBe(
      '/docs/ros2/nodes-topics-services',
    );
  });

  it('fails a "fail once" question with a retryable stream error, then answers its retry', async () => {
    const question = 'Please fail once: what is a digital twin?';
    const failed = await stream('threads.add_user_message', {
      thread_id: threadId,
      input: input(question),
    });
    expect(failed.raw).not.toContain('null');
    expect(failed.events.map((e) => e.type)).toEqual([
      'thread.item.done',
      'stream_options',
      'error',
    ]);
    expect(failed.events[2]).toEqual({ type: 'error', code: 'stream.error', allow_retry: true });

    const retried = await stream('threads.retry_after_item', {
      thread_id: threadId,
      item_id: failed.events[0]!.item.id,
    });
    expect(retried.events[0]).toEqual({
      type: 'stream_options',
      stream_options: { allow_cancel: true },
    });
    expect(retried.events.at(-1)!.item.content[0].annotations[0].source.url).toBe(
      '/docs/digital-twins/overview',
    );
  });

  it('retry_after_item deletes every later item, as the Python SDK does', async () => {
    await stream('threads.retry_after_item', { thread_id: threadId, item_id: firstQuestionId });
    const { body } = await json('threads.get_by_id', { thread_id: threadId });
    expect(body.items.data.map((item: Json) => item.type)).toEqual([
      'user_message',
      'assistant_message',
    ]);
    expect(body.items.data[0].id).toBe(firstQuestionId);
  });

  it('pages a long thread: get_by_id has the first 20, items.list the rest', async () => {
    const id = await server.seedThread({ items: 30 });
    const { raw, body } = await json('threads.get_by_id', { thread_id: id });
    expect(raw).not.toContain('null');
    expect(body.items.data).toHaveLength(20);
    expect(body.items.has_more).toBe(true);
    expect(body.items.after).toBe(body.items.data[19].id);
    expect(body.items.data[0].content[0].text).toBe('Seeded question 01');

    const rest = await json('items.list', {
      thread_id: id,
      order: 'asc',
      after: body.items.after,
      limit: 100,
    });
    expect(rest.raw).not.toContain('null');
    expect(rest.body.data).toHaveLength(10);
    expect(rest.body.has_more).toBe(false);
    expect(rest.body).not.toHaveProperty('after');
    expect(rest.body.data.at(-1).content[0].text).toBe('Seeded answer 15');

    // types.py ItemsListParams.order defaults to "desc".
    const newest = await json('items.list', { thread_id: id, limit: 5 });
    expect(newest.body.data[0].content[0].text).toBe('Seeded answer 15');
    expect(newest.body).toMatchObject({ has_more: true, after: newest.body.data[4].id });
  });

  it('answers items.feedback and threads.delete with {}', async () => {
    const { body: thread } = await json('threads.get_by_id', { thread_id: threadId });
    const answerId = thread.items.data[1].id as string;
    expect(
      (
        await json('items.feedback', {
          thread_id: threadId,
          item_ids: [answerId],
          kind: 'positive',
        })
      ).raw,
    ).toBe('{}');
    expect(server.feedback).toEqual([
      { thread_id: threadId, item_ids: [answerId], kind: 'positive' },
    ]);
    expect((await json('threads.delete', { thread_id: threadId })).raw).toBe('{}');
    expect(server.requests.map((r) => r.type)).toContain('threads.delete');
  });
});
