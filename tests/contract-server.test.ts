/**
 * The contract over real HTTP: mocks/server.ts must answer like the FastAPI backend, CORS included,
 * and stream incrementally on a real socket. mocks/contract.test.ts covers the handlers in depth.
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  assistantMessageItemSchema,
  errorEnvelopeSchema,
  healthResponseSchema,
  paths,
  sessionResponseSchema,
  threadSchema,
  type ChatKitRequestInput,
} from '../src/contract';
import { CORS_ALLOWED_HEADERS, CORS_ALLOWED_METHODS } from '../src/contract/server';
import { pickAnswer } from '../mocks/corpus';
import {
  MAX_BODY_BYTES,
  MOCK_CONTROL_HEADERS,
  startMockServer,
  type MockServer,
} from '../mocks/server';
import { collectSse, readSseFrames } from '../mocks/sse';
import { setMockOptions } from '../mocks/state';
import { expectAbandonedStreamKeepsPartialAnswer } from './support/abandonedStream';

let mock: MockServer;

beforeAll(async () => {
  mock = await startMockServer({ port: 0 });
});
afterEach(async () => {
  expect((await resetMock()).status).toBe(200);
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
    headers: MOCK_CONTROL_HEADERS,
    body: JSON.stringify({ scenarios }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** POST /__mock/reset as a test or script sends it. */
function resetMock(base = mock.url) {
  return fetch(`${base}/__mock/reset`, {
    method: 'POST',
    headers: MOCK_CONTROL_HEADERS,
    body: '{}',
  });
}

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A request through node:http, which (unlike fetch) sends the Host header it is given, as a browser
 * does for a page whose DNS name was made to point at this machine.
 */
function raw(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  const { port } = new URL(mock.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** The scenarios in force, as GET /__mock/scenario lists them. */
async function listedScenarios(): Promise<unknown> {
  return (await (await fetch(`${mock.url}/__mock/scenario`)).json()) as unknown;
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
    expect((await resetMock()).status).toBe(200);
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

describe('what a web page could forge is refused', () => {
  const evil = 'https://evil.example';

  it('a cross-origin text/plain POST (a form or no-cors fetch) does not change the scenarios', async () => {
    // What a page on another origin can send without a preflight: text/plain, no custom header.
    const forged = await fetch(`${mock.url}/__mock/scenario`, {
      method: 'POST',
      headers: { Origin: evil, 'Content-Type': 'text/plain' },
      body: JSON.stringify({ scenarios: ['session500'] }),
    });
    expect(forged.status).toBe(403);
    expect(forged.headers.has('access-control-allow-origin')).toBe(false);
    const reset = await fetch(`${mock.url}/__mock/reset`, {
      method: 'POST',
      headers: { Origin: evil, 'Content-Type': 'text/plain' },
      body: '{}',
    });
    expect(reset.status).toBe(403);
    expect(await listedScenarios()).toEqual({ scenarios: [] });
    expect((await postSession()).status).toBe(200);
  });

  it('a control POST without X-Mock-Control is refused, JSON or not, and changes nothing', async () => {
    const secret = await newSecret();
    for (const contentType of ['application/json', 'text/plain', undefined]) {
      const headers: Record<string, string> = contentType ? { 'Content-Type': contentType } : {};
      const scenario = await fetch(`${mock.url}/__mock/scenario`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ scenarios: ['session500'] }),
      });
      expect(scenario.status, String(contentType)).toBe(403);
      expect(await scenario.json()).toEqual({
        error: 'Control requests need the header X-Mock-Control: 1',
      });
      const reset = await fetch(`${mock.url}/__mock/reset`, {
        method: 'POST',
        headers,
        body: '{}',
      });
      expect(reset.status, String(contentType)).toBe(403);
    }
    expect(await listedScenarios()).toEqual({ scenarios: [] });
    // Not reset: the session created before still works.
    expect((await chatkit(secret, { type: 'threads.list', params: {} })).status).toBe(200);
  });

  it('the header alone is not enough: the body must be sent as JSON, and be JSON', async () => {
    const post = (path: string, headers: Record<string, string>, body: string) =>
      fetch(`${mock.url}${path}`, { method: 'POST', headers, body });
    const control = { 'X-Mock-Control': '1' };
    const plain = { ...control, 'Content-Type': 'text/plain' };
    const json = { ...control, 'Content-Type': 'application/json' };
    expect((await post('/__mock/scenario', plain, '{"scenarios":["session500"]}')).status).toBe(
      415,
    );
    expect((await post('/__mock/reset', plain, '{}')).status).toBe(415);
    expect((await post('/__mock/reset', control, '{}')).status).toBe(415);
    expect((await post('/__mock/scenario', json, 'scenarios=session500')).status).toBe(400);
    expect((await post('/__mock/reset', json, '')).status).toBe(400);
    // From a foreign origin, even with both (which no browser sends it without a preflight).
    expect((await post('/__mock/reset', { ...json, Origin: evil }, '{}')).status).toBe(403);
    expect(await listedScenarios()).toEqual({ scenarios: [] });
  });

  it('refuses the preflight a page would need for X-Mock-Control, to every origin', async () => {
    for (const origin of [evil, 'http://localhost:3000']) {
      const response = await fetch(`${mock.url}/__mock/scenario`, {
        method: 'OPTIONS',
        headers: {
          Origin: origin,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'content-type,x-mock-control',
        },
      });
      expect(response.status, origin).toBe(400);
      expect(response.headers.get('access-control-allow-headers') ?? '').not.toMatch(/x-mock/i);
    }
  });

  it('the legitimate control call still works, from a script or an allowed origin', async () => {
    const response = await fetch(`${mock.url}/__mock/scenario`, {
      method: 'POST',
      headers: {
        'X-Mock-Control': '1',
        'Content-Type': 'application/json; charset=utf-8',
        Origin: 'http://localhost:3000',
      },
      body: JSON.stringify({ scenarios: ['session500'] }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ scenarios: ['session500'] });
    expect((await postSession()).status).toBe(500);
    const reset = await resetMock();
    expect(reset.status).toBe(200);
    expect(await reset.json()).toEqual({ scenarios: [] });
    expect((await postSession()).status).toBe(200);
  });

  it.each([
    'evil.example',
    'evil.example:8000',
    'localhost.evil.example',
    '127.0.0.1.nip.io',
    'localhost.',
    '127.0.0.2',
    'user@localhost',
  ])('refuses Host %j on every route (DNS rebinding), with a short generic body', async (host) => {
    const routes: Array<[string, string, Record<string, string>, string?]> = [
      ['GET', paths.health, {}],
      ['POST', paths.session, { 'Content-Type': 'application/json' }, '{}'],
      ['GET', '/__mock/scenario', {}],
      ['POST', '/__mock/reset', MOCK_CONTROL_HEADERS, '{}'],
      [
        'OPTIONS',
        paths.chatkit,
        { Origin: 'http://localhost:3000', 'Access-Control-Request-Method': 'POST' },
      ],
    ];
    for (const [method, path, headers, body] of routes) {
      const response = await raw(path, { method, headers: { ...headers, Host: host }, body });
      expect(response.status, `${method} ${path}`).toBe(421);
      expect(JSON.parse(response.body)).toEqual({ detail: 'Misdirected Request' });
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
    }
  });

  it('refuses a request without a Host header', async () => {
    const { port } = new URL(mock.url);
    const send = (head: string) =>
      new Promise<string>((resolve, reject) => {
        let answer = '';
        const socket = connect(Number(port), '127.0.0.1', () => socket.end(head));
        socket.setEncoding('utf8');
        socket.on('data', (chunk: string) => (answer += chunk));
        socket.on('end', () => resolve(answer));
        socket.on('error', reject);
      });
    // HTTP/1.0 may leave Host out; node:http itself refuses HTTP/1.1 without one (400).
    expect(await send(`GET ${paths.health} HTTP/1.0\r\n\r\n`)).toMatch(/^HTTP\/1\.1 421 /);
    expect(await send(`GET ${paths.health} HTTP/1.1\r\n\r\n`)).toMatch(/^HTTP\/1\.1 400 /);
  });

  it.each(['localhost', 'localhost:8000', 'LOCALHOST:3000', '127.0.0.1:1', '[::1]:8000', '[::1]'])(
    'answers Host %j',
    async (host) => {
      const response = await raw(paths.health, { headers: { Host: host } });
      expect(response.status).toBe(200);
    },
  );

  it('honours extra allowed hosts, for a mock bound to another interface on purpose', async () => {
    const other = await startMockServer({ port: 0, allowedHosts: ['devbox.lan'] });
    try {
      const { port } = new URL(other.url);
      const get = (host: string) =>
        new Promise<number>((resolve, reject) => {
          httpRequest({ host: '127.0.0.1', port, path: paths.health, headers: { Host: host } })
            .on('response', (res) => {
              res.resume();
              resolve(res.statusCode ?? 0);
            })
            .on('error', reject)
            .end();
        });
      expect(await get('devbox.lan:8000')).toBe(200);
      expect(await get('evil.example')).toBe(421);
    } finally {
      await other.close();
    }
  });

  it('answers 413 to a body declared over 1 MiB, without reading it', async () => {
    const big = 'x'.repeat(MAX_BODY_BYTES + 1);
    const chat = await fetch(`${mock.url}${paths.chatkit}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer x' },
      body: big,
    });
    expect(chat.status).toBe(413);
    expect(await chat.json()).toEqual({ detail: 'Request Entity Too Large' });
    const control = await fetch(`${mock.url}/__mock/scenario`, {
      method: 'POST',
      headers: MOCK_CONTROL_HEADERS,
      body: JSON.stringify({ scenarios: ['session500'], padding: big }),
    });
    expect(control.status).toBe(413);
    expect(await listedScenarios()).toEqual({ scenarios: [] });
    // A body of exactly the limit is read.
    const atLimit = await fetch(`${mock.url}${paths.session}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: `{}${' '.repeat(MAX_BODY_BYTES - 2)}`,
    });
    expect(atLimit.status).toBe(200);
  });

  it('answers 413 as soon as a streamed body passes 1 MiB, before it ends', async () => {
    const { port } = new URL(mock.url);
    // Chunked, no Content-Length: only counting the bytes as they come can stop it.
    const req = httpRequest({
      host: '127.0.0.1',
      port,
      path: paths.chatkit,
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' },
    });
    req.on('error', () => undefined); // the server may close while this side still writes
    const answered = new Promise<{ status: number; body: string }>((resolve) => {
      req.on('response', (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
    });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    for (let sent = 0; sent <= MAX_BODY_BYTES; sent += chunk.length) req.write(chunk);
    // The request is never ended: the answer comes while the body is still open.
    const response = await answered;
    req.destroy();
    expect(response.status).toBe(413);
    expect(JSON.parse(response.body)).toEqual({ detail: 'Request Entity Too Large' });
  });

  it('answers an unexpected failure with a generic 500 and logs the real error here', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    // TRACE reaches the handler but cannot become a fetch Request: an error inside the server.
    const response = await raw(paths.health, { method: 'TRACE' });
    expect(response.status).toBe(500);
    expect(JSON.parse(response.body)).toEqual({ detail: 'Internal Server Error' });
    expect(response.body).not.toMatch(/TRACE|TypeError|unsupported/i);
    expect(logged).toHaveBeenCalledTimes(1);
    expect(String(logged.mock.calls[0]?.at(-1))).toMatch(/TRACE/);
  });
});
