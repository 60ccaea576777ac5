import { describe, expect, it, vi } from 'vitest';
import { RetryCancelledError } from './errors';
import { DEFAULT_RETRY_POLICY, retryDelay, runWithRetry, type RetryWait } from './retryPolicy';

describe('retryDelay', () => {
  it('doubles from 1 s without jitter at the middle of the range', () => {
    const middle = () => 0.5;
    expect([1, 2, 3].map((n) => retryDelay(n, DEFAULT_RETRY_POLICY, { random: middle }))).toEqual([
      1000, 2000, 4000,
    ]);
  });

  it('spreads each delay across ±50 %', () => {
    expect(retryDelay(2, DEFAULT_RETRY_POLICY, { random: () => 0 })).toBe(1000);
    expect(retryDelay(2, DEFAULT_RETRY_POLICY, { random: () => 0.999999 })).toBe(3000);
  });

  it('caps the delay', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, jitter: 0, maxDelayMs: 5000 };
    expect(retryDelay(10, policy)).toBe(5000);
  });

  it("honours the server's retry_after, never earlier", () => {
    expect(retryDelay(1, DEFAULT_RETRY_POLICY, { retryAfterMs: 60_000, random: () => 0 })).toBe(
      60_000,
    );
    expect(
      retryDelay(1, DEFAULT_RETRY_POLICY, { retryAfterMs: 60_000, random: () => 0.5 }),
    ).toBeGreaterThan(60_000);
  });
});

describe('runWithRetry', () => {
  const retryable = () => ({ retryable: true });
  const waits: RetryWait[] = [];
  const recordWait = async (info: RetryWait) => {
    waits.push(info);
  };

  it('retries until success and reports each wait', async () => {
    waits.length = 0;
    const operation = vi
      .fn<(attempt: number) => Promise<string>>()
      .mockRejectedValueOnce(new Error('1'))
      .mockRejectedValueOnce(new Error('2'))
      .mockResolvedValue('ok');
    await expect(
      runWithRetry(operation, { classify: retryable, wait: recordWait, random: () => 0.5 }),
    ).resolves.toBe('ok');
    expect(operation).toHaveBeenCalledTimes(3);
    expect(waits.map((w) => [w.retry, w.of, w.delayMs])).toEqual([
      [1, 3, 1000],
      [2, 3, 2000],
    ]);
  });

  it('gives up after the first request and three retries, with the last error', async () => {
    let calls = 0;
    const operation = async () => {
      calls++;
      throw new Error(`failure ${calls}`);
    };
    await expect(
      runWithRetry(operation, { classify: retryable, wait: async () => {} }),
    ).rejects.toThrow('failure 4');
    expect(calls).toBe(4);
  });

  it('does not retry what retrying cannot help', async () => {
    const operation = vi.fn(async () => {
      throw new Error('bad request');
    });
    await expect(
      runWithRetry(operation, { classify: () => ({ retryable: false }), wait: async () => {} }),
    ).rejects.toThrow('bad request');
    expect(operation).toHaveBeenCalledTimes(1);
  });

  it('stops waiting when aborted', async () => {
    vi.useFakeTimers();
    try {
      const controller = new AbortController();
      const result = runWithRetry(
        async () => {
          throw new Error('down');
        },
        { classify: retryable, signal: controller.signal },
      );
      const assertion = expect(result).rejects.toBeInstanceOf(RetryCancelledError);
      await vi.advanceTimersByTimeAsync(10);
      controller.abort();
      await assertion;
    } finally {
      vi.useRealTimers();
    }
  });

  it('waits with real timers by default, 1 s then 2 s (jitter at the middle)', async () => {
    vi.useFakeTimers();
    try {
      let calls = 0;
      const result = runWithRetry(
        async () => {
          calls++;
          if (calls < 3) throw new Error('down');
          return calls;
        },
        { classify: retryable, random: () => 0.5 },
      );
      await vi.advanceTimersByTimeAsync(999);
      expect(calls).toBe(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(calls).toBe(2);
      await vi.advanceTimersByTimeAsync(1999);
      expect(calls).toBe(2);
      await vi.advanceTimersByTimeAsync(1);
      await expect(result).resolves.toBe(3);
    } finally {
      vi.useRealTimers();
    }
  });
});
