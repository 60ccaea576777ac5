/**
 * The fault suite (issue 6): the built site in Chromium against the contract server, attacked the way
 * the real world will, one row per fault. Each row asserts what the reader sees, then the same
 * invariants (`finishRow`):
 *
 * - nothing typed is lost or sent twice: every text the reader typed is EITHER in the conversation
 *   exactly once (and no longer in the composer) OR not in the conversation and still in the
 *   composer; the backend accepted (2xx) at most one message request carrying it, and stores it in at
 *   most one user item;
 * - no uncaught exception, no unhandled promise rejection, no console error beyond the ones a row
 *   names precisely (text and URL: the blocked OpenAI CDN, or the failed request that is the fault);
 * - no client secret from any session response in web storage, any URL, the console or the DOM;
 * - recovery without a reload: once the fault is healed, a new question on the same page (the same
 *   document, checked by a marker) gets its answer.
 *
 * Waits are locator waits and polls; where the fault itself is time (a retry countdown, a hung
 * request's 5 s limit) the row waits for it and says so.
 */
import type { BrowserContext, Locator, Page, Request } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { BACKEND, CDN, newReader, SITE, STRICT_CSP, type ReaderPage } from './harness';
import {
  CLOSE_CHAT,
  composer,
  conversation,
  dialog,
  gotoHydrated,
  idle,
  OPEN_CHAT,
  ready,
  toggle,
} from './reader';
import { occurrences, secretLeaks, typedMessageFaults } from './invariants';
import { e2eSuite } from './suite';

const SESSION_URL = `${BACKEND}/api/chatkit/session`;
const CHATKIT_URL = `${BACKEND}/chatkit`;

// ---------------------------------------------------------------------------------------------
// What the reader sees
// ---------------------------------------------------------------------------------------------

const retryStatus = (page: Page) => page.getByRole('status', { name: 'Retry status' });
const alert = (page: Page) => dialog(page).getByRole('alert');
// The local element's bubbles: the reader's text is the bubble's `dir="auto"` span.
const userBubbles = (page: Page) => page.locator('openai-chatkit .ck-message--user > span[dir]');
const answers = (page: Page) => page.locator('openai-chatkit .ck-message--assistant');
const lastAnswer = (page: Page) => answers(page).last();

async function composerValue(page: Page): Promise<string> {
  return (await composer(page).count()) ? composer(page).inputValue() : '';
}

/** The latest answer is complete: it cites `source` and nothing is streaming any more. */
async function answeredWith(page: Page, source: RegExp) {
  await lastAnswer(page).getByRole('link', { name: source }).first().waitFor();
  await idle(page);
}

/** Clicks "Retry now" through the three automatic retries; ends on the friendly error. */
async function exhaustRetries(page: Page) {
  for (let retry = 1; retry <= 3; retry++) {
    await expect.poll(() => retryStatus(page).textContent()).toContain(`(${retry} of 3)`);
    await page.getByRole('button', { name: 'Retry now' }).click();
  }
  await alert(page).waitFor();
}

/** Counts non-overlapping occurrences of `text` in `haystacks`. */
// ---------------------------------------------------------------------------------------------
// Hostile answers (issue 18): what the reader must not feel
// ---------------------------------------------------------------------------------------------

/** The longest task an answer may cause while it streams, renders or is restored. */
const LONG_TASK_LIMIT_MS = 200;
/** A page whose main thread answers nothing for this long is frozen: 50 times the limit above. */
const FROZEN_MS = 10_000;

interface LongTask {
  start: number;
  duration: number;
}

/**
 * Records every long task of every document the reader opens, from its first script on (an init
 * script: the observer is in place before any answer, and again after a reload).
 */
async function recordLongTasks(context: BrowserContext) {
  await context.addInitScript(() => {
    const w = window as unknown as { __longTasks: { start: number; duration: number }[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        w.__longTasks.push({ start: entry.startTime, duration: entry.duration });
      }
    }).observe({ type: 'longtask', buffered: true });
  });
}

/** The page's clock (`performance.now()`), to mark where a step began. */
const pageNow = (page: Page) => page.evaluate(() => performance.now());

/** The long tasks (over 50 ms) that ended after `since`, on the page's clock. */
async function longTasksSince(page: Page, since: number): Promise<LongTask[]> {
  const tasks = await page.evaluate(
    () => (window as unknown as { __longTasks: LongTask[] }).__longTasks,
  );
  return tasks.filter((task) => task.start + task.duration >= since);
}

/** The tasks over the limit, described by their length and when they began after `since`. */
const overLimit = (tasks: LongTask[], since: number) =>
  tasks
    .filter((task) => task.duration > LONG_TASK_LIMIT_MS)
    .map((task) => `${Math.round(task.duration)} ms at +${Math.round(task.start - since)} ms`);

/** The longest of `tasks`, for the suite's summary. */
const longest = (tasks: LongTask[]) =>
  tasks.length ? `${Math.round(Math.max(...tasks.map((task) => task.duration)))} ms` : 'none';

/** Resolves `false` after `ms`: a limit on a wait, not a pause. */
const deadline = (ms: number) =>
  new Promise<false>((resolve) => setTimeout(() => resolve(false), ms).unref());

/**
 * Runs `step` (a wait on what the reader sees) while watching the page's main thread, a frame at a
 * time. A frame that does not come for FROZEN_MS fails the row at once, naming what froze the tab,
 * instead of letting `step` run into its own timeout (a frozen tab answers nothing, not even the
 * long-task observer).
 */
async function unlessFrozen<T>(page: Page, what: string, step: () => Promise<T>): Promise<T> {
  let done = false;
  const watch = async (): Promise<never> => {
    while (!done) {
      const frame = page
        .evaluate(() => new Promise<true>((resolve) => requestAnimationFrame(() => resolve(true))))
        .catch(() => true as const);
      if (!(await Promise.race([frame, deadline(FROZEN_MS)])) && !done) {
        throw new Error(
          `The tab froze ${what}: no frame for ${FROZEN_MS / 1000} s (one task over ` +
            `${FROZEN_MS / LONG_TASK_LIMIT_MS} times the ${LONG_TASK_LIMIT_MS} ms limit)`,
        );
      }
    }
    return new Promise<never>(() => undefined);
  };
  try {
    return await Promise.race([step(), watch()]);
  } finally {
    done = true;
  }
}

/** The rendered parts of answers (each part's Markdown, or its text while it streams). */
const answerParts = (scope: Locator) =>
  scope.locator('.ck-message-body > :is(.ck-markdown, .ck-streaming)');

/**
 * Elements in answers whose class the renderer did not give them. It gives only these: a fence's
 * `language-…` (one token) on `code`, `ck-table-wrap` around a table, `ck-visually-hidden` on a
 * link's "opens in a new tab" hint, and the `ck-code` wrapper with its `ck-code-copy` button
 * around the code of a finished answer (item-views.ts). Any other class is one of the page's.
 */
function foreignClasses(answer: Locator): Promise<string[]> {
  return answerParts(answer).evaluateAll((parts) => {
    const found = new Set<string>();
    for (const part of parts) {
      for (const el of part.querySelectorAll('[class]')) {
        const tag = el.localName;
        const value = el.getAttribute('class') ?? '';
        const only = (name: string) => el.classList.length === 1 && el.classList.contains(name);
        const allowed =
          el.classList.length === 0 ||
          (tag === 'code' && el.classList.length === 1 && /^language-\S+$/.test(value.trim())) ||
          (tag === 'div' && only('ck-table-wrap')) ||
          (tag === 'span' && only('ck-visually-hidden') && el.parentElement?.localName === 'a') ||
          (tag === 'div' && only('ck-code')) ||
          (tag === 'button' &&
            only('ck-code-copy') &&
            !!el.parentElement?.classList.contains('ck-code'));
        if (!allowed) found.add(`<${tag} class="${value}">`);
      }
    }
    return [...found];
  });
}

/**
 * The panel's controls a reader clicks, and what a click at each one's centre would hit:
 * `hit` when it is the control or inside it, else the element in the way.
 */
async function controlsUnderClicks(page: Page): Promise<Record<string, string>> {
  const controls = {
    composer: composer(page),
    'New conversation': dialog(page).getByRole('button', { name: 'New conversation' }),
    Close: dialog(page).getByRole('button', { name: CLOSE_CHAT }),
  };
  const hits: Record<string, string> = {};
  for (const [name, control] of Object.entries(controls)) {
    hits[name] = await control.evaluate((el) => {
      const box = el.getBoundingClientRect();
      const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      if (hit && (hit === el || el.contains(hit))) return 'hit';
      return hit
        ? `covered by <${hit.localName} class="${hit.getAttribute('class') ?? ''}">`
        : 'off screen';
    });
  }
  return hits;
}

/** Every control a click would reach, as `controlsUnderClicks` reports them when all is well. */
const ALL_HIT = { composer: 'hit', 'New conversation': 'hit', Close: 'hit' };

/** The classes of the widget's own elements outside the chat surface (CSS modules: `panel_UKBE`). */
function widgetClasses(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const names = new Set<string>();
    const panel = document.querySelector('[role="dialog"]');
    const toggle = document.querySelector('button[aria-expanded][aria-controls]');
    const own = [panel, toggle, toggle?.parentElement, ...(panel?.querySelectorAll('*') ?? [])];
    for (const el of own) {
      if (!el || el.closest('openai-chatkit')) continue;
      for (const name of el.classList) names.add(name);
    }
    return [...names];
  });
}

// ---------------------------------------------------------------------------------------------
// Recording a row
// ---------------------------------------------------------------------------------------------

/** A console error a row expects: its exact shape, and the URL it is about (a prefix). */
interface Expected {
  text: RegExp;
  url: string;
}

/** The browser's line for a request the server refused or never answered. */
const failedResource = (reason: string, url: string): Expected => ({
  text: new RegExp(`^Failed to load resource: ${reason}$`),
  url,
});
const refused = (url: string) => failedResource('net::ERR_CONNECTION_REFUSED', url);
const offline = (url: string) => failedResource('net::ERR_INTERNET_DISCONNECTED', url);
const status = (code: number, url: string) =>
  failedResource(`the server responded with a status of ${code} \\([A-Za-z ]+\\)`, url);
/** Every row: surface `auto` tries OpenAI's script first, and the harness blocks that CDN. */
// (Blocked through DevTools' request interception, Chromium names it `….Inspector`.)
const BLOCKED_CDN = failedResource('net::ERR_BLOCKED_BY_CLIENT(\\.Inspector)?', CDN);

interface MessageRequest {
  request: Request;
  type: string;
  text: string;
  status?: number;
}

interface Violation {
  blockedURI: string;
  directive: string;
  sourceFile: string;
}

interface ConsoleLine {
  type: string;
  text: string;
  url: string;
}

interface RowOptions {
  /** Console errors this row's fault makes the browser print (besides the blocked CDN). */
  expect?: Expected[];
  /** The row never gets a session (nothing to look for). @default true */
  session?: boolean;
  /** Response headers for the site's files during this row (a Content-Security-Policy). */
  headers?: Record<string, string>;
  /** The row's time limit, when it needs more than the suite's 60 s. */
  timeout?: number;
}

/** Everything a row needs: the reader, what the page did, and the reader's actions. */
class Row {
  readonly typed: string[] = [];
  readonly messages: MessageRequest[] = [];
  readonly retries: Request[] = [];
  readonly sessionTimes: number[] = [];
  readonly secrets = new Set<string>();
  readonly console: ConsoleLine[] = [];
  readonly pageErrors: string[] = [];
  readonly rejections: string[] = [];
  readonly violations: Violation[] = [];
  readonly dialogs: string[] = [];
  readonly urls: string[] = [];
  private readonly pending: Promise<unknown>[] = [];
  private marker = '';

  constructor(
    readonly reader: ReaderPage,
    readonly options: RowOptions,
  ) {}

  get page() {
    return this.reader.page;
  }

  get sessionRequests() {
    return this.sessionTimes.length;
  }

  static async start(options: RowOptions = {}): Promise<Row> {
    const reader = await newReader(suite.harness);
    const row = new Row(reader, options);
    const { page } = reader;
    await page.exposeFunction('__faultReport', (kind: string, detail: string) => {
      if (kind === 'rejection') row.rejections.push(detail);
      if (kind === 'csp') row.violations.push(JSON.parse(detail) as Violation);
    });
    await reader.context.addInitScript(() => {
      const report = (kind: string, detail: string) =>
        (window as unknown as { __faultReport(k: string, d: string): void }).__faultReport(
          kind,
          detail,
        );
      addEventListener('unhandledrejection', (event) => {
        const reason: unknown = event.reason;
        report(
          'rejection',
          reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason),
        );
      });
      addEventListener('securitypolicyviolation', (event) => {
        report(
          'csp',
          JSON.stringify({
            blockedURI: event.blockedURI,
            directive: event.effectiveDirective,
            sourceFile: event.sourceFile,
          }),
        );
      });
    });
    page.on('request', (request) => {
      row.urls.push(request.url());
      if (request.method() !== 'POST') return;
      if (request.url() === SESSION_URL) row.sessionTimes.push(Date.now());
      if (request.url() !== CHATKIT_URL) return;
      const body = JSON.parse(request.postData() ?? '{}') as {
        type?: string;
        params?: { input?: { content?: { text?: string }[] } };
      };
      if (body.type === 'threads.create' || body.type === 'threads.add_user_message') {
        const text = (body.params?.input?.content ?? []).map((part) => part.text ?? '').join('');
        row.messages.push({ request, type: body.type, text });
      } else if (body.type === 'threads.retry_after_item') {
        row.retries.push(request);
      }
    });
    page.on('response', (response) => {
      const message = row.messages.find((m) => m.request === response.request());
      if (message) message.status = response.status();
      if (response.url() === SESSION_URL && response.request().method() === 'POST') {
        row.pending.push(
          response
            .text()
            .then((text) => {
              const secret = /"client_secret"\s*:\s*"([^"]+)/.exec(text)?.[1];
              if (secret) row.secrets.add(secret);
            })
            .catch(() => undefined),
        );
      }
    });
    page.on('framenavigated', (frame) => row.urls.push(frame.url()));
    page.on('pageerror', (error) => row.pageErrors.push(error.message));
    page.on('console', (message) =>
      row.console.push({ type: message.type(), text: message.text(), url: message.location().url }),
    );
    page.on('dialog', (d) => {
      row.dialogs.push(`${d.type()}: ${d.message()}`);
      void d.dismiss();
    });
    return row;
  }

  /** Opens the page and remembers its document, so the end of the row can tell it was not reloaded. */
  async goto(path = '/docs/intro/') {
    const response = await gotoHydrated(this.page, path);
    this.marker = `doc-${Math.random()}`;
    await this.page.evaluate((marker) => {
      (window as unknown as { __faultMarker: string }).__faultMarker = marker;
    }, this.marker);
    return response;
  }

  async open() {
    await this.page.getByRole('button', { name: OPEN_CHAT }).click();
  }

  async openReady() {
    await this.open();
    await ready(this.page);
  }

  /** Types `text` at the end of the composer (as a reader does, key by key), then Enter. */
  async type(text: string, { enter = true }: { enter?: boolean } = {}) {
    const clash = this.typed.find((t) => t.includes(text) || text.includes(t));
    if (clash) throw new Error(`"${text}" and "${clash}" overlap: the counts would be ambiguous`);
    this.typed.push(text);
    const box = composer(this.page);
    // A trailing space keeps texts typed into a kept draft apart; sending trims it.
    await box.pressSequentially(`${text} `);
    if (enter) await box.press('Enter');
  }

  /** Asks and waits for the answer citing `source`. */
  async ask(text: string, source: RegExp) {
    await this.type(text);
    await answeredWith(this.page, source);
  }

  /** Clears every fault: scenarios off, backend up, network on. */
  async heal() {
    if (!suite.harness.backend) await suite.harness.startBackend();
    suite.harness.backend!.setScenarios([]);
    await this.reader.context.setOffline(false);
  }

  /** The fault clears, and the reader clicks the friendly error's "Try again": the chat is ready. */
  async tryAgainHealed() {
    await this.heal();
    await this.page.getByRole('button', { name: 'Try again' }).click();
    await ready(this.page);
  }

  /** The invariants of every row, then recovery: heal, ask on the same page, get an answer. */
  async finish() {
    const { page } = this;
    await this.heal();
    // By the toggle's state, not the dialog's name: the panel's title is translated on Urdu pages.
    if ((await toggle(page).getAttribute('aria-expanded')) !== 'true') await this.open();
    await ready(page);
    await idle(page);
    await this.ask('Afterwards: what is a digital twin?', /Digital Twins and Simulation/);
    expect(
      await page.evaluate(() => (window as unknown as { __faultMarker?: string }).__faultMarker),
      'the page was reloaded',
    ).toBe(this.marker);

    await Promise.all(this.pending);
    this.checkMessages(await userBubbles(page).allTextContents(), await composerValue(page));
    await this.checkErrors();
    await this.checkSecrets();
  }

  private checkMessages(bubbles: string[], draft: string) {
    const { lost, twice } = typedMessageFaults(this.typed, { bubbles, draft, sent: this.messages });
    summary.lost += lost.length;
    summary.twice += twice.length;
    expect({ lost, twice }, 'typed messages').toEqual({ lost: [], twice: [] });
  }

  private async checkErrors() {
    const allowed = [BLOCKED_CDN, ...(this.options.expect ?? [])];
    const unexpected = this.console
      .filter((line) => line.type === 'error')
      .filter((line) => !allowed.some((a) => a.text.test(line.text) && line.url.startsWith(a.url)))
      .map((line) => `${line.text} (${line.url})`);
    expect(
      { pageErrors: this.pageErrors, rejections: this.rejections, console: unexpected },
      'errors',
    ).toEqual({ pageErrors: [], rejections: [], console: [] });
    expect(this.dialogs, 'dialogs').toEqual([]);
  }

  private async checkSecrets() {
    if (this.options.session !== false) expect(this.secrets.size).toBeGreaterThan(0);
    const leaks = await secretLeaks(this.page, this.secrets, {
      urls: this.urls,
      console: this.console.map((line) => line.text),
    });
    expect(leaks, 'client secret leaked').toEqual([]);
  }

  async close() {
    await this.reader.context.close();
  }
}

// ---------------------------------------------------------------------------------------------
// The suite
// ---------------------------------------------------------------------------------------------

// Each row takes its own reader (Row.start) and closes it, after its own checks of what it logged.
const suite = e2eSuite();
const summary = {
  tried: 0,
  passed: 0,
  lost: 0,
  twice: 0,
  results: [] as string[],
  /** CSP violations the widget itself caused, described. */
  cspByWidget: [] as string[],
  /** The hostile-answer row: the longest task of each step. */
  hostile: [] as string[],
};

/** One row: a fresh reader and backend, the row's own steps, then the shared invariants. */
function row(name: string, options: RowOptions, body: (row: Row) => Promise<void>) {
  it(name, { timeout: options.timeout }, async ({ task }) => {
    summary.tried += 1;
    const started = Date.now();
    let outcome = 'FAIL';
    suite.harness.backend?.reset();
    Object.assign(suite.harness.siteHeaders, options.headers);
    const r = await Row.start(options);
    try {
      await body(r);
      await r.finish();
      // A row's `expect.soft` failures let it finish its checks, and still fail it.
      if (task.result?.state !== 'fail') {
        summary.passed += 1;
        outcome = 'ok  ';
      }
    } finally {
      summary.results.push(`${outcome} ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      await r.close();
      for (const name of Object.keys(options.headers ?? {})) delete suite.harness.siteHeaders[name];
      if (!suite.harness.backend) await suite.harness.startBackend();
    }
  });
}

afterAll(() => {
  console.log(
    [
      'Fault suite summary',
      ...summary.results.map((line) => `  ${line}`),
      `rows tried: ${summary.tried}, passed: ${summary.passed}, failed: ${summary.tried - summary.passed}`,
      `lost messages: ${summary.lost}, messages sent twice: ${summary.twice}`,
      `CSP violations caused by the widget: ${summary.cspByWidget.length}${summary.cspByWidget.map((v) => `\n  ${v}`).join('')}`,
      ...(summary.hostile.length
        ? [`hostile answers, longest task (limit ${LONG_TASK_LIMIT_MS} ms):`, ...summary.hostile]
        : []),
    ].join('\n'),
  );
});

describe('fault suite: the chat widget on the built site, against the contract server', () => {
  row(
    'network down: backend stopped before the first open, and again before a question',
    { expect: [refused(SESSION_URL), refused(CHATKIT_URL), status(401, CHATKIT_URL)] },
    async (r) => {
      const { page } = r;
      await suite.harness.stopBackend();
      await r.goto();
      await r.open();
      await exhaustRetries(page);
      await expect
        .poll(() => alert(page).textContent())
        .toContain("Can't reach the textbook assistant");
      await suite.harness.startBackend();
      await page.getByRole('button', { name: 'Try again' }).click();
      await ready(page);

      // The session exists; the backend goes away before the question is sent.
      await suite.harness.stopBackend();
      await r.type('While it was down: what is ROS 2?');
      await retryStatus(page).waitFor();
      expect(await composerValue(page)).toContain('While it was down: what is ROS 2?');
      expect(await userBubbles(page).count()).toBe(0);
      // A restarted mock has forgotten the secret: the 401 refreshes the session once, silently.
      await suite.harness.startBackend();
      await page.getByRole('button', { name: 'Retry now' }).click();
      await answeredWith(page, /ROS 2: The Robotic Nervous System/);
    },
  );

  row(
    '500 then OK: one failure is retried by itself',
    { expect: [status(500, SESSION_URL)] },
    async (r) => {
      const { page } = r;
      suite.harness.backend!.setScenarios(['sessionFlaky:1']);
      await r.goto();
      await r.open();
      await expect
        .poll(() => retryStatus(page).textContent())
        .toContain('Retrying automatically (1 of 3)');
      await expect(page.getByText(/Next try in \d s|Trying now/).isVisible()).resolves.toBe(true);
      // Time is the fault: the first automatic retry fires 0.5–1.5 s later, with no click.
      await ready(page);
      expect(r.sessionRequests).toBe(2);
    },
  );

  row(
    '500 persistent: retries, then a friendly error with Try again; healed, Try again works',
    { expect: [status(500, SESSION_URL)] },
    async (r) => {
      const { page } = r;
      suite.harness.backend!.setScenarios(['session500']);
      await r.goto();
      await r.open();
      await exhaustRetries(page);
      const text = await alert(page).textContent();
      expect(text).toContain('The assistant is unavailable');
      expect(text).toContain(
        'The assistant ran into a problem on our side. Please try again in a moment.',
      );
      expect(text).not.toMatch(/500|SessionCreationError|upstream/);
      expect(r.sessionRequests).toBe(4);
      await r.tryAgainHealed();
      expect(r.sessionRequests).toBe(5);
    },
  );

  row('session hangs past 5 s: timed out, then retried', {}, async (r) => {
    const { page } = r;
    suite.harness.backend!.setScenarios(['sessionHangs']);
    await r.goto();
    const opened = Date.now();
    await r.open();
    await page.getByRole('status', { name: 'Connection status' }).waitFor();
    // Time is the fault: the session request's 5 s limit must pass before anything changes.
    await retryStatus(page).waitFor({ timeout: 15_000 });
    expect(Date.now() - opened).toBeGreaterThanOrEqual(4_900);
    await expect
      .poll(() => dialog(page).textContent())
      .toContain('The textbook assistant is taking too long to answer.');
    await r.heal();
    await page.getByRole('button', { name: 'Retry now' }).click();
    await ready(page);
  });

  row(
    '429 with Retry-After: the server’s wait is shown and honoured',
    { expect: [status(429, SESSION_URL)] },
    async (r) => {
      const { page } = r;
      suite.harness.backend!.setScenarios(['rateLimited:2']);
      const limited = page.waitForResponse(
        (res) => res.url() === SESSION_URL && res.status() === 429,
      );
      await r.goto();
      await r.open();
      expect((await limited).headers()['retry-after']).toBe('2');
      await retryStatus(page).waitFor();
      const text = await dialog(page).textContent();
      expect(text).toContain('Too many questions in a short time.');
      expect(text).toMatch(/Next try in [23] s/);
      await r.heal();
      // Time is the fault: the retry waits the server's 2 s (up to 10 % more), with no click.
      await ready(page);
      const [first = 0, second = 0] = r.sessionTimes;
      expect(second - first).toBeGreaterThanOrEqual(1_900);
    },
  );

  row(
    '401 mid conversation: the second question is answered, no error shown',
    { expect: [status(401, CHATKIT_URL)] },
    async (r) => {
      const { page } = r;
      suite.harness.backend!.setScenarios(['tokenExpiresAfter:1']);
      await r.goto();
      await r.openReady();
      await r.ask('What is ROS 2?', /ROS 2: The Robotic Nervous System/);
      await r.ask('What is Isaac Sim?', /Isaac Sim/);
      expect(await alert(page).count()).toBe(0);
      expect(await retryStatus(page).count()).toBe(0);
      expect(r.sessionRequests).toBe(2);
      expect(r.messages.map((m) => m.status)).toEqual([200, 401, 200]);
    },
  );

  row(
    'HTML error page (502 from a proxy): friendly words, no HTML',
    { expect: [status(502, SESSION_URL)] },
    async (r) => {
      const { page } = r;
      suite.harness.backend!.setScenarios(['sessionHtmlError']);
      await r.goto();
      await r.open();
      await exhaustRetries(page);
      const text = (await dialog(page).textContent()) ?? '';
      expect(text).toContain('The assistant ran into a problem on our side.');
      expect(text).not.toMatch(/nginx|Bad Gateway|502|<\/?[a-z]/i);
      await r.tryAgainHealed();
    },
  );

  for (const [scenario, what] of [
    ['sessionInvalidJson', 'invalid JSON'],
    ['sessionMissingSecret', 'missing client_secret'],
  ] as const) {
    row(`${what}: "Couldn't start the chat" at once (retrying cannot help)`, {}, async (r) => {
      const { page } = r;
      suite.harness.backend!.setScenarios([scenario]);
      await r.goto();
      await r.open();
      await alert(page).waitFor();
      const text = await alert(page).textContent();
      expect(text).toContain("Couldn't start the chat");
      expect(text).toContain("We couldn't start a chat session. Please try again.");
      expect(await retryStatus(page).count()).toBe(0);
      expect(r.sessionRequests).toBe(1);
      await r.tryAgainHealed();
    });
  }

  row(
    'stream cut after 6 events: "interrupted" in the thread, Retry finishes the answer',
    { expect: [failedResource('net::ERR_INCOMPLETE_CHUNKED_ENCODING', CHATKIT_URL)] },
    async (r) => {
      const { page } = r;
      await r.goto();
      await r.openReady();
      suite.harness.backend!.setScenarios(['streamCutAfter:6']);
      await r.type('What is ROS 2?');
      await conversation(page).getByText('The answer was interrupted.').waitFor();
      expect((await lastAnswer(page).textContent())?.length).toBeGreaterThan(0);
      await r.heal();
      await conversation(page).getByRole('button', { name: 'Retry' }).click();
      await answeredWith(page, /ROS 2: The Robotic Nervous System/);
      expect(await conversation(page).getByText('The answer was interrupted.').count()).toBe(0);
      expect(r.retries).toHaveLength(1);
      expect(await answers(page).count()).toBe(1);
    },
  );

  row(
    'stream cut before its first event: the question is not stored twice',
    {
      expect: [failedResource('net::ERR_INCOMPLETE_CHUNKED_ENCODING', CHATKIT_URL)],
    },
    async (r) => {
      const { page } = r;
      await r.goto();
      await r.openReady();
      await r.ask('What is ROS 2?', /ROS 2: The Robotic Nervous System/);
      // Headers (200) arrive, then the connection drops: the server has already taken the question.
      suite.harness.backend!.setScenarios(['streamCutAfter:0']);
      await r.type('What is Isaac Sim?');
      await expect
        .poll(
          async () =>
            (await retryStatus(page).count()) +
            (await conversation(page).getByText('The answer was interrupted.').count()),
        )
        .toBeGreaterThan(0);
      await r.heal();
      if (await retryStatus(page).count())
        await page.getByRole('button', { name: 'Retry now' }).click();
      else await conversation(page).getByRole('button', { name: 'Retry' }).click();
      await answeredWith(page, /Isaac Sim/);
    },
  );

  for (const [scenario, what] of [
    ['malformedSseEvent', 'malformed SSE event'],
    ['streamError', 'error event with allow_retry'],
  ] as const) {
    row(`${what}: an in-thread error with Retry`, {}, async (r) => {
      const { page } = r;
      await r.goto();
      await r.openReady();
      suite.harness.backend!.setScenarios([scenario]);
      await r.type('What is ROS 2?');
      await conversation(page).getByText('Something went wrong while answering.').waitFor();
      expect(await alert(page).count()).toBe(0);
      await r.heal();
      await conversation(page).getByRole('button', { name: 'Retry' }).click();
      await answeredWith(page, /ROS 2: The Robotic Nervous System/);
      expect(r.retries).toHaveLength(1);
    });
  }

  row(
    'error event without allow_retry: the error, no Retry; the next question works',
    {},
    async (r) => {
      const { page } = r;
      await r.goto();
      await r.openReady();
      suite.harness.backend!.setScenarios(['streamError:allowRetry=false']);
      await r.type('What is ROS 2?');
      await conversation(page).getByText('Something went wrong while answering.').waitFor();
      await idle(page);
      expect(await conversation(page).getByRole('button', { name: 'Retry' }).count()).toBe(0);
      expect(await alert(page).count()).toBe(0);
      // Healed: the reader asks again (finish() does) and it is answered.
    },
  );

  row('OpenAI script blocked: the local surface takes over at once', {}, async (r) => {
    const { page } = r;
    const blocked = page.waitForEvent('requestfailed', (req) => req.url().startsWith(CDN));
    await r.goto();
    const opened = Date.now();
    await r.openReady();
    // Well under the script's 5 s limit: a blocked script fails fast and is not waited for.
    expect(Date.now() - opened).toBeLessThan(5_000);
    expect((await blocked).failure()?.errorText).toMatch(/^net::ERR_BLOCKED_BY_CLIENT/);
    expect(await page.locator('openai-chatkit').getAttribute('data-ck-host')).toBe('');
    expect(await page.evaluate(() => document.querySelectorAll('iframe').length)).toBe(0);
  });

  row('toggle clicked 10 times fast: exactly one session', {}, async (r) => {
    const { page } = r;
    await r.goto();
    const box = (await toggle(page).boundingBox())!;
    for (let i = 0; i < 10; i++)
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await expect.poll(() => toggle(page).getAttribute('aria-expanded')).toBe('false');
    await r.openReady();
    await r.ask('What is ROS 2?', /ROS 2: The Robotic Nervous System/);
    expect(r.sessionRequests).toBe(1);
  });

  row('5 messages sent rapidly: none lost, none sent twice', {}, async (r) => {
    const { page } = r;
    await r.goto();
    await r.openReady();
    // Each answer begins 300 ms after its question left: the reader goes on typing before the
    // server has taken the question, as on any slow connection.
    suite.harness.backend!.setScenarios(['slowFirstByte:300']);
    const texts = [
      'Rapid one: what is ROS 2?',
      'Rapid two: what is a digital twin?',
      'Rapid three: what is Isaac Sim?',
      'Rapid four: what is URDF?',
      'Rapid five: what is Nav2?',
    ];
    for (const text of texts) await r.type(text);
    // While an answer streams, Enter leaves the text in the composer; the reader sends what is left.
    for (let round = 0; round < texts.length; round++) {
      await idle(page);
      if ((await composerValue(page)).trim() === '') break;
      await composer(page).press('Enter');
      await expect.poll(() => composerValue(page)).not.toContain(texts.at(-1));
    }
    await idle(page);
    for (const text of texts) {
      expect(occurrences(await userBubbles(page).allTextContents(), text), text).toBe(1);
    }
  });

  row(
    'offline before the first open: the chat loads by itself once back online',
    {
      // Offline, the chat's own code cannot be fetched either, nor the panel's styles (an async
      // chunk of their own, website/src/plugins/chatPanelStyles.ts).
      expect: [offline(SESSION_URL), offline(`${SITE}/assets/js/`), offline(`${SITE}/assets/css/`)],
    },
    async (r) => {
      const { page, reader } = r;
      await r.goto();
      await reader.context.setOffline(true);
      await r.open();
      await expect
        .poll(() => page.getByRole('alert').textContent())
        .toContain("You're offline. The chat will load when your connection is back.");
      await reader.context.setOffline(false);
      await ready(page);
    },
  );

  row(
    'offline then online: retries paused while offline, resumed by themselves',
    {
      // The local element's code is fetched with the session, and fails the same way.
      expect: [offline(SESSION_URL), offline(CHATKIT_URL), offline(`${SITE}/assets/js/`)],
    },
    async (r) => {
      const { page, reader } = r;
      await r.goto();
      // The reader points at the toggle (the panel's code loads), then the network goes.
      await toggle(page).hover();
      await page.waitForLoadState('networkidle');
      await suite.harness.stopBackend();
      await reader.context.setOffline(true);
      await r.open();
      await expect
        .poll(() => retryStatus(page).textContent())
        .toContain('Waiting for the network to retry');
      await expect(page.getByText('Paused while offline.').isVisible()).resolves.toBe(true);
      await suite.harness.startBackend();
      await reader.context.setOffline(false);
      await ready(page);
      await r.ask('What is ROS 2?', /ROS 2: The Robotic Nervous System/);

      // Offline again mid-conversation. The backend stays up: restarting the in-process mock would
      // wipe its threads, which a real backend restart does not.
      await reader.context.setOffline(true);
      await r.type('Offline: what is Isaac Sim?');
      await expect(page.getByText('Paused while offline.').waitFor()).resolves.toBeUndefined();
      expect(await composerValue(page)).toContain('Offline: what is Isaac Sim?');
      await reader.context.setOffline(false);
      await answeredWith(page, /Isaac Sim/);
    },
  );

  row('an answer with <script>, <img onerror> and markup: nothing executes', {}, async (r) => {
    const { page } = r;
    await r.goto();
    await page.evaluate(() => {
      const w = window as unknown as { __pwned: number; alert: (m?: unknown) => void };
      w.__pwned = 0;
      w.alert = () => {
        w.__pwned += 1;
      };
    });
    await r.openReady();
    suite.harness.backend!.setScenarios(['htmlInjectionAnswer']);
    await r.ask('How do ROS 2 topics work?', /Nodes, Topics and Services/);
    const text = (await lastAnswer(page).textContent()) ?? '';
    expect(text).toContain('a publisher sends messages and subscribers receive them');
    // Raw HTML from the model is shown as text, never parsed.
    expect(text).toContain('<script>alert(1)</script>');
    const dom = await page.evaluate(() => ({
      pwned: (window as unknown as { __pwned: number }).__pwned,
      onerror: document.querySelectorAll('[onerror]').length,
      scripts: document.querySelectorAll('openai-chatkit script').length,
      images: document.querySelectorAll('openai-chatkit img').length,
      javascriptLinks: document.querySelectorAll('a[href^="javascript:" i]').length,
    }));
    expect(dom).toEqual({ pwned: 0, onerror: 0, scripts: 0, images: 0, javascriptLinks: 0 });
  });

  row('a 10 000-character answer: complete, rendered, scrolled to its end', {}, async (r) => {
    const { page } = r;
    await r.goto();
    await r.openReady();
    suite.harness.backend!.setScenarios(['longAnswer:10000']);
    await r.ask('Tell me everything about ROS 2.', /Isaac ROS and Navigation/);
    expect((await lastAnswer(page).textContent())?.length).toBeGreaterThanOrEqual(10_000);
    const log = await conversation(page).evaluate((el) => ({
      gap: el.scrollHeight - el.scrollTop - el.clientHeight,
      scrolls: el.scrollHeight > el.clientHeight,
    }));
    expect(log.scrolls).toBe(true);
    expect(log.gap).toBeLessThanOrEqual(48);
  });

  row(
    'hostile answers (staircase, 50 KB lazy list, smuggled classes, bidi): no long task, no page class, controls reachable, also after a reload',
    { timeout: 180_000 },
    async (r) => {
      const { page } = r;
      await recordLongTasks(r.reader.context);
      await r.goto();
      await r.openReady();
      // Classes the page really has: Infima's, the surface's own, and the panel's CSS modules.
      const classes = [
        ...new Set([
          'navbar',
          'hero',
          'button',
          'ck-visually-hidden',
          ...(await widgetClasses(page)),
        ]),
      ];
      expect(
        classes.some((name) => /^panel_/.test(name)),
        `the panel's classes: ${classes}`,
      ).toBe(true);
      suite.harness.backend!.setScenarios(['hostileAnswers']);
      // Each question names its answer (mocks/corpus.ts `hostileAnswerFor`). The staircase comes
      // last: a reader that takes exponential time on it freezes the tab for good.
      const questions = [
        'Hostile one: show me the smuggled fence',
        `Hostile two: fence the page classes: ${classes.join(' ')}`,
        'Hostile three: bidi and zero-width text',
        'Hostile four: 50 KB of comment openers',
        'Hostile five: 50 KB of strikethrough',
        'Hostile six: a 50 KB lazy list',
        'Hostile seven: the quote staircase',
      ];
      // What a click at each control hits, checked after every answer; said again only when it
      // changes (an answer that covers the composer covers it after the next one too).
      let clicks = JSON.stringify(ALL_HIT);
      const checkClicks = async (when: string) => {
        const hits = await controlsUnderClicks(page);
        if (JSON.stringify(hits) === clicks) return;
        clicks = JSON.stringify(hits);
        expect.soft(hits, `what a click at each control hits, ${when}`).toEqual(ALL_HIT);
      };
      for (const [index, question] of questions.entries()) {
        const since = await pageNow(page);
        await r.type(question);
        const answer = answers(page).nth(index);
        // Streamed and rendered: its Markdown is in place (parts are rendered once, when done).
        await unlessFrozen(
          page,
          `while the answer to "${question}" streamed and rendered`,
          async () => {
            await answer.locator('.ck-markdown').waitFor({ state: 'attached' });
            await idle(page);
          },
        );
        const tasks = await longTasksSince(page, since);
        summary.hostile.push(`  "${question.slice(0, 60)}": ${longest(tasks)}`);
        expect
          .soft(overLimit(tasks, since), `long tasks while "${question}" streamed and rendered`)
          .toEqual([]);
        expect.soft(await foreignClasses(answer), `page classes in "${question}"`).toEqual([]);
        await checkClicks(`after "${question}"`);
      }
      // The hostile text arrived as written: the row tests what it says it does.
      expect(await answers(page).nth(2).textContent()).toContain('\u202Etxt.exe\u202C');
      expect(await answers(page).nth(1).locator('pre').count()).toBe(classes.length);

      // Reloaded, the widget reopens and restores the thread from the backend: every answer is
      // rendered again, from the stored items.
      await r.goto();
      await unlessFrozen(page, 'while the reloaded page restored the thread', async () => {
        await ready(page);
        await expect.poll(() => answerParts(answers(page)).count()).toBe(questions.length);
        await idle(page);
      });
      // From the restore's request on: what the page did before it (loading, hydrating) is not
      // the answers' doing.
      const restoreStarted = await page.evaluate(
        () =>
          performance
            .getEntriesByType('resource')
            .find((entry) => new URL(entry.name).pathname === '/chatkit')?.startTime ?? 0,
      );
      const tasks = await longTasksSince(page, restoreStarted);
      summary.hostile.push(`  the thread restored after a reload: ${longest(tasks)}`);
      expect
        .soft(overLimit(tasks, restoreStarted), 'long tasks while the thread was restored')
        .toEqual([]);
      expect
        .soft(await foreignClasses(answers(page)), 'page classes in answers after a reload')
        .toEqual([]);
      clicks = JSON.stringify(ALL_HIT);
      await checkClicks('after a reload');
    },
  );

  row('emoji, CJK and right-to-left text, both ways', {}, async (r) => {
    const { page } = r;
    const texts = {
      emoji: 'Can a robot 🤖 wave 👋🏽 like a scientist 👩‍🔬? 🚀',
      cjk: '机器人操作系统 ROS 2 是什么？ノードとトピック',
      rtl: 'روبوٹ کے لیے ROS 2 کیا ہے؟',
    };
    await r.goto();
    await r.openReady();
    for (const text of Object.values(texts)) {
      await r.type(text);
      await idle(page);
      await expect.poll(() => lastAnswer(page).locator('.ck-sources').count()).toBe(1);
    }
    // Out: the request carried the exact text. Back: the bubble shows the server's copy of the item.
    expect(r.messages.map((m) => m.text)).toEqual(Object.values(texts));
    expect(await userBubbles(page).allTextContents()).toEqual(Object.values(texts));
    const directions = () =>
      userBubbles(page).evaluateAll((els) => els.map((el) => getComputedStyle(el).direction));
    expect(await directions()).toEqual(['ltr', 'ltr', 'rtl']);

    // The Urdu page (right to left) restores the thread from the backend: same text, own directions.
    await r.goto('/ur/docs/intro/');
    await ready(page);
    await expect.poll(() => userBubbles(page).allTextContents()).toEqual(Object.values(texts));
    expect(await page.locator('openai-chatkit').getAttribute('dir')).toBe('rtl');
    expect(await directions()).toEqual(['ltr', 'ltr', 'rtl']);
  });

  row(
    'strict Content-Security-Policy: the widget works with the local surface',
    {
      headers: { 'Content-Security-Policy': STRICT_CSP },
      expect: [
        // Docusaurus's own inline script (it sets the colour theme before the first paint).
        {
          text: /^Executing inline script violates the following Content Security Policy directive 'script-src 'self''/,
          url: SITE,
        },
        { text: /^Refused to execute inline script because it violates/, url: SITE },
        // The widget's `auto` surface tries OpenAI's script first; the policy blocks it.
        {
          text: /^Loading the script 'https:\/\/cdn\.platform\.openai\.com\/[^']+' violates/,
          url: SITE,
        },
        { text: /^Refused to load the script 'https:\/\/cdn\.platform\.openai\.com\//, url: SITE },
      ],
    },
    async (r) => {
      const response = await r.goto();
      expect(response?.headers()['content-security-policy']).toBe(STRICT_CSP);
      await r.openReady();
      await r.ask('What is ROS 2?', /ROS 2: The Robotic Nervous System/);
      // Every violation, by what it blocked and where from.
      const docusaurusInline = (v: Violation) =>
        v.blockedURI === 'inline' &&
        v.directive === 'script-src-elem' &&
        !v.sourceFile.endsWith('.js');
      const widgetCdn = (v: Violation) =>
        v.blockedURI.startsWith(CDN) && v.directive === 'script-src-elem';
      expect(r.violations.filter((v) => docusaurusInline(v)).length).toBeGreaterThan(0);
      expect(r.violations.filter((v) => widgetCdn(v))).toHaveLength(1);
      expect(r.violations.filter((v) => !docusaurusInline(v) && !widgetCdn(v))).toEqual([]);
      summary.cspByWidget.push(
        ...r.violations
          .filter((v) => widgetCdn(v))
          .map(
            (v) =>
              `${v.directive} blocked ${v.blockedURI}: surface 'auto' tries OpenAI's script first, then uses the local element`,
          ),
      );
    },
  );
});
