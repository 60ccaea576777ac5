import { afterEach, describe, expect, it, vi } from 'vitest';
import { BackendError, RetryCancelledError } from './errors';
import { createChatTransport, type ChatTransportOptions } from './chatTransport';
import { createSessionClient, type SessionClientOptions } from './sessionClient';

/**
 * The session client with the chat-request pipeline over it (`chatTransport.ts`), as the chat
 * connection puts them together: the session's methods and the pipeline's `fetch`.
 */
function createClient(options: SessionClientOptions & ChatTransportOptions) {
  const session = createSessionClient(options);
  // No page: these tests read bodies as the element wrote them (the page is the pipeline's own test).
  const transport = createChatTransport(session, { ...options, page: () => null });
  return { ...session, fetch: transport.fetch, subscribe: transport.subscribe };
}

const BACKEND = 'http://backend.test';
const json = (body: unknown, init: ResponseInit = {}) =>
  new Response(JSON.stringify(body), {
    status: 200,
    ...init,
    headers: { 'Content-Type': 'application/json', ...init.headers },
  });
const envelope = (type: string, extra: Record<string, unknown> = {}) => ({
  error: { type, message: 'raw server detail', ...extra },
  timestamp: '2025-12-05T12:00:00Z',
});

/** A fake backend: a queue of session answers and a handler for /chatkit. */
function fakeBackend(options: {
  sessions?: Array<() => Response | Promise<Response>>;
  chatkit?: (request: Request) => Response | Promise<Response>;
}) {
  const requests: Request[] = [];
  let issued = 0;
  const sessions = [...(options.sessions ?? [])];
  const fetchImpl = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    requests.push(request.clone());
    if (request.url === `${BACKEND}/api/chatkit/session`) {
      const next = sessions.shift();
      if (next) return next();
      issued++;
      return json({
        client_secret: `secret_${issued}`,
        session_id: `sess_${issued}`,
        expires_at: new Date(Date.now() + 3600_000).toISOString(),
      });
    }
    if (request.url === `${BACKEND}/chatkit` && options.chatkit) return options.chatkit(request);
    return new Response('not found', { status: 404 });
  });
  const sessionCalls = () => requests.filter((r) => r.url.endsWith('/api/chatkit/session')).length;
  return { fetchImpl: fetchImpl as unknown as typeof fetch, requests, sessionCalls };
}

const chatBody = (type = 'threads.list') => JSON.stringify({ type, params: {}, metadata: {} });

afterEach(() => {
  vi.useRealTimers();
});

describe('getClientSecret', () => {
  it('creates one session for concurrent callers and reuses it', async () => {
    const backend = fakeBackend({});
    const client = createClient({ backendUrl: `${BACKEND}/`, fetch: backend.fetchImpl });
    const secrets = await Promise.all([client.getClientSecret(), client.getClientSecret()]);
    expect(secrets).toEqual(['secret_1', 'secret_1']);
    await expect(client.getClientSecret()).resolves.toBe('secret_1');
    expect(backend.sessionCalls()).toBe(1);
    const [request] = backend.requests;
    expect(request?.method).toBe('POST');
    expect(request?.headers.get('Content-Type')).toBe('application/json');
  });

  it('refreshes when handed the secret that was refused', async () => {
    const backend = fakeBackend({});
    const client = createClient({ backendUrl: BACKEND, fetch: backend.fetchImpl });
    const first = await client.getClientSecret();
    await expect(client.getClientSecret(first)).resolves.toBe('secret_2');
    // A caller still holding the old secret gets the new one, without a third session.
    await expect(client.getClientSecret(first)).resolves.toBe('secret_2');
    expect(backend.sessionCalls()).toBe(2);
  });

  it('refreshes shortly before expires_at, and never for a session without one', async () => {
    let clock = Date.parse('2025-12-05T12:00:00Z');
    const backend = fakeBackend({
      sessions: [
        () => json({ client_secret: 'a', expires_at: '2025-12-05T13:00:00Z' }),
        () => json({ client_secret: 'b' }),
      ],
    });
    const client = createClient({
      backendUrl: BACKEND,
      fetch: backend.fetchImpl,
      now: () => clock,
    });
    await expect(client.getClientSecret()).resolves.toBe('a');
    clock = Date.parse('2025-12-05T12:58:59Z');
    await expect(client.getClientSecret()).resolves.toBe('a');
    clock = Date.parse('2025-12-05T12:59:01Z'); // inside the 60 s margin
    await expect(client.getClientSecret()).resolves.toBe('b');
    clock += 365 * 24 * 3600_000;
    await expect(client.getClientSecret()).resolves.toBe('b');
  });

  it('times out after 5 s', async () => {
    vi.useFakeTimers();
    const hang: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () =>
          reject(new DOMException('aborted', 'AbortError')),
        );
      });
    const client = createClient({ backendUrl: BACKEND, fetch: hang });
    const result = client.getClientSecret();
    const assertion = expect(result).rejects.toMatchObject({ failure: 'timeout' });
    await vi.advanceTimersByTimeAsync(4999);
    await vi.advanceTimersByTimeAsync(1);
    await assertion;
  });

  it.each([
    [
      'invalid JSON',
      () => new Response('{"client_secret": "abc', { status: 200 }),
      'malformed',
      200,
    ],
    ['no client_secret', () => json({ session_id: 'sess_1' }), 'malformed', 200],
    [
      'an HTML error page',
      () =>
        new Response('<html><body>502 Bad Gateway</body></html>', {
          status: 502,
          headers: { 'Content-Type': 'text/html' },
        }),
      'http',
      502,
    ],
    [
      'a network error',
      () => Promise.reject(new TypeError('Failed to fetch')),
      'network',
      undefined,
    ],
  ])('rejects %s with a BackendError', async (_label, answer, failure, status) => {
    const backend = fakeBackend({ sessions: [answer] });
    const client = createClient({ backendUrl: BACKEND, fetch: backend.fetchImpl });
    const error = await client.getClientSecret().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect(error).toMatchObject({ endpoint: 'session', failure, status });
    expect(client.hasSession()).toBe(false);
  });

  it('reads retry_after from the body, or from the Retry-After header', async () => {
    const backend = fakeBackend({
      sessions: [
        () => json(envelope('RateLimitError', { retry_after: 60 }), { status: 429 }),
        () => json(envelope('RateLimitError'), { status: 429, headers: { 'Retry-After': '7' } }),
      ],
    });
    const client = createClient({ backendUrl: BACKEND, fetch: backend.fetchImpl });
    await expect(client.getClientSecret()).rejects.toMatchObject({
      status: 429,
      errorType: 'RateLimitError',
      retryAfterMs: 60_000,
    });
    await expect(client.getClientSecret()).rejects.toMatchObject({ retryAfterMs: 7000 });
  });
});

describe('fetch (ChatKit custom-backend mode)', () => {
  it('adds the bearer token', async () => {
    const backend = fakeBackend({
      chatkit: () => json({ data: [], has_more: false, after: null }),
    });
    const client = createClient({ backendUrl: BACKEND, fetch: backend.fetchImpl });
    const response = await client.fetch(`${BACKEND}/chatkit`, { method: 'POST', body: chatBody() });
    expect(response.status).toBe(200);
    const chat = backend.requests.find((r) => r.url.endsWith('/chatkit'));
    expect(chat?.headers.get('Authorization')).toBe('Bearer secret_1');
    expect(chat?.headers.get('Content-Type')).toBe('application/json');
  });

  it('refreshes the session once after a 401 and replays the same request', async () => {
    const backend = fakeBackend({
      chatkit: (request) =>
        request.headers.get('Authorization') === 'Bearer secret_1'
          ? json(envelope('AuthenticationError'), { status: 401 })
          : json({ ok: true }),
    });
    const client = createClient({ backendUrl: BACKEND, fetch: backend.fetchImpl });
    const response = await client.fetch(`${BACKEND}/chatkit`, { method: 'POST', body: chatBody() });
    await expect(response.json()).resolves.toEqual({ ok: true });
    const chats = backend.requests.filter((r) => r.url.endsWith('/chatkit'));
    expect(chats).toHaveLength(2);
    expect(await chats[1]?.text()).toBe(chatBody());
    expect(backend.sessionCalls()).toBe(2);
  });

  it('gives up with a session error when the fresh secret is refused too', async () => {
    const backend = fakeBackend({
      chatkit: () => json(envelope('AuthenticationError'), { status: 401 }),
    });
    const client = createClient({ backendUrl: BACKEND, fetch: backend.fetchImpl });
    await expect(
      client.fetch(`${BACKEND}/chatkit`, { method: 'POST', body: chatBody() }),
    ).rejects.toMatchObject({ endpoint: 'chatkit', status: 401 });
    expect(backend.requests.filter((r) => r.url.endsWith('/chatkit'))).toHaveLength(2);
    expect(client.hasSession()).toBe(false);
  });

  it('retries 5xx with the injected wait, then succeeds', async () => {
    let calls = 0;
    const backend = fakeBackend({
      chatkit: () =>
        ++calls < 3 ? json(envelope('ChatKitError'), { status: 500 }) : json({ ok: 1 }),
    });
    const waits: number[] = [];
    const client = createClient({
      backendUrl: BACKEND,
      fetch: backend.fetchImpl,
      waitBeforeRetry: async (info) => {
        waits.push(info.retry);
      },
    });
    const response = await client.fetch(`${BACKEND}/chatkit`, { method: 'POST', body: chatBody() });
    expect(response.ok).toBe(true);
    expect(waits).toEqual([1, 2]);
  });

  it('does not retry a 400', async () => {
    const backend = fakeBackend({
      chatkit: () => json(envelope('ValidationError'), { status: 400 }),
    });
    const waitBeforeRetry = vi.fn(async () => {});
    const client = createClient({
      backendUrl: BACKEND,
      fetch: backend.fetchImpl,
      waitBeforeRetry,
    });
    await expect(
      client.fetch(`${BACKEND}/chatkit`, { method: 'POST', body: chatBody() }),
    ).rejects.toMatchObject({ status: 400, errorType: 'ValidationError' });
    expect(waitBeforeRetry).not.toHaveBeenCalled();
  });

  it('stops when the retry wait is cancelled', async () => {
    const backend = fakeBackend({ chatkit: () => json(envelope('ChatKitError'), { status: 503 }) });
    const client = createClient({
      backendUrl: BACKEND,
      fetch: backend.fetchImpl,
      waitBeforeRetry: async () => {
        throw new RetryCancelledError();
      },
    });
    await expect(
      client.fetch(`${BACKEND}/chatkit`, { method: 'POST', body: chatBody() }),
    ).rejects.toBeInstanceOf(RetryCancelledError);
  });

  it('hands a stream over after its first chunk, with every byte intact', async () => {
    const encoder = new TextEncoder();
    let release!: () => void;
    const rest = new Promise<void>((resolve) => (release = resolve));
    const backend = fakeBackend({
      chatkit: () =>
        new Response(
          new ReadableStream({
            async start(controller) {
              controller.enqueue(encoder.encode('data: {"a":1}\n\n'));
              await rest;
              controller.enqueue(encoder.encode('data: {"b":2}\n\n'));
              controller.close();
            },
          }),
          { headers: { 'Content-Type': 'text/event-stream' } },
        ),
    });
    const client = createClient({ backendUrl: BACKEND, fetch: backend.fetchImpl });
    // Resolves while the server still holds the rest of the stream back.
    const response = await client.fetch(`${BACKEND}/chatkit`, {
      method: 'POST',
      body: chatBody('threads.create'),
    });
    expect(response.headers.get('Content-Type')).toBe('text/event-stream');
    release();
    await expect(response.text()).resolves.toBe('data: {"a":1}\n\ndata: {"b":2}\n\n');
  });

  it('times out a stream whose first byte never comes, and does not send the message again', async () => {
    vi.useFakeTimers();
    let calls = 0;
    const backend = fakeBackend({
      chatkit: (request) => {
        calls++;
        return new Response(
          new ReadableStream({
            start(controller) {
              request.signal.addEventListener('abort', () =>
                controller.error(new Error('aborted')),
              );
            },
          }),
          { headers: { 'Content-Type': 'text/event-stream' } },
        );
      },
    });
    const waits: number[] = [];
    const client = createClient({
      backendUrl: BACKEND,
      fetch: backend.fetchImpl,
      firstByteTimeoutMs: 1000,
      waitBeforeRetry: async (info) => {
        waits.push(info.retry);
      },
    });
    const result = client.fetch(`${BACKEND}/chatkit`, {
      method: 'POST',
      body: chatBody('threads.create'),
    });
    await vi.advanceTimersByTimeAsync(1000);
    // The server answered 200, so it may have stored the message: the surface gets a failing
    // answer (and can retry the answer alone), never a second copy of the message.
    const response = await result;
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toMatchObject({ failure: 'timeout' });
    expect(calls).toBe(1);
    expect(waits).toEqual([]);
  });

  it('hands over a stream cut before its first chunk as a failing body, without re-sending', async () => {
    let calls = 0;
    const backend = fakeBackend({
      chatkit: () => {
        calls++;
        return new Response(
          new ReadableStream({
            start(controller) {
              controller.error(new TypeError('network error'));
            },
          }),
          { headers: { 'Content-Type': 'text/event-stream' } },
        );
      },
    });
    const client = createClient({ backendUrl: BACKEND, fetch: backend.fetchImpl });
    const response = await client.fetch(`${BACKEND}/chatkit`, {
      method: 'POST',
      body: chatBody('threads.add_user_message'),
    });
    await expect(response.text()).rejects.toMatchObject({ failure: 'network' });
    expect(calls).toBe(1);
  });
});

describe('Accept-Language', () => {
  it("sends the page's language on the session request and on every chat request", async () => {
    const backend = fakeBackend({ chatkit: () => json({ data: [], has_more: false }) });
    let lang = 'ur';
    const client = createClient({
      backendUrl: BACKEND,
      fetch: backend.fetchImpl,
      language: () => lang,
    });
    await client.fetch(`${BACKEND}/chatkit`, { method: 'POST', body: chatBody() });
    lang = 'en'; // the reader switched the site's language
    await client.fetch(`${BACKEND}/chatkit`, { method: 'POST', body: chatBody() });
    expect(
      backend.requests.map((r) => [new URL(r.url).pathname, r.headers.get('accept-language')]),
    ).toEqual([
      ['/api/chatkit/session', 'ur'],
      ['/chatkit', 'ur'],
      ['/chatkit', 'en'],
    ]);
  });

  it('sends none where the page has no language', async () => {
    const backend = fakeBackend({ chatkit: () => json({}) });
    const client = createClient({
      backendUrl: BACKEND,
      fetch: backend.fetchImpl,
      language: () => undefined,
    });
    await client.fetch(`${BACKEND}/chatkit`, { method: 'POST', body: chatBody() });
    expect(backend.requests.every((r) => !r.headers.has('accept-language'))).toBe(true);
  });
});

describe('fetch: the secret goes only to the backend', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  /** A client over the fake backend, and everything its network was asked for. */
  function setUp() {
    const backend = fakeBackend({ chatkit: () => json({ ok: true }) });
    const network = vi.fn(backend.fetchImpl);
    const client = createClient({
      backendUrl: BACKEND,
      fetch: network as unknown as typeof fetch,
      language: () => undefined, // the stubbed pages below have no <html lang>
    });
    /** Every chat request's URL and Authorization header, as the network saw them. */
    const chats = () =>
      backend.requests
        .filter((r) => !r.url.endsWith('/api/chatkit/session'))
        .map((r) => [r.url, r.headers.get('Authorization')]);
    return { backend, network, client, chats };
  }

  /** Expects `input` refused: a clear error, and not one request (no session, no header) made. */
  async function expectRefused(input: RequestInfo | URL) {
    const { network, client } = setUp();
    await expect(
      client.fetch(input, { method: 'POST', body: chatBody() }),
      String(input instanceof Request ? input.url : input),
    ).rejects.toThrow(/not the backend's origin \(http:\/\/backend\.test\)\. Nothing was sent/);
    expect(network).not.toHaveBeenCalled();
    expect(client.hasSession()).toBe(false);
  }

  it('refuses another origin as a string, a URL or a Request, sending nothing', async () => {
    await expectRefused('https://evil.example/chatkit');
    await expectRefused(new URL('https://evil.example/chatkit'));
    await expectRefused(new Request('https://evil.example/chatkit', { method: 'POST' }));
    // The backend's host on another scheme or port is another origin.
    await expectRefused('https://backend.test/chatkit');
    await expectRefused('http://backend.test:8080/chatkit');
    // Look-alikes: a longer host, userinfo, a fragment.
    await expectRefused('http://backend.test.evil.example/chatkit');
    await expectRefused('http://backend.test@evil.example/chatkit');
    await expectRefused('http://evil.example/#@backend.test/chatkit');
    // Not a network URL of the backend's at all.
    await expectRefused('blob:http://backend.test/3f1c0b7e-0000-4000-8000-000000000000');
    await expectRefused('data:text/plain,hi');
    await expectRefused('http://[not-an-address/chatkit');
  });

  it('still sends the bearer token to the backend, however its URL is spelt', async () => {
    const { client, chats } = setUp();
    const spellings: Array<RequestInfo | URL> = [
      `${BACKEND}/chatkit`,
      new URL(`${BACKEND}/chatkit`),
      'HTTP://BACKEND.TEST/chatkit',
      'http://backend.test:80/chatkit',
      ' http://backend.test/chatkit\n',
    ];
    for (const input of spellings) {
      const response = await client.fetch(input, { method: 'POST', body: chatBody() });
      expect(response.status, String(input)).toBe(200);
    }
    const request = new Request(`${BACKEND}/chatkit`, { method: 'POST', body: chatBody() });
    expect((await client.fetch(request)).status).toBe(200);
    expect(chats()).toEqual(
      Array.from({ length: 6 }, () => [`${BACKEND}/chatkit`, 'Bearer secret_1']),
    );
  });

  it('judges odd spellings as fetch resolves them, against the page', async () => {
    // The page is on another origin than the backend, as on the textbook's site.
    vi.stubGlobal('document', { baseURI: 'http://site.test/docs/intro/' });
    // Backslashes are slashes and `//` starts a host (for http and https): another origin.
    await expectRefused('\\\\evil.example/chatkit');
    await expectRefused('/\\evil.example/chatkit');
    await expectRefused('//evil.example/chatkit');
    // Another scheme than the page's takes what follows as its host.
    await expectRefused('https:evil.example/chatkit');
    // The same scheme as the page's, without slashes, is a path on the page's own origin.
    await expectRefused('http:evil.example/chatkit');
    // A relative URL is on the page's origin, which is not the backend's.
    await expectRefused('/chatkit');
    await expectRefused('chatkit');
  });

  it('accepts relative URLs when the page and the backend share an origin', async () => {
    vi.stubGlobal('document', { baseURI: 'http://backend.test/docs/intro/' });
    const { client, chats } = setUp();
    for (const input of ['/chatkit', '../../chatkit', 'http:/chatkit', '\\chatkit']) {
      const response = await client.fetch(input, { method: 'POST', body: chatBody() });
      expect(response.status, input).toBe(200);
    }
    expect(chats()).toEqual(
      Array.from({ length: 4 }, () => [`${BACKEND}/chatkit`, 'Bearer secret_1']),
    );
    // Even there, `//` and backslashes still lead elsewhere.
    await expectRefused('//evil.example/chatkit');
    await expectRefused('\\\\evil.example/chatkit');
  });

  it('fetches the URL it checked: an input is stringified once', async () => {
    const { client, chats } = setUp();
    let calls = 0;
    const shifty = {
      toString: () => (calls++ === 0 ? `${BACKEND}/chatkit` : 'https://evil.example/chatkit'),
    };
    const response = await client.fetch(shifty as unknown as string, {
      method: 'POST',
      body: chatBody(),
    });
    expect(response.status).toBe(200);
    expect(chats()).toEqual([[`${BACKEND}/chatkit`, 'Bearer secret_1']]);
  });

  it('a refused URL is not retried and keeps no session from being created later', async () => {
    const { client, network } = setUp();
    await expect(client.fetch('https://evil.example/chatkit')).rejects.toThrow(/Refused/);
    expect(network).not.toHaveBeenCalled();
    await expect(
      client.fetch(`${BACKEND}/chatkit`, { method: 'POST', body: chatBody() }),
    ).resolves.toHaveProperty('status', 200);
  });
});
