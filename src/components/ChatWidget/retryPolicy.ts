/**
 * The automatic retry policy, as plain data and pure functions (after TanStack Query's retryer):
 * the widget, the session client and the outage simulation all use this one module.
 *
 * Default: after a failed request, 3 automatic retries waiting 1 s, 2 s and 4 s (each ±50 % jitter,
 * so thousands of readers do not return in lockstep); a 429's `retry_after` replaces the backoff.
 */
import { RetryCancelledError } from './errors';

export interface RetryPolicy {
  /** Automatic retries after the first failure. @default 3 */
  retries: number;
  /** Delay before the first retry, in ms. @default 1000 */
  baseDelayMs: number;
  /** Growth per retry. @default 2 */
  factor: number;
  /** Upper bound for one delay, in ms. @default 30000 */
  maxDelayMs: number;
  /** Spread around the nominal delay: 0.5 draws from [0.5×, 1.5×). 0 disables jitter. @default 0.5 */
  jitter: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  retries: 3,
  baseDelayMs: 1000,
  factor: 2,
  maxDelayMs: 30_000,
  jitter: 0.5,
});

/**
 * The wait before retry number `retry` (1-based): `baseDelayMs × factor^(retry−1)`, capped, jittered.
 * With `retryAfterMs` (the server's word) that wait is honoured, spread up to 10 % later.
 */
export function retryDelay(
  retry: number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  options: { retryAfterMs?: number | undefined; random?: () => number } = {},
): number {
  const random = options.random ?? Math.random;
  if (options.retryAfterMs !== undefined) {
    return Math.round(options.retryAfterMs * (1 + 0.1 * random()));
  }
  const nominal = Math.min(policy.maxDelayMs, policy.baseDelayMs * policy.factor ** (retry - 1));
  const spread = policy.jitter * (2 * random() - 1);
  return Math.max(0, Math.round(nominal * (1 + spread)));
}

/** What a pending retry looks like to whoever shows it (the RetryPanel). */
export interface RetryWait {
  /** Which automatic retry this wait precedes, 1-based. */
  retry: number;
  /** How many automatic retries the policy allows. */
  of: number;
  delayMs: number;
  error: unknown;
}

export interface RunWithRetryOptions {
  policy?: RetryPolicy;
  /** Whether a failure may be retried and how long the server asked us to wait. */
  classify: (error: unknown) => { retryable: boolean; retryAfterMs?: number | undefined };
  /**
   * Waits before a retry. The default is a plain timer; the widget injects one that shows the
   * RetryPanel countdown, can be skipped ("Retry now") and rejects with RetryCancelledError.
   */
  wait?: (info: RetryWait, signal: AbortSignal | undefined) => Promise<void>;
  signal?: AbortSignal;
  random?: () => number;
}

/** A cancellable timer: resolves after `ms`, rejects with RetryCancelledError on abort. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new RetryCancelledError());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new RetryCancelledError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Runs `operation`, retrying retryable failures per the policy. Rejects with the last failure once
 * the retries are spent (or at once for a failure that retrying cannot help).
 */
export async function runWithRetry<T>(
  operation: (attempt: number) => Promise<T>,
  options: RunWithRetryOptions,
): Promise<T> {
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  const wait = options.wait ?? ((info, signal) => sleep(info.delayMs, signal));
  for (let attempt = 1; ; attempt++) {
    if (options.signal?.aborted) throw new RetryCancelledError();
    try {
      return await operation(attempt);
    } catch (error) {
      if (error instanceof RetryCancelledError) throw error;
      const { retryable, retryAfterMs } = options.classify(error);
      const retry = attempt; // the retry that would follow this failure
      if (!retryable || retry > policy.retries) throw error;
      const random = options.random;
      const delayMs = retryDelay(retry, policy, {
        retryAfterMs,
        ...(random !== undefined && { random }),
      });
      await wait({ retry, of: policy.retries, delayMs, error }, options.signal);
    }
  }
}
