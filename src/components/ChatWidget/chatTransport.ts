/**
 * The chat-request pipeline: every request a ChatKit element sends to `POST /chatkit` (its custom
 * backend's `api.fetch`) goes through here, after the AI SDK's `http-chat-transport.ts`. Per request:
 * - the body is read once (`readChatRequest`): its type, the question it asks, and the page the
 *   reader is on added to its `metadata` (`metadata.page`, other metadata kept);
 * - the URL must be on the backend's origin, or nothing is sent (`onBackend`);
 * - it is authorized with the session's secret (`Authorization: Bearer`), and after a 401 the
 *   session is refreshed once and the request replayed;
 * - it has a time limit until its first byte, and transient failures are retried per the retry
 *   policy only while nothing has reached the reader (a stream is handed over after its first chunk:
 *   once the server has answered 2xx it may have stored the question, so it is never sent twice);
 * - its outcome is reported to subscribers (the chat connection keeps the question that failed for
 *   "Try again").
 */
import { isStreamingRequest } from '../../contract';
import { parseJson, questionOf } from '../../contract/wire';
import { BackendError, classifyError } from './errors';
import { httpError, languageHeader, timeoutSignal } from './http';
import { currentPage, type PageContext } from './pageContext';
import {
  DEFAULT_RETRY_POLICY,
  runWithRetry,
  type RetryPolicy,
  type RetryWait,
} from './retryPolicy';
import type { SessionClient } from './sessionClient';

export interface ChatTransportOptions {
  /** Backend base URL, without a trailing slash. */
  backendUrl: string;
  /** Time limit for a chat request until its first byte, in ms. @default 30000 */
  firstByteTimeoutMs?: number;
  /** Retry policy for chat requests. @default DEFAULT_RETRY_POLICY */
  retryPolicy?: RetryPolicy;
  /** Waits before an automatic retry (the widget shows a countdown). @default a plain timer */
  waitBeforeRetry?: (info: RetryWait, signal: AbortSignal | undefined) => Promise<void>;
  /** The fetch used for the network. @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Clock, for tests. @default Date.now */
  now?: () => number;
  /** The reader's language for `Accept-Language`, read per request. @default the page's `<html lang>` */
  language?: () => string | undefined;
  /** The page the reader is on, read per request. @default currentPage */
  page?: () => PageContext | null;
}

/** How one request ended, for subscribers. `error` is absent when the server answered 2xx. */
export interface ChatOutcome {
  /** The protocol request's type, or null when the body is not one. */
  type: string | null;
  /** The question the request asked, or null when it asked none. */
  question: string | null;
  error?: unknown;
}

export interface ChatTransport {
  /** ChatKit's `api.fetch`. */
  fetch: typeof fetch;
  /** Hears each request's outcome; returns the unsubscribe function. */
  subscribe(listener: (outcome: ChatOutcome) => void): () => void;
}

/** A request body as the pipeline reads it: once. */
export interface ChatRequest {
  type: string | null;
  question: string | null;
  /** The body to send: with `metadata.page` when it is a protocol request and there is a page. */
  body: BodyInit | null | undefined;
}

/** Reads a `/chatkit` body once: its type, its question, and the body with the page added. */
export function readChatRequest(
  body: BodyInit | null | undefined,
  page: PageContext | null = currentPage(),
): ChatRequest {
  if (typeof body !== 'string') return { type: null, question: null, body };
  let request: unknown;
  try {
    request = parseJson(body);
  } catch {
    return { type: null, question: null, body };
  }
  if (typeof request !== 'object' || request === null || !('type' in request)) {
    return { type: null, question: null, body };
  }
  const type = String((request as { type: unknown }).type);
  const question = questionOf(request);
  if (page === null) return { type, question, body };
  const { metadata } = request as { metadata?: unknown };
  const kept = typeof metadata === 'object' && metadata !== null ? metadata : {};
  return { type, question, body: JSON.stringify({ ...request, metadata: { ...kept, page } }) };
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

export function createChatTransport(
  session: SessionClient,
  options: ChatTransportOptions,
): ChatTransport {
  const backendUrl = options.backendUrl.replace(/\/+$/, '');
  const firstByteTimeoutMs = options.firstByteTimeoutMs ?? 30_000;
  const now = options.now ?? Date.now;
  const withLanguage = languageHeader(options.language);
  const page = options.page ?? currentPage;
  // Resolved per call, so a fetch patched after creation (tests, MSW) is honoured.
  const net: typeof fetch = (input, init) => (options.fetch ?? globalThis.fetch)(input, init);
  const listeners = new Set<(outcome: ChatOutcome) => void>();

  async function attempt(
    url: RequestInfo,
    init: RequestInit | undefined,
    type: string | null,
  ): Promise<Response> {
    const streaming = isStreamingRequest(type ?? '');
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

    const secret = await session.getClientSecret();
    let response = await send(secret);
    if (response.status === 401) {
      await response.body?.cancel();
      response = await send(await session.getClientSecret(secret));
      if (response.status === 401) session.reset(); // a fresh session was refused too
    }
    if (!response.ok) throw await httpError(response, 'chatkit', now());
    return response;
  }

  const report = (outcome: ChatOutcome) => listeners.forEach((listener) => listener(outcome));

  const authorizedFetch: typeof fetch = async (input, init) => {
    const { type, question, body } = readChatRequest(init?.body, page());
    try {
      // Before anything else, a session included: a refused URL costs no request at all.
      const checked = onBackend(input, backendUrl);
      const request = init === undefined ? undefined : { ...init, body };
      const response = await runWithRetry(() => attempt(checked, request, type), {
        policy: options.retryPolicy ?? DEFAULT_RETRY_POLICY,
        classify: (error) => classifyError(error),
        ...(options.waitBeforeRetry && { wait: options.waitBeforeRetry }),
        ...(init?.signal && { signal: init.signal }),
      });
      report({ type, question });
      return response;
    } catch (error) {
      report({ type, question, error });
      throw error;
    }
  };

  return {
    fetch: authorizedFetch,
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
