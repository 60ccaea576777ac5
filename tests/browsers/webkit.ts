/**
 * WebKit: WebKitGTK's MiniBrowser, driven through WebKitWebDriver by webdriverio over classic
 * WebDriver (WebKitGTK has no BiDi, and webdriverio asks for it unless told not to), on an Xvfb
 * display of its own. Each reader is a new session, so a new MiniBrowser with fresh storage.
 *
 * What classic WebDriver lacks, and what stands in for it:
 * - viewport: MiniBrowser runs full screen (no toolbar), so its window is the viewport; GTK will not
 *   make it narrower than about 334 px, so the narrowest reader gets that (the row reads the width).
 * - OS dark mode: MiniBrowser's `--dark-mode`. Languages: none (WebKitGTK takes them from the C
 *   locale's environment; this machine has only `C`).
 * - console and uncaught errors: no log events, so a recorder is installed into each page right
 *   after it loads; errors thrown while a page is still loading are not seen in WebKit.
 * - typing: one key down and up per character. webdriverio's `keys()` presses a whole string as one
 *   chord (every key down, then every key up) and WebKitWebDriver drops a key pressed while the same
 *   key is still held (README, "Engines": the lost spaces).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { remote } from 'webdriverio';
import type { Engine, Key, PageDriver, ReaderOptions } from './page';

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';
const CONTROL = '\uE009';
const KEYS: Record<Key, string[]> = {
  Enter: ['\uE007'],
  Tab: ['\uE004'],
  Escape: ['\uE00C'],
  'Control+i': [CONTROL, 'i'],
};

export interface WebKitPaths {
  webkitDriver: string;
  miniBrowser: string;
  xvfb: string;
}

/** Resolves to a TCP port free right now on 127.0.0.1. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        address && typeof address !== 'string'
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/** Starts Xvfb on a free display (it writes the number to fd 3); resolves to `:N`. */
function startXvfb(path: string): Promise<{ display: string; process: ChildProcess }> {
  const child = spawn(
    path,
    ['-displayfd', '3', '-screen', '0', '1920x1200x24', '-nolisten', 'tcp'],
    {
      stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('Xvfb did not start within 10 s')), 10_000);
    child.once('exit', (code) => reject(new Error(`Xvfb exited (${code}) before it was ready`)));
    (child.stdio[3] as NodeJS.ReadableStream).once('data', (data: Buffer) => {
      clearTimeout(timer);
      resolve({ display: `:${data.toString().trim()}`, process: child });
    });
  });
}

/** Polls the driver's status endpoint until it answers (it starts in well under a second). */
async function driverReady(port: number, child: ChildProcess) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`WebKitWebDriver exited (${child.exitCode})`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/status`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('WebKitWebDriver did not answer within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function launchWebKit(paths: WebKitPaths, proxyPort: number): Promise<Engine> {
  const xvfb = await startXvfb(paths.xvfb);
  const port = await freePort();
  const driver = spawn(paths.webkitDriver, [`--port=${port}`], {
    stdio: 'ignore',
    env: { ...process.env, DISPLAY: xvfb.display },
  });
  const stop = () => {
    driver.kill();
    xvfb.process.kill();
  };
  // Not left running when the test process ends without closing the engine.
  process.once('exit', stop);
  try {
    await driverReady(port, driver);
  } catch (error) {
    stop();
    throw error;
  }

  const open = (options: ReaderOptions) =>
    remote({
      hostname: '127.0.0.1',
      port,
      logLevel: 'error',
      // A command that hangs fails in seconds, not webdriverio's two minutes.
      connectionRetryTimeout: 30_000,
      connectionRetryCount: 0,
      capabilities: {
        browserName: 'MiniBrowser',
        'wdio:enforceWebDriverClassic': true,
        'webkitgtk:browserOptions': {
          binary: paths.miniBrowser,
          args: [
            '--automation',
            '--full-screen',
            `--proxy=http://127.0.0.1:${proxyPort}`,
            '--ignore-host=localhost',
            '--ignore-host=127.0.0.1',
            ...(options.prefersDark ? ['--dark-mode'] : []),
          ],
        },
      } as WebdriverIO.Capabilities,
    });

  const probe = await open({});
  const version = `WebKitGTK ${String(probe.capabilities.browserVersion ?? '?')}`;
  await probe.deleteSession();

  return {
    name: 'webkit',
    version,
    async newPage(options) {
      // Starting MiniBrowser can outlast the command timeout on a loaded machine: one more try
      // (a fresh session) before the journey fails.
      const browser = await open(options).catch(() => open(options));
      await browser.setWindowRect(0, 0, options.width ?? 1280, options.height ?? 800);
      return webkitPage(browser);
    },
    async close() {
      process.off('exit', stop);
      stop();
    },
  };
}

/** Installed into each loaded page: records what the console and the window report as errors. */
function recordErrors() {
  const w = window as unknown as { __errors?: string[] };
  if (w.__errors) return;
  const errors: string[] = [];
  w.__errors = errors;
  const original = console.error.bind(console);
  console.error = (...args: unknown[]) => {
    errors.push(
      args.map((a) => (a instanceof Error ? `${a.name}: ${a.message}` : String(a))).join(' '),
    );
    original(...args);
  };
  addEventListener('error', (event) => {
    if (event instanceof ErrorEvent) errors.push(`uncaught: ${event.message}`);
  });
  addEventListener('unhandledrejection', (event) => {
    const reason: unknown = event.reason;
    errors.push(
      `unhandled rejection: ${reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason)}`,
    );
  });
}

function webkitPage(browser: WebdriverIO.Browser): PageDriver {
  const errors: string[] = [];
  /** Moves what the current page recorded into `errors` (before it navigates away). */
  const collect = async () => {
    try {
      const recorded = await browser.execute(
        'const e = window.__errors || []; return e.splice(0, e.length);',
      );
      errors.push(...(recorded as string[]));
    } catch {
      // the page is gone (closed, navigating): nothing more to collect
    }
  };
  const install = () => browser.execute(`(${recordErrors.toString()})()`);
  const keyActions = (keys: string[]) => [
    ...keys.map((value) => ({ type: 'keyDown', value })),
    ...[...keys].reverse().map((value) => ({ type: 'keyUp', value })),
  ];
  return {
    async goto(url) {
      await collect();
      await browser.url(url);
      await install();
    },
    async reload() {
      await collect();
      await browser.refresh();
      await install();
    },
    run: <T>(expression: string) => browser.execute(`return ${expression};`) as Promise<T>,
    async click(expression) {
      const element = (await browser.execute(`return ${expression};`)) as Record<string, string>;
      if (!element?.[ELEMENT]) throw new Error(`not an element: ${expression.slice(-120)}`);
      await browser.elementClick(element[ELEMENT]);
    },
    async type(text) {
      const actions = [...text].flatMap((value) => [
        { type: 'keyDown', value },
        { type: 'keyUp', value },
      ]);
      await browser.performActions([{ type: 'key', id: 'keyboard', actions }]);
      await browser.releaseActions();
    },
    async press(key) {
      await browser.performActions([
        { type: 'key', id: 'keyboard', actions: keyActions(KEYS[key]) },
      ]);
      await browser.releaseActions();
    },
    async screenshot(path) {
      await browser.saveScreenshot(path);
    },
    async errors() {
      await collect();
      return [...errors];
    },
    async close() {
      await browser.deleteSession().catch(() => undefined);
    },
  };
}
