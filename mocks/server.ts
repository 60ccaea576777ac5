/**
 * The contract's handlers as a real HTTP server, so browsers, curl and end-to-end tests meet the same
 * backend as stories and unit tests, with real CORS checks and real incremental streaming.
 *
 *   tsx mocks/server.ts --port 8000 --scenario sessionFlaky:3 --scenario slowFirstByte:800 \
 *     --allow-origin https://example.org --delta-delay 20
 *
 * Environment: PORT, HOST, MOCK_SCENARIO (comma-separated specs), MOCK_ALLOWED_ORIGINS (comma-separated),
 * MOCK_ALLOWED_HOSTS (comma-separated host names besides the loopback ones; also --allow-host).
 *
 * Built on node:http and MSW's `getResponse` rather than @mswjs/http-middleware, because the middleware
 * fixes its handlers at start-up, cannot express `HttpResponse.error()` (a network error) and does not
 * reset the connection when a stream fails midway; all three are scenarios here.
 *
 * NOT PART OF THE CONTRACT: a test-only control plane under `/__mock/`:
 *   POST /__mock/scenario  {"scenarios": ["session500"]}   replaces the active scenarios ([] = healthy)
 *   GET  /__mock/scenario                                  lists them
 *   POST /__mock/reset     {}                              clears sessions and threads and restores the
 *                                                          start-up scenarios and options
 * The two POSTs change the server's state, so they need `X-Mock-Control: 1` and a JSON body sent as
 * `Content-Type: application/json` (`MOCK_CONTROL_HEADERS`): a web page cannot send either to another
 * origin without a CORS preflight, and the preflight for that header is refused to every origin.
 *   curl -X POST localhost:8000/__mock/reset -H 'X-Mock-Control: 1' \
 *     -H 'Content-Type: application/json' -d '{}'
 *
 * Every request, whatever its route, must name a loopback host (`localhost`, `127.0.0.1`, `[::1]`,
 * any port; or one of `allowedHosts`) in its Host header, else 421: a page whose DNS name is made to
 * point at 127.0.0.1 (DNS rebinding) does not reach the mock. Bodies are read up to 1 MiB (413 past
 * it), and an unexpected failure answers a generic 500, its details on this server's console.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { parseArgs } from 'node:util';
import { getResponse, type RequestHandler } from 'msw';
import { DEFAULT_BACKEND_URL } from '../src/contract';
import { DEV_ALLOWED_ORIGINS } from '../src/contract/server';
import { createHandlers } from './handlers';
import {
  BodyTooLargeError,
  closeServer,
  createCorsPolicy,
  listen,
  readBody,
  runIfMain,
} from './http';
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
   * Host names (no port) a request's Host header may name besides `localhost`, `127.0.0.1` and
   * `[::1]`, for a mock bound to another interface on purpose (`--host 0.0.0.0`). Any other Host is
   * refused with 421 (DNS rebinding).
   * @default []
   */
  allowedHosts?: readonly string[];
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

/** What every request's Host header may name (with any port), besides `allowedHosts`. */
const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'] as const;

/** The longest request body read, in bytes; a longer one is answered 413. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * The headers a request that changes the mock's state (`POST /__mock/scenario`, `/__mock/reset`)
 * must carry, with a JSON body. Neither can come from a web page on another origin: a custom header
 * or a JSON content type needs a CORS preflight, and the preflight for this header is refused.
 */
export const MOCK_CONTROL_HEADERS = {
  'X-Mock-Control': '1',
  'Content-Type': 'application/json',
} as const;

/** The host name (lower case, IPv6 in brackets) of a Host header, without its port; or null. */
function hostName(header: string | undefined): string | null {
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]/@\s]+)(?::\d{1,5})?$/i.exec(header ?? '');
  return match?.[1] ? match[1].toLowerCase() : null;
}

/** Whether a Content-Type header says JSON (`application/json`, with parameters or not). */
function isJson(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase() === 'application/json';
}

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
  allowedHosts = [],
  deltaDelayMs,
  firstTokenDelayMs,
}: MockServerOptions = {}): Promise<MockServer> {
  const successHandlers = createHandlers(INTERNAL_ORIGIN);
  let activeSpecs: readonly string[] = [];
  let scenarioHandlers: RequestHandler[] = [];
  const cors = createCorsPolicy(allowedOrigins);
  const origins = new Set(allowedOrigins);
  const hosts = new Set<string>([
    ...LOOPBACK_HOSTS,
    ...allowedHosts.map((name) => name.toLowerCase()),
  ]);

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

  /**
   * Why a request that changes the mock's state is refused (status and message), or null when it
   * may go ahead: it names no foreign origin, carries `X-Mock-Control: 1` and says it sends JSON.
   */
  function controlRefusal(req: IncomingMessage): [status: number, error: string] | null {
    const origin = req.headers.origin;
    if (origin !== undefined && !origins.has(origin)) return [403, 'Origin not allowed'];
    if (req.headers['x-mock-control'] !== MOCK_CONTROL_HEADERS['X-Mock-Control']) {
      return [403, 'Control requests need the header X-Mock-Control: 1'];
    }
    if (!isJson(req.headers['content-type'])) {
      return [415, 'Control requests need Content-Type: application/json'];
    }
    return null;
  }

  /** The JSON object a control request sent, or null when its body is not one. */
  async function readControlBody(req: IncomingMessage): Promise<Record<string, unknown> | null> {
    const text = (await readBody(req, MAX_BODY_BYTES)).toString('utf8'); // 413 past the limit
    try {
      const body: unknown = JSON.parse(text);
      return typeof body === 'object' && body !== null && !Array.isArray(body)
        ? (body as Record<string, unknown>)
        : null;
    } catch {
      return null;
    }
  }

  async function controlPlane(req: IncomingMessage, res: ServerResponse, path: string) {
    const headers = cors.headersFor(req.headers.origin);
    if (path === '/__mock/scenario' && req.method === 'GET') {
      return sendJson(res, 200, { scenarios: activeSpecs }, headers);
    }
    const mutating =
      req.method === 'POST' && (path === '/__mock/scenario' || path === '/__mock/reset');
    if (!mutating) return sendJson(res, 404, { detail: 'Not Found' }, headers);
    const refusal = controlRefusal(req);
    if (refusal) {
      req.resume(); // the body is not read
      return sendJson(res, refusal[0], { error: refusal[1] }, headers);
    }
    const body = await readControlBody(req);
    if (path === '/__mock/reset') {
      if (!body) return sendJson(res, 400, { error: 'Body must be a JSON object: {}' }, headers);
      reset();
      return sendJson(res, 200, { scenarios: activeSpecs }, headers);
    }
    if (!body) {
      return sendJson(res, 400, { error: 'Body must be JSON: {"scenarios": [...]}' }, headers);
    }
    const specs = body.scenarios;
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

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Before anything else, preflights included: only requests addressed to this machine by name.
    const host = hostName(req.headers.host);
    if (host === null || !hosts.has(host)) {
      req.resume();
      return sendJson(res, 421, { detail: 'Misdirected Request' }, { Connection: 'close' });
    }
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
      body: hasBody ? new Uint8Array(await readBody(req, MAX_BODY_BYTES)) : undefined,
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
      const headers = cors.headersFor(req.headers.origin);
      if (error instanceof BodyTooLargeError) {
        // The rest of the body drains unread; the connection is not reused after it.
        sendJson(
          res,
          413,
          { detail: 'Request Entity Too Large' },
          { ...headers, Connection: 'close' },
        );
        return;
      }
      // The details stay here, on the developer's console; the client learns nothing of them.
      console.error(`Mock server: ${req.method} ${req.url} failed:`, error);
      sendJson(res, 500, { detail: 'Internal Server Error' }, headers);
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
      'allow-host': { type: 'string', multiple: true },
      'delta-delay': { type: 'string' },
      'first-token': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    const { scenarioNames } = await import('./scenarios');
    console.log(
      'Usage: tsx mocks/server.ts [--port 8000] [--host 127.0.0.1] [--scenario name[:arg...]]...\n' +
        '                           [--allow-origin URL]... [--allow-host NAME]...\n' +
        '                           [--delta-delay ms]\n' +
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
  const allowedHosts = [
    ...splitList(process.env.MOCK_ALLOWED_HOSTS),
    ...(values['allow-host'] ?? []),
  ];
  // People watch this server stream (curl -N, a browser), so it streams at a visible pace by default.
  const deltaDelayMs = Number(values['delta-delay'] ?? 12);
  const server = await startMockServer({
    port,
    host: values.host ?? process.env.HOST ?? '127.0.0.1',
    scenarios,
    allowedOrigins,
    allowedHosts,
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
