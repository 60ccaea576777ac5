/**
 * The visible side of automatic retries. `wait` is what `runWithRetry` calls between attempts: it
 * records the failure and the pending retry in WidgetState (the RetryPanel shows the countdown),
 * then resolves when the delay ends, at once on "Retry now" or when the browser comes back online,
 * and rejects with RetryCancelledError on "Cancel", on closing the widget, or on unmount.
 * While offline the countdown is paused: there is no point knocking on a closed door.
 */
import { useCallback, useEffect, useRef, type Dispatch } from 'react';
import { classifyError, RetryCancelledError } from './errors';
import type { RetryWait } from './retryPolicy';
import type { PendingRetry, WidgetEvent } from './widgetState';

interface Pending {
  resolve: () => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout> | undefined;
  remainingMs: number;
  startedAt: number;
  operation: PendingRetry['operation'];
  info: RetryWait;
}

export interface ErrorRetry {
  /** Waits before an automatic retry; pass as `runWithRetry`'s `wait`. */
  wait: (
    operation: PendingRetry['operation'],
  ) => (info: RetryWait, signal: AbortSignal | undefined) => Promise<void>;
  /** Skips the countdown. */
  retryNow: () => void;
  /** Abandons the pending retry; the error stays for a manual "Try again". */
  cancel: () => void;
}

const isOnline = () => typeof navigator === 'undefined' || navigator.onLine !== false;

export function useErrorRetry(dispatch: Dispatch<WidgetEvent>, isOpen: boolean): ErrorRetry {
  const pending = useRef<Pending | null>(null);

  const settle = useCallback(
    (outcome: 'fire' | 'cancel') => {
      const current = pending.current;
      if (!current) return;
      clearTimeout(current.timer);
      pending.current = null;
      if (outcome === 'fire') {
        dispatch({ type: 'retried' });
        current.resolve();
      } else {
        dispatch({ type: 'retryCancelled' });
        current.reject(new RetryCancelledError());
      }
    },
    [dispatch],
  );

  const startTimer = useCallback(
    (current: Pending) => {
      current.startedAt = Date.now();
      current.timer = setTimeout(() => settle('fire'), current.remainingMs);
      dispatch({
        type: 'retryScheduled',
        retry: {
          retry: current.info.retry,
          of: current.info.of,
          at: Date.now() + current.remainingMs,
          operation: current.operation,
        },
      });
    },
    [dispatch, settle],
  );

  const wait = useCallback<ErrorRetry['wait']>(
    (operation) => (info, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(new RetryCancelledError());
        settle('cancel'); // one pending retry at a time
        dispatch({ type: 'failed', error: classifyError(info.error, { online: isOnline() }) });
        const current: Pending = {
          resolve,
          reject,
          timer: undefined,
          remainingMs: info.delayMs,
          startedAt: Date.now(),
          operation,
          info,
        };
        pending.current = current;
        signal?.addEventListener('abort', () => pending.current === current && settle('cancel'), {
          once: true,
        });
        if (isOnline()) startTimer(current);
        else
          dispatch({
            type: 'retryScheduled',
            retry: { retry: info.retry, of: info.of, at: Infinity, operation },
          });
      }),
    [dispatch, settle, startTimer],
  );

  useEffect(() => {
    const offline = () => {
      dispatch({ type: 'wentOffline' });
      const current = pending.current;
      if (current?.timer !== undefined) {
        clearTimeout(current.timer);
        current.timer = undefined;
        current.remainingMs = Math.max(0, current.remainingMs - (Date.now() - current.startedAt));
        dispatch({
          type: 'retryScheduled',
          retry: {
            retry: current.info.retry,
            of: current.info.of,
            at: Infinity,
            operation: current.operation,
          },
        });
      }
    };
    const online = () => {
      dispatch({ type: 'cameOnline' });
      settle('fire');
    };
    if (!isOnline()) dispatch({ type: 'wentOffline' });
    window.addEventListener('offline', offline);
    window.addEventListener('online', online);
    return () => {
      window.removeEventListener('offline', offline);
      window.removeEventListener('online', online);
    };
  }, [dispatch, settle]);

  // Closing the widget cancels every pending retry; so does unmounting.
  useEffect(() => {
    if (!isOpen) settle('cancel');
  }, [isOpen, settle]);
  useEffect(() => () => settle('cancel'), [settle]);

  return {
    wait,
    retryNow: useCallback(() => settle('fire'), [settle]),
    cancel: useCallback(() => settle('cancel'), [settle]),
  };
}
