/**
 * What the widget's retry policy does to a shared backend when it comes back from an outage.
 *
 * A deterministic discrete-event simulation: a seeded PRNG and a virtual clock, no real timers.
 * Every reader runs the widget's own `runWithRetry` (with `classifyError` deciding what is
 * retryable), its `wait` parked on the virtual clock and its `random` drawn from the reader's seeded
 * stream, so the delays come from `retryDelay` itself rather than a copy of its formula.
 *
 * Run: `npx tsx scripts/simulate-outage.ts [--seed=1] [--readers=10000] [--<numeric option>=N]`
 */
import { pathToFileURL } from 'node:url';
import { BackendError, classifyError } from '../src/components/ChatWidget/errors';
import {
  DEFAULT_RETRY_POLICY,
  runWithRetry,
  type RetryPolicy,
} from '../src/components/ChatWidget/retryPolicy';

export interface OutageOptions {
  /** Readers who open the chat. @default 10000 */
  readers?: number;
  /** The outage runs from t = 0 to this time; every request after it succeeds. @default 60000 */
  outageMs?: number;
  /** When the first reader may open the chat. @default 0 */
  arrivalStartMs?: number;
  /** Readers open the chat at uniformly random times over this long from `arrivalStartMs`. @default 60000 */
  arrivalWindowMs?: number;
  /** Mean of the exponential think time before a reader clicks "Try again". @default 20000 */
  thinkMeanMs?: number;
  /** Longest think time; a longer draw clicks at the cap. @default 120000 */
  thinkCapMs?: number;
  /** Chance a reader leaves instead of clicking, each time the automatic retries are spent. @default 0.3 */
  giveUpProbability?: number;
  /** The widget's retry policy, or an override of it. @default DEFAULT_RETRY_POLICY */
  policy?: RetryPolicy;
  /** PRNG seed; the same seed gives the same result. @default 1 */
  seed?: number;
  /** How long after recovery the request rates are measured. @default 10000 */
  windowMs?: number;
}

export type ResolvedOutageOptions = Required<OutageOptions>;

export const DEFAULT_OUTAGE_OPTIONS: ResolvedOutageOptions = Object.freeze({
  readers: 10_000,
  outageMs: 60_000,
  arrivalStartMs: 0,
  arrivalWindowMs: 60_000,
  thinkMeanMs: 20_000,
  thinkCapMs: 120_000,
  giveUpProbability: 0.3,
  policy: DEFAULT_RETRY_POLICY,
  seed: 1,
  windowMs: 10_000,
});

/** One reader's story. */
export interface ReaderOutcome {
  openedAtMs: number;
  /** Session requests this reader sent. */
  requests: number;
  /** Automatic sequences run: the open, then one per "Try again" click. */
  sequences: number;
  /** Most requests in one sequence (the first attempt plus the automatic retries). */
  maxAttemptsInSequence: number;
  lastRequestAtMs: number;
  /** When the session request succeeded; null for a reader who gave up. */
  chattingAtMs: number | null;
  gaveUp: boolean;
}

export interface OutageResult {
  options: ResolvedOutageOptions;
  /** Every request's time in ms, in the order the backend saw them. */
  requestTimesMs: number[];
  readers: ReaderOutcome[];
  totalRequests: number;
  /** Requests that reached the backend while it was down. */
  outageRequests: number;
  /** Highest 1-second bucket in the window after recovery, in requests per second. */
  peakPerSecond: number;
  /** Highest 100 ms bucket in the window after recovery, scaled to requests per second. */
  peakPer100msRate: number;
  /** p99 (nearest rank) of the 100 ms buckets in the window after recovery, as requests per second. */
  p99Per100msRate: number;
  chatting: number;
  gaveUp: number;
  /** Time after recovery until 99 % of the readers who did not give up are chatting, in ms. */
  time99ChattingMs: number;
}

/** mulberry32: a small, fast, seedable PRNG with uniform output in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Each reader draws from a stream of its own, so the jittered and unjittered runs see the same
 * arrivals, think times and give-ups (retryDelay draws once per retry even when jitter is 0).
 */
function readerRandom(seed: number, reader: number): () => number {
  return mulberry32(Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1) ^ Math.imul(reader + 1, 0x85ebca6b));
}

interface Timer {
  at: number;
  seq: number;
  resolve: () => void;
}

/**
 * A virtual clock: timers wait in a heap; `run` fires them in time order and, after each, lets
 * the microtask queue run until every woken reader has parked on a new timer or finished.
 */
class VirtualClock {
  now = 0;
  private heap: Timer[] = [];
  private seq = 0;
  private running = 0;
  private idle: (() => void) | null = null;

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.push({ at: this.now + Math.max(0, ms), seq: this.seq++, resolve });
      this.parked();
    });
  }

  spawn(task: () => Promise<void>): void {
    this.running++;
    task().then(
      () => this.parked(),
      (error: unknown) => {
        this.parked();
        throw error;
      },
    );
  }

  async run(): Promise<void> {
    await this.settle();
    for (let timer = this.pop(); timer; timer = this.pop()) {
      this.now = timer.at;
      this.running++;
      timer.resolve();
      await this.settle();
    }
  }

  /** Resolves once every woken reader has parked on a new timer or finished. */
  private settle(): Promise<void> {
    if (this.running === 0) return Promise.resolve();
    return new Promise((resolve) => (this.idle = resolve));
  }

  private parked(): void {
    if (--this.running === 0 && this.idle) {
      const idle = this.idle;
      this.idle = null;
      idle();
    }
  }

  private before(a: Timer, b: Timer): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private push(timer: Timer): void {
    const heap = this.heap;
    heap.push(timer);
    for (let i = heap.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (!this.before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  private pop(): Timer | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last) {
      heap[0] = last;
      for (let i = 0; ;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let least = i;
        if (left < heap.length && this.before(heap[left]!, heap[least]!)) least = left;
        if (right < heap.length && this.before(heap[right]!, heap[least]!)) least = right;
        if (least === i) break;
        [heap[i], heap[least]] = [heap[least]!, heap[i]!];
        i = least;
      }
    }
    return top;
  }
}

/** Requests per bucket over [fromMs, toMs). */
export function histogram(timesMs: number[], fromMs: number, toMs: number, bucketMs: number) {
  const buckets = new Array<number>(Math.ceil((toMs - fromMs) / bucketMs)).fill(0);
  for (const t of timesMs) {
    if (t >= fromMs && t < toMs) buckets[Math.floor((t - fromMs) / bucketMs)]!++;
  }
  return buckets;
}

/** Nearest-rank percentile. */
function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * Runs the model once on a fresh virtual clock: every reader opens, retries per `policy` and the
 * "Try again" model, until each is chatting or gone. Deterministic for a given `seed`.
 */
export async function simulateOutage(options: OutageOptions = {}): Promise<OutageResult> {
  const o: ResolvedOutageOptions = { ...DEFAULT_OUTAGE_OPTIONS, ...options };
  const clock = new VirtualClock();
  const requestTimesMs: number[] = [];
  const readers: ReaderOutcome[] = [];
  const refused = new TypeError('Failed to fetch');

  for (let id = 0; id < o.readers; id++) {
    const random = readerRandom(o.seed, id);
    const reader: ReaderOutcome = {
      openedAtMs: o.arrivalStartMs + random() * o.arrivalWindowMs,
      requests: 0,
      sequences: 0,
      maxAttemptsInSequence: 0,
      lastRequestAtMs: NaN,
      chattingAtMs: null,
      gaveUp: false,
    };
    readers.push(reader);

    const sessionRequest = async (attempt: number): Promise<void> => {
      reader.requests++;
      reader.lastRequestAtMs = clock.now;
      reader.maxAttemptsInSequence = Math.max(reader.maxAttemptsInSequence, attempt);
      requestTimesMs.push(clock.now);
      if (clock.now < o.outageMs) {
        // What the session client throws for a refused connection.
        throw new BackendError('Session request failed', {
          endpoint: 'session',
          failure: 'network',
          cause: refused,
        });
      }
    };

    clock.spawn(async () => {
      await clock.sleep(reader.openedAtMs);
      for (;;) {
        reader.sequences++;
        try {
          await runWithRetry(sessionRequest, {
            policy: o.policy,
            classify: (error) => classifyError(error, { now: clock.now }),
            wait: (info) => clock.sleep(info.delayMs),
            random,
          });
          reader.chattingAtMs = clock.now;
          return;
        } catch {
          // The automatic retries are spent: the reader sees "Try again".
          if (random() < o.giveUpProbability) {
            reader.gaveUp = true;
            return;
          }
          const think = -o.thinkMeanMs * Math.log(1 - random());
          await clock.sleep(Math.min(o.thinkCapMs, think));
        }
      }
    });
  }

  // Tens of thousands of errors are thrown and caught and their stacks never read; capturing them
  // was a third of the run time.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    await clock.run();
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }

  const windowEnd = o.outageMs + o.windowMs;
  const perSecond = histogram(requestTimesMs, o.outageMs, windowEnd, 1000);
  const per100ms = histogram(requestTimesMs, o.outageMs, windowEnd, 100).map((n) => n * 10);
  const chattingDelays = readers.flatMap((r) =>
    r.chattingAtMs === null ? [] : [r.chattingAtMs - o.outageMs],
  );

  return {
    options: o,
    requestTimesMs,
    readers,
    totalRequests: requestTimesMs.length,
    outageRequests: requestTimesMs.filter((t) => t < o.outageMs).length,
    peakPerSecond: Math.max(...perSecond),
    peakPer100msRate: Math.max(...per100ms),
    p99Per100msRate: percentile(per100ms, 99),
    chatting: chattingDelays.length,
    gaveUp: readers.filter((r) => r.gaveUp).length,
    time99ChattingMs: Math.max(0, percentile(chattingDelays, 99)),
  };
}

/**
 * The model's second case, where jitter earns its keep: the same readers all open the chat within
 * one second, 5 s before recovery (a crowd sent by one link, or any event that makes many readers
 * fail together), so their unjittered retries land on the recovered backend in the same second.
 */
export const CROWD_OPTIONS: OutageOptions = Object.freeze({
  arrivalStartMs: 55_000,
  arrivalWindowMs: 1000,
});

const BARS = ' ▁▂▃▄▅▆▇█';

/** One character per bucket, on a scale shared by the lines being compared. */
export function sparkline(values: number[], max: number): string {
  return values
    .map((v) => (v === 0 ? BARS[0] : BARS[Math.max(1, Math.round((v / max) * (BARS.length - 1)))]))
    .join('');
}

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

function describeModel(o: ResolvedOutageOptions): string[] {
  const p = o.policy;
  const nominal = Array.from({ length: p.retries }, (_, i) =>
    seconds(Math.min(p.maxDelayMs, p.baseDelayMs * p.factor ** i)),
  ).join(', ');
  return [
    `Model (seed ${o.seed}):`,
    `- ${o.readers} readers open the chat at uniformly random times in the first ` +
      `${seconds(o.arrivalWindowMs)} (≈ ${Math.round(o.readers / (o.arrivalWindowMs / 1000))}/s); ` +
      'each open sends one session request.',
    `- The backend is down from 0 to ${seconds(o.outageMs)}: every request fails at once ` +
      '(connection refused). From then on every request succeeds at once.',
    `- The widget's own runWithRetry and retryDelay: ${p.retries} automatic retries after ` +
      `${nominal} nominal, ±${p.jitter * 100} % jitter, compared with the same policy at jitter 0.`,
    `- Retries spent, the reader sees "Try again": ${o.giveUpProbability * 100} % leave; the rest ` +
      `click after an exponential think time (mean ${seconds(o.thinkMeanMs)}, capped at ` +
      `${seconds(o.thinkCapMs)}), which runs the full automatic sequence again.`,
  ];
}

function formatComparison(jittered: OutageResult, plain: OutageResult): string[] {
  const o = jittered.options;
  const window = seconds(o.windowMs);
  const rate = (n: number) => `${Math.round(n)}/s`;
  const metrics = [
    [`peak, 1 s buckets, first ${window} after recovery`, 'peakPerSecond', rate],
    ['peak, 100 ms buckets (as req/s)', 'peakPer100msRate', rate],
    ['p99 of the 100 ms buckets (as req/s)', 'p99Per100msRate', rate],
    ['requests during the outage', 'outageRequests', String],
    ['99 % of staying readers chatting after', 'time99ChattingMs', seconds],
  ] as const;
  const rows: string[][] = [
    ['', `jitter ±${o.policy.jitter * 100} %`, 'no jitter', 'ratio'],
    ...metrics.map(([label, key, format]) => [
      label,
      format(jittered[key]),
      format(plain[key]),
      (jittered[key] / plain[key]).toFixed(2),
    ]),
    [
      'readers chatting / gave up',
      `${jittered.chatting} / ${jittered.gaveUp}`,
      `${plain.chatting} / ${plain.gaveUp}`,
      '',
    ],
  ];
  const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => r[c]!.length)));
  const table = rows.map((r) =>
    r
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
      .join('  ')
      .trimEnd(),
  );

  const chart = (bucketMs: number, beforeMs: number, afterMs: number) => {
    const from = o.outageMs - beforeMs;
    const to = o.outageMs + afterMs;
    const a = histogram(jittered.requestTimesMs, from, to, bucketMs);
    const b = histogram(plain.requestTimesMs, from, to, bucketMs);
    const max = Math.max(...a, ...b);
    const mark = (line: string) =>
      `${line.slice(0, beforeMs / bucketMs)}|${line.slice(beforeMs / bucketMs)}`;
    return [
      `${seconds(from)} to ${seconds(to)} in ${bucketMs} ms buckets, █ = ${max} requests, | = recovery`,
      `  jitter     ${mark(sparkline(a, max))}`,
      `  no jitter  ${mark(sparkline(b, max))}`,
    ];
  };

  return [
    ...table,
    '',
    'Requests reaching the backend:',
    ...chart(1000, 20_000, 20_000),
    ...chart(100, 1000, 6000),
  ];
}

/** Runs the jittered policy and the same policy without jitter on the same readers. */
export async function compareJitter(options: OutageOptions = {}) {
  const jittered = await simulateOutage(options);
  const plain = await simulateOutage({
    ...options,
    policy: { ...(options.policy ?? DEFAULT_RETRY_POLICY), jitter: 0 },
  });
  return { jittered, plain };
}

/** `--seed=7 --readers=5000 --outageMs=30000`: any numeric option by name. */
function parseArgs(argv: string[]): OutageOptions {
  const options: Record<string, number> = {};
  for (const arg of argv) {
    const [key = '', value] = arg.replace(/^--/, '').split('=');
    const number = Number(value);
    if (!(key in DEFAULT_OUTAGE_OPTIONS) || key === 'policy' || !Number.isFinite(number)) {
      throw new Error(`Unknown or non-numeric option: ${arg}`);
    }
    options[key] = number;
  }
  return options;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const cpu = process.cpuUsage();
  const spread = await compareJitter(options);
  const crowd = await compareJitter({ ...options, ...CROWD_OPTIONS });
  const o = spread.jittered.options;
  console.log(
    [
      ...describeModel(o),
      '',
      ...formatComparison(spread.jittered, spread.plain),
      '',
      `Where jitter matters: the same ${o.readers} readers all open the chat within one second, ` +
        `${seconds(o.outageMs - crowd.jittered.options.arrivalStartMs)} before recovery.`,
      '',
      ...formatComparison(crowd.jittered, crowd.plain),
      '',
      `(four runs: ${Math.round(performance.now() - started)} ms wall, ` +
        `${Math.round(process.cpuUsage(cpu).user / 1000)} ms CPU)`,
    ].join('\n'),
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
