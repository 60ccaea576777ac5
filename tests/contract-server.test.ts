/**
 * The contract over real HTTP: mocks/server.ts must answer like the FastAPI backend, CORS included,
 * and stream incrementally on a real socket. mocks/contract.test.ts covers the handlers in depth.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  assistantMessageItemSchema,
  CORS_ALLOWED_HEADERS,
  CORS_ALLOWED_METHODS,
  errorEnvelopeSchema,
  healthResponseSchema,
  paths,
  sessionResponseSchema,
  threadSchema,
  type ChatKitRequestInput,
} from '../src/contract';
import { pickAnswer } from '../mocks/corpus';
import { startMockServer, type MockServer } from '../mocks/server';
import { collectSse, readSseFrames } from '../mocks/sse';
import { setMockOptions } from '../mocks/state';
import { expectAbandonedStreamKeepsPartialAnswer } from './support/abandonedStream';

let mock: MockServer;

beforeAll(async () => {
  mock = await startMockServer({ port: 0 });
});
afterEach(async () => {
  await fetch(`${mock.url}/__mock/reset`, { method: 'POST' });
});
afterAll(() => mock.close());

const input = (text: string) => ({
  content: [{ type: 'input_text' as const, text }],
  attachments: [],
  inference_options: {},
});

function postSession(base = mock.url, headers: Record<string, string> = {}) {
  return fetch(`${base}${paths.session}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: '{}',
  });
}

async function newSecret(base = mock.url): Promise<string> {
  const response = await postSession(base);
  expect(response.status).toBe(200);
  return sessionResponseSchema.parse(await response.json()).client_secret;
}

function chatkit(secret: string | null, body: ChatKitRequestInput, base = mock.url) {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (secret) headers.Authorization = `Bearer ${secret}`;
  return fetch(`${base}${paths.chatkit}`, { method: 'POST', headers, body: JSON.stringify(body) });
}

async function setScenarios(scenarios: string[]) {
  const response = await fetch(`${mock.url}/__mock/scenario`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ scenarios }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function expectEnvelope(response: Response, status: number, type: string) {
  expect(response.status).toBe(status);
  const envelope = errorEnvelopeSchema.parse(await response.json());
  expect(envelope.error.type).toBe(type);
  return envelope;
}

describe('contract server over HTTP', () => {
  it('binds to 127.0.0.1 on the port it was given', () => {
    expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('POST /api/chatkit/session answers 200 with the session shape', async () => {
    const response = await postSession();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    const body = sessionResponseSchema.parse(await response.json());
    expect(body.client_secret).toMatch(/^chatkit_secret_/);
    expect(body.session_id).toMatch(/^sess_/);
    expect(Date.parse(body.expires_at ?? '')).toBeGreaterThan(Date.now());
  });

  it('POST /chatkit without a bearer token: 401 AuthenticationError', async () => {
    await expectEnvelope(
      await chatkit(null, { type: 'threads.list', params: {} }),
      401,
      'AuthenticationError',
    );
  });

  it('streams threads.create as SSE and stores the conversation', async () => {
    const secret = await newSecret();
    const response = await chatkit(secret, {
      type: 'threads.create',
      params: { input: input('What is Nav2?') },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    const { events, frames, failure } = await collectSse(response);
    expect(failure).toBeUndefined();
    expect(frames.every((f) => f.ok)).toBe(true);
    expect(events[0]?.type).toBe('thread.created');
    expect(events.map((e) => e.type).slice(-2)).toEqual(['thread.item.done', 'thread.updated']);
    const deltas = events.filter(
      (e) =>
        e.type === 'thread.item.updated' &&
        e.update.type === 'assistant_message.content_part.text_delta',
    );
    expect(deltas.length).toBeGreaterThanOrEqual(20);

    const created = events[0];
    if (created?.type !== 'thread.created') throw new Error('first event');
    const thread = threadSchema.parse(
      await (
        await chatkit(secret, {
          type: 'threads.get_by_id',
          params: { thread_id: created.thread.id },
        })
      ).json(),
    );
    expect(thread.items.data.map((i) => i.type)).toEqual(['user_message', 'assistant_message']);
    const answer = assistantMessageItemSchema.parse(thread.items.data[1]);
    expect(answer.content[0]?.text).toBe(pickAnswer('What is Nav2?').text);
  });

  it('streams incrementally: the first text_delta arrives over the socket before the end', async () => {
    // The server runs in this process, so the pace can be set directly: ten minutes per delta.
    setMockOptions({ deltaDelayMs: 600_000 });
    const response = await chatkit(await newSecret(), {
      type: 'threads.create',
      params: { input: input('What is ROS 2?') },
    });
    let sawDelta = false;
    for await (const frame of readSseFrames(response.body!)) {
      if (
        frame.ok &&
        frame.event.type === 'thread.item.updated' &&
        frame.event.update.type === 'assistant_message.content_part.text_delta'
      ) {
        sawDelta = true;
        break;
      }
    }
    expect(sawDelta).toBe(true);
  });

  it('GET /api/chat/health answers healthy; unknown paths 404', async () => {
    const health = await fetch(`${mock.url}${paths.health}`);
    expect(health.status).toBe(200);
    expect(healthResponseSchema.parse(await health.json()).status).toBe('healthy');
    const missing = await fetch(`${mock.url}/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ detail: 'Not Found' });
  });
});

describe('scenarios over HTTP', () => {
  it('start in a scenario by option (as --scenario does)', async () => {
    const other = await startMockServer({
      port: 0,
      scenarios: ['session500', 'chatkitRateLimited:retryAfter=5'],
    });
    try {
      expect(other.scenarios).toEqual(['session500', 'chatkitRateLimited:retryAfter=5']);
      const envelope = await expectEnvelope(
        await postSession(other.url),
        500,
        'SessionCreationError',
      );
      expect(envelope.error.message).toMatch(/^Failed to create ChatKit session/);
      const limited = await chatkit('anything', { type: 'threads.list', params: {} }, other.url);
      expect(limited.headers.get('retry-after')).toBe('5');
      expect((await expectEnvelope(limited, 429, 'RateLimitError')).error.retry_after).toBe(5);
    } finally {
      await other.close();
    }
  });

  it('switch scenarios with POST /__mock/scenario and back with POST /__mock/reset', async () => {
    expect(await setScenarios(['sessionFlaky:1', 'rateLimited:45'])).toEqual({
      status: 200,
      body: { scenarios: ['sessionFlaky:1', 'rateLimited:45'] },
    });
    expect((await postSession()).status).toBe(500);
    const limited = await postSession();
    expect(limited.headers.get('retry-after')).toBe('45');
    expect((await expectEnvelope(limited, 429, 'RateLimitError')).error.retry_after).toBe(45);
    const listed = await (await fetch(`${mock.url}/__mock/scenario`)).json();
    expect(listed).toEqual({ scenarios: ['sessionFlaky:1', 'rateLimited:45'] });

    expect(await setScenarios([])).toEqual({ status: 200, body: { scenarios: [] } });
    expect((await postSession()).status).toBe(200);
  });

  it('refuses an unknown scenario and keeps the current ones', async () => {
    await setScenarios(['session500']);
    const refused = await setScenarios(['sessionExplodes']);
    expect(refused.status).toBe(400);
    expect(String(refused.body.error)).toContain('Unknown scenario');
    expect((await postSession()).status).toBe(500);
  });

  it('reset clears sessions: an old secret is refused', async () => {
    const secret = await newSecret();
    await fetch(`${mock.url}/__mock/reset`, { method: 'POST' });
    await expectEnvelope(
      await chatkit(secret, { type: 'threads.list', params: {} }),
      401,
      'AuthenticationError',
    );
  });

  it('sessionDown resets the connection', async () => {
    await setScenarios(['sessionDown']);
    await expect(postSession()).rejects.toThrow(TypeError);
  });

  it('streamCutAfter breaks the body on the wire', async () => {
    await setScenarios(['streamCutAfter:3']);
    const response = await chatkit(await newSecret(), {
      type: 'threads.create',
      params: { input: input('What is ROS 2?') },
    });
    expect(response.status).toBe(200);
    const { events, failure } = await collectSse(response);
    expect(events).toHaveLength(3);
    expect(failure).toBeDefined();
  });

  it('streamError sends an error event that forbids a retry when asked', async () => {
    await setScenarios(['streamError:false']);
    const { events } = await collectSse(
      await chatkit(await newSecret(), {
        type: 'threads.create',
        params: { input: input('What is ROS 2?') },
      }),
    );
    expect(events.at(-1)).toMatchObject({
      type: 'error',
      code: 'stream.error',
      allow_retry: false,
    });
  });

  it('a stream the reader abandons keeps its partial answer (handle_stream_cancelled)', async () => {
    setMockOptions({ deltaDelayMs: 5 });
    const secret = await newSecret();
    await expectAbandonedStreamKeepsPartialAnswer({
      base: mock.url,
      secret,
      storedItems: async (threadId) => {
        const thread = await chatkit(secret, {
          type: 'threads.get_by_id',
          params: { thread_id: threadId },
        });
        return threadSchema.parse(await thread.json()).items.data;
      },
    });
  });

  it('slowFirstByte sends headers at once and the body later', async () => {
    await setScenarios(['slowFirstByte:200']);
    const response = await chatkit(await newSecret(), {
      type: 'threads.create',
      params: { input: input('What is ROS 2?') },
    });
    const headersAt = performance.now();
    const reader = response.body!.getReader();
    await reader.read();
    expect(performance.now() - headersAt).toBeGreaterThanOrEqual(190);
    void reader.cancel();
  });
});

describe('CORS as FastAPI CORSMiddleware answers it', () => {
  const preflight = (origin: string, requestHeaders = 'content-type,authorization') =>
    fetch(`${mock.url}${paths.chatkit}`, {
      method: 'OPTIONS',
      headers: {
        Origin: origin,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': requestHeaders,
      },
    });

  it.each(['http://localhost:3000', 'http://127.0.0.1:3000'])(
    'allows a preflight from %s with the exact headers',
    async (origin) => {
      const response = await preflight(origin);
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBe(origin);
      expect(response.headers.get('access-control-allow-methods')).toBe(CORS_ALLOWED_METHODS);
      expect(response.headers.get('access-control-allow-methods')).toBe('GET, POST, OPTIONS');
      expect(response.headers.get('access-control-allow-headers')).toBe(CORS_ALLOWED_HEADERS);
      expect(response.headers.get('access-control-allow-headers')).toBe(
        'Content-Type, Accept, Authorization',
      );
      expect(response.headers.get('access-control-max-age')).toBe('600');
      expect(response.headers.get('vary')).toBe('Origin');
    },
  );

  it('refuses a preflight from a foreign origin with 400 and no allow-origin', async () => {
    const response = await preflight('https://evil.example');
    expect(response.status).toBe(400);
    expect(await response.text()).toBe('Disallowed CORS origin');
    expect(response.headers.has('access-control-allow-origin')).toBe(false);
  });

  it('refuses a preflight asking for a header outside the list', async () => {
    const response = await preflight('http://localhost:3000', 'x-secret-sauce');
    expect(response.status).toBe(400);
    expect(await response.text()).toBe('Disallowed CORS headers');
  });

  it('marks simple responses for allowed origins only', async () => {
    const allowed = await postSession(mock.url, { Origin: 'http://localhost:3000' });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(allowed.headers.get('vary')).toBe('Origin');
    const foreign = await postSession(mock.url, { Origin: 'https://evil.example' });
    expect(foreign.status).toBe(200);
    expect(foreign.headers.has('access-control-allow-origin')).toBe(false);
  });

  it('marks streaming and error responses too', async () => {
    const origin = { Origin: 'http://localhost:3000' };
    const unauthorised = await fetch(`${mock.url}${paths.chatkit}`, {
      method: 'POST',
      headers: { ...origin, 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(unauthorised.status).toBe(401);
    expect(unauthorised.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    const stream = await fetch(`${mock.url}${paths.chatkit}`, {
      method: 'POST',
      headers: {
        ...origin,
        'Content-Type': 'application/json',
        Authorization: `Bearer ${await newSecret()}`,
      },
      body: JSON.stringify({ type: 'threads.create', params: { input: input('hi') } }),
    });
    expect(stream.headers.get('content-type')).toBe('text/event-stream');
    expect(stream.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    await collectSse(stream);
  });

  it('honours extra allowed origins', async () => {
    const other = await startMockServer({
      port: 0,
      allowedOrigins: ['https://textbook.example.org'],
    });
    try {
      const response = await fetch(`${other.url}${paths.session}`, {
        method: 'OPTIONS',
        headers: {
          Origin: 'https://textbook.example.org',
          'Access-Control-Request-Method': 'POST',
        },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBe(
        'https://textbook.example.org',
      );
    } finally {
      await other.close();
    }
  });
});
