/**
 * The measurements: each function drives fresh Chromium pages through the served site and returns
 * raw figures for report.ts. Pages are driven with the readers' page object (tests/e2e/reader.ts);
 * the timings themselves are taken inside the page by the probe (probe.ts).
 */
import { Worker } from 'node:worker_threads';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { setMockOptions } from '../../mocks/state';
import { readerOf, type Reader } from '../../tests/e2e/reader';
import {
  FRAME_400_MESSAGE,
  routeOpenAI,
  type StandInMode,
  type StandInTimings,
} from '../../tests/support/openaiStandIn';
import {
  BACKEND,
  CDN,
  CYCLES,
  FIRST_TOKEN_MS,
  HOVER_DWELL_MS,
  MARKDOWN_CAP_MS,
  MARKDOWN_READERS,
  MARKDOWN_RUNS,
  MARKDOWN_SIZES,
  PAGE,
  PHONE,
  QUESTIONS,
  SITE,
  say,
  type MarkdownReader,
} from './config';
import { PROBE_SCRIPT } from './probe';
import { gzipSize, median } from './report';

// ---------------------------------------------------------------------------------------------
// Pages
// ---------------------------------------------------------------------------------------------

export interface BenchPage {
  context: BrowserContext;
  page: Page;
  reader: Reader;
}

export type Profile = 'desktop' | 'phone';

export interface PageOptions {
  /**
   * Serve the stand-in for OpenAI's script (tests/support/openaiStandIn.ts) at its URL, behaving as
   * this says (row 9); the rest of OpenAI's CDN stays blocked. @default the script blocked
   */
  openai?: StandInMode;
  /** The stand-in's timings (with `openai`). */
  openaiTimings?: StandInTimings;
}

export async function newPage(
  browser: Browser,
  profile: Profile = 'desktop',
  options: PageOptions = {},
): Promise<BenchPage> {
  const context = await browser.newContext(
    profile === 'phone'
      ? {
          viewport: PHONE.viewport,
          deviceScaleFactor: PHONE.deviceScaleFactor,
          isMobile: true,
          hasTouch: true,
        }
      : { viewport: { width: 1280, height: 800 } },
  );
  // As on these machines and on networks that block AI domains: the widget falls back to its
  // local element. OpenAI's script is therefore not counted anywhere below.
  await routeOpenAI(context, options.openai, options.openaiTimings);
  await context.addInitScript({ content: PROBE_SCRIPT });
  context.setDefaultTimeout(profile === 'phone' ? 60_000 : 20_000);
  const page = await context.newPage();
  if (profile === 'phone') {
    // Before the first navigation, so the whole load is on the phone's terms.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: PHONE.cpuSlowdown });
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: PHONE.rttMs,
      downloadThroughput: (PHONE.downKbps * 1024) / 8,
      uploadThroughput: (PHONE.upKbps * 1024) / 8,
      connectionType: 'cellular4g',
    });
  }
  // Anything the page reports, except the blocked CDN that every open meets (and the stand-in's
  // frame error, which row 9 causes on purpose), is worth seeing.
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.location().url.startsWith(CDN)) {
      const expected =
        /ERR_BLOCKED_BY_CLIENT/.test(m.text()) || m.text().includes(FRAME_400_MESSAGE);
      if (!expected) say(`page console: ${m.text()}`);
    }
  });
  page.on('pageerror', (e) => say(`page error: ${e.message}`));
  return { context, page, reader: readerOf(page, { site: SITE }) };
}

/** A reader who has the page in front of them: loaded, hydrated and idle. */
export async function gotoSettled({ page, reader }: BenchPage) {
  await reader.gotoHydrated(PAGE, { waitUntil: 'networkidle' });
  await page.evaluate(() => window.__bench.idle());
}

/** Clicks (or taps) the toggle and waits for `chatkit.ready`; the probe times it in the page. */
export async function openAndWaitReady(
  { page, reader }: BenchPage,
  how: 'click' | 'tap' = 'click',
) {
  await (how === 'tap' ? reader.opener.tap() : reader.opener.click());
  await page.waitForFunction(() => window.__bench.readyAt !== null);
}

async function closePanel({ page, reader }: BenchPage) {
  await page.keyboard.press('Escape');
  await reader.dialog.waitFor({ state: 'hidden' });
}

/** Asks with the composer and waits until the answer has ended. */
async function askAndWait({ page, reader }: BenchPage, question: string) {
  const before = await page.evaluate(() => window.__bench.responseEnds);
  await reader.ask(question);
  await page.waitForFunction((n) => window.__bench.responseEnds > n, before);
}

/** Milestones of a first open, in ms after the click, from the page's resource timing. */
export interface OpenMilestones {
  sessionStart: number;
  sessionEnd: number;
  cdnFailed: number | null;
  chunksLoaded: number;
  ready: number;
}

async function openMilestones(page: Page): Promise<OpenMilestones> {
  return page.evaluate(
    ([backend, cdn]) => {
      const { clickAt, readyAt } = window.__bench;
      const after = (
        performance.getEntriesByType('resource') as PerformanceResourceTiming[]
      ).filter((entry) => entry.startTime >= clickAt! - 50);
      const session = after.find((e) => e.name === `${backend}/api/chatkit/session`);
      const cdnEntry = after.find((e) => e.name.startsWith(cdn));
      const chunks = after.filter((e) => e.name.startsWith(location.origin));
      return {
        sessionStart: (session?.startTime ?? NaN) - clickAt!,
        sessionEnd: (session?.responseEnd ?? NaN) - clickAt!,
        cdnFailed: cdnEntry ? cdnEntry.responseEnd - clickAt! : null,
        chunksLoaded: Math.max(...chunks.map((e) => e.responseEnd)) - clickAt!,
        ready: readyAt! - clickAt!,
      };
    },
    [BACKEND, CDN] as const,
  );
}

export interface FirstDelta {
  deltaToDomMs: number;
  /** Arrival → the first frame that draws the text begins. */
  deltaToFrameStartMs: number;
  /** Arrival → that frame has rendered. */
  deltaToFrameMs: number;
  /** Arrival → the next frame begins, whatever it draws: the floor set by the frame's phase. */
  nextFrameMs: number;
  /** Frames that began after the arrival but before the text was in the DOM (0: the next frame). */
  framesLate: number;
  frameIntervalMs: number;
}

/** Asks in a ready chat and times the answer's first streamed delta from arrival to screen. */
async function measureFirstDelta(bench: BenchPage): Promise<FirstDelta> {
  const { page } = bench;
  // Paced as a model streams (and as the e2e suite does): the model's first token comes a while
  // after the question is stored, so the first delta arrives in its own network read, as it does
  // from a real backend, rather than in one burst with `thread.created` and the question.
  setMockOptions({ deltaDelayMs: 15, firstTokenDelayMs: FIRST_TOKEN_MS });
  await page.evaluate(() => window.__bench.armDelta());
  await askAndWait(bench, 'What is ROS 2?');
  setMockOptions({ deltaDelayMs: 0, firstTokenDelayMs: 0 });
  await page.waitForFunction(() => window.__bench.delta.frame !== null);
  const delta = await page.evaluate(() => window.__bench.delta);
  if (delta.arrival === null) throw new Error('The first delta was never seen arriving.');
  const arrival = delta.arrival;
  const intervals = delta.frames.slice(1).map((time, i) => time - delta.frames[i]!);
  const nextTick = delta.ticks.find((tick) => tick > arrival) ?? delta.frameStart!;
  return {
    deltaToDomMs: delta.dom! - arrival,
    deltaToFrameStartMs: delta.frameStart! - arrival,
    deltaToFrameMs: delta.frame! - arrival,
    nextFrameMs: nextTick - arrival,
    framesLate: delta.ticks.filter((tick) => tick > arrival && tick < delta.dom!).length,
    frameIntervalMs: median(intervals),
  };
}

/** Script and stylesheet bodies the page receives from now on. */
function collectCode(page: Page): () => Promise<Buffer[]> {
  const bodies: Promise<Buffer | null>[] = [];
  page.on('response', (response) => {
    const type = response.request().resourceType();
    if (type === 'script' || type === 'stylesheet') {
      bodies.push(response.body().catch(() => null));
    }
  });
  return async () => (await Promise.all(bodies)).filter((body): body is Buffer => body !== null);
}

// ---------------------------------------------------------------------------------------------
// Rows
// ---------------------------------------------------------------------------------------------

export interface LoadBytes {
  raw: number;
  gzip: number;
  files: number;
  cdnRequests: number;
  backendRequests: number;
}

/** Row 1: every script and stylesheet /docs/intro/ downloads before any interaction. */
export async function measureInitialLoad(browser: Browser): Promise<LoadBytes> {
  const bench = await newPage(browser);
  const { context, page, reader } = bench;
  try {
    let cdnRequests = 0;
    let backendRequests = 0;
    page.on('request', (request) => {
      if (request.url().startsWith(CDN)) cdnRequests++;
      if (request.url().startsWith(BACKEND)) backendRequests++;
    });
    const code = collectCode(page);
    await reader.gotoHydrated(PAGE, { waitUntil: 'networkidle' });
    const files = await code();
    return {
      raw: files.reduce((sum, body) => sum + body.length, 0),
      gzip: files.reduce((sum, body) => sum + gzipSize(body), 0),
      files: files.length,
      cdnRequests,
      backendRequests,
    };
  } finally {
    await context.close();
  }
}

export interface PageRun extends FirstDelta {
  toggleSameFrame: boolean;
  toggleAfterFcpMs: number;
  openToReadyMs: number;
  lazyGzip: number;
  lazyRaw: number;
  open: OpenMilestones;
  reopenMs: number;
}

/** Rows 2–4 in one fresh page: toggle paint, first open, warm re-open, first streamed delta. */
export async function measureReaderPage(browser: Browser): Promise<PageRun> {
  const bench = await newPage(browser);
  const { context, page, reader } = bench;
  try {
    await gotoSettled(bench);
    await page.waitForFunction(
      () => window.__bench.fcp !== null && window.__bench.toggleFrame !== null,
    );
    const paint = await page.evaluate(() => ({
      frames: window.__bench.frames,
      toggleFrame: window.__bench.toggleFrame!,
      fcp: window.__bench.fcp!,
    }));
    // The frame that painted FCP is the last one whose rAF ran before the paint.
    const fcpFrame = paint.frames.findLastIndex((time) => time <= paint.fcp);
    const toggleSameFrame = paint.toggleFrame <= fcpFrame;
    const toggleAfterFcpMs = toggleSameFrame
      ? 0
      : paint.frames[paint.toggleFrame]! - paint.frames[fcpFrame]!;

    // Everything fetched from here on is code the first open pays for (a hint included).
    const code = collectCode(page);
    await openAndWaitReady(bench);
    const open = await openMilestones(page);
    const lazyBodies = await code();

    await closePanel(bench);
    await page.evaluate(() => {
      window.__bench.clickAt = null;
      window.__bench.watchReopen();
    });
    await reader.opener.click();
    await page.waitForFunction(() => window.__bench.reopenVisibleAt !== null);
    const reopenMs = await page.evaluate(
      () => window.__bench.reopenVisibleAt! - window.__bench.clickAt!,
    );

    return {
      toggleSameFrame,
      toggleAfterFcpMs,
      openToReadyMs: open.ready,
      open,
      lazyGzip: lazyBodies.reduce((sum, body) => sum + gzipSize(body), 0),
      lazyRaw: lazyBodies.reduce((sum, body) => sum + body.length, 0),
      reopenMs,
      ...(await measureFirstDelta(bench)),
    };
  } finally {
    await context.close();
  }
}

/** Row 3, as readers mostly open it: the pointer rests on the toggle, then clicks. */
export async function measureHoveredOpen(browser: Browser): Promise<number> {
  const bench = await newPage(browser);
  const { context, page, reader } = bench;
  try {
    await gotoSettled(bench);
    await reader.opener.hover();
    await page.waitForTimeout(HOVER_DWELL_MS); // the modelled dwell, not a wait for the page
    await openAndWaitReady(bench);
    return await page.evaluate(() => window.__bench.readyAt! - window.__bench.clickAt!);
  } finally {
    await context.close();
  }
}

export interface PhoneRun extends FirstDelta {
  /** Navigation start → the load event. */
  loadMs: number;
  /** The touch's first contact (pointerdown) → the click it becomes. */
  contactToClickMs: number;
  openToReadyMs: number;
  open: OpenMilestones;
}

/** Row 7: the phone profile: a cold tap on the toggle → `chatkit.ready`, then the first delta. */
export async function measurePhone(browser: Browser): Promise<PhoneRun> {
  const bench = await newPage(browser, 'phone');
  const { context, page } = bench;
  try {
    await gotoSettled(bench);
    const loadMs = await page.evaluate(
      () =>
        (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).loadEventEnd,
    );
    await openAndWaitReady(bench, 'tap');
    const open = await openMilestones(page);
    const contactToClickMs = await page.evaluate(
      () => window.__bench.clickAt! - (window.__bench.contactAt ?? window.__bench.clickAt!),
    );
    return {
      loadMs,
      contactToClickMs,
      openToReadyMs: open.ready,
      open,
      ...(await measureFirstDelta(bench)),
    };
  } finally {
    await context.close();
  }
}

export interface LongAnswer {
  count: number;
  maxMs: number;
  chars: number;
}

/** Row 4: long tasks while a 10 000-character answer streams. */
export async function measureLongAnswer(browser: Browser): Promise<LongAnswer> {
  const bench = await newPage(browser);
  const { context, page } = bench;
  try {
    await gotoSettled(bench);
    await openAndWaitReady(bench);
    const { since, until } = await page.evaluate(async () => {
      const start = performance.now();
      await window.__bench.ask('Tell me everything about ROS 2.');
      return { since: start, until: performance.now() };
    });
    const tasks = await page.evaluate(() => window.__bench.longTasks);
    const during = tasks.filter(
      (task) => task.start + task.duration >= since && task.start <= until,
    );
    const chars = await page.evaluate(() => {
      const bodies = document.querySelectorAll(
        '[role="log"] .ck-message--assistant .ck-message-body',
      );
      return bodies[bodies.length - 1]?.textContent?.length ?? 0;
    });
    return {
      count: during.length,
      maxMs: Math.max(0, ...during.map((task) => task.duration)),
      chars,
    };
  } finally {
    await context.close();
  }
}

export interface Leftovers {
  heap: number;
  timeouts: number;
  intervals: number;
  listeners: { window: number; document: number };
}

export interface Leaks {
  baseline: Leftovers;
  idle: Leftovers;
  afterCycles: Leftovers;
  afterQuestions: Leftovers;
}

/** Row 5: 100 open/close cycles, then 20 questions; heap after GC, timers and listeners left. */
export async function measureLeaks(browser: Browser): Promise<Leaks> {
  const bench = await newPage(browser);
  const { context, page } = bench;
  try {
    const cdp = await context.newCDPSession(page);
    const listenersOn = async (expression: string) => {
      const { result } = await cdp.send('Runtime.evaluate', { expression, objectGroup: 'bench' });
      const { listeners } = await cdp.send('DOMDebugger.getEventListeners', {
        objectId: result.objectId!,
      });
      await cdp.send('Runtime.releaseObjectGroup', { objectGroup: 'bench' });
      return listeners.length;
    };
    const snapshot = async (): Promise<Leftovers> => {
      await page.waitForTimeout(500);
      // Twice: the first pass may only unlink objects whose finalizers free more.
      await cdp.send('HeapProfiler.collectGarbage');
      await cdp.send('HeapProfiler.collectGarbage');
      const { usedSize } = await cdp.send('Runtime.getHeapUsage');
      const timers = await page.evaluate(() => ({
        timeouts: window.__bench.timeouts.size,
        intervals: window.__bench.intervals.size,
      }));
      return {
        heap: usedSize,
        ...timers,
        listeners: { window: await listenersOn('window'), document: await listenersOn('document') },
      };
    };

    await gotoSettled(bench);
    // The baseline has the chat code loaded and one answer shown, so growth means retention.
    await openAndWaitReady(bench);
    await askAndWait(bench, 'What is ROS 2?');
    await closePanel(bench);
    const baseline = await snapshot();
    // The same measurement with nothing done in between: how far apart two snapshots drift.
    const idle = await snapshot();

    await page.evaluate((times) => window.__bench.cycle(times), CYCLES);
    const afterCycles = await snapshot();

    await page.evaluate(async (questions) => {
      document.querySelector<HTMLElement>('button[aria-label^="Open chat"]')!.click();
      for (let i = 1; i <= questions; i++) {
        while (!document.querySelector('openai-chatkit textarea')?.checkVisibility()) {
          await new Promise((resolve) => requestAnimationFrame(resolve));
        }
        await window.__bench.ask(`Question ${i}: what is a ROS 2 topic?`);
      }
    }, QUESTIONS);
    await closePanel(bench);
    const afterQuestions = await snapshot();
    return { baseline, idle, afterCycles, afterQuestions };
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Row 8: Markdown readers on hostile answers (Node, no browser)
// ---------------------------------------------------------------------------------------------

/** One reader on one input: the slowest of its timed readings, or null past the cap. */
export interface MarkdownTiming {
  /** The worst case: the slowest reading (ms); null when a reading passed the cap or threw. */
  worstMs: number | null;
  medianMs: number | null;
  /** Not read: the same family's smaller input already passed the cap or threw. */
  skipped?: true;
  /** The reader threw (its error's name), instead of a result. */
  error?: string;
}

/** A reading: its time, or what the reader threw, or null past the cap. */
type Reading = { ms: number } | { error: string } | null;

export interface MarkdownInput {
  /** A family of tests/support/markdownPathology.ts, `staircase(30)` or `baseline`. */
  family: string;
  /** The size it was built for (null: a fixed input). */
  size: number | null;
  chars: number;
  times: Record<MarkdownReader, MarkdownTiming>;
}

export interface MarkdownReaders {
  capMs: number;
  runs: number;
  inputs: MarkdownInput[];
}

/** A reader in a worker thread (markdown-reader.ts), started again after a reading is cut off. */
class ReaderThread {
  private worker: Promise<Worker> | null = null;

  constructor(readonly reader: MarkdownReader) {}

  /** Starts the thread and resolves once its reader is loaded (not counted in any reading). */
  private start(): Promise<Worker> {
    // tsx's hooks do not reach worker threads by themselves: the thread registers them first.
    const entry = new URL('./markdown-reader.ts', import.meta.url).href;
    const shim =
      `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})` +
      `.then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`;
    const worker = new Worker(shim, { eval: true, workerData: { reader: this.reader } });
    return new Promise((resolve, reject) => {
      worker.once('message', () => resolve(worker));
      worker.once('error', reject);
    });
  }

  /** One reading of `src`, or null when it passed the cap (the thread is then ended). */
  async time(src: string): Promise<Reading> {
    const worker = await (this.worker ??= this.start());
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
      };
      const onMessage = (reading: Exclude<Reading, null>) => {
        done();
        resolve(reading);
      };
      const onError = (error: Error) => {
        done();
        this.worker = null;
        reject(error);
      };
      const timer = setTimeout(() => {
        done();
        this.worker = null;
        void worker.terminate();
        resolve(null);
      }, MARKDOWN_CAP_MS);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.postMessage(src);
    });
  }

  async close() {
    const worker = await this.worker;
    this.worker = null;
    await worker?.terminate();
  }
}

/** A warm-up reading, then MARKDOWN_RUNS timed ones; the first past the cap ends it. */
async function timeReading(thread: ReaderThread, src: string): Promise<MarkdownTiming> {
  const times: number[] = [];
  for (let run = 0; run <= MARKDOWN_RUNS; run++) {
    const reading = await thread.time(src);
    if (reading === null) return { worstMs: null, medianMs: null };
    if ('error' in reading) return { worstMs: null, medianMs: null, error: reading.error };
    if (run > 0) times.push(reading.ms);
  }
  return { worstMs: Math.max(...times), medianMs: median(times) };
}

/**
 * Row 8: every family of the pathology corpus at 1 k, 10 k and 50 k characters, `staircase(30)`
 * and the plain-text baseline, read by the three readers one after another in this run, each in
 * its own thread with a cap on every reading (marked is exponential on the staircase).
 */
export async function measureMarkdownReaders(): Promise<MarkdownReaders> {
  // Loaded here: the browser rows do not need the corpus.
  const { baseline, families, staircase } = await import('../../tests/support/markdownPathology');
  const cases: { family: string; size: number | null; src: string }[] = [
    ...MARKDOWN_SIZES.map((size) => ({ family: 'baseline', size, src: baseline(size) })),
    ...Object.entries(families).flatMap(([family, build]) =>
      MARKDOWN_SIZES.map((size) => ({ family, size, src: build(size) })),
    ),
    { family: 'staircase(30)', size: null, src: staircase(30) },
  ];
  const threads = MARKDOWN_READERS.map((reader) => new ReaderThread(reader));
  const inputs: MarkdownInput[] = [];
  try {
    for (const [index, { family, size, src }] of cases.entries()) {
      if (size === MARKDOWN_SIZES[0] || size === null) {
        say(`row 8: ${family} (${index + 1}/${cases.length} inputs)`);
      }
      const times = {} as Record<MarkdownReader, MarkdownTiming>;
      for (const thread of threads) {
        // A reader past the cap on a family's smaller input is not given its larger ones.
        const smaller = inputs.find(
          (i) => i.family === family && i.times[thread.reader].worstMs === null,
        );
        times[thread.reader] = smaller
          ? { worstMs: null, medianMs: null, skipped: true }
          : await timeReading(thread, src);
      }
      inputs.push({ family, size, chars: src.length, times });
    }
  } finally {
    await Promise.all(threads.map((thread) => thread.close()));
  }
  return { capMs: MARKDOWN_CAP_MS, runs: MARKDOWN_RUNS, inputs };
}
