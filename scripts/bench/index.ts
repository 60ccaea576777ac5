/**
 * `npm run bench`: the widget measured the way readers feel it, in one run so the figures compare
 * side by side. Builds the site three ways (build.ts: no widget, this widget, the seed plan's eager
 * wiring), serves each on 127.0.0.1:3200 with the contract server on :8200 in this process, drives
 * Debian's Chromium through them (rows.ts, with the probe of probe.ts in every page; a desktop and a
 * phone profile) and prints one table (report.ts; also written to test-results/bench.json).
 *
 *   npx tsx scripts/bench/index.ts [--no-build]   (--no-build reuses /tmp/bench-* from an earlier run)
 *   npx tsx scripts/bench/index.ts markdown       (row 8 alone: `npm run bench -- markdown`)
 *
 * Row 8 needs no browser: the shipped Markdown reader, markdown-it and marked on the pathology
 * corpus (tests/support/markdownPathology.ts), in Node, after the browser rows of a full run.
 *
 * Environment: BENCH_RUNS (fresh pages per timing row, default 20), BENCH_LONG_RUNS (long answers,
 * default 5), BENCH_PHONE_RUNS (fresh pages on the phone profile, default 5), BENCH_MARKDOWN_RUNS
 * (timed readings of each input in row 8, default 5), BENCH_MARKDOWN_CAP_MS (row 8's cap on one
 * reading, default 2000).
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
import { report, reportMarkdown, type BenchResults } from './report';
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

const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const LONG_RUNS = Number(process.env.BENCH_LONG_RUNS ?? 5);
const PHONE_RUNS = Number(process.env.BENCH_PHONE_RUNS ?? 5);
const LOADS = 3;
const REUSE_BUILDS = process.argv.includes('--no-build');

const started = Date.now();
const machine = `${os.cpus().length} vCPU / ${Math.round(os.totalmem() / 2 ** 30)} GiB, load ${os
  .loadavg()[0]!
  .toFixed(1)} at start`;

// Rows that can run alone, named on the command line; none named runs every row.
const ALONE = ['markdown'] as const;
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
  process.exit(0);
}

const executablePath = ensureChromium({ log: say });
const variants = Object.keys(VARIANTS) as Variant[];
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
};

const backend = await startMockServer({
  port: BACKEND_PORT,
  deltaDelayMs: 0,
  allowedOrigins: [SITE, `http://localhost:${SITE_PORT}`],
});
setMockOptions({ deltaDelayMs: 0 });
const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });

try {
  for (const variant of variants) {
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

      say(`rows 2–4: ${RUNS} fresh pages (toggle paint, first open, re-open, first delta)`);
      for (let i = 0; i < RUNS; i++) {
        backend.reset();
        setMockOptions({ deltaDelayMs: 0 });
        results.pages.push(await measureReaderPage(browser));
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

      say(`row 7: ${PHONE_RUNS} fresh pages on the phone profile (tap → ready, first delta)`);
      for (let i = 0; i < PHONE_RUNS; i++) {
        backend.reset();
        setMockOptions({ deltaDelayMs: 0 });
        results.phone.push(await measurePhone(browser));
      }
    } finally {
      await site.close();
    }
  }
} finally {
  await browser.close();
  await backend.close();
}

say('row 8: the Markdown readers on the pathology corpus, in Node');
results.markdown = await measureMarkdownReaders();

report(results);
