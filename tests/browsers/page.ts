/**
 * The driver-neutral page the journeys are written against. Each engine's driver (firefox.ts,
 * webkit.ts, chromium.ts) supplies a handful of primitives (`PageDriver`); `Reader` builds the rest
 * (find by role and name, read text and attributes, wait, settle) on `run`, the same in every engine.
 *
 * Every wait polls: it asks the page again until the answer is right or its time (seconds) is up,
 * then fails naming the engine, the step and the last answer, so a failing row says where it stopped.
 */
import { mkdirSync } from 'node:fs';
import type { EngineName } from '../../scripts/browsers.mjs';
import { SITE } from '../e2e/harness';
import { describeTarget, locateAll, nameSpec, type Target } from './locate';

export type { EngineName } from '../../scripts/browsers.mjs';
export type { Target } from './locate';

/** The keys the journeys press. */
export type Key = 'Enter' | 'Tab' | 'Escape' | 'Control+i';

export interface ReaderOptions {
  /** CSS pixels. @default 1280 × 800 */
  width?: number;
  height?: number;
  /** The operating system prefers a dark colour scheme (the site's own switch is separate). */
  prefersDark?: boolean;
  /** The browser's preferred languages (Accept-Language, `navigator.languages`), where supported. */
  languages?: string[];
}

/** What an engine's driver provides. Everything else is built on `run`. */
export interface PageDriver {
  /** Navigates and resolves once the page has loaded. */
  goto(url: string): Promise<void>;
  reload(): Promise<void>;
  /** Evaluates a JavaScript expression in the page; a promise is awaited. JSON-serializable results. */
  run<T>(expression: string): Promise<T>;
  /** A real pointer click on the element `expression` evaluates to (scrolled into view first). */
  click(expression: string): Promise<void>;
  /** Types into the focused element, one key down and up per character, as a person does. */
  type(text: string): Promise<void>;
  press(key: Key): Promise<void>;
  /** PNG of the viewport. */
  screenshot(path: string): Promise<void>;
  /** Console errors, uncaught exceptions and unhandled rejections so far. */
  errors(): Promise<string[]>;
  close(): Promise<void>;
}

export interface Engine {
  name: EngineName;
  /** E.g. `Firefox 153.8.0esr`, for the summary. */
  version: string;
  newPage(options: ReaderOptions): Promise<PageDriver>;
  close(): Promise<void>;
}

const SHOTS = 'test-results/browsers';

/**
 * An expression as the page runs it. Functions reach the page as source text; a TypeScript runner
 * that keeps function names (tsx, esbuild's keepNames) calls a helper `__name` in that text, which
 * the page does not have: it is given one that does nothing.
 */
const inPage = (expression: string) => `((__name) => (${expression}))((f) => f)`;

/** The page as the journeys use it. */
export class Reader {
  /** What the journey is doing now; failures name it. */
  private step = 'starting';

  constructor(
    readonly engine: EngineName,
    readonly driver: PageDriver,
  ) {}

  /** Names the current step (failures report it). */
  doing(step: string) {
    this.step = step;
  }

  private fail(message: string): never {
    throw new Error(`${this.engine}: ${message} (step: ${this.step})`);
  }

  // -------------------------------------------------------------------------------------------
  // Navigation and input
  // -------------------------------------------------------------------------------------------

  /** Opens a path of the site and waits for React to hydrate (clicks before that reach nothing). */
  async goto(path: string) {
    this.doing(`open ${path}`);
    await this.driver.goto(`${SITE}${path}`);
    await this.hydrated();
  }

  async reload() {
    this.doing('reload');
    await this.driver.reload();
    await this.hydrated();
  }

  private hydrated() {
    return this.until(
      'the page to hydrate',
      () => document.documentElement.dataset.hasHydrated === 'true',
      [],
    );
  }

  /** Waits for the element, then clicks it. */
  async click(target: Target) {
    this.doing(`click ${describeTarget(target)}`);
    await this.waitFor(target);
    await this.driver.click(inPage(this.locator(target)));
  }

  async type(text: string) {
    this.doing(`type "${text}"`);
    await this.driver.type(text);
  }

  async press(key: Key) {
    this.doing(`press ${key}`);
    await this.driver.press(key);
  }

  async screenshot(name: string) {
    mkdirSync(SHOTS, { recursive: true });
    await this.driver.screenshot(`${SHOTS}/${this.engine}-${name}.png`);
  }

  // -------------------------------------------------------------------------------------------
  // Reading the page
  // -------------------------------------------------------------------------------------------

  /** Runs `fn` in the page with JSON `args`. `fn` is serialized: it may use only its arguments. */
  evaluate<T, A extends unknown[]>(fn: (...args: A) => T, ...args: A): Promise<Awaited<T>> {
    const list = args.map((arg) => JSON.stringify(arg)).join(', ');
    return this.driver.run(inPage(`(${fn.toString()})(${list})`));
  }

  /** An expression for the first element matching `target`. */
  private locator({ role, name, within }: Target) {
    const args = [role, nameSpec(name), within ?? null].map((a) => JSON.stringify(a)).join(', ');
    return `(${locateAll.toString()})(${args})[0]`;
  }

  /** Runs `fn(element)` on the first match of `target`; `undefined` when there is none. */
  private async onTarget<T>(target: Target, fn: (el: Element) => T): Promise<Awaited<T> | null> {
    return this.driver.run<Awaited<T> | null>(
      inPage(`((el) => el ? (${fn.toString()})(el) : null)(${this.locator(target)})`),
    );
  }

  async count({ role, name, within }: Target): Promise<number> {
    const args = [role, nameSpec(name), within ?? null].map((a) => JSON.stringify(a)).join(', ');
    return this.driver.run(inPage(`(${locateAll.toString()})(${args}).length`));
  }

  /** Waits until an element with that role and name is rendered. */
  async waitFor(target: Target, timeout?: number) {
    await this.untilValue(
      describeTarget(target),
      () => this.count(target),
      (n) => n > 0,
      timeout,
    );
  }

  /** Waits until no element with that role and name is rendered. */
  async waitForGone(target: Target, timeout?: number) {
    await this.untilValue(
      `${describeTarget(target)} to go`,
      () => this.count(target),
      (n) => n === 0,
      timeout,
    );
  }

  /** The element's text content, whitespace collapsed; fails when there is no such element. */
  async text(target: Target): Promise<string> {
    await this.waitFor(target);
    const text = await this.onTarget(target, (el) =>
      (el.textContent ?? '').replace(/\s+/g, ' ').trim(),
    );
    return text ?? this.fail(`${describeTarget(target)} went away before it could be read`);
  }

  async attribute(target: Target, attribute: string): Promise<string | null> {
    await this.waitFor(target);
    return this.driver.run(
      inPage(
        `((el) => el ? el.getAttribute(${JSON.stringify(attribute)}) : null)(${this.locator(target)})`,
      ),
    );
  }

  /** The element's box once its animations (the panel's rise) have finished. */
  async settledBox(target: Target) {
    await this.waitFor(target);
    const box = await this.onTarget(target, async (el) => {
      await Promise.all(
        el.getAnimations({ subtree: true }).map((a) => a.finished.catch(() => undefined)),
      );
      const r = el.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    });
    return box ?? this.fail(`${describeTarget(target)} went away before it could be measured`);
  }

  /** The focused element (through open shadow roots) as role, name and tag. */
  focused(): Promise<{ tag: string; label: string | null; inChatKit: boolean } | null> {
    return this.evaluate(() => {
      let el = document.activeElement;
      while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
      if (!el || el === document.body) return null;
      return {
        tag: el.localName,
        label: el.getAttribute('aria-label'),
        inChatKit: !!el.closest('openai-chatkit'),
      };
    });
  }

  // -------------------------------------------------------------------------------------------
  // Waiting
  // -------------------------------------------------------------------------------------------

  /**
   * Polls `read` (in Node, usually an evaluate) until `accept` says yes; fails after `timeout` ms
   * naming `what` and the last value. A navigation in progress makes a read throw: that is retried.
   */
  async untilValue<T>(
    what: string,
    read: () => Promise<T>,
    accept: (value: T) => boolean,
    timeout = 10_000,
  ): Promise<T> {
    const deadline = Date.now() + timeout;
    let last: unknown = 'nothing read yet';
    for (;;) {
      try {
        const value = await read();
        if (accept(value)) return value;
        last = value;
      } catch (error) {
        last = error instanceof Error ? `error: ${error.message.split('\n')[0]}` : error;
      }
      if (Date.now() > deadline) {
        this.fail(`waited ${timeout / 1000} s for ${what}; last seen: ${JSON.stringify(last)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Polls a page function until it returns something truthy; resolves to that. */
  until<T, A extends unknown[]>(what: string, fn: (...args: A) => T, args: A, timeout?: number) {
    return this.untilValue(
      what,
      () => this.evaluate(fn, ...args),
      (value) => !!value,
      timeout,
    );
  }

  /** Polls a page function until it returns `expected` (deep equality by JSON). */
  async untilEqual<T, A extends unknown[]>(
    what: string,
    fn: (...args: A) => T,
    args: A,
    expected: Awaited<T>,
    timeout?: number,
  ) {
    const want = JSON.stringify(expected);
    await this.untilValue(
      `${what} to be ${want}`,
      () => this.evaluate(fn, ...args),
      (value) => JSON.stringify(value) === want,
      timeout,
    );
  }
}
