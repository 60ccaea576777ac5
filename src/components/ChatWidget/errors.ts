/**
 * Every failure the widget can meet, classified into an ErrorState: what kind it is,
 * whether retrying can help, and the friendly words a reader sees. Raw server messages, status
 * codes and stacks never reach the reader; they stay on the error for developers.
 */
import type { ErrorType, FriendlyReason } from './errorKinds';
import { en } from './strings/en';

export type { ErrorType, FriendlyReason };

/** The kinds of failure a reader can be told about (ErrorState.type). */

/** What the widget knows about a failure: what the panel shows and whether retrying can help. */
export interface ErrorState {
  type: ErrorType;
  /**
   * Which friendly, actionable words the reader gets (in the page's language, from `strings/`);
   * never a status code or a server message.
   */
  reason: FriendlyReason;
  /** The same words in English. */
  message: string;
  /** Whether an automatic retry may help. */
  retryable: boolean;
  /** When the server asked us to wait (429 `retry_after` / `Retry-After`), in milliseconds. */
  retryAfterMs?: number;
  /** Epoch milliseconds at which the failure was classified. */
  timestamp: number;
}

export type Endpoint = 'session' | 'chatkit' | 'script';

/** What went wrong on the wire. */
export type BackendFailure =
  | 'network' // the request never got an answer (DNS, refused, CORS, offline)
  | 'timeout' // no answer (or no first byte) within the time limit
  | 'http' // an HTTP error status
  | 'malformed'; // a 2xx answer whose body does not match the contract

/**
 * A failure of a call to the backend, carrying what classification needs. Thrown by the session
 * client and the authorized fetch; the local element passes it through `chatkit.error` unchanged.
 */
export class BackendError extends Error {
  override name = 'BackendError';
  readonly endpoint: Endpoint;
  readonly failure: BackendFailure;
  readonly status: number | undefined;
  /** The error envelope's `error.type`, when the backend sent one. */
  readonly errorType: string | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(
    message: string,
    init: {
      endpoint: Endpoint;
      failure: BackendFailure;
      status?: number;
      errorType?: string;
      retryAfterMs?: number;
      cause?: unknown;
    },
  ) {
    super(message, { cause: init.cause });
    this.endpoint = init.endpoint;
    this.failure = init.failure;
    this.status = init.status;
    this.errorType = init.errorType;
    this.retryAfterMs = init.retryAfterMs;
  }
}

/**
 * For `import(...).catch(...)`: the site's own code (a chunk of the chat) could not be fetched.
 * That is a network failure (the reader went offline after the page loaded, say): retryable, and
 * never "this browser cannot chat".
 */
export function codeFetchFailed(what: string): (cause: unknown) => never {
  return (cause) => {
    throw new BackendError(`${what} failed to load`, {
      endpoint: 'script',
      failure: 'network',
      cause,
    });
  };
}

/** OpenAI's ChatKit script (or the surface itself) could not be loaded or started. */
export class SurfaceError extends Error {
  override name = 'SurfaceError';
}

/** The reader (or closing the widget) cancelled a pending retry. Never shown as a failure. */
export class RetryCancelledError extends Error {
  override name = 'RetryCancelledError';
  constructor() {
    super('Retry cancelled');
  }
}

/** The friendly messages in English; the panel shows the reader's locale's (`strings/`). */
export const FRIENDLY_MESSAGES: Readonly<Record<FriendlyReason, string>> = en.panel.messages;

/** An ErrorState's words: the reason, and its English message for logs. */
const friendly = (reason: FriendlyReason) => ({ reason, message: FRIENDLY_MESSAGES[reason] });

/** Properties other error classes (the local element's) may carry; read structurally. */
interface ErrorLike {
  name?: unknown;
  status?: unknown;
  retryAfter?: unknown;
  retryAfterMs?: unknown;
  errorType?: unknown;
  code?: unknown;
  allowRetry?: unknown;
}

function numberOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function fromStatus(
  status: number,
  retryAfterMs: number | undefined,
  endpoint: Endpoint | undefined,
  now: number,
): ErrorState {
  if (status === 429) {
    return {
      type: 'rate_limit',
      ...friendly('rate_limit'),
      retryable: true,
      ...(retryAfterMs !== undefined && { retryAfterMs }),
      timestamp: now,
    };
  }
  if (status === 401 || status === 403) {
    // The authorized fetch already refreshed the session once: only a new session can help.
    return {
      type: 'session',
      ...friendly('session'),
      retryable: false,
      timestamp: now,
    };
  }
  if (status >= 500 || status === 408) {
    return { type: 'backend', ...friendly('backend'), retryable: true, timestamp: now };
  }
  // Other 4xx: the request itself is wrong (configuration, validation): retrying cannot help.
  return {
    type: endpoint === 'session' ? 'session' : 'backend',
    ...friendly(endpoint === 'session' ? 'session' : 'backend'),
    retryable: false,
    timestamp: now,
  };
}

/**
 * Classifies any failure into an ErrorState.
 * @param error whatever was thrown or emitted (`chatkit.error` detail, a rejected fetch, ...)
 * @param options.online whether the browser believes it is online (offline wins over network)
 */
export function classifyError(
  error: unknown,
  options: { online?: boolean; now?: number } = {},
): ErrorState {
  const now = options.now ?? Date.now();
  const online = options.online ?? true;

  if (error instanceof BackendError) {
    if (error.failure === 'network') {
      return {
        type: 'network',
        ...friendly(online ? 'network' : 'offline'),
        retryable: true,
        timestamp: now,
      };
    }
    if (error.failure === 'timeout') {
      return {
        type: 'network',
        ...friendly('timeout'),
        retryable: true,
        timestamp: now,
      };
    }
    if (error.failure === 'malformed') {
      // A 2xx body that breaks the contract: the backend is misbehaving, not the network.
      return {
        type: error.endpoint === 'session' ? 'session' : 'backend',
        ...friendly(error.endpoint === 'session' ? 'session' : 'backend'),
        retryable: false,
        timestamp: now,
      };
    }
    return fromStatus(error.status ?? 500, error.retryAfterMs, error.endpoint, now);
  }

  if (error instanceof SurfaceError) {
    return {
      type: 'surface',
      ...friendly('surface'),
      retryable: false,
      timestamp: now,
    };
  }

  if (error instanceof Error) {
    // A cause chain may hold the BackendError (e.g. an element that wrapped it).
    if (error.cause instanceof BackendError || error.cause instanceof SurfaceError) {
      return classifyError(error.cause, options);
    }
    const like = error as ErrorLike;
    const status = numberOrUndefined(like.status);
    if (status !== undefined) {
      const seconds = numberOrUndefined(like.retryAfter);
      const ms =
        numberOrUndefined(like.retryAfterMs) ??
        (seconds !== undefined ? seconds * 1000 : undefined);
      return fromStatus(status, ms, 'chatkit', now);
    }
    if (typeof like.code === 'string' && like.code.startsWith('stream.')) {
      // Shown and retried inside the thread by the surface; the widget must not retry it again.
      return {
        type: 'backend',
        ...friendly('backend'),
        retryable: false,
        timestamp: now,
      };
    }
    if (error.name === 'TypeError' || error.name === 'NetworkError') {
      // What browsers' fetch throws for refused connections, CORS and offline.
      return {
        type: 'network',
        ...friendly(online ? 'network' : 'offline'),
        retryable: true,
        timestamp: now,
      };
    }
    if (error.name === 'AbortError' || error.name === 'TimeoutError') {
      return {
        type: 'network',
        ...friendly('timeout'),
        retryable: true,
        timestamp: now,
      };
    }
  }

  return { type: 'unknown', ...friendly('unknown'), retryable: false, timestamp: now };
}
