import { useEffect, useState } from 'react';

/** Whole seconds left until `at`, re-rendered a few times a second; `null` while paused (`at` = Infinity). */
export function useSecondsLeft(at: number, now: () => number): number | null {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!Number.isFinite(at)) return;
    const interval = setInterval(() => setTick((tick) => tick + 1), 250);
    return () => clearInterval(interval);
  }, [at]);
  return Number.isFinite(at) ? Math.max(0, Math.ceil((at - now()) / 1000)) : null;
}
