/**
 * `npm run bench`: the widget measured the way readers feel it, in one run so the figures compare
 * side by side. Builds the site three ways (no widget, this widget, the seed plan's eager wiring),
 * serves each on 127.0.0.1:3200 with the contract server on :8200 in this process, drives Debian's
 * Chromium through them and prints one table (also written to test-results/bench.json).
 *
 *   npx tsx scripts/bench.ts [--no-build]     (--no-build reuses /tmp/bench-* from an earlier run)
 *
 * Environment: BENCH_RUNS (fresh pages per timing row, default 20), BENCH_LONG_RUNS (long answers,
 * default 5), E2E-style ports are fixed here so the bench never collides with tests (3000/8000, 3100/8100).
 */
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startMockServer, type MockServer } from '../mocks/server';
import { setMockOptions } from '../mocks/state';
import { CHROMIUM_ARGS, ensureChromium } from './chromium.mjs';
import { startStaticServer } from './serve.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const LONG_RUNS = Number(process.env.BENCH_LONG_RUNS ?? 5);
const CYCLES = 100;
const QUESTIONS = 20;
const SITE_PORT = 3200;
const BACKEND_PORT = 8200;
const SITE = `http://127.0.0.1:${SITE_PORT}`;
const BACKEND = `http://localhost:${BACKEND_PORT}`;
const CDN = 'https://cdn.platform.openai.com';
const PAGE = '/docs/intro/';
const REUSE_BUILDS = process.argv.includes('--no-build');

type Variant = 'none' | 'widget' | 'naive';
const VARIANTS: Record<Variant, string> = {
  none: 'no widget (floor)',
  widget: 'this widget',
  naive: "seed plan's eager wiring",
};
const outDir = (variant: Variant) => `/tmp/bench-${variant}`;

// ---------------------------------------------------------------------------------------------
// Statistics and formatting
// ---------------------------------------------------------------------------------------------

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Nearest-rank p95: with 20 runs, the 19th smallest. */
function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(0.95 * sorted.length) - 1)]!;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value: number) => `${Math.round(value)} ms`;
const signedKb = (bytes: number) => `${bytes >= 0 ? '+' : '−'}${kb(Math.abs(bytes))}`;
const gzipSize = (body: Buffer) => gzipSync(body, { level: 9 }).length;

// ---------------------------------------------------------------------------------------------
// Builds
// ---------------------------------------------------------------------------------------------

function buildSite(variant: Variant): Promise<void> {
  const log = `/tmp/bench-build-${variant}.log`;
  return new Promise((resolve, reject) => {
    // From website/, as `npm run build -w website` does: Babel reads the browserslist targets from
    // the working directory, and from the repository root it would compile for ES5 browsers (whose
    // transpiled classes cannot construct custom elements, so the local surface would break).
    const child = spawn(
      '../node_modules/.bin/docusaurus',
      ['build', '--out-dir', outDir(variant), '--locale', 'en'],
      {
        cwd: 'website',
        env: {
          ...process.env,
          BENCH_ROOT_VARIANT: variant,
          CHATKIT_BACKEND_URL: BACKEND,
          // Docusaurus writes generated sources beside the site by default; other builds may be
          // running there, so each variant gets its own directory.
          DOCUSAURUS_GENERATED_FILES_DIR_NAME: `/tmp/bench-gen-${variant}`,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const file = createWriteStream(log);
    child.stdout.pipe(file);
    child.stderr.pipe(file);
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`Build of "${variant}" failed; see ${log}`)),
    );
  });
}

// ---------------------------------------------------------------------------------------------
// What runs in the page (an init script, before any of the page's own code)
// ---------------------------------------------------------------------------------------------

interface Probe {
  /** rAF timestamps, one per rendered frame, until the toggle and FCP are both known. */
  frames: number[];
  toggleFrame: number | null;
  fcp: number | null;
  clickAt: number | null;
  readyAt: number | null;
  responseEnds: number;
  reopenVisibleAt: number | null;
  watchReopen(): void;
  delta: {
    armed: boolean;
    arrival: number | null;
    dom: number | null;
    frame: number | null;
    /** rAF timestamps from arming until the text is on screen: the page's frame rate then. */
    frames: number[];
  };
  armDelta(): void;
  /** Resolves once the page has a fully idle 50 ms period (or after 5 s). */
  idle(): Promise<void>;
  /** Opens and closes the panel `times` times from inside the page, a frame per step. */
  cycle(times: number): Promise<void>;
  /** Sends a question from the composer and resolves when its answer has ended. */
  ask(text: string): Promise<void>;
  longTasks: { start: number; duration: number }[];
  timeouts: Set<number>;
  intervals: Set<number>;
}

declare global {
  interface Window {
    __bench: Probe;
  }
}

function installProbe() {
  const probe: Probe = {
    frames: [],
    toggleFrame: null,
    fcp: null,
    clickAt: null,
    readyAt: null,
    responseEnds: 0,
    reopenVisibleAt: null,
    watchReopen() {},
    delta: { armed: false, arrival: null, dom: null, frame: null, frames: [] },
    armDelta() {},
    idle: () => Promise.resolve(),
    cycle: () => Promise.resolve(),
    ask: () => Promise.resolve(),
    longTasks: [],
    timeouts: new Set(),
    intervals: new Set(),
  };
  window.__bench = probe;
  const TOGGLE = 'button[aria-label^="Open chat"]';

  // Timers still pending: every setTimeout/setInterval is counted until it fires or is cleared.
  const { setTimeout: nativeSetTimeout, setInterval: nativeSetInterval } = window;
  const { clearTimeout: nativeClearTimeout, clearInterval: nativeClearInterval } = window;
  window.setTimeout = ((handler: TimerHandler, timeout?: number, ...args: unknown[]) => {
    if (typeof handler !== 'function') return nativeSetTimeout(handler, timeout, ...args);
    const id = nativeSetTimeout(() => {
      probe.timeouts.delete(id);
      (handler as (...a: unknown[]) => void)(...args);
    }, timeout);
    probe.timeouts.add(id);
    return id;
  }) as typeof window.setTimeout;
  window.setInterval = ((handler: TimerHandler, timeout?: number, ...args: unknown[]) => {
    const id = nativeSetInterval(handler, timeout, ...args);
    probe.intervals.add(id);
    return id;
  }) as typeof window.setInterval;
  const clear = (id: number | undefined) => {
    if (id === undefined) return;
    probe.timeouts.delete(id);
    probe.intervals.delete(id);
  };
  window.clearTimeout = ((id?: number) => {
    clear(id);
    nativeClearTimeout(id);
  }) as typeof window.clearTimeout;
  window.clearInterval = ((id?: number) => {
    clear(id);
    nativeClearInterval(id);
  }) as typeof window.clearInterval;

  // Toggle vs first contentful paint: rAF callbacks run once per rendered frame, before its paint.
  // The first frame whose rAF finds the toggle laid out in the viewport is the frame that paints it.
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.name !== 'first-contentful-paint') continue;
      const paint = entry as PerformanceEntry & { paintTime?: number };
      probe.fcp = paint.paintTime ?? entry.startTime;
    }
  }).observe({ type: 'paint', buffered: true });
  const isVisible = (el: Element | null) => {
    if (!el) return false;
    const rect = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return (
      rect.width > 0 &&
      rect.height > 0 &&
      rect.bottom > 0 &&
      rect.right > 0 &&
      rect.top < innerHeight &&
      rect.left < innerWidth &&
      style.visibility === 'visible' &&
      style.opacity !== '0'
    );
  };
  const onFrame = (time: number) => {
    probe.frames.push(time);
    if (probe.toggleFrame === null && isVisible(document.querySelector(TOGGLE))) {
      probe.toggleFrame = probe.frames.length - 1;
    }
    if ((probe.toggleFrame === null || probe.fcp === null) && probe.frames.length < 600) {
      requestAnimationFrame(onFrame);
    }
  };
  requestAnimationFrame(onFrame);

  // Open → ready: from the click's input timestamp to `chatkit.ready` (bubbles, composed).
  document.addEventListener(
    'click',
    (event) => {
      if ((event.target as Element | null)?.closest?.(TOGGLE)) probe.clickAt = event.timeStamp;
    },
    true,
  );
  document.addEventListener('chatkit.ready', () => (probe.readyAt ??= performance.now()), true);
  document.addEventListener('chatkit.response.end', () => probe.responseEnds++, true);

  // Warm re-open: the first frame after the click in which the composer is visible.
  probe.watchReopen = () => {
    probe.reopenVisibleAt = null;
    const poll = (time: number) => {
      const composer = document.querySelector('openai-chatkit textarea');
      if (probe.clickAt !== null && isVisible(composer)) probe.reopenVisibleAt = time;
      else requestAnimationFrame(poll);
    };
    requestAnimationFrame(poll);
  };

  // First delta: its arrival is the moment a body read resolves with bytes holding `text_delta`
  // (this wrapper's callback runs before the page's own await resumes); it is on screen when the
  // assistant's message has text (DOM) and one frame has rendered since (rAF, then a task).
  const decoder = new TextDecoder();
  const nativeRead = ReadableStreamDefaultReader.prototype.read;
  ReadableStreamDefaultReader.prototype.read = function read(this: ReadableStreamDefaultReader) {
    const result = nativeRead.call(this) as Promise<ReadableStreamReadResult<unknown>>;
    if (probe.delta.armed && probe.delta.arrival === null) {
      void result.then(
        ({ value }) => {
          if (probe.delta.arrival !== null || !(value instanceof Uint8Array)) return;
          if (decoder.decode(value).includes('text_delta')) probe.delta.arrival = performance.now();
        },
        () => undefined,
      );
    }
    return result as never;
  };
  let observer: MutationObserver | null = null;
  probe.armDelta = () => {
    probe.delta = { armed: true, arrival: null, dom: null, frame: null, frames: [] };
    const sample = (time: number) => {
      probe.delta.frames.push(time);
      if (probe.delta.frame === null || probe.delta.frames.length < 30)
        requestAnimationFrame(sample);
    };
    requestAnimationFrame(sample);
    observer?.disconnect();
    observer = new MutationObserver(() => {
      const bodies = document.querySelectorAll(
        '[role="log"] .ck-message--assistant .ck-message-body',
      );
      const last = bodies[bodies.length - 1];
      if (!last?.textContent) return;
      observer?.disconnect();
      probe.delta.dom = performance.now();
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => (probe.delta.frame = performance.now());
        channel.port2.postMessage(0);
      });
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
  };

  probe.idle = () =>
    new Promise((resolve) => {
      const giveUpAt = performance.now() + 5000;
      const check = (deadline: IdleDeadline) => {
        if (deadline.timeRemaining() >= 49 || performance.now() > giveUpAt) resolve();
        else requestIdleCallback(check);
      };
      requestIdleCallback(check);
    });

  // Driven from inside the page, so the heap holds the widget's allocations and not Playwright's
  // per-action state (its injected scripts share the page's V8 heap).
  const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  const composerVisible = () => isVisible(document.querySelector('openai-chatkit textarea'));
  probe.cycle = async (times) => {
    for (let i = 0; i < times; i++) {
      document.querySelector<HTMLElement>(TOGGLE)!.click();
      while (!composerVisible()) await nextFrame();
      document
        .querySelector('[role="dialog"]')!
        .dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
      while (composerVisible()) await nextFrame();
    }
  };
  probe.ask = async (text) => {
    const before = probe.responseEnds;
    const input = document.querySelector<HTMLTextAreaElement>('openai-chatkit textarea')!;
    input.value = text;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    const busy = () => document.querySelector('[role="log"]')?.getAttribute('aria-busy') === 'true';
    while (probe.responseEnds === before || busy()) await nextFrame();
  };

  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      probe.longTasks.push({ start: entry.startTime, duration: entry.duration });
    }
  }).observe({ type: 'longtask', buffered: true });
}

// ---------------------------------------------------------------------------------------------
// Browser helpers
// ---------------------------------------------------------------------------------------------

async function newPage(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  // As on these machines and on networks that block AI domains: the widget falls back to its
  // local element. OpenAI's script is therefore not counted anywhere below.
  await context.route(`${CDN}/**`, (route) => route.abort('blockedbyclient'));
  // tsx keeps function names through a `__name` helper that the page does not have.
  await context.addInitScript({
    content: `var __name = (f) => f; (${installProbe.toString()})();`,
  });
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  // Anything the page reports, except the blocked CDN that every open meets, is worth seeing.
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.location().url.startsWith(CDN)) {
      if (!/ERR_BLOCKED_BY_CLIENT/.test(m.text())) say(`page console: ${m.text()}`);
    }
  });
  page.on('pageerror', (e) => say(`page error: ${e.message}`));
  return { context, page };
}

const toggle = (page: Page) => page.getByRole('button', { name: /^Open chat/ });
const dialog = (page: Page) => page.getByRole('dialog', { name: 'Textbook assistant' });
const composer = (page: Page) => page.locator('openai-chatkit textarea');

/** A reader who has the page in front of them: loaded, hydrated and idle. */
async function gotoHydrated(page: Page) {
  await page.goto(`${SITE}${PAGE}`, { waitUntil: 'networkidle' });
  await page.waitForSelector('html[data-has-hydrated="true"]');
  await page.evaluate(() => window.__bench.idle());
}

async function openAndWaitReady(page: Page) {
  await toggle(page).click();
  await page.waitForFunction(() => window.__bench.readyAt !== null);
}

async function closePanel(page: Page) {
  await page.keyboard.press('Escape');
  await dialog(page).waitFor({ state: 'hidden' });
}

async function ask(page: Page, question: string) {
  const before = await page.evaluate(() => window.__bench.responseEnds);
  await composer(page).fill(question);
  await composer(page).press('Enter');
  await page.waitForFunction((n) => window.__bench.responseEnds > n, before);
}

/** Milestones of a first open, in ms after the click, from the page's resource timing. */
interface OpenMilestones {
  sessionStart: number;
  sessionEnd: number;
  cdnFailed: number | null;
  chunksLoaded: number;
  ready: number;
}

// ---------------------------------------------------------------------------------------------
// Rows
// ---------------------------------------------------------------------------------------------

interface LoadBytes {
  raw: number;
  gzip: number;
  files: number;
  cdnRequests: number;
  backendRequests: number;
}

/** Row 1: every script and stylesheet /docs/intro/ downloads before any interaction. */
async function measureInitialLoad(browser: Browser): Promise<LoadBytes> {
  const { context, page } = await newPage(browser);
  const bodies: Promise<Buffer | null>[] = [];
  let cdnRequests = 0;
  let backendRequests = 0;
  page.on('request', (request) => {
    if (request.url().startsWith(CDN)) cdnRequests++;
    if (request.url().startsWith(BACKEND)) backendRequests++;
  });
  page.on('response', (response) => {
    const type = response.request().resourceType();
    if (type === 'script' || type === 'stylesheet') {
      bodies.push(response.body().catch(() => null));
    }
  });
  await page.goto(`${SITE}${PAGE}`, { waitUntil: 'networkidle' });
  await page.waitForSelector('html[data-has-hydrated="true"]');
  const files = (await Promise.all(bodies)).filter((body): body is Buffer => body !== null);
  await context.close();
  return {
    raw: files.reduce((sum, body) => sum + body.length, 0),
    gzip: files.reduce((sum, body) => sum + gzipSize(body), 0),
    files: files.length,
    cdnRequests,
    backendRequests,
  };
}

interface PageRun {
  toggleSameFrame: boolean;
  toggleAfterFcpMs: number;
  openToReadyMs: number;
  lazyGzip: number;
  lazyRaw: number;
  open: OpenMilestones;
  reopenMs: number;
  deltaToDomMs: number;
  deltaToFrameMs: number;
  frameIntervalMs: number;
}

/** Rows 2–4 in one fresh page: toggle paint, first open, warm re-open, first streamed delta. */
async function measureReaderPage(browser: Browser): Promise<PageRun> {
  const { context, page } = await newPage(browser);
  try {
    await gotoHydrated(page);
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

    const lazy: Promise<Buffer | null>[] = [];
    page.on('response', (response) => {
      const type = response.request().resourceType();
      if (type === 'script' || type === 'stylesheet') lazy.push(response.body().catch(() => null));
    });
    await openAndWaitReady(page);
    const open = await page.evaluate(
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
    const lazyBodies = (await Promise.all(lazy)).filter((b): b is Buffer => b !== null);

    await closePanel(page);
    await page.evaluate(() => {
      window.__bench.clickAt = null;
      window.__bench.watchReopen();
    });
    await toggle(page).click();
    await page.waitForFunction(() => window.__bench.reopenVisibleAt !== null);
    const reopenMs = await page.evaluate(
      () => window.__bench.reopenVisibleAt! - window.__bench.clickAt!,
    );

    // Paced as a model streams (and as the e2e suite does), so the first delta arrives in its own
    // chunk rather than in one burst with the whole answer.
    setMockOptions({ deltaDelayMs: 15 });
    await page.evaluate(() => window.__bench.armDelta());
    await ask(page, 'What is ROS 2?');
    setMockOptions({ deltaDelayMs: 0 });
    await page.waitForFunction(() => window.__bench.delta.frame !== null);
    const delta = await page.evaluate(() => window.__bench.delta);
    if (delta.arrival === null) throw new Error('The first delta was never seen arriving.');
    const intervals = delta.frames.slice(1).map((time, i) => time - delta.frames[i]!);
    return {
      toggleSameFrame,
      toggleAfterFcpMs,
      openToReadyMs: open.ready,
      open,
      lazyGzip: lazyBodies.reduce((sum, body) => sum + gzipSize(body), 0),
      lazyRaw: lazyBodies.reduce((sum, body) => sum + body.length, 0),
      reopenMs,
      deltaToDomMs: delta.dom! - delta.arrival,
      deltaToFrameMs: delta.frame! - delta.arrival,
      frameIntervalMs: median(intervals),
    };
  } finally {
    await context.close();
  }
}

/** How long a reader's pointer rests on the toggle before the click, in the hovered-open row. */
const HOVER_DWELL_MS = 200;

/** Row 3, as readers mostly open it: the pointer rests on the toggle, then clicks. */
async function measureHoveredOpen(browser: Browser): Promise<number> {
  const { context, page } = await newPage(browser);
  try {
    await gotoHydrated(page);
    await toggle(page).hover();
    await page.waitForTimeout(HOVER_DWELL_MS); // the modelled dwell, not a wait for the page
    await openAndWaitReady(page);
    return await page.evaluate(() => window.__bench.readyAt! - window.__bench.clickAt!);
  } finally {
    await context.close();
  }
}

/** Row 4: long tasks while a 10 000-character answer streams. */
async function measureLongAnswer(
  browser: Browser,
): Promise<{ count: number; maxMs: number; chars: number }> {
  const { context, page } = await newPage(browser);
  try {
    await gotoHydrated(page);
    await openAndWaitReady(page);
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

interface Leftovers {
  heap: number;
  timeouts: number;
  intervals: number;
  listeners: { window: number; document: number };
}

/** Row 5: 100 open/close cycles, then 20 questions; heap after GC, timers and listeners left. */
async function measureLeaks(browser: Browser) {
  const { context, page } = await newPage(browser);
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

    await gotoHydrated(page);
    // The baseline has the chat code loaded and one answer shown, so growth means retention.
    await openAndWaitReady(page);
    await ask(page, 'What is ROS 2?');
    await closePanel(page);
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
    await closePanel(page);
    const afterQuestions = await snapshot();
    return { baseline, idle, afterCycles, afterQuestions };
  } finally {
    await context.close();
  }
}

/** Row 6: wall time of the last `npm test` suites, from their JSON reports. */
function suiteWallTime(file: string): { seconds: number; tests: number; at: string } | null {
  if (!existsSync(file)) return null;
  const report = JSON.parse(readFileSync(file, 'utf8')) as {
    startTime: number;
    numTotalTests: number;
    testResults: { endTime?: number }[];
  };
  const end = Math.max(...report.testResults.map((result) => result.endTime ?? 0));
  if (!Number.isFinite(end) || end <= 0) return null;
  return {
    seconds: (end - report.startTime) / 1000,
    tests: report.numTotalTests,
    at: new Date(report.startTime).toISOString().slice(0, 16).replace('T', ' '),
  };
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

const started = Date.now();
const machine = `${os.cpus().length} vCPU / ${Math.round(os.totalmem() / 2 ** 30)} GiB, load ${os
  .loadavg()[0]!
  .toFixed(1)} at start`;
const say = (message: string) => process.stderr.write(`bench: ${message}\n`);

const executablePath = ensureChromium({ log: say });
const variants = Object.keys(VARIANTS) as Variant[];
for (const variant of variants) {
  if (REUSE_BUILDS && existsSync(`${outDir(variant)}/index.html`)) continue;
  say(`building the site with ${VARIANTS[variant]} → ${outDir(variant)}`);
  const t = Date.now();
  await buildSite(variant);
  say(`  built in ${((Date.now() - t) / 1000).toFixed(0)} s`);
}
const buildSeconds = (Date.now() - started) / 1000;

const backend: MockServer = await startMockServer({
  port: BACKEND_PORT,
  deltaDelayMs: 0,
  allowedOrigins: [SITE, `http://localhost:${SITE_PORT}`],
});
setMockOptions({ deltaDelayMs: 0 });
const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });

const LOADS = 3;
const load = {} as Record<Variant, LoadBytes>;
let ssrToggle = false;
const runs: PageRun[] = [];
const hovered: number[] = [];
const long: Awaited<ReturnType<typeof measureLongAnswer>>[] = [];
let leaks: Awaited<ReturnType<typeof measureLeaks>> | null = null;
try {
  for (const variant of variants) {
    const site = await startStaticServer(outDir(variant), SITE_PORT);
    try {
      say(`row 1: initial load of ${PAGE} with ${VARIANTS[variant]} (${LOADS} loads)`);
      const samples: LoadBytes[] = [];
      for (let i = 0; i < LOADS; i++) samples.push(await measureInitialLoad(browser));
      // Byte counts are deterministic; the median load guards against a stray late response.
      load[variant] = samples.sort((a, b) => a.gzip - b.gzip)[Math.floor(LOADS / 2)]!;
      if (variant !== 'widget') continue;

      const html = await (await fetch(`${SITE}${PAGE}`)).text();
      ssrToggle = /<button[^>]*aria-label="Open chat"/.test(html);

      say(`rows 2–4: ${RUNS} fresh pages (toggle paint, first open, re-open, first delta)`);
      for (let i = 0; i < RUNS; i++) {
        backend.reset();
        setMockOptions({ deltaDelayMs: 0 });
        runs.push(await measureReaderPage(browser));
      }

      say(`row 3: ${RUNS} fresh pages, the pointer resting ${HOVER_DWELL_MS} ms on the toggle`);
      for (let i = 0; i < RUNS; i++) {
        backend.reset();
        hovered.push(await measureHoveredOpen(browser));
      }

      say(`row 4: ${LONG_RUNS} answers of 10 000 characters, streamed at 15 ms per delta`);
      for (let i = 0; i < LONG_RUNS; i++) {
        backend.reset();
        backend.setScenarios(['longAnswer:10000']);
        // A visible pace, as the e2e suite uses: about 240 deltas over 3.6 s.
        setMockOptions({ deltaDelayMs: 15 });
        long.push(await measureLongAnswer(browser));
      }
      backend.setScenarios([]);

      say(`row 5: ${CYCLES} open/close cycles and ${QUESTIONS} questions in one page`);
      backend.reset();
      setMockOptions({ deltaDelayMs: 0 });
      leaks = await measureLeaks(browser);
    } finally {
      await site.close();
    }
  }
} finally {
  await browser.close();
  await backend.close();
}

// ---------------------------------------------------------------------------------------------
// The table
// ---------------------------------------------------------------------------------------------

interface Row {
  row: string;
  what: string;
  goal: string;
  median: string;
  p95: string;
  n: string;
  met: string;
}
const rows: Row[] = [];
const add = (row: Partial<Row> & Pick<Row, 'row' | 'what'>) =>
  rows.push({ goal: '', median: '', p95: '', n: '', met: '', ...row });
const yesNo = (ok: boolean) => (ok ? 'yes' : '**no**');

const floor = load.none;
const added = (variant: Variant) => ({
  gzip: load[variant].gzip - floor.gzip,
  raw: load[variant].raw - floor.raw,
});
const widgetAdds = added('widget');
const naiveAdds = added('naive');
const lazyGzip = median(runs.map((r) => r.lazyGzip));
const lazyRaw = median(runs.map((r) => r.lazyRaw));
add({
  row: '1',
  what: `JS+CSS that ${PAGE} downloads before any interaction, ${VARIANTS.none}`,
  median: `${kb(floor.gzip)} gzip (${kb(floor.raw)} raw, ${floor.files} files)`,
  n: String(LOADS),
});
add({
  row: '1',
  what: '… added by this widget (toggle shell and "Ask about this")',
  goal: '≤ 3 KB gzip',
  median: `${signedKb(widgetAdds.gzip)} gzip (${signedKb(widgetAdds.raw)} raw)`,
  n: String(LOADS),
  met: yesNo(widgetAdds.gzip <= 3 * 1024),
});
add({
  row: '1',
  what: `… added by ${VARIANTS.naive} (ChatKit React + useChatKit in Root)`,
  median:
    `${signedKb(naiveAdds.gzip)} gzip (${signedKb(naiveAdds.raw)} raw)` +
    (load.naive.cdnRequests
      ? ", plus OpenAI's chatkit.js on every page (its CDN is unreachable here: not counted)"
      : ''),
  n: String(LOADS),
});
add({
  row: '1',
  what: "this widget's chat code, fetched on the first open",
  median:
    `${kb(lazyGzip)} gzip (${kb(lazyRaw)} raw); loaded eagerly it would add ` +
    `${signedKb(widgetAdds.gzip + lazyGzip)}: lazy loading keeps ` +
    `${((lazyGzip / (widgetAdds.gzip + lazyGzip)) * 100).toFixed(0)} % off the page; ` +
    `the shell is ${(widgetAdds.gzip / naiveAdds.gzip).toFixed(1)}× the eager wiring's same-origin bytes`,
  n: String(runs.length),
});
const earlyRequests = load.widget.backendRequests + load.widget.cdnRequests;
add({
  row: '1',
  what: 'requests to the backend or OpenAI before the first open',
  goal: '0',
  median: String(earlyRequests),
  n: String(LOADS),
  met: yesNo(earlyRequests === 0),
});
add({
  row: '2',
  what: 'toggle in the server-rendered HTML',
  goal: 'yes',
  median: ssrToggle ? 'yes' : 'no',
  met: yesNo(ssrToggle),
});
const samePaint = runs.filter((r) => r.toggleSameFrame).length;
const afterFcp = runs.map((r) => r.toggleAfterFcpMs);
add({
  row: '2',
  what: 'toggle first painted in the frame of first contentful paint (else: ms later)',
  goal: 'same paint',
  median: `${samePaint}/${runs.length} same frame; +${ms(median(afterFcp))}`,
  p95: `+${ms(p95(afterFcp))}`,
  n: String(runs.length),
  met: yesNo(samePaint === runs.length),
});
const open = runs.map((r) => r.openToReadyMs);
add({
  row: '3',
  what: 'first open, fresh page: click → `chatkit.ready`',
  goal: '≤ 150 ms p95',
  median: ms(median(open)),
  p95: ms(p95(open)),
  n: String(open.length),
  met: yesNo(p95(open) <= 150),
});
add({
  row: '3',
  what: `… the pointer resting ${HOVER_DWELL_MS} ms on the toggle first (its code loads on the hint)`,
  median: ms(median(hovered)),
  p95: ms(p95(hovered)),
  n: String(hovered.length),
});
const milestone = (pick: (m: OpenMilestones) => number | null) => {
  const values = runs.map((r) => pick(r.open)).filter((v): v is number => v !== null && !isNaN(v));
  return values.length ? ms(median(values)) : 'n/a';
};
add({
  row: '3',
  what: '… where it goes (medians after the click)',
  median:
    `session requested ${milestone((m) => m.sessionStart)}, answered ${milestone((m) => m.sessionEnd)}; ` +
    `OpenAI's script failed ${milestone((m) => m.cdnFailed)}; ` +
    `last chat chunk loaded ${milestone((m) => m.chunksLoaded)}`,
  n: String(runs.length),
});
const reopen = runs.map((r) => r.reopenMs);
add({
  row: '3',
  what: 'warm re-open: click → first frame with the composer visible',
  median: ms(median(reopen)),
  p95: ms(p95(reopen)),
  n: String(reopen.length),
});
const toDom = runs.map((r) => r.deltaToDomMs);
const toFrame = runs.map((r) => r.deltaToFrameMs);
add({
  row: '4',
  what: 'first streamed delta: arrival → its text in the DOM',
  median: ms(median(toDom)),
  p95: ms(p95(toDom)),
  n: String(toDom.length),
});
add({
  row: '4',
  what: `… arrival → the next frame rendered (frames every ${median(runs.map((r) => r.frameIntervalMs)).toFixed(1)} ms)`,
  goal: '≤ 16 ms',
  median: ms(median(toFrame)),
  p95: ms(p95(toFrame)),
  n: String(toFrame.length),
  met: yesNo(p95(toFrame) <= 16),
});
const longCount = long.reduce((sum, r) => sum + r.count, 0);
add({
  row: '4',
  what: `long tasks (> 50 ms) while a ${Math.min(...long.map((r) => r.chars))}-character answer streams`,
  goal: 'none',
  median:
    `${longCount} in ${long.length} answers` +
    (longCount ? `, longest ${ms(Math.max(...long.map((r) => r.maxMs)))}` : ''),
  n: String(long.length),
  met: yesNo(longCount === 0),
});
if (leaks) {
  const { baseline, idle, afterCycles, afterQuestions } = leaks;
  const mb = (bytes: number) =>
    `${bytes >= 0 ? '+' : '−'}${(Math.abs(bytes) / 2 ** 20).toFixed(2)} MB`;
  const growth = afterQuestions.heap - baseline.heap;
  add({
    row: '5',
    what: `JS heap after GC: ${CYCLES} open/close cycles, then ${QUESTIONS} questions (answers kept in the thread)`,
    goal: '≤ 1 MB',
    median:
      `${mb(growth)}: cycles ${mb(afterCycles.heap - baseline.heap)}, ` +
      `questions ${mb(afterQuestions.heap - afterCycles.heap)} (idle drift ${mb(idle.heap - baseline.heap)})`,
    n: '1',
    met: yesNo(growth <= 2 ** 20),
  });
  const left = (s: Leftovers) =>
    `${s.timeouts}/${s.intervals}/${s.listeners.window}/${s.listeners.document}`;
  add({
    row: '5',
    what: 'timeouts / intervals pending, listeners on window / document: before → after',
    goal: 'no growth',
    median: `${left(baseline)} → ${left(afterQuestions)}`,
    n: '1',
    met: yesNo(
      afterQuestions.timeouts <= baseline.timeouts &&
        afterQuestions.intervals <= baseline.intervals &&
        afterQuestions.listeners.window <= baseline.listeners.window &&
        afterQuestions.listeners.document <= baseline.listeners.document,
    ),
  });
}
for (const [name, file] of [
  ['headless story suite (test-storybook, 2 workers)', 'test-results/stories.json'],
  ['e2e suite (Vitest + Playwright)', 'test-results/e2e.json'],
] as const) {
  const wall = suiteWallTime(file);
  add({
    row: '6',
    what: `${name} wall time`,
    median: wall
      ? `${wall.seconds.toFixed(1)} s (${wall.tests} tests, run ${wall.at} UTC)`
      : 'run npm test first',
  });
}

const date = new Date().toISOString().slice(0, 10);
const header = ['#', 'what', 'goal', 'median', 'p95', 'n', 'met'];
const lines = [
  `Benchmark ${date}, ${machine}, Chromium headless, ${RUNS} fresh pages per timing row, OpenAI's CDN blocked (local surface).`,
  '',
  `| ${header.join(' | ')} |`,
  `| ${header.map((h) => (h === 'what' || h === 'median' ? '---' : ':-:')).join(' | ')} |`,
  ...rows.map((r) => `| ${[r.row, r.what, r.goal, r.median, r.p95, r.n, r.met].join(' | ')} |`),
  '',
  `Builds ${buildSeconds.toFixed(0)} s${REUSE_BUILDS ? ' (reused where present)' : ''}, total ${((Date.now() - started) / 1000).toFixed(0)} s.`,
];
console.log(lines.join('\n'));

mkdirSync('test-results', { recursive: true });
writeFileSync(
  'test-results/bench.json',
  `${JSON.stringify(
    {
      date: new Date().toISOString(),
      machine,
      runs: RUNS,
      longRuns: LONG_RUNS,
      rows,
      raw: { load, ssrToggle, pages: runs, hovered, long, leaks },
    },
    null,
    2,
  )}\n`,
);
