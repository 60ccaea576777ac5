import { describe, expect, it } from 'vitest';
import type { ErrorState } from './errors';
import {
  initialWidgetState,
  panelView,
  widgetReducer,
  type WidgetEvent,
  type WidgetState,
} from './widgetState';

const networkError: ErrorState = {
  type: 'network',
  reason: 'network',
  message: 'x',
  retryable: true,
  timestamp: 0,
};
const sessionError: ErrorState = { ...networkError, type: 'session', retryable: false };
const connectRetry = { retry: 1, of: 3, at: 1000, operation: 'connect' as const };

const run = (events: WidgetEvent[], from: WidgetState = initialWidgetState) =>
  events.reduce(widgetReducer, from);

describe('widgetReducer', () => {
  it('connects once: after the surface is ready, another session start changes nothing', () => {
    const ready = run([{ type: 'sessionStarted' }, { type: 'sessionReady' }]);
    expect(ready).toMatchObject({ isInitialized: true, error: null, retry: null });
    expect(widgetReducer(ready, { type: 'sessionStarted' })).toBe(ready);
  });

  it('ignores a response before the surface is initialized', () => {
    expect(run([{ type: 'responseStarted' }]).isLoading).toBe(false);
  });

  it('shows a retry, then a fresh attempt clears the error', () => {
    const waiting = run([
      { type: 'sessionStarted' },
      { type: 'failed', error: networkError },
      { type: 'retryScheduled', retry: connectRetry },
    ]);
    expect(panelView(waiting)).toBe('retrying');
    const retrying = widgetReducer(waiting, { type: 'retried' });
    expect(retrying).toMatchObject({ error: null, retry: null });
    expect(panelView(retrying)).toBe('connecting');
  });

  it('never schedules an automatic retry for a session error', () => {
    const failed = run([
      { type: 'sessionStarted' },
      { type: 'failed', error: sessionError },
      { type: 'retryScheduled', retry: connectRetry },
    ]);
    expect(failed.retry).toBeNull();
    expect(panelView(failed)).toBe('error');
  });

  it('a cancelled retry leaves the error with its manual "Try again"', () => {
    const cancelled = run([
      { type: 'failed', error: networkError },
      { type: 'retryScheduled', retry: connectRetry },
      { type: 'retryCancelled' },
    ]);
    expect(cancelled).toMatchObject({ retry: null, error: networkError });
    expect(panelView(cancelled)).toBe('error');
  });

  it('an answer streams only on a ready surface, and a failure ends it', () => {
    const streaming = run([{ type: 'sessionReady' }, { type: 'responseStarted' }]);
    expect(streaming.isLoading).toBe(true);
    expect(widgetReducer(streaming, { type: 'failed', error: networkError }).isLoading).toBe(false);
    expect(widgetReducer(streaming, { type: 'responseEnded' }).isLoading).toBe(false);
  });

  it('keeps the invariants over random event sequences', () => {
    const events: WidgetEvent[] = [
      { type: 'sessionStarted' },
      { type: 'sessionReady' },
      { type: 'responseStarted' },
      { type: 'responseEnded' },
      { type: 'failed', error: networkError },
      { type: 'failed', error: sessionError },
      { type: 'retryScheduled', retry: connectRetry },
      { type: 'retryScheduled', retry: { ...connectRetry, operation: 'message' } },
      { type: 'retried' },
      { type: 'retryCancelled' },
      { type: 'dismissed' },
      { type: 'wentOffline' },
      { type: 'cameOnline' },
    ];
    // A small deterministic generator (mulberry32), so a failure is reproducible.
    let seed = 42;
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    for (let sequence = 0; sequence < 500; sequence++) {
      let state = initialWidgetState;
      for (let step = 0; step < 30; step++) {
        const event = events[Math.floor(random() * events.length)]!;
        const before = state;
        state = widgetReducer(state, event);
        if (state.isLoading) expect(state.isInitialized).toBe(true);
        if (state.retry && state.error) expect(state.error.retryable).toBe(true);
        if (
          ['sessionStarted', 'responseStarted', 'retried'].includes(event.type) &&
          state !== before
        ) {
          expect(state.error).toBeNull();
        }
      }
    }
  });
});
