/**
 * The floor that rows 3 and 7 divide click → `chatkit.ready` by (`npm run bench -- floor` alone):
 * a page of the bench's own, served by the same server on the same origin, that on a click fetches
 * the widget's first-open chat code as one file (the same bytes) and then posts the session request
 * to the backend, as the widget does, and marks itself done when the answer is read. No page can
 * give a working chat with less: the code must arrive before it can ask for a session. Absolute
 * times differ by about 70 % between machines of the same kind; the ratio to a floor measured in
 * the same run, on the same machine and profile, interleaved page by page with the widget's, is
 * what one run can say about the widget alone.
 *
 * The page lives in the built site's directory under `/__bench-floor/` while the bench runs
 * (written by `writeFloor`, removed by `removeFloor`); the site's own build knows nothing of it.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { BACKEND, SITE } from './config';
import { gzipSize } from './report';
import { gotoSettled, newPage, type Profile } from './rows';
import { firstOpen, type SurfaceFile } from './surfaces';

export const FLOOR_DIR = '__bench-floor';
const FLOOR_PAGE = `/${FLOOR_DIR}/floor.html`;
const FLOOR_LABEL = 'Fetch the chat code and connect';

/** The floor page's one file: the bytes it fetches on a click, and the widget files they copy. */
export interface FloorCode {
  raw: number;
  gzip: number;
  /** The widget's files it concatenates (paths on the site). */
  files: string[];
}

/** One floor page: click → each step, in ms (the page's clock, from the click's input time). */
export interface FloorRun {
  /** The chat code's file has been read whole. */
  codeMs: number;
  /** The session request left, and its answer has been read: the floor's "ready". */
  sessionStartMs: number;
  doneMs: number;
}

/**
 * The floor's bytes: what the widget's first open fetches from the site before `chatkit.ready` in
 * the bench's usual case (OpenAI's script blocked, the local element serves), learned from one
 * open on a fresh page (not counted): the chat code and the local element's chunk; not the local
 * element's Markdown reader, which the element fetches once it starts and does not wait for, nor
 * the second copy of the local element that the toggle's hint imports 150 ms on (another chunk of
 * the same modules, row 9), nor anything else that starts after the chat is ready.
 */
export async function learnFloorCode(
  browser: Browser,
): Promise<{ code: FloorCode; bytes: Buffer }> {
  const bench = await newPage(browser);
  try {
    await gotoSettled(bench);
    const open = await firstOpen(bench);
    const waited = open.files.filter(
      (file: SurfaceFile) => file.kind === 'local' || (file.kind === 'chat' && file.beforeUsable),
    );
    const bytes = Buffer.concat(waited.map((file) => open.bodies.get(file.url)!));
    return {
      code: {
        raw: bytes.length,
        gzip: gzipSize(bytes),
        files: waited.map((file) => new URL(file.url).pathname),
      },
      bytes,
    };
  } finally {
    await bench.context.close();
  }
}

/**
 * The floor page and its file, in the served site's directory. The page asks for the session as
 * the widget's session client does (POST, JSON, the same headers, so the same CORS preflight), and
 * opens no connection to the backend before the click, as the widget opens none before the first
 * open.
 */
export function writeFloor(siteDir: string, bytes: Buffer): void {
  const dir = `${siteDir}/${FLOOR_DIR}`;
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/chat-code.js`, bytes);
  writeFileSync(
    `${dir}/floor.html`,
    `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Bench floor</title>
</head>
<body>
<button type="button" id="go">${FLOOR_LABEL}</button>
<script>
  // The bench's floor (scripts/bench/floor.ts): the chat code's bytes as one file, then the
  // session request, and nothing else. Not evaluated: the same bytes, one round trip.
  const floor = (window.__floor = { clickAt: null, codeAt: null, sessionAt: null, doneAt: null });
  document.getElementById('go').addEventListener('click', async (event) => {
    if (floor.clickAt !== null) return;
    floor.clickAt = event.timeStamp;
    await (await fetch('chat-code.js')).text();
    floor.codeAt = performance.now();
    floor.sessionAt = performance.now();
    const response = await fetch(${JSON.stringify(`${BACKEND}/api/chatkit/session`)}, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'Accept-Language': 'en' },
      body: '{}',
    });
    await response.text();
    floor.doneAt = performance.now();
  });
</script>
</body>
</html>
`,
  );
}

export function removeFloor(siteDir: string): void {
  rmSync(`${siteDir}/${FLOOR_DIR}`, { recursive: true, force: true });
}

interface FloorState {
  clickAt: number | null;
  codeAt: number | null;
  sessionAt: number | null;
  doneAt: number | null;
}

/**
 * One fresh floor page on `profile`, with the same context, emulation and probe as the widget's
 * pages (rows.ts `newPage`): loaded, idle, then clicked (tapped on the phone) and timed to done.
 */
export async function measureFloor(browser: Browser, profile: Profile): Promise<FloorRun> {
  const { context, page } = await newPage(browser, profile);
  try {
    await page.goto(`${SITE}${FLOOR_PAGE}`, { waitUntil: 'networkidle' });
    await page.evaluate(() => window.__bench.idle());
    const button = page.getByRole('button', { name: FLOOR_LABEL });
    await (profile === 'phone' ? button.tap() : button.click());
    await page.waitForFunction(
      () => (window as unknown as { __floor: FloorState }).__floor.doneAt !== null,
    );
    const floor = await page.evaluate(() => (window as unknown as { __floor: FloorState }).__floor);
    const click = floor.clickAt!;
    return {
      codeMs: floor.codeAt! - click,
      sessionStartMs: floor.sessionAt! - click,
      doneMs: floor.doneAt! - click,
    };
  } finally {
    await context.close();
  }
}
