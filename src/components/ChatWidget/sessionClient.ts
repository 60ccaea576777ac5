/**
 * The session client: the one place that knows about `client_secret`. `getClientSecret(existing?)`
 * creates a session with `POST /api/chatkit/session` lazily, shares one request between concurrent
 * callers, validates the body, and refreshes the secret shortly before `expires_at`, or when called
 * with the secret that was just refused (`existing`). The chat-request pipeline (`chatTransport.ts`)
 * asks it for the secret of each request.
 *
 * The secret lives in this closure only: never in web storage, the URL or the console, and it
 * travels only to the backend's origin.
 */
import { paths, sessionResponseSchema } from '../../contract';
import { parseJson } from '../../contract/wire';
import { BackendError } from './errors';
import { httpError, languageHeader, timeoutSignal } from './http';

export interface SessionClientOptions {
  /** Backend base URL, without a trailing slash. */
  backendUrl: string;
  /** Time limit for session creation, in ms. @default 5000 */
  sessionTimeoutMs?: number;
  /** Refresh a secret this long before its `expires_at`, in ms. @default 60000 */
  refreshMarginMs?: number;
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

export function createSessionClient(options: SessionClientOptions): SessionClient {
  const backendUrl = options.backendUrl.replace(/\/+$/, '');
  const sessionTimeoutMs = options.sessionTimeoutMs ?? 5000;
  const refreshMarginMs = options.refreshMarginMs ?? 60_000;
  const now = options.now ?? Date.now;
  const withLanguage = languageHeader(options.language);
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

  return {
    getClientSecret,
    reset() {
      held = null;
    },
    hasSession: () => held !== null,
  };
}
