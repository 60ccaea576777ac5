/**
 * Reading the wire, written once and used by the widget's session client, the local element, the
 * mocks and the tests: JSON (null-tolerant), the error envelope and its retry delay, request bodies,
 * and Server-Sent Events.
 *
 * The reference ChatKit server never writes `null` (it serializes with `exclude_none=True`: an unset
 * field is absent); other servers write `null` for the same thing. Both mean "unset", so the reader
 * drops every `null` member of an object before any schema sees it. `null` inside an array is kept
 * (the protocol has none; a schema then reports it).
 */
import { createParser } from 'eventsource-parser';
import { chatkitRequestSchema, type ChatKitRequest } from './protocol';
import { errorEnvelopeSchema } from './session';

function dropNulls(this: unknown, _key: string, value: unknown): unknown {
  // A reviver that returns undefined deletes the member from its object.
  return value === null && !Array.isArray(this) ? undefined : value;
}

/** `JSON.parse` where a `null` member of an object is the same as an absent one. */
export function parseJson(text: string): unknown {
  return JSON.parse(text, dropNulls);
}

/** Reads a response body as JSON the way `parseJson` does. */
export async function readJson(response: Response): Promise<unknown> {
  return parseJson(await response.text());
}

// ---------------------------------------------------------------------------------------------
// Error responses
// ---------------------------------------------------------------------------------------------

/**
 * Seconds from a `Retry-After` header: delta-seconds (fractions kept) or an HTTP date (seconds
 * from `now`, never negative). `null` when absent or unreadable.
 */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  const trimmed = value?.trim();
  if (!trimmed) return null;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  // An HTTP date names its weekday and month; a bare "-3" is no date (Date.parse would say year -3).
  if (!/[a-z]/i.test(trimmed)) return null;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, (date - now) / 1000);
}

/** What a non-2xx answer says, whether or not its body is the backend's error envelope. */
export interface ErrorResponse {
  status: number;
  /** The envelope's `error.type` (`RateLimitError`, ...), when the body was the envelope. */
  errorType: string | null;
  /**
   * Seconds to wait before retrying: the body's `retry_after` first (always readable), then the
   * `Retry-After` header (readable cross-origin only where CORS exposes it).
   */
  retryAfter: number | null;
  /** The server's own message or the start of a non-envelope body: for logs, never for readers. */
  detail: string;
}

/** Reads a non-2xx response once (its body is consumed). Never throws. */
export async function readErrorResponse(
  response: Response,
  now: number = Date.now(),
): Promise<ErrorResponse> {
  const text = await response.text().catch(() => '');
  let envelope: ReturnType<typeof errorEnvelopeSchema.safeParse> | undefined;
  try {
    envelope = errorEnvelopeSchema.safeParse(parseJson(text));
  } catch {
    envelope = undefined; // an HTML error page from a proxy, say
  }
  const error = envelope?.success ? envelope.data.error : undefined;
  return {
    status: response.status,
    errorType: error?.type ?? null,
    retryAfter: error?.retry_after ?? parseRetryAfter(response.headers.get('Retry-After'), now),
    detail: error?.message ?? text.slice(0, 200),
  };
}

// ---------------------------------------------------------------------------------------------
// Request bodies
// ---------------------------------------------------------------------------------------------

export type RequestReading =
  { request: ChatKitRequest } | { problem: 'not JSON' | 'not a ChatKit request'; detail: string };

/** Parses a `/chatkit` request body as the reference server's pydantic does (null = unset). */
export function readRequestBody(text: string): RequestReading {
  let json: unknown;
  try {
    json = parseJson(text);
  } catch {
    return { problem: 'not JSON', detail: 'Request body is not valid JSON.' };
  }
  const parsed = chatkitRequestSchema.safeParse(json);
  if (parsed.success) return { request: parsed.data };
  const detail = parsed.error.issues
    .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
    .join('; ');
  return { problem: 'not a ChatKit request', detail };
}

/**
 * The reader's text in a request that sends a question (`threads.create`,
 * `threads.add_user_message`), or null for any other request or body. Read loosely (only the type
 * and the text parts), so a client that sends fields the contract does not know is still understood.
 */
export function questionText(body: unknown): string | null {
  if (typeof body !== 'string') return null;
  try {
    return questionOf(parseJson(body));
  } catch {
    return null;
  }
}

/** The question a parsed protocol request asks (its text parts joined), or null if it asks none. */
export function questionOf(request: unknown): string | null {
  const asked = request as { type?: unknown; params?: { input?: { content?: unknown } } } | null;
  if (asked?.type !== 'threads.create' && asked?.type !== 'threads.add_user_message') {
    return null;
  }
  const content = asked.params?.input?.content;
  if (!Array.isArray(content)) return null;
  return content
    .map((part: { type?: unknown; text?: unknown }) =>
      part?.type === 'input_text' && typeof part.text === 'string' ? part.text : '',
    )
    .join('');
}

// ---------------------------------------------------------------------------------------------
// Server-Sent Events
// ---------------------------------------------------------------------------------------------

/**
 * A push parser for Server-Sent Events: feed it decoded text in any pieces, get back the `data` of
 * each event it completed. Only unnamed (`message`) events with data count; keep-alives are skipped.
 */
export function createSseDataParser(): { feed(text: string): string[] } {
  let pending: string[] = [];
  const parser = createParser({
    onEvent(message) {
      if (message.event !== undefined && message.event !== 'message') return;
      if (message.data.trim() === '') return;
      pending.push(message.data);
    },
  });
  return {
    feed(text) {
      parser.feed(text);
      const done = pending;
      pending = [];
      return done;
    },
  };
}

/**
 * Yields the `data` of each event of an SSE body as soon as its bytes have arrived, whatever the
 * chunking (an event split anywhere, even inside a UTF-8 character; several in one chunk). A body
 * that fails throws its error after the events received before the failure; an abort through
 * `signal` throws the signal's reason. Leaving early cancels the body.
 */
export async function* readSseData(
  body: ReadableStream<Uint8Array>,
  signal?: AbortSignal,
): AsyncGenerator<string, void, undefined> {
  const parser = createSseDataParser();
  const decoder = new TextDecoder();
  const reader = body.getReader();
  const onAbort = () => void reader.cancel().catch(() => undefined);
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (signal?.aborted) throw signal.reason ?? new DOMException('Aborted', 'AbortError');
      yield* parser.feed(done ? decoder.decode() : decoder.decode(value, { stream: true }));
      if (done) return;
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    // Not awaited: a tee'd body (MSW in Node clones responses) settles a cancel only when every
    // branch has been cancelled.
    reader.cancel().catch(() => undefined);
  }
}
