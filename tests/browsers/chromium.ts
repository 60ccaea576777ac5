/**
 * Chromium, for the same journeys in the third engine: the e2e harness's Debian Chromium, through
 * Playwright (its own suite, tests/e2e, stays as it is). Each reader is a fresh context; the OS dark
 * mode and languages are Chromium's emulation, the CDN goes through the same refusing proxy.
 */
import type { Browser, Page } from 'playwright-core';
import type { Engine, Key, PageDriver } from './page';

const KEYS: Record<Key, string> = {
  Enter: 'Enter',
  Tab: 'Tab',
  Escape: 'Escape',
  'Control+i': 'Control+i',
};

export function chromiumEngine(browser: Browser, proxyPort: number): Engine {
  return {
    name: 'chromium',
    version: `Chromium ${browser.version()}`,
    async newPage(options) {
      const context = await browser.newContext({
        viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
        colorScheme: options.prefersDark ? 'dark' : 'light',
        ...(options.languages && { locale: options.languages[0] }),
        proxy: { server: `http://127.0.0.1:${proxyPort}`, bypass: 'localhost,127.0.0.1' },
      });
      const page = await context.newPage();
      return chromiumPage(page, () => context.close());
    },
    // The harness owns the browser.
    close: async () => undefined,
  };
}

function chromiumPage(page: Page, close: () => Promise<void>): PageDriver {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`${message.text()} (${message.location().url})`);
  });
  return {
    async goto(url) {
      await page.goto(url, { timeout: 15_000 });
    },
    async reload() {
      await page.reload({ timeout: 15_000 });
    },
    run: (expression) => page.evaluate(expression),
    async click(expression) {
      const handle = await page.evaluateHandle<Element | undefined>(expression);
      const element = handle.asElement();
      if (!element) throw new Error(`not an element: ${expression.slice(-120)}`);
      await element.click({ timeout: 10_000 });
      await handle.dispose();
    },
    async type(text) {
      await page.keyboard.type(text);
    },
    async press(key) {
      await page.keyboard.press(KEYS[key]);
    },
    async screenshot(path) {
      await page.screenshot({ path });
    },
    errors: async () => [...errors],
    close,
  };
}
