/**
 * What every end-to-end test stands on: the built site served as a reader gets it (127.0.0.1:3000,
 * an origin the backend's CORS policy allows), the contract server on :8000 (the site's default
 * backend URL), and Debian's Chromium with OpenAI's CDN unreachable, as it is here.
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { MockServer } from '../../mocks/server';
import { CHROMIUM_ARGS, ensureChromium } from '../../scripts/chromium.mjs';
import { startStaticServer } from '../../scripts/serve.mjs';
import { routeOpenAI, type StandInMode, type StandInTimings } from '../support/openaiStandIn';

// Fixed by default: the site is built for backend http://localhost:8000, and the backend's CORS
// policy allows http://127.0.0.1:3000. Another build (CHATKIT_BACKEND_URL) can run beside it.
const SITE_PORT = Number(process.env.E2E_SITE_PORT ?? 3000);
export const SITE = `http://127.0.0.1:${SITE_PORT}`;
export const SITE_DIR = process.env.E2E_SITE_DIR ?? 'website/build';
export const BACKEND_PORT = Number(process.env.E2E_BACKEND_PORT ?? 8000);
/** The backend URL the site is built for (CHATKIT_BACKEND_URL); the backend listens on its port. */
export const BACKEND = `http://localhost:${BACKEND_PORT}`;
export const CDN = 'https://cdn.platform.openai.com';

/**
 * A strict Content-Security-Policy for the site's files (`siteHeaders`): scripts from the site
 * only, connections to the site and the backend only.
 */
export const STRICT_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  `connect-src 'self' ${BACKEND}`,
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'self'",
].join('; ');

export interface Harness {
  browser: Browser;
  backend: MockServer | null;
  /** Headers the site server adds to every response, read per request (a CSP for one test, say). */
  siteHeaders: Record<string, string>;
  startBackend(): Promise<void>;
  stopBackend(): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /**
   * `'mock'` starts the contract server on BACKEND_PORT; `'none'` leaves the port to the test (another
   * ChatKit server, say). `startBackend()` still starts the mock on demand.
   * @default 'mock'
   */
  backend?: 'mock' | 'none';
}

export async function startHarness({ backend = 'mock' }: HarnessOptions = {}): Promise<Harness> {
  const siteHeaders: Record<string, string> = {};
  const site = await startStaticServer(SITE_DIR, SITE_PORT, { headers: siteHeaders });
  const browser = await chromium.launch({ executablePath: ensureChromium(), args: CHROMIUM_ARGS });
  const harness: Harness = {
    browser,
    backend: null,
    siteHeaders,
    async startBackend() {
      // Loaded here, so a harness without the mock does not depend on it.
      const { startMockServer } = await import('../../mocks/server');
      const { setMockOptions } = await import('../../mocks/state');
      harness.backend = await startMockServer({
        port: BACKEND_PORT,
        deltaDelayMs: 15,
        allowedOrigins: [SITE, `http://localhost:${SITE_PORT}`],
      });
      setMockOptions({ deltaDelayMs: 15 });
    },
    async stopBackend() {
      await harness.backend?.close();
      harness.backend = null;
    },
    async close() {
      await harness.stopBackend();
      await browser.close();
      await site.close();
    },
  };
  if (backend === 'mock') await harness.startBackend();
  return harness;
}

export interface ReaderPage {
  context: BrowserContext;
  page: Page;
  /** Every request the page made, in order. */
  requests: string[];
  /** Console errors and uncaught exceptions. */
  errors: string[];
}

export interface NewReaderOptions {
  /** CSS pixels. @default 1280 × 800 */
  width?: number;
  height?: number;
  /** The site's colour theme, as the reader last chose it (localStorage). */
  colorScheme?: 'light' | 'dark';
  /**
   * Serve a stand-in for OpenAI's ChatKit script (tests/support/openaiStandIn.ts) at its URL,
   * behaving as `openai` says; the rest of OpenAI's CDN stays blocked. @default the script blocked
   */
  openai?: StandInMode;
  /** The stand-in's timings (with `openai`). */
  openaiTimings?: StandInTimings;
}

/**
 * A fresh reader: its own storage, OpenAI's CDN blocked (or only its script served by the stand-in:
 * `openai`), everything the page does recorded.
 */
export async function newReader(
  harness: Harness,
  options: NewReaderOptions = {},
): Promise<ReaderPage> {
  const context = await harness.browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
  });
  if (options.colorScheme) {
    await context.addInitScript(
      (scheme) => localStorage.setItem('theme', scheme),
      options.colorScheme,
    );
  }
  await routeOpenAI(context, options.openai, options.openaiTimings);
  // Fail a step in seconds, not Playwright's 30 s default, so a failing test says where it stopped.
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    // The blocked CDN script is expected to fail; anything else is not.
    if (message.type() === 'error' && !/ERR_BLOCKED_BY_CLIENT/.test(message.text())) {
      errors.push(message.text());
    }
  });
  return { context, page, requests, errors };
}

export const backendRequests = (requests: string[]) =>
  requests.filter((url) => url.startsWith(BACKEND));
