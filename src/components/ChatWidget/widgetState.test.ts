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
  it('connects on the first open and keeps the surface mounted after closing', () => {
    const ready = run([{ type: 'opened' }, { type: 'sessionStarted' }, { type: 'sessionReady' }]);
    expect(ready).toMatchObject({ isOpen: true, isInitialized: true, isConnecting: false });
    const closed = widgetReducer(ready, { type: 'closed' });
    expect(closed).toMatchObject({ isOpen: false, hasOpened: true, isInitialized: true });
    // Re-opening does not start another session.
    expect(run([{ type: 'opened' }, { type: 'sessionStarted' }], closed).isConnecting).toBe(false);
  });

  it('does not connect while closed', () => {
    expect(run([{ type: 'sessionStarted' }]).isConnecting).toBe(false);
    expect(
      run([{ type: 'opened' }, { type: 'sessionStarted' }, { type: 'closed' }]).isConnecting,
    ).toBe(false);
  });

  it('ignores a response before the surface is initialized', () => {
    expect(run([{ type: 'opened' }, { type: 'responseStarted' }]).isLoading).toBe(false);
  });

  it('shows a retry, then a fresh attempt clears the error', () => {
    const waiting = run([
      { type: 'opened' },
      { type: 'sessionStarted' },
      { type: 'failed', error: networkError },
      { type: 'retryScheduled', retry: connectRetry },
    ]);
    expect(panelView(waiting)).toBe('retrying');
    const retrying = widgetReducer(waiting, { type: 'retried' });
    expect(retrying).toMatchObject({ error: null, retry: null, isConnecting: true });
    expect(panelView(retrying)).toBe('connecting');
  });

  it('never schedules an automatic retry for a session error', () => {
    const failed = run([
      { type: 'opened' },
      { type: 'sessionStarted' },
      { type: 'failed', error: sessionError },
      { type: 'retryScheduled', retry: connectRetry },
    ]);
    expect(failed.retry).toBeNull();
    expect(panelView(failed)).toBe('error');
  });

  it('closing cancels a pending connection retry', () => {
    const closed = run([
      { type: 'opened' },
      { type: 'failed', error: networkError },
      { type: 'retryScheduled', retry: connectRetry },
      { type: 'closed' },
    ]);
    expect(closed.retry).toBeNull();
  });

  it('marks an answer that ended while closed as unread, until the next open', () => {
    const ready = run([{ type: 'opened' }, { type: 'sessionStarted' }, { type: 'sessionReady' }]);
    const unread = run(
      [{ type: 'responseStarted' }, { type: 'closed' }, { type: 'responseEnded' }],
      ready,
    );
    expect(unread.hasUnread).toBe(true);
    expect(widgetReducer(unread, { type: 'opened' }).hasUnread).toBe(false);
  });

  it('keeps the invariants over random event sequences', () => {
    const events: WidgetEvent[] = [
      { type: 'opened' },
      { type: 'closed' },
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
        if (state.isConnecting) expect(state.isOpen).toBe(true);
        if (state.isLoading) expect(state.isInitialized).toBe(true);
        if (state.isOpen) expect(state.hasOpened).toBe(true);
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
