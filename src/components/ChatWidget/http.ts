/**
 * What the session request and the chat requests share on the way to the backend: the reader's
 * language on every request, a time limit that also honours the caller's signal, and HTTP error
 * responses read into a BackendError (envelope or not).
 */
import { readErrorResponse } from '../../contract/wire';
import { BackendError, type Endpoint } from './errors';
import { pageLanguage } from './pageContext';

/**
 * Sets `Accept-Language` (a CORS-safelisted header: no preflight) from `language`, read per request:
 * the reader may change the page's language while the widget stays mounted.
 */
export function languageHeader(language: () => string | undefined = pageLanguage) {
  return (headers: Headers): Headers => {
    const lang = language();
    if (lang && !headers.has('Accept-Language')) headers.set('Accept-Language', lang);
    return headers;
  };
}

/** Builds a BackendError from an HTTP error response (envelope or not). */
export async function httpError(
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
export function timeoutSignal(ms: number, outer: AbortSignal | null | undefined) {
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
