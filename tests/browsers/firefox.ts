/**
 * Firefox (Debian's firefox-esr) driven by puppeteer-core over WebDriver BiDi, which Firefox has built
 * in (no geckodriver). BiDi has no media or locale emulation, so a reader's OS dark mode and languages
 * are launch prefs: one Firefox per such profile, started on first use. Each reader gets a fresh
 * browser context (its own storage) and its own viewport.
 */
import puppeteer, { type Browser, type ElementHandle, type Page } from 'puppeteer-core';
import type { Engine, Key, PageDriver, ReaderOptions } from './page';

const KEYS: Record<Key, string[]> = {
  Enter: ['Enter'],
  Tab: ['Tab'],
  Escape: ['Escape'],
  'Control+i': ['Control', 'i'],
};

/** Ordinary readers' prefs: every request leaving this machine goes to `proxy` (see outside.ts). */
function basePrefs(proxyPort: number): Record<string, unknown> {
  return {
    'network.proxy.type': 1,
    'network.proxy.http': '127.0.0.1',
    'network.proxy.http_port': proxyPort,
    'network.proxy.ssl': '127.0.0.1',
    'network.proxy.ssl_port': proxyPort,
    'network.proxy.no_proxies_on': 'localhost, 127.0.0.1',
  };
}

export async function launchFirefox(executablePath: string, proxyPort: number): Promise<Engine> {
  const browsers = new Map<string, Promise<Browser>>();
  const browserFor = (options: ReaderOptions) => {
    const key = JSON.stringify([!!options.prefersDark, options.languages ?? []]);
    let browser = browsers.get(key);
    if (!browser) {
      browser = puppeteer.launch({
        browser: 'firefox',
        executablePath,
        headless: true,
        // A protocol call that hangs fails in seconds, not puppeteer's three minutes.
        protocolTimeout: 20_000,
        extraPrefsFirefox: {
          ...basePrefs(proxyPort),
          // 1: the system prefers dark; 0: light (never the machine's own setting).
          'ui.systemUsesDarkTheme': options.prefersDark ? 1 : 0,
          ...(options.languages && { 'intl.accept_languages': options.languages.join(', ') }),
        },
      });
      browsers.set(key, browser);
    }
    return browser;
  };
  const first = await browserFor({});
  const version = (await first.version()).replace(/^firefox\//i, 'Firefox ');

  return {
    name: 'firefox',
    version,
    async newPage(options) {
      const browser = await browserFor(options);
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      await page.setViewport({ width: options.width ?? 1280, height: options.height ?? 800 });
      return await firefoxPage(page, () => context.close());
    },
    async close() {
      const all = await Promise.allSettled(browsers.values());
      await Promise.all(
        all.map((b) => (b.status === 'fulfilled' ? b.value.close() : Promise.resolve())),
      );
    },
  };
}

async function firefoxPage(page: Page, close: () => Promise<void>): Promise<PageDriver> {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`uncaught: ${String(error)}`));
  page.on('console', (message) => {
    if (message.type() === 'error')
      errors.push(`${message.text()} (${message.location().url ?? ''})`);
  });
  // Unhandled rejections reach neither event over BiDi: the page reports them itself, from the start.
  await page.evaluateOnNewDocument(() => {
    addEventListener('unhandledrejection', (event) => {
      const reason: unknown = event.reason;
      console.error(
        `unhandled rejection: ${reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason)}`,
      );
    });
  });
  return {
    async goto(url) {
      await page.goto(url, { waitUntil: 'load', timeout: 15_000 });
    },
    async reload() {
      await page.reload({ waitUntil: 'load', timeout: 15_000 });
    },
    run: <T>(expression: string) => page.evaluate(expression) as Promise<T>,
    async click(expression) {
      const handle = await page.evaluateHandle(expression);
      const element = handle.asElement() as ElementHandle<Element> | null;
      if (!element) throw new Error(`not an element: ${expression.slice(-120)}`);
      await element.click();
      await handle.dispose();
    },
    async type(text) {
      await page.keyboard.type(text);
    },
    async press(key) {
      const keys = KEYS[key];
      for (const k of keys) await page.keyboard.down(k as never);
      for (const k of [...keys].reverse()) await page.keyboard.up(k as never);
    },
    async screenshot(path) {
      await page.screenshot({ path: path as `${string}.png` });
    },
    errors: async () => [...errors],
    close,
  };
}
