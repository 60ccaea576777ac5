/**
 * `npm run bench`: the widget measured the way readers feel it, in one run so the figures compare
 * side by side. Builds the site three ways (build.ts: no widget, this widget, eager wiring as first
 * planned: ChatKit React in Root), serves each on 127.0.0.1:3200 with the contract server on :8200
 * in this process, drives Debian's Chromium through them (rows.ts, with the probe of probe.ts in
 * every page; a desktop and a phone profile) and prints one table (report.ts; also written to
 * test-results/bench.json).
 *
 *   npx tsx scripts/bench/index.ts [--no-build]   (--no-build reuses /tmp/bench-* from an earlier run)
 *   npx tsx scripts/bench/index.ts markdown       (row 8 alone: `npm run bench -- markdown`)
 *   npx tsx scripts/bench/index.ts surfaces       (row 9 alone: `npm run bench -- surfaces`)
 *   npx tsx scripts/bench/index.ts floor          (rows 3, 4 and 7 against the floor alone)
 *
 * Row 8 needs no browser: the shipped Markdown reader, markdown-it and marked on the pathology
 * corpus (tests/support/markdownPathology.ts), in Node, after the browser rows of a full run.
 * Row 9 (surfaces.ts) opens the chat with OpenAI's script working, blocked and failing (its e2e
 * stand-in), and says what each case fetches. The floor (floor.ts) is a page that fetches the same
 * chat code and posts the session request, measured page by page beside rows 3 and 7, which are
 * then also given as a ratio to it. `surfaces` and `floor` alone build (or with --no-build reuse)
 * the widget's variant only.
 *
 * Environment: BENCH_RUNS (fresh pages per timing row, default 20; the floor gets as many),
 * BENCH_LONG_RUNS (long answers, default 5), BENCH_PHONE_RUNS (fresh pages on the phone profile,
 * default 5; the floor too), BENCH_SURFACE_RUNS (row 9's cycles, a fresh page of each case per
 * cycle, default 10), BENCH_MARKDOWN_RUNS (timed readings of each input in row 8, default 5),
 * BENCH_MARKDOWN_CAP_MS (row 8's cap on one reading, default 2000).
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import { chromium } from 'playwright-core';
import { startMockServer } from '../../mocks/server';
import { setMockOptions } from '../../mocks/state';
import { CHROMIUM_ARGS, ensureChromium } from '../chromium.mjs';
import { startStaticServer } from '../serve.mjs';
import { buildSite, outDir, VARIANTS, type Variant } from './build';
import {
  BACKEND,
  BACKEND_PORT,
  CYCLES,
  HOVER_DWELL_MS,
  PAGE,
  QUESTIONS,
  SITE,
  SITE_PORT,
  say,
} from './config';
import { learnFloorCode, measureFloor, removeFloor, writeFloor } from './floor';
import {
  report,
  reportAlone,
  reportMarkdown,
  type BenchResults,
  type FloorResults,
} from './report';
import {
  measureHoveredOpen,
  measureInitialLoad,
  measureLeaks,
  measureLongAnswer,
  measureMarkdownReaders,
  measurePhone,
  measureReaderPage,
  type LoadBytes,
} from './rows';
import { measureSurfaceCases } from './surfaces';

const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const LONG_RUNS = Number(process.env.BENCH_LONG_RUNS ?? 5);
const PHONE_RUNS = Number(process.env.BENCH_PHONE_RUNS ?? 5);
const SURFACE_RUNS = Number(process.env.BENCH_SURFACE_RUNS ?? 10);
const LOADS = 3;
const REUSE_BUILDS = process.argv.includes('--no-build');

const started = Date.now();
const machine = `${os.cpus().length} vCPU / ${Math.round(os.totalmem() / 2 ** 30)} GiB, load ${os
  .loadavg()[0]!
  .toFixed(1)} at start`;

// Rows that can run alone, named on the command line; none named runs every row.
const ALONE = ['markdown', 'surfaces', 'floor'] as const;
type Alone = (typeof ALONE)[number];
const named = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const unknown = named.filter((name) => !(ALONE as readonly string[]).includes(name));
if (unknown.length) {
  console.error(
    `bench: no row "${unknown.join('", "')}" runs alone; these do: ${ALONE.join(', ')}`,
  );
  process.exit(2);
}
if (named.includes('markdown')) {
  say('row 8 alone: the Markdown readers on the pathology corpus');
  reportMarkdown(await measureMarkdownReaders(), machine, started);
  if (named.length === 1) process.exit(0);
}
// Browser rows named alone (in the order ALONE lists them); they need the widget's build only.
const alone = ALONE.filter(
  (name): name is Exclude<Alone, 'markdown'> => name !== 'markdown' && named.includes(name),
);

const executablePath = ensureChromium({ log: say });
const variants = alone.length ? (['widget'] as Variant[]) : (Object.keys(VARIANTS) as Variant[]);
for (const variant of variants) {
  if (REUSE_BUILDS && existsSync(`${outDir(variant)}/index.html`)) continue;
  say(`building the site with ${VARIANTS[variant]} → ${outDir(variant)}`);
  const t = Date.now();
  await buildSite(variant, BACKEND);
  say(`  built in ${((Date.now() - t) / 1000).toFixed(0)} s`);
}

const results: BenchResults = {
  started,
  machine,
  buildSeconds: (Date.now() - started) / 1000,
  reusedBuilds: REUSE_BUILDS,
  runs: RUNS,
  longRuns: LONG_RUNS,
  phoneRuns: PHONE_RUNS,
  loads: LOADS,
  load: {} as Record<Variant, LoadBytes>,
  ssrToggle: false,
  pages: [],
  hovered: [],
  long: [],
  leaks: null,
  phone: [],
  markdown: null,
  floor: null,
  surfaces: null,
};

const backend = await startMockServer({
  port: BACKEND_PORT,
  deltaDelayMs: 0,
  allowedOrigins: [SITE, `http://localhost:${SITE_PORT}`],
});
setMockOptions({ deltaDelayMs: 0 });
const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });

/** A fresh backend for the next page, streaming at once. */
const resetBackend = () => {
  backend.reset();
  setMockOptions({ deltaDelayMs: 0 });
};

/** Rows 3 and 7's floor page: its code learned from one open, then written into the served site. */
async function prepareFloor(): Promise<FloorResults> {
  say("floor: learning the first open's chat code from one open (not counted)");
  const { code, bytes } = await learnFloorCode(browser);
  writeFloor(outDir('widget'), bytes);
  say(`floor: one file of ${code.raw} bytes (${code.files.length} of the widget's files)`);
  return { code, desktop: [], phone: [] };
}

/** Row 9: the surface cases, each once per cycle. */
async function surfaceRows() {
  say(`row 9: ${SURFACE_RUNS} cycles of the surface cases (a), (a′), (b), (c), fresh pages`);
  results.surfaces = await measureSurfaceCases(browser, SURFACE_RUNS, resetBackend, say);
}

try {
  if (alone.length) {
    const site = await startStaticServer(outDir('widget'), SITE_PORT);
    try {
      if (alone.includes('floor')) {
        const floor = (results.floor = await prepareFloor());
        say(`rows 3–4 against the floor: ${RUNS} fresh pages each of the widget and the floor`);
        for (let i = 0; i < RUNS; i++) {
          resetBackend();
          results.pages.push(await measureReaderPage(browser));
          resetBackend();
          floor.desktop.push(await measureFloor(browser, 'desktop'));
        }
        say(`row 7 against the floor: ${PHONE_RUNS} fresh pages each on the phone profile`);
        for (let i = 0; i < PHONE_RUNS; i++) {
          resetBackend();
          results.phone.push(await measurePhone(browser));
          resetBackend();
          floor.phone.push(await measureFloor(browser, 'phone'));
        }
      }
      if (alone.includes('surfaces')) await surfaceRows();
    } finally {
      removeFloor(outDir('widget'));
      await site.close();
    }
  }
  for (const variant of alone.length ? [] : variants) {
    const site = await startStaticServer(outDir(variant), SITE_PORT);
    try {
      say(`row 1: initial load of ${PAGE} with ${VARIANTS[variant]} (${LOADS} loads)`);
      const samples: LoadBytes[] = [];
      for (let i = 0; i < LOADS; i++) samples.push(await measureInitialLoad(browser));
      // Byte counts are deterministic; the median load guards against a stray late response.
      results.load[variant] = samples.sort((a, b) => a.gzip - b.gzip)[Math.floor(LOADS / 2)]!;
      if (variant !== 'widget') continue;

      const html = await (await fetch(`${SITE}${PAGE}`)).text();
      results.ssrToggle = /<button[^>]*aria-label="Open chat"/.test(html);

      const floor = (results.floor = await prepareFloor());
      say(
        `rows 2–4: ${RUNS} fresh pages (toggle paint, first open, re-open, first delta), ` +
          'each followed by a floor page',
      );
      for (let i = 0; i < RUNS; i++) {
        resetBackend();
        results.pages.push(await measureReaderPage(browser));
        resetBackend();
        floor.desktop.push(await measureFloor(browser, 'desktop'));
      }

      say(`row 3: ${RUNS} fresh pages, the pointer resting ${HOVER_DWELL_MS} ms on the toggle`);
      for (let i = 0; i < RUNS; i++) {
        backend.reset();
        results.hovered.push(await measureHoveredOpen(browser));
      }

      say(`row 4: ${LONG_RUNS} answers of 10 000 characters, streamed at 15 ms per delta`);
      for (let i = 0; i < LONG_RUNS; i++) {
        backend.reset();
        backend.setScenarios(['longAnswer:10000']);
        // A visible pace, as the e2e suite uses: about 240 deltas over 3.6 s.
        setMockOptions({ deltaDelayMs: 15 });
        results.long.push(await measureLongAnswer(browser));
      }
      backend.setScenarios([]);

      say(`row 5: ${CYCLES} open/close cycles and ${QUESTIONS} questions in one page`);
      backend.reset();
      setMockOptions({ deltaDelayMs: 0 });
      results.leaks = await measureLeaks(browser);

      say(
        `row 7: ${PHONE_RUNS} fresh pages on the phone profile (tap → ready, first delta), ` +
          'each followed by a floor page',
      );
      for (let i = 0; i < PHONE_RUNS; i++) {
        resetBackend();
        results.phone.push(await measurePhone(browser));
        resetBackend();
        floor.phone.push(await measureFloor(browser, 'phone'));
      }

      await surfaceRows();
    } finally {
      if (variant === 'widget') removeFloor(outDir('widget'));
      await site.close();
    }
  }
} finally {
  await browser.close();
  await backend.close();
}

if (alone.length) {
  reportAlone(results, alone);
} else {
  say('row 8: the Markdown readers on the pathology corpus, in Node');
  results.markdown = await measureMarkdownReaders();
  report(results);
}
