/**
 * How a reader finds and uses the chat on the built site: by role and name, as they see it.
 * One page object, shared by the suites that drive the widget in Chromium (site, conformance and
 * fault suites) and by the benchmark (scripts/bench/), which serves the site on a port of its own:
 * `readerOf(page, { site })`. The functions below it are the same object for the e2e suites' site.
 */
import type { Locator, Page, Response } from 'playwright-core';
import { SITE } from './harness';

/** The toggle's name while the chat is closed, on English and Urdu pages (its words are translated). */
export const OPEN_CHAT = /^(Open chat|چیٹ کھولیں)/;
/** The toggle's (and the header's close button's) name while the chat is open. */
export const CLOSE_CHAT = /^(Close chat|چیٹ بند کریں)/;

export interface ReaderOptions {
  /** The site's origin, e.g. `http://127.0.0.1:3000`. @default the e2e harness's SITE */
  site?: string;
}

export interface Reader {
  readonly page: Page;
  readonly site: string;
  /** The toggle: the panel's header has a "Close chat" button too; the toggle has aria-expanded. */
  readonly toggle: Locator;
  /** The toggle while the chat is closed: what a reader clicks to open it. */
  readonly opener: Locator;
  readonly dialog: Locator;
  /** By role within the surface, not by name: the surface's words are translated on Urdu pages. */
  readonly composer: Locator;
  readonly conversation: Locator;
  /**
   * Opens `path` and resolves once React has hydrated (Docusaurus marks <html>): clicks before
   * that reach no handler.
   */
  gotoHydrated(
    path?: string,
    options?: { waitUntil?: 'load' | 'domcontentloaded' | 'networkidle' | 'commit' },
  ): Promise<Response | null>;
  /** The surface is ready: the composer shows. */
  ready(timeout?: number): Promise<void>;
  /** No answer is streaming. */
  idle(timeout?: number): Promise<void>;
  /** Opens the chat with the toggle and waits until the reader can type. */
  openReady(): Promise<void>;
  /** Types `question` into the composer and sends it (does not wait for the answer). */
  ask(question: string): Promise<void>;
}

export function readerOf(page: Page, { site = SITE }: ReaderOptions = {}): Reader {
  const composer = page.locator('openai-chatkit').getByRole('textbox');
  const conversation = page.locator('openai-chatkit').getByRole('log');
  const reader: Reader = {
    page,
    site,
    toggle: page
      .getByRole('button', { name: new RegExp(`${OPEN_CHAT.source}|${CLOSE_CHAT.source}`) })
      .and(page.locator('[aria-expanded]')),
    opener: page.getByRole('button', { name: OPEN_CHAT }),
    dialog: page.getByRole('dialog', { name: 'Textbook assistant' }),
    composer,
    conversation,
    async gotoHydrated(path = '/docs/intro/', options = {}) {
      const response = await page.goto(`${site}${path}`, options);
      await page.waitForSelector('html[data-has-hydrated="true"]');
      return response;
    },
    async ready(timeout = 15_000) {
      await composer.waitFor({ state: 'visible', timeout });
    },
    async idle(timeout = 10_000) {
      await conversation
        .and(page.locator('[aria-busy="false"]'))
        .waitFor({ state: 'attached', timeout });
    },
    async openReady() {
      await reader.opener.click();
      await reader.ready();
    },
    async ask(question) {
      await composer.fill(question);
      await composer.press('Enter');
    },
  };
  return reader;
}

// The same page object, page first, for the e2e suites (their site is the harness's SITE).
export const dialog = (page: Page) => readerOf(page).dialog;
export const toggle = (page: Page) => readerOf(page).toggle;
export const composer = (page: Page) => readerOf(page).composer;
export const conversation = (page: Page) => readerOf(page).conversation;
export const gotoHydrated = (page: Page, path?: string) => readerOf(page).gotoHydrated(path);
export const ready = (page: Page, timeout?: number) => readerOf(page).ready(timeout);
export const idle = (page: Page) => readerOf(page).idle();
export const openReady = (page: Page) => readerOf(page).openReady();
/** `openReady` under the name the site and conformance suites use. */
export const openChat = openReady;
export const ask = (page: Page, question: string) => readerOf(page).ask(question);

/**
 * Resolves once the element's own animations (the panel's 160 ms rise) have finished, so a
 * measurement reads where it comes to rest, not a frame of its way there.
 */
export async function settled(locator: Locator) {
  await locator.evaluate((el) =>
    Promise.all(el.getAnimations({ subtree: true }).map((a) => a.finished.catch(() => undefined))),
  );
  return locator;
}
