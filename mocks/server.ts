/**
 * The contract's handlers as a real HTTP server, so browsers, curl and end-to-end tests meet the same
 * backend as stories and unit tests, with real CORS checks and real incremental streaming.
 *
 *   tsx mocks/server.ts --port 8000 --scenario sessionFlaky:3 --scenario slowFirstByte:800 \
 *     --allow-origin https://example.org --delta-delay 20
 *
 * Environment: PORT, HOST, MOCK_SCENARIO (comma-separated specs), MOCK_ALLOWED_ORIGINS (comma-separated).
 *
 * Built on node:http and MSW's `getResponse` rather than @mswjs/http-middleware, because the middleware
 * fixes its handlers at start-up, cannot express `HttpResponse.error()` (a network error) and does not
 * reset the connection when a stream fails midway; all three are scenarios here.
 *
 * NOT PART OF THE CONTRACT: a test-only control plane under `/__mock/`:
 *   POST /__mock/scenario  {"scenarios": ["session500"]}   replaces the active scenarios ([] = healthy)
 *   GET  /__mock/scenario                                  lists them
 *   POST /__mock/reset                                     clears sessions and threads and restores the
 *                                                          start-up scenarios and options
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { parseArgs } from 'node:util';
import { getResponse, type RequestHandler } from 'msw';
import { DEFAULT_BACKEND_URL, DEV_ALLOWED_ORIGINS } from '../src/contract';
import { createHandlers } from './handlers';
import { closeServer, createCorsPolicy, listen, readBody, runIfMain } from './http';
import { parseScenarios } from './scenarios';
import { resetMockBackend, setMockOptions } from './state';

export interface MockServerOptions {
  /**
   * Port to listen on; 0 picks a free one (read it from the returned `url`).
   * @default 8000
   */
  port?: number;
  /**
   * Interface to bind. Loopback only, so a developer machine does not expose the mock.
   * @default '127.0.0.1'
   */
  host?: string;
  /**
   * Scenario specs active from the start, e.g. `['sessionFlaky:3', 'slowFirstByte:800']`.
   * @default []
   */
  scenarios?: string[];
  /**
   * Origins that get CORS headers.
   * @default DEV_ALLOWED_ORIGINS (http://localhost:3000, http://127.0.0.1:3000)
   */
  allowedOrigins?: readonly string[];
  /**
   * Pause between text deltas, in milliseconds.
   * @default the mock backend's default (0 under Node)
   */
  deltaDelayMs?: number;
  /**
   * Pause before each answer's first event: the model's time to its first token, in milliseconds.
   * @default 0
   */
  firstTokenDelayMs?: number;
}

export interface MockServer {
  /** Base URL, e.g. `http://127.0.0.1:8000`. */
  url: string;
  /** Scenario specs in force now. */
  readonly scenarios: readonly string[];
  /** What `POST /__mock/scenario` does, for tests running in the same process. */
  setScenarios(specs: readonly string[]): void;
  /** What `POST /__mock/reset` does. */
  reset(): void;
  /** Stops listening and drops open connections (hanging and streaming requests included). */
  close(): Promise<void>;
}

/**
 * Requests are resolved against one fixed origin whatever Host they carry (localhost, 127.0.0.1, a
 * random port), so the handlers are built once for it.
 */
const INTERNAL_ORIGIN = DEFAULT_BACKEND_URL;

/** Request headers that describe the connection, not the request. */
const HOP_BY_HOP = new Set([
  'host',
  'connection',
  'content-length',
  'transfer-encoding',
  'keep-alive',
]);

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string>,
): void {
  res.writeHead(status, { ...headers, 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

export async function startMockServer({
  port = 8000,
  host = '127.0.0.1',
  scenarios: initialScenarios = [],
  allowedOrigins = DEV_ALLOWED_ORIGINS,
  deltaDelayMs,
  firstTokenDelayMs,
}: MockServerOptions = {}): Promise<MockServer> {
  const successHandlers = createHandlers(INTERNAL_ORIGIN);
  let activeSpecs: readonly string[] = [];
  let scenarioHandlers: RequestHandler[] = [];
  const cors = createCorsPolicy(allowedOrigins);

  function setScenarios(specs: readonly string[]): void {
    // Parse first, so a bad spec leaves the current scenarios in place.
    scenarioHandlers = parseScenarios(specs, INTERNAL_ORIGIN);
    activeSpecs = [...specs];
  }

  function reset(): void {
    resetMockBackend();
    if (deltaDelayMs !== undefined) setMockOptions({ deltaDelayMs });
    if (firstTokenDelayMs !== undefined) setMockOptions({ firstTokenDelayMs });
    setScenarios(initialScenarios);
  }

  reset();

  async function controlPlane(req: IncomingMessage, res: ServerResponse, path: string) {
    const headers = cors.headersFor(req.headers.origin);
    if (path === '/__mock/scenario' && req.method === 'GET') {
      return sendJson(res, 200, { scenarios: activeSpecs }, headers);
    }
    if (path === '/__mock/scenario' && req.method === 'POST') {
      let specs: unknown;
      try {
        specs = (
          JSON.parse((await readBody(req)).toString('utf8') || '{}') as { scenarios?: unknown }
        ).scenarios;
      } catch {
        return sendJson(res, 400, { error: 'Body must be JSON: {"scenarios": [...]}' }, headers);
      }
      if (!Array.isArray(specs) || !specs.every((s) => typeof s === 'string')) {
        return sendJson(res, 400, { error: '"scenarios" must be an array of strings' }, headers);
      }
      try {
        setScenarios(specs);
      } catch (error) {
        return sendJson(res, 400, { error: (error as Error).message }, headers);
      }
      return sendJson(res, 200, { scenarios: activeSpecs }, headers);
    }
    if (path === '/__mock/reset' && req.method === 'POST') {
      reset();
      return sendJson(res, 200, { scenarios: activeSpecs }, headers);
    }
    return sendJson(res, 404, { detail: 'Not Found' }, headers);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', INTERNAL_ORIGIN);
    if (cors.isPreflight(req)) return cors.answerPreflight(req, res);
    if (url.pathname.startsWith('/__mock/')) return controlPlane(req, res, url.pathname);

    const abort = new AbortController();
    res.on('close', () => abort.abort());
    const method = req.method ?? 'GET';
    const hasBody = method !== 'GET' && method !== 'HEAD';
    const forwarded = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined || HOP_BY_HOP.has(name)) continue;
      forwarded.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const request = new Request(url, {
      method,
      headers: forwarded,
      body: hasBody ? new Uint8Array(await readBody(req)) : undefined,
      signal: abort.signal,
    });

    const response = await getResponse([...scenarioHandlers, ...successHandlers], request);
    const headers = cors.headersFor(req.headers.origin);
    if (!response) return sendJson(res, 404, { detail: 'Not Found' }, headers);
    if (response.type === 'error') {
      // HttpResponse.error(): the client sees a network failure, as with a dead backend.
      req.socket.destroy();
      return;
    }

    res.statusCode = response.status;
    if (response.statusText) res.statusMessage = response.statusText;
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    response.headers.forEach((value, name) => res.setHeader(name, value));
    // Headers leave now, even if the first body byte is late (slowFirstByte).
    res.flushHeaders();
    if (!response.body) {
      res.end();
      return;
    }
    const reader = response.body.getReader();
    abort.signal.addEventListener('abort', () => void reader.cancel().catch(() => undefined));
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        // One write per chunk: with Nagle off, each SSE event leaves as its own TCP segment.
        res.write(value);
      }
      res.end();
    } catch {
      // A stream that fails midway closes the connection without the final chunk, so the client
      // sees a broken body; ending (not destroying) the socket first delivers what was written.
      req.socket.end();
    }
  }

  const server = createServer((req, res) => {
    req.socket.setNoDelay(true);
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      sendJson(res, 500, { detail: String(error) }, cors.headersFor(req.headers.origin));
    });
  });

  const address = await listen(server, port, host);
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${hostForUrl}:${address.port}`,
    get scenarios() {
      return activeSpecs;
    },
    setScenarios,
    reset,
    close: () => closeServer(server),
  };
}

function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', short: 'p' },
      host: { type: 'string' },
      scenario: { type: 'string', short: 's', multiple: true },
      'allow-origin': { type: 'string', multiple: true },
      'delta-delay': { type: 'string' },
      'first-token': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    const { scenarioNames } = await import('./scenarios');
    console.log(
      'Usage: tsx mocks/server.ts [--port 8000] [--host 127.0.0.1] [--scenario name[:arg...]]...\n' +
        '                           [--allow-origin URL]... [--delta-delay ms]\n' +
        '                           [--first-token ms]\n' +
        `Scenarios: ${scenarioNames.join(', ')}`,
    );
    return;
  }
  const port = Number(values.port ?? process.env.PORT ?? 8000);
  const scenarios = [...splitList(process.env.MOCK_SCENARIO), ...(values.scenario ?? [])];
  const allowedOrigins = [
    ...DEV_ALLOWED_ORIGINS,
    ...splitList(process.env.MOCK_ALLOWED_ORIGINS),
    ...(values['allow-origin'] ?? []),
  ];
  // People watch this server stream (curl -N, a browser), so it streams at a visible pace by default.
  const deltaDelayMs = Number(values['delta-delay'] ?? 12);
  const server = await startMockServer({
    port,
    host: values.host ?? process.env.HOST ?? '127.0.0.1',
    scenarios,
    allowedOrigins,
    deltaDelayMs,
    firstTokenDelayMs: Number(values['first-token'] ?? 0),
  });
  console.log(
    `Mock backend on ${server.url} — scenarios: ${scenarios.length ? scenarios.join(', ') : 'none (healthy)'}`,
  );
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

runIfMain(import.meta.url, main);
