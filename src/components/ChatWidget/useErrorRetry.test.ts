// @vitest-environment jsdom
import { act, cleanup, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BackendError, RetryCancelledError } from './errors';
import type { RetryWait } from './retryPolicy';
import { useErrorRetry } from './useErrorRetry';
import type { WidgetEvent } from './widgetState';

const START = Date.UTC(2026, 0, 1, 12, 0, 0);

const networkFailure = () =>
  new BackendError('fetch failed', { endpoint: 'session', failure: 'network' });
const info = (overrides: Partial<RetryWait> = {}): RetryWait => ({
  retry: 1,
  of: 3,
  delayMs: 1000,
  error: networkFailure(),
  ...overrides,
});

/** A promise whose outcome can be read synchronously, without awaiting it (and so without hanging). */
function track(promise: Promise<void>) {
  const outcome: { state: 'pending' | 'resolved' | 'rejected'; error?: unknown } = {
    state: 'pending',
  };
  promise.then(
    () => (outcome.state = 'resolved'),
    (error: unknown) => Object.assign(outcome, { state: 'rejected', error }),
  );
  return outcome;
}

function setup(isOpen = true) {
  const dispatch = vi.fn<(event: WidgetEvent) => void>();
  const hook = renderHook((props: { isOpen: boolean }) => useErrorRetry(dispatch, props.isOpen), {
    initialProps: { isOpen },
  });
  const events = () => dispatch.mock.calls.map(([event]) => event);
  const types = () => events().map((event) => event.type);
  return { dispatch, hook, events, types };
}

/** Flushes timers due within `ms` and the promise callbacks they trigger. */
const advance = (ms: number) => act(() => vi.advanceTimersByTimeAsync(ms));

let online = true;

beforeEach(() => {
  vi.useFakeTimers({ now: START });
  online = true;
  vi.spyOn(navigator, 'onLine', 'get').mockImplementation(() => online);
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

function goOffline() {
  online = false;
  act(() => void window.dispatchEvent(new Event('offline')));
}

function goOnline() {
  online = true;
  act(() => void window.dispatchEvent(new Event('online')));
}

describe('useErrorRetry().wait', () => {
  it('records the failure and the pending retry, then resolves when the delay ends', async () => {
    const { hook, events, types } = setup();
    const outcome = track(hook.result.current.wait('connect')(info(), undefined));

    expect(events()).toEqual([
      {
        type: 'failed',
        error: expect.objectContaining({ type: 'network', retryable: true }),
      },
      {
        type: 'retryScheduled',
        retry: { retry: 1, of: 3, at: START + 1000, operation: 'connect' },
      },
    ]);

    await advance(999);
    expect(outcome.state).toBe('pending');
    await advance(1);
    expect(outcome.state).toBe('resolved');
    expect(types().at(-1)).toBe('retried');
  });

  it('schedules the wait it is given: a longer delay for a later retry', async () => {
    const { hook, events } = setup();
    const outcome = track(
      hook.result.current.wait('message')(info({ retry: 3, delayMs: 4200 }), undefined),
    );
    expect(events()).toContainEqual({
      type: 'retryScheduled',
      retry: { retry: 3, of: 3, at: START + 4200, operation: 'message' },
    });
    await advance(4199);
    expect(outcome.state).toBe('pending');
    await advance(1);
    expect(outcome.state).toBe('resolved');
  });

  it('resolves at once on "Retry now"', async () => {
    const { hook, types } = setup();
    const outcome = track(
      hook.result.current.wait('connect')(info({ delayMs: 60_000 }), undefined),
    );
    act(() => hook.result.current.retryNow());
    await advance(0);
    expect(outcome.state).toBe('resolved');
    expect(types()).toEqual(['failed', 'retryScheduled', 'retried']);
  });

  it('rejects with RetryCancelledError on "Cancel", and the timer never fires later', async () => {
    const { hook, types } = setup();
    const outcome = track(hook.result.current.wait('connect')(info(), undefined));
    act(() => hook.result.current.cancel());
    await advance(0);
    expect(outcome.state).toBe('rejected');
    expect(outcome.error).toBeInstanceOf(RetryCancelledError);
    await advance(10_000);
    expect(types()).toEqual(['failed', 'retryScheduled', 'retryCancelled']);
  });

  it('rejects when its abort signal fires', async () => {
    const { hook } = setup();
    const controller = new AbortController();
    const outcome = track(hook.result.current.wait('connect')(info(), controller.signal));
    act(() => controller.abort());
    await advance(0);
    expect(outcome.error).toBeInstanceOf(RetryCancelledError);
  });

  it('keeps one pending retry at a time: a new wait cancels the previous one', async () => {
    const { hook } = setup();
    const first = track(hook.result.current.wait('connect')(info(), undefined));
    const second = track(hook.result.current.wait('connect')(info({ retry: 2 }), undefined));
    await advance(0);
    expect(first.error).toBeInstanceOf(RetryCancelledError);
    await advance(1000);
    expect(second.state).toBe('resolved');
  });

  it('cancels the pending retry when the widget closes', async () => {
    const { hook, types } = setup(true);
    const outcome = track(hook.result.current.wait('connect')(info(), undefined));
    hook.rerender({ isOpen: false });
    await advance(0);
    expect(outcome.error).toBeInstanceOf(RetryCancelledError);
    expect(types().at(-1)).toBe('retryCancelled');
  });

  it('cancels the pending retry on unmount, and no timer survives', async () => {
    const { hook, dispatch } = setup();
    const outcome = track(hook.result.current.wait('connect')(info(), undefined));
    hook.unmount();
    await advance(0);
    expect(outcome.error).toBeInstanceOf(RetryCancelledError);
    const calls = dispatch.mock.calls.length;
    await advance(60_000);
    expect(dispatch.mock.calls.length).toBe(calls);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('useErrorRetry offline', () => {
  it('pauses the countdown while offline and retries at once when the network is back', async () => {
    const { hook, events, types } = setup();
    const outcome = track(hook.result.current.wait('connect')(info({ delayMs: 2000 }), undefined));
    await advance(500);

    goOffline();
    expect(types().slice(-2)).toEqual(['wentOffline', 'retryScheduled']);
    expect(events().at(-1)).toEqual({
      type: 'retryScheduled',
      retry: { retry: 1, of: 3, at: Infinity, operation: 'connect' },
    });

    // Long past the original delay: still waiting for the network.
    await advance(60_000);
    expect(outcome.state).toBe('pending');

    goOnline();
    await advance(0);
    expect(outcome.state).toBe('resolved');
    expect(types().slice(-2)).toEqual(['cameOnline', 'retried']);
  });

  it('a wait that starts offline shows a paused retry and does not fire by itself', async () => {
    online = false;
    const { hook, events } = setup();
    const outcome = track(hook.result.current.wait('connect')(info(), undefined));
    expect(events()).toContainEqual({ type: 'wentOffline' });
    expect(events()).toContainEqual({
      type: 'failed',
      error: expect.objectContaining({
        type: 'network',
        message: expect.stringMatching(/offline/),
      }),
    });
    expect(events().at(-1)).toEqual({
      type: 'retryScheduled',
      retry: { retry: 1, of: 3, at: Infinity, operation: 'connect' },
    });
    await advance(60_000);
    expect(outcome.state).toBe('pending');
    goOnline();
    await advance(0);
    expect(outcome.state).toBe('resolved');
  });

  it('"Retry now" still works while offline (the reader may know better)', async () => {
    const { hook } = setup();
    const outcome = track(hook.result.current.wait('connect')(info(), undefined));
    goOffline();
    act(() => hook.result.current.retryNow());
    await advance(0);
    expect(outcome.state).toBe('resolved');
  });
});
