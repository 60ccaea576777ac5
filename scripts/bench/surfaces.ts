/**
 * Row 9, the surface cases of issue 19 (`npm run bench -- surfaces` alone): what the first open
 * fetches from the site, and how long it takes to a usable chat, when OpenAI's script works, when it
 * is blocked (as on these machines), and when it loads but its frame fails. In `auto` the widget
 * fetches its local element beside OpenAI's script on every first open (surface.ts `choose()`), so a
 * reader whose OpenAI element works pays for a chunk that never runs: this row says how much, and
 * what fetching it only on failure would cost the readers who need it.
 *
 * OpenAI's script is the e2e suites' stand-in (tests/support/openaiStandIn.ts), served at its CDN
 * address. It answers at once (`readyMs` and `frame400Ms` 0), so the times are the widget's own; a
 * real frame adds its load on top (and fails later than at once).
 */
import type { Browser, Page } from 'playwright-core';
import type { StandInMode } from '../../tests/support/openaiStandIn';
import { CDN, SITE } from './config';
import { gotoSettled, newPage, openAndWaitReady, type BenchPage } from './rows';
import { gzipSize } from './report';

export type SurfaceCase = 'works' | 'works-no-local' | 'blocked' | 'frame-400';

export interface SurfaceCaseSpec {
  id: SurfaceCase;
  /** The table's first column. */
  label: string;
  /** The stand-in's mode; none: OpenAI's script blocked, as everywhere else in the bench. */
  openai?: StandInMode;
  /** The tag that must serve the chat once it is usable, and what it is. */
  servedBy: ServedBy;
  /** The local element's chunk is refused (not fetched), as if the widget fetched it on failure. */
  refuseLocal?: true;
}

export type ServedBy =
  'OpenAI (stand-in)' | 'local, as openai-chatkit' | 'local, as textbook-chatkit';

/** The three cases of issue 19, and a fourth that shows case (a) without the local element. */
export const SURFACE_CASES: readonly SurfaceCaseSpec[] = [
  {
    id: 'works',
    label: "(a) OpenAI's script works (stand-in `works`: ready at once)",
    openai: 'works',
    servedBy: 'OpenAI (stand-in)',
  },
  {
    id: 'works-no-local',
    label:
      "(a′) as (a), the local element's chunk refused: what fetching it only on failure would " +
      'fetch (simulated: its request is blocked, the widget ignores the failure)',
    openai: 'works',
    servedBy: 'OpenAI (stand-in)',
    refuseLocal: true,
  },
  {
    id: 'blocked',
    label: "(b) OpenAI's script blocked (as here; the rest of the bench)",
    servedBy: 'local, as openai-chatkit',
  },
  {
    id: 'frame-400',
    label: '(c) the frame fails (stand-in `frame-400`: its error at once, never ready)',
    openai: 'frame-400',
    servedBy: 'local, as textbook-chatkit',
  },
];

/**
 * What the widget fetched from the site's origin: its chat code, or the local element's parts: its
 * chunk as surface.ts imports it, a second chunk of the same modules (the toggle hint's own import,
 * index.tsx `preload`, which webpack serves as another chunk), and its Markdown reader.
 */
export type FileKind = 'chat' | 'local' | 'copy' | 'markdown';

export interface SurfaceFile {
  url: string;
  kind: FileKind;
  /** Bytes on the wire as served here (Resource Timing `transferSize`: body and headers). */
  transfer: number;
  /** The body's bytes (this server does not compress). */
  raw: number;
  /** The body gzipped at level 9, as the rest of the bench counts code. */
  gzip: number;
  /** Its request started and its response ended, in ms after the click. */
  start: number;
  end: number;
  /** Started before the chat was usable (the bytes the case is charged with); else later. */
  beforeUsable: boolean;
}

export interface SurfaceRun {
  case: SurfaceCase;
  servedBy: ServedBy;
  /** Click → `chatkit.ready` of the element that serves (the stand-in's, or the local element's). */
  usableMs: number;
  files: SurfaceFile[];
  /** OpenAI's script failed (case b), or the stand-in's frame error was dispatched (case c). */
  openaiFailedMs: number | null;
  sessionAnsweredMs: number | null;
  /** Case (a′) only: the local element's chunk fetched and evaluated afterwards, alone. */
  alone?: LocalAlone;
}

/** The local element's chunk fetched and evaluated alone, on an idle page with the chat code loaded. */
export interface LocalAlone {
  url: string;
  /** Request start → response end. */
  fetchMs: number;
  /** Response end → the script ran (parse, compile, its chunk's modules installed). */
  scriptMs: number;
  /** Its modules evaluated (what `import()` does once the chunk is installed). */
  modulesMs: number;
  /** Appending the script element → its modules evaluated. */
  totalMs: number;
}

export interface SurfaceCases {
  runs: number;
  cases: SurfaceRun[];
}

// The local element's parts, recognised by what their code says (webpack names chunks by number):
// the element itself styles `[data-ck-host]`; its Markdown reader chunk exports `renderMarkdown`
// (the element's own chunk only calls it).
const kindOf = (body: Buffer): FileKind => {
  const text = body.toString('latin1');
  if (text.includes('data-ck-host')) return 'local';
  if (/renderMarkdown:\(\)=>/.test(text)) return 'markdown';
  return 'chat';
};

/**
 * Requests to the site from now on: `settled()` resolves once every one of them has ended and none
 * has started for 300 ms, with each body (by URL) for gzip sizes and markers.
 */
function watchSite(page: Page) {
  const pending = new Set<Promise<unknown>>();
  const bodies = new Map<string, Promise<Buffer | null>>();
  let lastStart = Date.now();
  page.on('request', (request) => {
    if (!request.url().startsWith(SITE)) return;
    lastStart = Date.now();
    const done = request
      .response()
      .then((response) => {
        if (!response) return null;
        const body = response.body().catch(() => null);
        bodies.set(request.url(), body);
        return body;
      })
      .catch(() => null);
    pending.add(done);
    void done.finally(() => pending.delete(done));
  });
  return {
    async settled() {
      const giveUpAt = Date.now() + 15_000;
      while (Date.now() < giveUpAt) {
        await Promise.all(pending);
        await page.waitForTimeout(100);
        if (!pending.size && Date.now() - lastStart >= 300) break;
      }
      const out = new Map<string, Buffer>();
      for (const [url, body] of bodies) {
        const buffer = await body;
        if (buffer) out.set(url, buffer);
      }
      return out;
    },
  };
}

/** Which element serves the chat now, as the page sees it. */
function servedBy(page: Page): Promise<ServedBy | 'none'> {
  return page.evaluate(() => {
    if (document.querySelector('textbook-chatkit[data-ck-host]'))
      return 'local, as textbook-chatkit';
    const openai = document.querySelector('openai-chatkit');
    if (!openai) return 'none';
    return openai.hasAttribute('data-ck-host') ? 'local, as openai-chatkit' : 'OpenAI (stand-in)';
  });
}

/** A first open as the site saw it: each file it fetched, and the page's milestones. */
export interface FirstOpen {
  files: SurfaceFile[];
  /** Each file's body, by URL. */
  bodies: Map<string, Buffer>;
  clickAt: number;
  readyAt: number;
  /** The CDN's script ended (blocked: failed), the stand-in's frame error, the session answered. */
  cdnEnd: number | null;
  frameError: number | null;
  sessionEnd: number | null;
}

/**
 * Clicks the toggle of a settled page, waits for `chatkit.ready`, then until the site's requests
 * have ended (the open's later ones too), and lists each file the site sent from just before the
 * click: Resource Timing for when and how many bytes crossed, the body for its gzip size and kind.
 */
export async function firstOpen(bench: BenchPage): Promise<FirstOpen> {
  const { page } = bench;
  const site = watchSite(page);
  // Everything that starts from here on is the open's (the pointer's hint comes before the click).
  const armedAt = await page.evaluate(() => performance.now());
  await openAndWaitReady(bench);
  const bodies = await site.settled();
  const seen = await page.evaluate(
    ([armed, cdn]) => {
      const { clickAt, readyAt } = window.__bench;
      const entries = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
      const standIn = (
        window as unknown as { __standIn?: { events: { type: string; at: number }[] } }
      ).__standIn;
      const frameError = standIn?.events.find((e) => e.type === 'chatkit.error');
      const cdnEntry = entries.find((e) => e.name.startsWith(cdn) && e.startTime >= armed);
      const session = entries.find(
        (e) => e.name.endsWith('/api/chatkit/session') && e.startTime >= armed,
      );
      return {
        clickAt: clickAt!,
        readyAt: readyAt!,
        cdnEnd: cdnEntry?.responseEnd ?? null,
        frameError: frameError?.at ?? null,
        sessionEnd: session?.responseEnd ?? null,
        site: entries
          .filter((e) => e.name.startsWith(location.origin) && e.startTime >= armed)
          .map((e) => ({
            url: e.name,
            start: e.startTime,
            end: e.responseEnd,
            transfer: e.transferSize,
          })),
      };
    },
    [armedAt, CDN] as const,
  );
  const files = seen.site
    .filter((entry) => bodies.has(entry.url))
    .map((entry): SurfaceFile => {
      const body = bodies.get(entry.url)!;
      return {
        url: entry.url,
        kind: kindOf(body),
        transfer: entry.transfer,
        raw: body.length,
        gzip: gzipSize(body),
        start: entry.start - seen.clickAt,
        end: entry.end - seen.clickAt,
        beforeUsable: entry.start <= seen.readyAt,
      };
    });
  // The first chunk defining the local element is surface.ts's import; any later one, the hint's.
  const locals = files.filter((f) => f.kind === 'local').sort((a, b) => a.start - b.start);
  for (const copy of locals.slice(1)) copy.kind = 'copy';
  const { site: _, ...milestones } = seen;
  return { files, bodies, ...milestones };
}

/** One fresh page of one case: click → usable, and what the site sent for it. */
async function measureCase(
  browser: Browser,
  spec: SurfaceCaseSpec,
  localUrls: readonly string[],
): Promise<SurfaceRun> {
  const bench = await newPage(browser, 'desktop', {
    ...(spec.openai && { openai: spec.openai, openaiTimings: { readyMs: 0, frame400Ms: 0 } }),
  });
  const { context, page } = bench;
  try {
    if (spec.refuseLocal) {
      // The widget's `import()` of the chunk fails; surface.ts ignores that until it needs the
      // element, which it never does here (and the hint's import, 150 ms on, fails quietly too).
      for (const url of localUrls) {
        await context.route(url, (route) => route.abort('blockedbyclient'));
      }
    }
    await gotoSettled(bench);
    const open = await firstOpen(bench);
    const served = await servedBy(page);
    if (served !== spec.servedBy) {
      throw new Error(`Surface case ${spec.id}: served by ${served}, not ${spec.servedBy}`);
    }
    // Where the stand-in serves the script, it does not fail: its frame does (case c).
    const failed = spec.openai ? open.frameError : open.cdnEnd;
    let alone: LocalAlone | undefined;
    if (spec.refuseLocal) {
      await Promise.all(localUrls.map((url) => context.unroute(url)));
      await page.evaluate(() => window.__bench.idle());
      alone = await measureLocalAlone(page, localUrls[0]!);
    }
    return {
      case: spec.id,
      servedBy: served,
      usableMs: open.readyAt - open.clickAt,
      files: open.files,
      openaiFailedMs: failed === null ? null : failed - open.clickAt,
      sessionAnsweredMs: open.sessionEnd === null ? null : open.sessionEnd - open.clickAt,
      ...(alone && { alone }),
    };
  } finally {
    await context.close();
  }
}

/**
 * The local element's chunk alone, in case (a′)'s page once it is idle: the chat code is loaded
 * and evaluated, the local element's chunk is not (its request was refused), as it would be when
 * the widget fetches it on failure. The chunk is fetched by a script element, as webpack's runtime
 * fetches it, and its modules evaluated through the runtime's own `__webpack_require__` (a chunk
 * pushed with a runtime callback receives it): what fetching the element only on failure adds to
 * cases (b) and (c), on this machine and this network.
 */
async function measureLocalAlone(page: Page, url: string): Promise<LocalAlone> {
  const timing = await page.evaluate(async (src) => {
    type Require = ((id: string) => unknown) & { m: Record<string, unknown> };
    const name = Object.keys(globalThis).find((key) => key.startsWith('webpackChunk'))!;
    const chunks = (globalThis as unknown as Record<string, { push(data: unknown): void }>)[name]!;
    let handed: Require | null = null;
    chunks.push([['bench-local-alone'], {}, (r: Require) => (handed = r)]);
    if (!handed) throw new Error("webpack's runtime did not hand over its require");
    const require: Require = handed;
    const before = new Set(Object.keys(require.m));
    const start = performance.now();
    await new Promise<void>((resolve, reject) => {
      const script = document.createElement('script');
      script.src = src;
      script.onload = () => resolve();
      script.onerror = () => reject(new Error(`${src} failed to load`));
      document.head.append(script);
    });
    const ran = performance.now();
    for (const id of Object.keys(require.m)) if (!before.has(id)) require(id);
    const evaluated = performance.now();
    const entry = performance.getEntriesByName(src).at(-1) as PerformanceResourceTiming;
    return {
      fetchMs: entry.responseEnd - entry.startTime,
      scriptMs: ran - entry.responseEnd,
      modulesMs: evaluated - ran,
      totalMs: evaluated - start,
    };
  }, url);
  return { url, ...timing };
}

/**
 * Row 9: `runs` cycles, each case once per cycle (so the machine's drift spreads over all of
 * them); case (a′) measures the local element's chunk alone too. `reset` runs before every page
 * (a fresh backend).
 */
export async function measureSurfaceCases(
  browser: Browser,
  runs: number,
  reset: () => void,
  log: (message: string) => void,
): Promise<SurfaceCases> {
  const result: SurfaceCases = { runs, cases: [] };
  // A first open of case (b), not counted: it warms the browser and the server up (the first page
  // of a run is slower), and shows which chunks define the local element, surface.ts's import
  // first (case a′ measures it alone), then the hint's copy (case a′ refuses both).
  reset();
  const warmUp = await measureCase(
    browser,
    SURFACE_CASES.find((c) => c.id === 'blocked')!,
    [],
  );
  const localUrls = warmUp.files
    .filter((f) => f.kind === 'local' || f.kind === 'copy')
    .sort((a, b) => a.start - b.start)
    .map((f) => f.url);
  if (!localUrls.length) throw new Error('No chunk fetched in case (b) defines the local element');
  for (let cycle = 0; cycle < runs; cycle++) {
    if (cycle === 0 || (cycle + 1) % 5 === 0) log(`row 9: cycle ${cycle + 1}/${runs}`);
    for (const spec of SURFACE_CASES) {
      reset();
      result.cases.push(await measureCase(browser, spec, localUrls));
    }
  }
  return result;
}
