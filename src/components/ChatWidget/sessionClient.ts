/**
 * The session client: the one place that knows about `client_secret`.
 *
 * - `getClientSecret(existing?)` (the seed plan's name and signature): creates a session with
 *   `POST /api/chatkit/session` lazily, shares one request between concurrent callers, validates the
 *   body, and refreshes the secret shortly before `expires_at`, or when called with the secret that
 *   just failed (`existing`).
 * - `fetch`: what ChatKit's custom-backend mode calls for `POST /chatkit`. It adds
 *   `Authorization: Bearer <client_secret>`, refreshes the session once after a 401 and replays the
 *   request, times out until the first byte, and retries transient failures per the retry policy,
 *   only while nothing has reached the reader (a stream is handed over after its first chunk). It
 *   refuses, sending nothing, any URL that is not on the backend's origin (`onBackend`).
 *
 * The secret lives in this closure only: never in web storage, the URL or the console, and it
 * travels only to the backend's origin.
 */
import { isStreamingRequest, paths, sessionResponseSchema } from '../../contract';
import { parseJson, readErrorResponse } from '../../contract/wire';
import { BackendError, classifyError, type Endpoint } from './errors';
import { pageLanguage } from './pageContext';
import {
  DEFAULT_RETRY_POLICY,
  runWithRetry,
  type RetryPolicy,
  type RetryWait,
} from './retryPolicy';

export interface SessionClientOptions {
  /** Backend base URL, without a trailing slash. */
  backendUrl: string;
  /** Time limit for session creation, in ms. @default 5000 */
  sessionTimeoutMs?: number;
  /** Time limit for a chat request until its first byte, in ms. @default 30000 */
  firstByteTimeoutMs?: number;
  /** Refresh a secret this long before its `expires_at`, in ms. @default 60000 */
  refreshMarginMs?: number;
  /** Retry policy for chat requests. @default DEFAULT_RETRY_POLICY */
  retryPolicy?: RetryPolicy;
  /** Waits before an automatic retry (the widget shows a countdown). @default a plain timer */
  waitBeforeRetry?: (info: RetryWait, signal: AbortSignal | undefined) => Promise<void>;
  /** The fetch used for the network. @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Clock, for tests. @default Date.now */
  now?: () => number;
  /**
   * The reader's language, sent as `Accept-Language` on every request (read per request).
   * @default the page's `<html lang>`
   */
  language?: () => string | undefined;
}

export interface SessionClient {
  /**
   * Resolves to a usable client secret. Pass the secret that was just refused (`existing`) to force
   * a fresh session; concurrent callers share one request.
   */
  getClientSecret(existing?: string | null): Promise<string>;
  /** A `fetch` for ChatKit's custom-backend mode (`api.fetch`). */
  fetch: typeof fetch;
  /** Forgets the current secret; the next call creates a new session. */
  reset(): void;
  /** Whether a secret is held now (for tests and diagnostics; the secret itself is not exposed). */
  hasSession(): boolean;
}

interface Held {
  secret: string;
  /** Epoch ms after which the secret must be refreshed; Infinity when the session never expires. */
  refreshAt: number;
}

/** Builds a BackendError from an HTTP error response (envelope or not). */
async function httpError(
  response: Response,
  endpoint: Endpoint,
  now: number,
): Promise<BackendError> {
  const { status, errorType, retryAfter, detail } = await readErrorResponse(response, now);
  return new BackendError(`${endpoint} request failed with HTTP ${status}`, {
    endpoint,
    failure: 'http',
    status,
    ...(errorType !== null && { errorType }),
    ...(retryAfter !== null && { retryAfterMs: retryAfter * 1000 }),
    cause: detail,
  });
}

/** A signal that aborts on the caller's signal or after `ms`, and a way to stop the timer. */
function timeoutSignal(ms: number, outer: AbortSignal | null | undefined) {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, ms);
  const onOuterAbort = () => controller.abort(outer?.reason);
  if (outer?.aborted) controller.abort(outer.reason);
  else outer?.addEventListener('abort', onOuterAbort, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    clear: () => {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onOuterAbort);
    },
  };
}

/**
 * Waits for the first chunk of a streamed body (so the first-byte limit covers it), then returns an
 * equivalent Response whose body replays that chunk followed by the rest. It never throws: once the
 * server has answered 2xx it may already have stored the message, so replaying the request could
 * store it twice. A body that fails (cut, or no first byte in time) is handed over failing, with
 * `onFailure`'s error, and the surface reports a broken answer, which it can recover without
 * sending the message again (`threads.retry_after_item`).
 */
async function withFirstChunk(
  response: Response,
  onFailure: (cause: unknown) => unknown,
): Promise<Response> {
  if (!response.body) return response;
  const reader = response.body.getReader();
  let first: ReadableStreamReadResult<Uint8Array> | { failed: unknown };
  try {
    first = await reader.read();
  } catch (cause) {
    first = { failed: onFailure(cause) };
  }
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      if ('failed' in first) controller.error(first.failed);
      else if (first.done) controller.close();
      else controller.enqueue(first.value);
    },
    async pull(controller) {
      try {
        const next = await reader.read();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      } catch (error) {
        controller.error(error);
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  return new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

/** The base URL `fetch` resolves a relative URL against: the document's, or a worker's location. */
function pageBase(): string | undefined {
  if (typeof document !== 'undefined') return document.baseURI;
  return typeof location !== 'undefined' ? location.href : undefined;
}

/** `url` parsed as `fetch` parses it (the WHATWG URL parser, against the page), or null. */
function resolveUrl(url: string): URL | null {
  try {
    return new URL(url, pageBase());
  } catch {
    return null;
  }
}

/**
 * What to hand the network for `input`, when `input` is on the backend's origin; throws otherwise,
 * so the secret goes nowhere else. The URL is judged as `fetch` would resolve it (a `Request`'s own
 * URL; anything else stringified and parsed against the page), so spellings such as
 * `\\evil.example/x`, `//evil.example`, `https:evil.example` or `HTTP://BACKEND` are seen for what
 * they are. A URL is stringified once: the string checked is the string fetched.
 */
function onBackend(input: RequestInfo | URL, backendUrl: string): RequestInfo {
  const request = typeof Request !== 'undefined' && input instanceof Request ? input : null;
  const url = resolveUrl(request ? request.url : String(input));
  const backend = resolveUrl(`${backendUrl}/`);
  if (
    !url ||
    !backend ||
    backend.origin === 'null' ||
    url.protocol !== backend.protocol ||
    url.origin !== backend.origin
  ) {
    throw new Error(
      `Refused to send the chat's secret to ${url ? url.origin : 'an invalid URL'}: not the ` +
        `backend's origin (${backend?.origin ?? backendUrl}). Nothing was sent.`,
    );
  }
  return request ?? url.href;
}

function requestType(body: BodyInit | null | undefined): string | undefined {
  if (typeof body !== 'string') return undefined;
  try {
    const parsed: unknown = parseJson(body);
    return typeof parsed === 'object' && parsed !== null && 'type' in parsed
      ? String((parsed as { type: unknown }).type)
      : undefined;
  } catch {
    return undefined;
  }
}

export function createSessionClient(options: SessionClientOptions): SessionClient {
  const backendUrl = options.backendUrl.replace(/\/+$/, '');
  const sessionTimeoutMs = options.sessionTimeoutMs ?? 5000;
  const firstByteTimeoutMs = options.firstByteTimeoutMs ?? 30_000;
  const refreshMarginMs = options.refreshMarginMs ?? 60_000;
  const now = options.now ?? Date.now;
  const language = options.language ?? pageLanguage;
  /** The headers every request carries besides its own. */
  const withLanguage = (headers: Headers) => {
    const lang = language();
    if (lang && !headers.has('Accept-Language')) headers.set('Accept-Language', lang);
    return headers;
  };
  // Resolved per call, so a fetch patched after creation (tests, MSW) is honoured.
  const net: typeof fetch = (input, init) => (options.fetch ?? globalThis.fetch)(input, init);

  let held: Held | null = null;
  let pending: Promise<Held> | null = null;

  async function createSession(): Promise<Held> {
    const timeout = timeoutSignal(sessionTimeoutMs, undefined);
    let response: Response;
    let text: string;
    try {
      response = await net(`${backendUrl}${paths.session}`, {
        method: 'POST',
        headers: withLanguage(
          new Headers({ 'Content-Type': 'application/json', Accept: 'application/json' }),
        ),
        body: '{}',
        signal: timeout.signal,
      });
      if (!response.ok) throw await httpError(response, 'session', now());
      text = await response.text();
    } catch (error) {
      if (error instanceof BackendError) throw error;
      throw new BackendError(
        timeout.timedOut() ? 'Session request timed out' : 'Session request failed',
        { endpoint: 'session', failure: timeout.timedOut() ? 'timeout' : 'network', cause: error },
      );
    } finally {
      timeout.clear();
    }
    let json: unknown;
    try {
      json = parseJson(text);
    } catch (error) {
      throw new BackendError('Session response is not JSON', {
        endpoint: 'session',
        failure: 'malformed',
        status: response.status,
        cause: error,
      });
    }
    const parsed = sessionResponseSchema.safeParse(json);
    if (!parsed.success) {
      throw new BackendError('Session response does not match the contract', {
        endpoint: 'session',
        failure: 'malformed',
        status: response.status,
        cause: parsed.error,
      });
    }
    const expiresAt = parsed.data.expires_at ? Date.parse(parsed.data.expires_at) : Infinity;
    return { secret: parsed.data.client_secret, refreshAt: expiresAt - refreshMarginMs };
  }

  function getClientSecret(existing?: string | null): Promise<string> {
    const refused = existing ?? null;
    if (held && held.secret !== refused && now() < held.refreshAt) {
      return Promise.resolve(held.secret);
    }
    if (held && held.secret === refused) held = null;
    if (!pending) {
      pending = createSession().then(
        (fresh) => {
          held = fresh;
          pending = null;
          return fresh;
        },
        (error: unknown) => {
          pending = null;
          throw error;
        },
      );
    }
    return pending.then((fresh) => fresh.secret);
  }

  async function attempt(url: RequestInfo, init: RequestInit | undefined): Promise<Response> {
    const streaming = isStreamingRequest(requestType(init?.body) ?? '');
    const send = async (secret: string) => {
      const headers = withLanguage(new Headers(init?.headers));
      headers.set('Authorization', `Bearer ${secret}`);
      if (!headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
      const timeout = timeoutSignal(firstByteTimeoutMs, init?.signal);
      const failed = (cause: unknown) =>
        init?.signal?.aborted
          ? cause // the caller gave up: not ours to report or retry
          : new BackendError(
              timeout.timedOut() ? 'Chat request timed out' : 'Chat request failed',
              {
                endpoint: 'chatkit',
                failure: timeout.timedOut() ? 'timeout' : 'network',
                cause,
              },
            );
      try {
        // Failures before an answer are retried by `runWithRetry`: nothing reached the server.
        const response = await net(url, { ...init, headers, signal: timeout.signal });
        if (!response.ok || !streaming) return response;
        return await withFirstChunk(response, failed);
      } catch (error) {
        throw failed(error);
      } finally {
        timeout.clear();
      }
    };

    const secret = await getClientSecret();
    let response = await send(secret);
    if (response.status === 401) {
      await response.body?.cancel();
      response = await send(await getClientSecret(secret));
      if (response.status === 401) held = null; // a fresh session was refused too
    }
    if (!response.ok) throw await httpError(response, 'chatkit', now());
    return response;
  }

  const authorizedFetch: typeof fetch = (input, init) => {
    let checked: RequestInfo;
    try {
      // Before anything else, a session included: a refused URL costs no request at all.
      checked = onBackend(input, backendUrl);
    } catch (error) {
      return Promise.reject(error);
    }
    return runWithRetry(() => attempt(checked, init), {
      policy: options.retryPolicy ?? DEFAULT_RETRY_POLICY,
      classify: (error) => classifyError(error),
      ...(options.waitBeforeRetry && { wait: options.waitBeforeRetry }),
      ...(init?.signal && { signal: init.signal }),
    });
  };

  return {
    getClientSecret,
    fetch: authorizedFetch,
    reset() {
      held = null;
    },
    hasSession: () => held !== null,
  };
}
