import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY } from '../src/components/ChatWidget/retryPolicy';
import { compareJitter, CROWD_OPTIONS, simulateOutage, type OutageResult } from './simulate-outage';

const small = { readers: 2000 };

describe('simulateOutage', () => {
  let defaults: { jittered: OutageResult; plain: OutageResult };
  beforeAll(async () => {
    defaults = await compareJitter();
  }, 60_000);

  it('gives the same result for the same seed, and another for another seed', async () => {
    const a = await simulateOutage({ ...small, seed: 42 });
    const b = await simulateOutage({ ...small, seed: 42 });
    const c = await simulateOutage({ ...small, seed: 43 });
    expect(b).toEqual(a);
    expect(c.requestTimesMs).not.toEqual(a.requestTimesMs);
  });

  it('sends at most 1 + 3 automatic requests per sequence, as the widget policy says', () => {
    const { readers } = defaults.jittered;
    expect(Math.max(...readers.map((r) => r.maxAttemptsInSequence))).toBe(4);
    for (const r of readers) expect(r.requests).toBeLessThanOrEqual(4 * r.sequences);
  });

  it('follows a policy override, so the real policy is what runs', async () => {
    const once = await simulateOutage({
      ...small,
      policy: { ...DEFAULT_RETRY_POLICY, retries: 1 },
    });
    const usual = await simulateOutage(small);
    expect(Math.max(...once.readers.map((r) => r.maxAttemptsInSequence))).toBe(2);
    for (const r of once.readers) expect(r.requests).toBeLessThanOrEqual(2 * r.sequences);
    expect(once.outageRequests).toBeLessThan(usual.outageRequests);
  });

  it('stops a reader’s requests once the session request succeeds', async () => {
    const { readers, options } = defaults.jittered;
    for (const r of readers) {
      if (r.chattingAtMs === null) {
        expect(r.gaveUp).toBe(true);
        expect(r.lastRequestAtMs).toBeLessThan(options.outageMs);
      } else {
        expect(r.lastRequestAtMs).toBe(r.chattingAtMs);
        expect(r.chattingAtMs).toBeGreaterThanOrEqual(options.outageMs);
      }
    }
    const noOutage = await simulateOutage({ ...small, outageMs: 0 });
    expect(noOutage.readers.every((r) => r.requests === 1 && r.chattingAtMs === r.openedAtMs)).toBe(
      true,
    );
  });

  it('counts every reader as either chatting or gone', () => {
    const { jittered } = defaults;
    expect(jittered.chatting + jittered.gaveUp).toBe(jittered.options.readers);
    expect(jittered.totalRequests).toBe(jittered.readers.reduce((n, r) => n + r.requests, 0));
  });

  it('gives the same readers to both policies, so the comparison is paired', () => {
    const opened = (result: OutageResult) => result.readers.map((r) => r.openedAtMs);
    expect(opened(defaults.plain)).toEqual(opened(defaults.jittered));
  });

  // Readers who open at random times are already spread out: jitter barely moves the peak there.
  it('keeps the default model’s peaks within 15 % of each other', () => {
    const { jittered, plain } = defaults;
    expect(Math.abs(jittered.peakPerSecond / plain.peakPerSecond - 1)).toBeLessThan(0.15);
  });

  it('cuts the peak after recovery to under half when readers fail together', async () => {
    const { jittered, plain } = await compareJitter({ ...small, ...CROWD_OPTIONS });
    expect(jittered.peakPerSecond).toBeLessThan(plain.peakPerSecond / 2);
    expect(jittered.peakPer100msRate).toBeLessThan(plain.peakPer100msRate / 2);
  });
});
