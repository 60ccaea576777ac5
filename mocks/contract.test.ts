/**
 * The MSW handlers against shared/api-contracts.md and the ChatKit protocol, through `fetch` in Node.
 * tests/contract-server.test.ts asserts the same contract over real HTTP.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  assistantMessageItemSchema,
  DEFAULT_BACKEND_URL,
  errorEnvelopeSchema,
  healthResponseSchema,
  itemPageSchema,
  paths,
  sessionResponseSchema,
  threadPageSchema,
  threadSchema,
  userMessageItemSchema,
  type ChatKitRequestInput,
  type ThreadStreamEvent,
} from '../src/contract';
import { expectAbandonedStreamKeepsPartialAnswer } from '../tests/support/abandonedStream';
import { fallbackAnswer, pickAnswer, specialAnswers } from './corpus';
import { splitIntoDeltas } from './handlers/chatkit';
import { server } from './node';
import { parseScenario, scenarioNames, scenarios } from './scenarios';
import { collectSse, readSseFrames } from './sse';
import { expireSession, getFeedback, resetMockBackend, setMockOptions } from './state';

const BASE = DEFAULT_BACKEND_URL;

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  resetMockBackend();
});
afterAll(() => server.close());

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

function postSession(): Promise<Response> {
  return fetch(`${BASE}${paths.session}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: '{}',
  });
}

async function newSecret(): Promise<string> {
  const response = await postSession();
  expect(response.status).toBe(200);
  return sessionResponseSchema.parse(await response.json()).client_secret;
}

function chatkit(secret: string | null, body: ChatKitRequestInput | string): Promise<Response> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (secret !== null) headers.Authorization = `Bearer ${secret}`;
  return fetch(`${BASE}${paths.chatkit}`, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

const input = (text: string) => ({
  content: [{ type: 'input_text' as const, text }],
  attachments: [],
  inference_options: {},
});

async function expectEnvelope(response: Response, status: number, type: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toContain('application/json');
  const envelope = errorEnvelopeSchema.parse(await response.json());
  expect(envelope.error.type).toBe(type);
  expect(envelope.error.message.length).toBeGreaterThan(0);
  expect(Number.isNaN(Date.parse(envelope.timestamp))).toBe(false);
  return envelope;
}

type Updated = Extract<ThreadStreamEvent, { type: 'thread.item.updated' }>;
const updates = (events: ThreadStreamEvent[], kind: string) =>
  events.filter((e): e is Updated => e.type === 'thread.item.updated' && e.update.type === kind);
const deltasOf = (events: ThreadStreamEvent[]) =>
  updates(events, 'assistant_message.content_part.text_delta').map((e) =>
    e.update.type === 'assistant_message.content_part.text_delta' ? e.update.delta : '',
  );
const doneItems = (events: ThreadStreamEvent[]) =>
  events.flatMap((e) => (e.type === 'thread.item.done' ? [e.item] : []));

function assistantText(events: ThreadStreamEvent[]): string | undefined {
  const item = doneItems(events).find((i) => i.type === 'assistant_message');
  return item ? assistantMessageItemSchema.parse(item).content[0]?.text : undefined;
}

/** Starts a thread and returns its id, reading the whole answer. */
async function startThread(secret: string, text: string) {
  const { events } = await collectSse(
    await chatkit(secret, { type: 'threads.create', params: { input: input(text) } }),
  );
  const created = events.find((e) => e.type === 'thread.created');
  if (created?.type !== 'thread.created') throw new Error('no thread.created');
  return { threadId: created.thread.id, events };
}

async function getThread(secret: string, threadId: string) {
  const response = await chatkit(secret, {
    type: 'threads.get_by_id',
    params: { thread_id: threadId },
  });
  expect(response.status).toBe(200);
  return threadSchema.parse(await response.json());
}

// ---------------------------------------------------------------------------------------------
// POST /api/chatkit/session
// ---------------------------------------------------------------------------------------------

describe('POST /api/chatkit/session', () => {
  it('answers 200 with a fresh client_secret, session_id and expires_at one hour ahead', async () => {
    const before = Date.now();
    const response = await postSession();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    const body = sessionResponseSchema.parse(await response.json());
    expect(body.client_secret).toMatch(/^chatkit_secret_[0-9a-f]{32}$/);
    expect(body.session_id).toMatch(/^sess_[0-9a-f]{24}$/);
    const expires = Date.parse(body.expires_at ?? '');
    expect(expires - before).toBeGreaterThanOrEqual(3600_000 - 1000);
    expect(expires - before).toBeLessThanOrEqual(3600_000 + 5000);
    expect(await newSecret()).not.toBe(body.client_secret);
  });

  it('accepts an empty body', async () => {
    const response = await fetch(`${BASE}${paths.session}`, { method: 'POST' });
    expect(sessionResponseSchema.safeParse(await response.json()).success).toBe(true);
  });

  it('follows sessionTtlSeconds', async () => {
    setMockOptions({ sessionTtlSeconds: 60 });
    const body = sessionResponseSchema.parse(await (await postSession()).json());
    expect(Date.parse(body.expires_at ?? '') - Date.now()).toBeLessThanOrEqual(60_000);
  });

  it('session500: 500 SessionCreationError', async () => {
    server.use(...scenarios.session500());
    const envelope = await expectEnvelope(await postSession(), 500, 'SessionCreationError');
    expect(envelope.error.message).toMatch(/^Failed to create ChatKit session: /);
  });

  it('rateLimited: 429 RateLimitError with retry_after and Retry-After', async () => {
    server.use(...scenarios.rateLimited());
    const response = await postSession();
    expect(response.headers.get('retry-after')).toBe('60');
    const envelope = await expectEnvelope(response, 429, 'RateLimitError');
    expect(envelope.error.retry_after).toBe(60);
    expect(envelope.error.message).toBe('Rate limit exceeded. Please try again later.');
  });

  it('rateLimited without the header keeps retry_after in the body', async () => {
    server.use(...scenarios.rateLimited({ retryAfter: 7, header: false }));
    const response = await postSession();
    expect(response.headers.has('retry-after')).toBe(false);
    expect((await expectEnvelope(response, 429, 'RateLimitError')).error.retry_after).toBe(7);
  });

  it('sessionDown: the request fails at the network level', async () => {
    server.use(...scenarios.sessionDown());
    await expect(postSession()).rejects.toThrow(TypeError);
  });

  it('sessionFlaky(2): two 500s, then a session (counted per handler instance)', async () => {
    server.use(...scenarios.sessionFlaky(2));
    expect((await postSession()).status).toBe(500);
    expect((await postSession()).status).toBe(500);
    expect((await postSession()).status).toBe(200);
    expect((await postSession()).status).toBe(200);
    server.use(...scenarios.sessionFlaky(1));
    expect((await postSession()).status).toBe(500);
    expect((await postSession()).status).toBe(200);
  });

  it('sessionSlow(ms): answers normally, no sooner than ms', async () => {
    server.use(...scenarios.sessionSlow(120));
    const started = performance.now();
    const response = await postSession();
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
    expect(sessionResponseSchema.safeParse(await response.json()).success).toBe(true);
  });

  it('sessionHangs: never answers, so only the client timeout ends the request', async () => {
    server.use(...scenarios.sessionHangs());
    const request = fetch(`${BASE}${paths.session}`, {
      method: 'POST',
      signal: AbortSignal.timeout(150),
    });
    await expect(request).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  it('sessionHtmlError: 502 with an HTML page instead of the envelope', async () => {
    server.use(...scenarios.sessionHtmlError());
    const response = await postSession();
    expect(response.status).toBe(502);
    expect(response.headers.get('content-type')).toContain('text/html');
    const text = await response.text();
    expect(text).toContain('<title>502 Bad Gateway</title>');
    expect(() => JSON.parse(text) as unknown).toThrow();
  });

  it('sessionInvalidJson: 200 with a truncated JSON body', async () => {
    server.use(...scenarios.sessionInvalidJson());
    const response = await postSession();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    await expect(response.json()).rejects.toThrow(SyntaxError);
  });

  it('sessionMissingSecret: 200 JSON that the session schema rejects', async () => {
    server.use(...scenarios.sessionMissingSecret());
    const response = await postSession();
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body.session_id).toMatch(/^sess_/);
    expect('client_secret' in body).toBe(false);
    expect(sessionResponseSchema.safeParse(body).success).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// POST /chatkit: authentication, errors, validation
// ---------------------------------------------------------------------------------------------

describe('POST /chatkit errors', () => {
  const list: ChatKitRequestInput = { type: 'threads.list', params: { order: 'desc' } };

  it('401 AuthenticationError without a bearer token', async () => {
    await expectEnvelope(await chatkit(null, list), 401, 'AuthenticationError');
  });

  it('401 AuthenticationError for an unknown token', async () => {
    await expectEnvelope(await chatkit('chatkit_secret_nope', list), 401, 'AuthenticationError');
  });

  it('401 AuthenticationError for an expired token', async () => {
    const secret = await newSecret();
    expect((await chatkit(secret, list)).status).toBe(200);
    expireSession(secret);
    await expectEnvelope(await chatkit(secret, list), 401, 'AuthenticationError');
  });

  it('400 ValidationError for a body that is not JSON or not a ChatKit request', async () => {
    const secret = await newSecret();
    await expectEnvelope(await chatkit(secret, '{"type":'), 400, 'ValidationError');
    const unknownType = await expectEnvelope(
      await chatkit(secret, '{"type":"threads.explode","params":{}}'),
      400,
      'ValidationError',
    );
    expect(unknownType.error.message).toContain('type');
    await expectEnvelope(
      await chatkit(secret, '{"type":"threads.get_by_id","params":{}}'),
      400,
      'ValidationError',
    );
  });

  it('chatkit500: 500 ChatKitError', async () => {
    server.use(...scenarios.chatkit500());
    const secret = await newSecret();
    await expectEnvelope(
      await chatkit(secret, { type: 'threads.create', params: { input: input('hi') } }),
      500,
      'ChatKitError',
    );
  });

  it('chatkitRateLimited: 429 RateLimitError with retry_after 20 and Retry-After', async () => {
    server.use(...scenarios.chatkitRateLimited());
    const response = await chatkit(await newSecret(), list);
    expect(response.headers.get('retry-after')).toBe('20');
    expect((await expectEnvelope(response, 429, 'RateLimitError')).error.retry_after).toBe(20);
  });

  it('tokenExpiresAfter(1): a secret is refused after one request; a fresh one works', async () => {
    server.use(...scenarios.tokenExpiresAfter(1));
    const first = await newSecret();
    expect((await chatkit(first, list)).status).toBe(200);
    await expectEnvelope(await chatkit(first, list), 401, 'AuthenticationError');
    const second = await newSecret();
    expect((await chatkit(second, list)).status).toBe(200);
  });

  it('tokenExpiresAfter: the replayed request on a fresh session finds the same thread', async () => {
    server.use(...scenarios.tokenExpiresAfter(1));
    const { threadId } = await startThread(await newSecret(), 'What is ROS 2?');
    const fresh = await newSecret();
    expect((await getThread(fresh, threadId)).items.data).toHaveLength(2);
  });
});

// ---------------------------------------------------------------------------------------------
// POST /chatkit: streaming
// ---------------------------------------------------------------------------------------------

describe('POST /chatkit streaming', () => {
  it('answers text/event-stream with Cache-Control: no-cache', async () => {
    const response = await chatkit(await newSecret(), {
      type: 'threads.create',
      params: { input: input('What is ROS 2?') },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    void response.body?.cancel();
  });

  it('threads.create streams the documented sequence, one event per chunk', async () => {
    const question = 'What is a ROS 2 topic?';
    const expected = pickAnswer(question);
    const response = await chatkit(await newSecret(), {
      type: 'threads.create',
      params: { input: input(question) },
    });
    const chunks: string[] = [];
    const decoder = new TextDecoder();
    const reader = response.body!.getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      chunks.push(decoder.decode(r.value));
    }
    for (const chunk of chunks) expect(chunk).toMatch(/^data: [^\n]+\n\n$/);

    const { events, frames } = await collectSse(new Response(chunks.join('')));
    expect(frames.every((f) => f.ok)).toBe(true);
    const deltas = deltasOf(events);
    expect(deltas.length).toBeGreaterThanOrEqual(20);
    const types = events.map((e) => (e.type === 'thread.item.updated' ? e.update.type : e.type));
    // The reference server's order (chatkit/server.py): stream_options after the user item, and
    // thread.updated last because answering gave the new thread its title.
    expect(types).toEqual([
      'thread.created',
      'thread.item.done',
      'stream_options',
      'thread.item.added',
      'assistant_message.content_part.added',
      ...deltas.map(() => 'assistant_message.content_part.text_delta'),
      ...expected.sources.map(() => 'assistant_message.content_part.annotation_added'),
      'assistant_message.content_part.done',
      'thread.item.done',
      'thread.updated',
    ]);
    const updated = events.at(-1);
    if (updated?.type !== 'thread.updated') throw new Error('last event');
    expect(updated.thread.title).toBe(question);

    const [created, userDone, , added] = events;
    if (created?.type !== 'thread.created') throw new Error('first event');
    expect(created.thread.id).toMatch(/^thr_/);
    expect(created.thread.items).toEqual({ data: [], has_more: false });
    if (userDone?.type !== 'thread.item.done') throw new Error('second event');
    const user = userMessageItemSchema.parse(userDone.item);
    expect(user.content).toEqual([{ type: 'input_text', text: question }]);
    expect(user.thread_id).toBe(created.thread.id);
    if (added?.type !== 'thread.item.added') throw new Error('third event');
    const assistant = assistantMessageItemSchema.parse(added.item);
    expect(assistant.content).toEqual([]);
    expect(
      events.slice(3).every((e) => e.type !== 'thread.item.updated' || e.item_id === assistant.id),
    ).toBe(true);

    expect(deltas.join('')).toBe(expected.text);
    const annotations = updates(events, 'assistant_message.content_part.annotation_added').map(
      (e) => e.update,
    );
    expect(annotations).toEqual(
      expected.sources.map((source, index) => ({
        type: 'assistant_message.content_part.annotation_added',
        content_index: 0,
        annotation_index: index,
        annotation: { type: 'annotation', source: { type: 'url', ...source } },
      })),
    );
    expect(expected.sources.every((s) => s.url.startsWith('/docs/'))).toBe(true);
    expect(assistantText(events)).toBe(expected.text);
    const final = assistantMessageItemSchema.parse(doneItems(events)[1]);
    expect(final.id).toBe(assistant.id);
    expect(final.content[0]?.annotations).toHaveLength(expected.sources.length);
  });

  it('streams incrementally: the first text_delta arrives while the stream is still open', async () => {
    // Ten minutes between deltas: a buffered body could not deliver the first delta in time.
    setMockOptions({ deltaDelayMs: 600_000 });
    const response = await chatkit(await newSecret(), {
      type: 'threads.create',
      params: { input: input('What is Nav2?') },
    });
    const seen: string[] = [];
    for await (const frame of readSseFrames(response.body!)) {
      if (!frame.ok) continue;
      const e = frame.event;
      seen.push(e.type === 'thread.item.updated' ? e.update.type : e.type);
      if (seen.at(-1) === 'assistant_message.content_part.text_delta') break;
    }
    expect(seen).toEqual([
      'thread.created',
      'thread.item.done',
      'stream_options',
      'thread.item.added',
      'assistant_message.content_part.added',
      'assistant_message.content_part.text_delta',
    ]);
  });

  it("firstTokenDelayMs: the question and stream_options come at once, the answer after the model's first token", async () => {
    setMockOptions({ firstTokenDelayMs: 50 });
    const response = await chatkit(await newSecret(), {
      type: 'threads.create',
      params: { input: input('What is Nav2?') },
    });
    const frames = readSseFrames(response.body!);
    const seen: string[] = [];
    let optionsAt = 0;
    for await (const frame of frames) {
      if (!frame.ok) continue;
      seen.push(frame.event.type);
      if (frame.event.type === 'stream_options') optionsAt = performance.now();
      if (frame.event.type === 'thread.item.added') break;
    }
    // A timer never fires early by more than Node's 1 ms rounding.
    expect(performance.now() - optionsAt).toBeGreaterThanOrEqual(48);
    expect(seen).toEqual([
      'thread.created',
      'thread.item.done',
      'stream_options',
      'thread.item.added',
    ]);
  });

  it('threads.add_user_message answers on the thread; get_by_id returns the conversation', async () => {
    const secret = await newSecret();
    const { threadId } = await startThread(secret, 'What is ROS 2?');
    const follow = 'And what is Gazebo?';
    const { events } = await collectSse(
      await chatkit(secret, {
        type: 'threads.add_user_message',
        params: { thread_id: threadId, input: input(follow) },
      }),
    );
    expect(events.some((e) => e.type === 'thread.created')).toBe(false);
    expect(events[0]?.type).toBe('thread.item.done');
    expect(assistantText(events)).toBe(pickAnswer(follow).text);

    const thread = await getThread(secret, threadId);
    expect(thread.id).toBe(threadId);
    expect(thread.items.has_more).toBe(false);
    expect(thread.items.data.map((i) => i.type)).toEqual([
      'user_message',
      'assistant_message',
      'user_message',
      'assistant_message',
    ]);
    expect(userMessageItemSchema.parse(thread.items.data[2]).content[0]?.text).toBe(follow);
    expect(assistantMessageItemSchema.parse(thread.items.data[3]).content[0]?.text).toBe(
      pickAnswer(follow).text,
    );
  });

  it('threads.add_user_message on an unknown thread: 404 NotFoundError', async () => {
    const response = await chatkit(await newSecret(), {
      type: 'threads.add_user_message',
      params: { thread_id: 'thr_missing', input: input('hi') },
    });
    await expectEnvelope(response, 404, 'NotFoundError');
  });

  it('threads.retry_after_item drops later items and answers again', async () => {
    const secret = await newSecret();
    const { threadId } = await startThread(secret, 'What is URDF?');
    await collectSse(
      await chatkit(secret, {
        type: 'threads.add_user_message',
        params: { thread_id: threadId, input: input('What is Nav2?') },
      }),
    );
    const before = await getThread(secret, threadId);
    const firstUser = before.items.data[0]!;
    const oldAnswer = before.items.data[1]!;

    const { events } = await collectSse(
      await chatkit(secret, {
        type: 'threads.retry_after_item',
        params: { thread_id: threadId, item_id: firstUser.id },
      }),
    );
    // No thread.item.removed for the dropped answer: the client drops what followed itself.
    expect(events.map((e) => e.type).slice(0, 2)).toEqual(['stream_options', 'thread.item.added']);
    expect(events.some((e) => e.type === 'thread.item.removed')).toBe(false);
    expect(events.some((e) => e.type === 'thread.created')).toBe(false);
    expect(doneItems(events).map((i) => i.type)).toEqual(['assistant_message']);
    expect(assistantText(events)).toBe(pickAnswer('What is URDF?').text);

    const after = await getThread(secret, threadId);
    expect(after.items.data.map((i) => i.type)).toEqual(['user_message', 'assistant_message']);
    expect(after.items.data[0]?.id).toBe(firstUser.id);
    expect(after.items.data[1]?.id).not.toBe(oldAnswer.id);

    await expectEnvelope(
      await chatkit(secret, {
        type: 'threads.retry_after_item',
        params: { thread_id: threadId, item_id: after.items.data[1]!.id },
      }),
      400,
      'ValidationError',
    );
  });
});

// ---------------------------------------------------------------------------------------------
// POST /chatkit: JSON requests
// ---------------------------------------------------------------------------------------------

describe('POST /chatkit JSON requests', () => {
  it('threads.get_by_id of an unknown thread: 404 NotFoundError', async () => {
    const response = await chatkit(await newSecret(), {
      type: 'threads.get_by_id',
      params: { thread_id: 'thr_missing' },
    });
    await expectEnvelope(response, 404, 'NotFoundError');
  });

  it('threads.list pages newest first by default, with after cursors', async () => {
    const secret = await newSecret();
    const ids: string[] = [];
    for (const q of ['What is ROS 2?', 'What is Gazebo?', 'What is Isaac Sim?']) {
      ids.push((await startThread(secret, q)).threadId);
    }
    const list = async (params: Record<string, unknown>) => {
      const response = await chatkit(secret, {
        type: 'threads.list',
        params,
      } as ChatKitRequestInput);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('application/json');
      return threadPageSchema.parse(await response.json());
    };
    const first = await list({ limit: 2 });
    expect(first.data.map((t) => t.id)).toEqual([ids[2], ids[1]]);
    expect(first.has_more).toBe(true);
    expect(first.after).toBe(ids[1]);
    // Threads in a list are metadata only (the reference's _to_thread_response of ThreadMetadata).
    expect(first.data[0]?.items).toEqual({ data: [], has_more: false });
    const second = await list({ limit: 2, after: first.after });
    expect(second.data.map((t) => t.id)).toEqual([ids[0]]);
    expect(second.has_more).toBe(false);
    expect(second).not.toHaveProperty('after');
    expect((await list({ order: 'asc' })).data.map((t) => t.id)).toEqual(ids);
    const bad = await chatkit(secret, { type: 'threads.list', params: { after: 'thr_nope' } });
    await expectEnvelope(bad, 400, 'ValidationError');
  });

  it('items.list pages with limit, order and after', async () => {
    const secret = await newSecret();
    const { threadId } = await startThread(secret, 'What is ROS 2?');
    await collectSse(
      await chatkit(secret, {
        type: 'threads.add_user_message',
        params: { thread_id: threadId, input: input('And TF?') },
      }),
    );
    const all = (await getThread(secret, threadId)).items.data.map((i) => i.id);
    expect(all).toHaveLength(4);
    const items = async (params: Record<string, unknown>) => {
      const response = await chatkit(secret, {
        type: 'items.list',
        params: { thread_id: threadId, ...params },
      } as ChatKitRequestInput);
      expect(response.status).toBe(200);
      return itemPageSchema.parse(await response.json());
    };
    const page1 = await items({ limit: 3, order: 'asc' });
    expect(page1.data.map((i) => i.id)).toEqual(all.slice(0, 3));
    expect(page1).toMatchObject({ has_more: true, after: all[2] });
    const page2 = await items({ limit: 3, order: 'asc', after: page1.after });
    expect(page2.data.map((i) => i.id)).toEqual(all.slice(3));
    expect(page2.has_more).toBe(false);
    expect(page2).not.toHaveProperty('after');
    expect((await items({})).data.map((i) => i.id)).toEqual([...all].reverse());
  });

  it('a stream the client aborts keeps its partial answer, in process too (request.signal)', async () => {
    // MSW in Node hands the client a tee of the mocked body, so only the request's signal tells
    // the mock that the reader pressed Stop (as a closed connection tells the reference server).
    setMockOptions({ deltaDelayMs: 5 });
    const secret = await newSecret();
    await expectAbandonedStreamKeepsPartialAnswer({
      base: BASE,
      secret,
      storedItems: async (threadId) => (await getThread(secret, threadId)).items.data,
      // Node's Request.clone() lets a clone's signal go with the next garbage collection
      // (undici 6): collect first, so a mock listening to a clone would miss the abort every time.
      beforeAbort: collectGarbage,
    });
  });

  it('feedbackFails(1): the first items.feedback answers 500, the next is recorded', async () => {
    server.use(...scenarios.feedbackFails(1));
    const secret = await newSecret();
    const { threadId, events } = await startThread(secret, 'What is a VLA model?');
    const answerId = doneItems(events)[1]!.id;
    const send = () =>
      chatkit(secret, {
        type: 'items.feedback',
        params: { thread_id: threadId, item_ids: [answerId], kind: 'negative' },
      });
    await expectEnvelope(await send(), 500, 'ChatKitError');
    expect(getFeedback(threadId).has(answerId)).toBe(false);
    const second = await send();
    expect(second.status).toBe(200);
    expect(await second.json()).toEqual({});
    expect(getFeedback(threadId).get(answerId)).toBe('negative');
  });

  it('threads.update renames, threads.delete removes, items.feedback records', async () => {
    const secret = await newSecret();
    const { threadId, events } = await startThread(secret, 'What is a VLA model?');
    const updated = await chatkit(secret, {
      type: 'threads.update',
      params: { thread_id: threadId, title: 'VLA basics' },
    });
    expect(updated.status).toBe(200);
    expect(threadSchema.parse(await updated.json()).title).toBe('VLA basics');
    expect((await getThread(secret, threadId)).title).toBe('VLA basics');

    const answerId = doneItems(events)[1]!.id;
    const feedback = await chatkit(secret, {
      type: 'items.feedback',
      params: { thread_id: threadId, item_ids: [answerId], kind: 'positive' },
    });
    expect(feedback.status).toBe(200);
    expect(await feedback.json()).toEqual({});
    expect(getFeedback(threadId).get(answerId)).toBe('positive');
    await expectEnvelope(
      await chatkit(secret, {
        type: 'items.feedback',
        params: { thread_id: threadId, item_ids: ['msg_nope'], kind: 'negative' },
      }),
      404,
      'NotFoundError',
    );

    const deleted = await chatkit(secret, {
      type: 'threads.delete',
      params: { thread_id: threadId },
    });
    expect(deleted.status).toBe(200);
    expect(await deleted.json()).toEqual({});
    await expectEnvelope(
      await chatkit(secret, { type: 'threads.get_by_id', params: { thread_id: threadId } }),
      404,
      'NotFoundError',
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Stream scenarios
// ---------------------------------------------------------------------------------------------

describe('stream scenarios', () => {
  const create = async (text = 'What is ROS 2?') =>
    chatkit(await newSecret(), { type: 'threads.create', params: { input: input(text) } });

  it('slowFirstByte(ms): headers at once, the first body byte no sooner than ms', async () => {
    server.use(...scenarios.slowFirstByte(150));
    const response = await create();
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const headersAt = performance.now();
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(performance.now() - headersAt).toBeGreaterThanOrEqual(140);
    expect(new TextDecoder().decode(first.value)).toContain('"thread.created"');
    void reader.cancel();
  });

  it('streamCutAfter(4): the body fails after four events, with no thread.item.done', async () => {
    server.use(...scenarios.streamCutAfter(4));
    const { events, failure } = await collectSse(await create());
    // An event still queued when the body fails is dropped with it (MSW tees the body in Node, as
    // a browser drops what it had not read): at most four, in order, then the failure.
    expect(events.length).toBeGreaterThan(0);
    expect(events.length).toBeLessThanOrEqual(4);
    expect(events[0]?.type).toBe('thread.created');
    expect(failure).toBeDefined();
    expect(doneItems(events).some((i) => i.type === 'assistant_message')).toBe(false);
  });

  it('streamCutAfter(6, { mode: "end" }): the body ends cleanly but early', async () => {
    server.use(...scenarios.streamCutAfter(6, { mode: 'end' }));
    const { events, failure } = await collectSse(await create());
    expect(failure).toBeUndefined();
    expect(events).toHaveLength(6);
    expect(assistantText(events)).toBeUndefined();
  });

  it.each([true, false])(
    'streamError({ allowRetry: %s }): an error event after 3 deltas',
    async (allowRetry) => {
      server.use(...scenarios.streamError({ allowRetry }));
      const secret = await newSecret();
      const { events, failure } = await collectSse(
        await chatkit(secret, {
          type: 'threads.create',
          params: { input: input('What is ROS 2?') },
        }),
      );
      expect(failure).toBeUndefined();
      expect(deltasOf(events)).toHaveLength(3);
      // As the reference's StreamError writes it: a code, no message.
      expect(events.at(-1)).toEqual({
        type: 'error',
        code: 'stream.error',
        allow_retry: allowRetry,
      });
      expect(assistantText(events)).toBeUndefined();
      const created = events[0];
      if (created?.type !== 'thread.created') throw new Error('first event');
      // The question was stored; the failed answer was not.
      expect((await getThread(secret, created.thread.id)).items.data.map((i) => i.type)).toEqual([
        'user_message',
      ]);
    },
  );

  it('answers "explain this page" from the page in metadata.page', async () => {
    const secret = await newSecret();
    const { events } = await collectSse(
      await chatkit(secret, {
        type: 'threads.create',
        params: { input: input('Can you explain this page?') },
        metadata: { page: { url: '/docs/isaac/isaac-sim/', title: 'Isaac Sim', locale: 'en' } },
      }),
    );
    expect(assistantText(events)).toBe(pickAnswer('How does Isaac Sim generate data?').text);
  });

  it('answers in Urdu a question written in Urdu from an Urdu page (Accept-Language: ur)', async () => {
    const secret = await newSecret();
    const ask = (language: string) =>
      fetch(`${BASE}${paths.chatkit}`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Authorization: `Bearer ${secret}`,
          'Accept-Language': language,
        },
        body: JSON.stringify({
          type: 'threads.create',
          params: { input: input('ROS 2 کیا ہے؟') },
        }),
      });
    expect(assistantText((await collectSse(await ask('ur'))).events)).toMatch(/^یہ سوال/);
    expect(assistantText((await collectSse(await ask('en'))).events)).not.toMatch(
      /[\u0600-\u06ff]/,
    );
  });

  it('customStreamError: a custom error carries the message meant for the reader', async () => {
    server.use(...scenarios.customStreamError({ message: 'Re-indexing, back soon.' }));
    const { events } = await collectSse(await create());
    expect(events.at(-1)).toEqual({
      type: 'error',
      code: 'custom',
      message: 'Re-indexing, back soon.',
      allow_retry: false,
    });
  });

  it('reasoningAnswer: a reasoning workflow streams its thoughts and is done before the answer', async () => {
    server.use(...scenarios.reasoningAnswer({ thoughts: 2, seconds: 3 }));
    const { events } = await collectSse(await create());
    const kinds = events.map((e) =>
      e.type === 'thread.item.updated'
        ? e.update.type
        : e.type === 'thread.item.added' || e.type === 'thread.item.done'
          ? `${e.type}:${e.item.type}`
          : e.type,
    );
    const workflowDone = kinds.indexOf('thread.item.done:workflow');
    expect(kinds.slice(0, 4)).toEqual([
      'thread.created',
      'thread.item.done:user_message',
      'stream_options',
      'thread.item.added:workflow',
    ]);
    expect(kinds.filter((k) => k === 'workflow.task.added')).toHaveLength(2);
    expect(kinds).toContain('workflow.task.updated'); // the first thought streams
    expect(workflowDone).toBeLessThan(kinds.indexOf('thread.item.added:assistant_message'));
    const done = doneItems(events).find((i) => i.type === 'workflow');
    if (done?.type !== 'workflow') throw new Error('no workflow');
    expect(done.workflow).toMatchObject({ type: 'reasoning', summary: { duration: 3 } });
    expect(done.workflow.tasks.map((t) => t.type)).toEqual(['thought', 'thought']);
    expect(assistantText(events)).toBe(pickAnswer('What is ROS 2?').text);
  });

  it('reasoningAnswer({ thoughts: 0 }): an empty workflow is still done before the answer', async () => {
    server.use(...scenarios.reasoningAnswer({ thoughts: 0, seconds: 0 }));
    const { events } = await collectSse(await create());
    const workflow = doneItems(events).find((i) => i.type === 'workflow');
    if (workflow?.type !== 'workflow') throw new Error('no workflow');
    expect(workflow.workflow).toEqual({
      type: 'reasoning',
      tasks: [],
      summary: { duration: 0 },
      expanded: false,
    });
    expect(events.some((e) => e.type === 'thread.item.removed')).toBe(false);
  });

  it('mixedSources: url, file and entity sources after a progress update with an icon', async () => {
    server.use(...scenarios.mixedSources());
    const { events } = await collectSse(await create());
    expect(events.find((e) => e.type === 'progress_update')).toEqual({
      type: 'progress_update',
      icon: 'search',
      text: 'Searching the textbook…',
    });
    const answer = doneItems(events).find((i) => i.type === 'assistant_message');
    if (answer?.type !== 'assistant_message') throw new Error('no answer');
    expect(answer.content[0]?.annotations.map((a) => a.source.type)).toEqual([
      'url',
      'file',
      'entity',
    ]);
  });

  it('malformedSseEvent: one data line is not JSON, the rest of the stream is valid', async () => {
    server.use(...scenarios.malformedSseEvent());
    const { frames, events, failure } = await collectSse(await create());
    expect(failure).toBeUndefined();
    const bad = frames.filter((f) => !f.ok);
    expect(bad).toHaveLength(1);
    expect(() => JSON.parse(bad[0]!.data) as unknown).toThrow();
    // thread.created, the question, stream_options, item.added, part.added and two deltas.
    expect(frames.findIndex((f) => !f.ok)).toBe(7);
    expect(assistantText(events)).toBe(pickAnswer('What is ROS 2?').text);
  });

  it('longAnswer(chars): an answer of at least chars characters, in many deltas', async () => {
    server.use(...scenarios.longAnswer());
    const { events } = await collectSse(await create());
    expect(assistantText(events)?.length).toBeGreaterThanOrEqual(12_000);
    expect(deltasOf(events).length).toBeGreaterThan(100);
    server.use(...scenarios.longAnswer(20_000));
    expect(assistantText((await collectSse(await create())).events)?.length).toBeGreaterThanOrEqual(
      20_000,
    );
  });

  it('markdownAnswer: heading, list, inline code and a fenced python block', async () => {
    server.use(...scenarios.markdownAnswer());
    const text = assistantText((await collectSse(await create())).events) ?? '';
    expect(text).toMatch(/^## /m);
    expect(text).toMatch(/^- /m);
    expect(text).toContain('`rclpy`');
    expect(text).toMatch(/^```python\n[\s\S]+\n```$/m);
  });

  it('htmlInjectionAnswer: script, img onerror and b markup', async () => {
    server.use(...scenarios.htmlInjectionAnswer());
    const text = assistantText((await collectSse(await create())).events) ?? '';
    expect(text).toContain('<script>alert(1)</script>');
    expect(text).toContain('<img src=x onerror="alert(1)">');
    expect(text).toContain('<b>');
  });

  it('stream scenarios combine and leave JSON requests alone', async () => {
    server.use(...scenarios.markdownAnswer(), ...scenarios.streamError());
    const secret = await newSecret();
    const { events } = await collectSse(
      await chatkit(secret, { type: 'threads.create', params: { input: input('hi') } }),
    );
    expect(deltasOf(events).join('')).toBe(
      splitIntoDeltas(specialAnswers.markdown.text).slice(0, 3).join(''),
    );
    expect(events.at(-1)?.type).toBe('error');
    const list = await chatkit(secret, { type: 'threads.list', params: {} });
    expect(threadPageSchema.parse(await list.json()).data).toHaveLength(1);
  });
});

// ---------------------------------------------------------------------------------------------
// Health, corpus, scenario specs
// ---------------------------------------------------------------------------------------------

describe('GET /api/chat/health', () => {
  it('answers 200 healthy', async () => {
    const response = await fetch(`${BASE}${paths.health}`);
    expect(response.status).toBe(200);
    expect(healthResponseSchema.parse(await response.json()).status).toBe('healthy');
  });

  it('healthUnhealthy: 503 with errors', async () => {
    server.use(...scenarios.healthUnhealthy());
    const response = await fetch(`${BASE}${paths.health}`);
    expect(response.status).toBe(503);
    const body = healthResponseSchema.parse(await response.json());
    expect(body.status === 'unhealthy' && body.errors.length).toBeGreaterThan(0);
  });
});

describe('corpus', () => {
  it.each([
    ['What is a ROS 2 topic?', '/docs/ros2/nodes-topics-services'],
    ['What is ROS 2?', '/docs/ros2/overview'],
    ['How do TF frames work with URDF?', '/docs/ros2/urdf-and-tf'],
    ['How do I simulate a robot in Gazebo?', '/docs/digital-twins/gazebo'],
    ['Which sensors does Unity simulate?', '/docs/digital-twins/unity-and-sensors'],
    ['How does Isaac Sim make synthetic data?', '/docs/isaac/isaac-sim'],
    ['How do Isaac ROS and Nav2 navigate?', '/docs/isaac/isaac-ros-navigation'],
    ['What is a VLA model?', '/docs/vla/overview'],
    ['How does voice control with Whisper work?', '/docs/vla/voice-to-action'],
    ['What is the capstone?', '/docs/vla/capstone'],
  ])('%s → %s', (question, url) => {
    const answer = pickAnswer(question);
    expect(answer.sources[0]?.url).toBe(url);
    const sentences = answer.text.split(/(?<=[.!?])\s+(?=[A-Z`])/);
    expect(sentences.length).toBeGreaterThanOrEqual(2);
    expect(sentences.length).toBeLessThanOrEqual(5);
  });

  it('falls back to a friendly answer', () => {
    expect(pickAnswer('Tell me a joke')).toEqual(fallbackAnswer);
  });
});

describe('parseScenario', () => {
  it('builds handlers from specs with arguments', async () => {
    server.use(...parseScenario('sessionFlaky:3'));
    for (let i = 0; i < 3; i++) expect((await postSession()).status).toBe(500);
    expect((await postSession()).status).toBe(200);
    server.resetHandlers();
    server.use(...parseScenario('rateLimited:30:header=false'));
    const response = await postSession();
    expect(response.headers.has('retry-after')).toBe(false);
    expect((await expectEnvelope(response, 429, 'RateLimitError')).error.retry_after).toBe(30);
  });

  it('rejects unknown names and bad arguments', () => {
    expect(() => parseScenario('sessionExplodes')).toThrow(/Unknown scenario "sessionExplodes"/);
    expect(() => parseScenario('sessionFlaky:many')).toThrow(/failures/);
    expect(() => parseScenario('streamError:maybe')).toThrow(/allowRetry/);
    expect(() => parseScenario('streamCutAfter:3:mode=sideways')).toThrow(/mode/);
  });

  it('knows every scenario by name', () => {
    for (const name of scenarioNames) expect(parseScenario(name).length).toBeGreaterThan(0);
    expect(scenarioNames).toHaveLength(27);
  });
});
