/**
 * Errors the local element reports through `chatkit.error`. They carry what a host needs to decide
 * what to show (status, retry delay, whether a retry is allowed) without ever carrying the server's
 * raw message, which may hold technical detail that readers must not see.
 */

/** A protocol request answered with a non-2xx status. */
export class ChatKitHttpError extends Error {
  override readonly name = 'ChatKitHttpError';
  /** HTTP status code of the response. */
  readonly status: number;
  /** Seconds to wait before retrying, from the body's `error.retry_after` or `Retry-After`. */
  readonly retryAfter: number | null;
  /** The error envelope's `error.type` (for example `RateLimitError`), when the body had one. */
  readonly errorType: string | null;

  constructor(
    status: number,
    details: { retryAfter?: number | null; errorType?: string | null } = {},
  ) {
    super(`ChatKit request failed with HTTP ${status}`);
    this.status = status;
    this.retryAfter = details.retryAfter ?? null;
    this.errorType = details.errorType ?? null;
  }
}

/**
 * Known stream failure codes. `error` events from the server keep their own `code`, so the set is open.
 * - `stream.malformed`: an event was not valid JSON or did not match the protocol.
 * - `stream.interrupted`: the connection ended before the answer was complete.
 */
export type ChatKitStreamErrorCode = 'stream.error' | 'stream.malformed' | 'stream.interrupted';

/** The answer's event stream failed after the request was accepted. */
export class ChatKitStreamError extends Error {
  override readonly name = 'ChatKitStreamError';
  /** `stream.malformed`, `stream.interrupted`, or the `code` of the server's `error` event. */
  readonly code: ChatKitStreamErrorCode | (string & {});
  /** Whether retrying the answer (`threads.retry_after_item`) may succeed. */
  readonly allowRetry: boolean;
  /**
   * The backend's own words for the reader: only a `custom` error event carries them (the reference
   * server's CustomStreamError, written to be shown, already localized). Never a technical message.
   */
  readonly readerMessage: string | null;

  constructor(
    code: ChatKitStreamErrorCode | (string & {}),
    allowRetry: boolean,
    options?: { cause?: unknown; readerMessage?: string },
  ) {
    super(`ChatKit answer stream failed (${code})`, options);
    this.code = code;
    this.allowRetry = allowRetry;
    this.readerMessage = code === 'custom' ? options?.readerMessage?.trim() || null : null;
  }
}

/** Hosted mode needs OpenAI's own script; the local element only speaks to a custom backend. */
export class ChatKitConfigurationError extends Error {
  override readonly name = 'ChatKitConfigurationError';
}

/** A non-streaming answer (for example `threads.get_by_id`) that does not match the protocol. */
export class ChatKitProtocolError extends Error {
  override readonly name = 'ChatKitProtocolError';
}
