/**
 * Statistics, the table `npm run bench` prints, and test-results/bench.json.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { VARIANTS, type Variant } from './build';
import {
  CYCLES,
  FIRST_TOKEN_MS,
  HOVER_DWELL_MS,
  MARKDOWN_READERS,
  MARKDOWN_SIZES,
  PAGE,
  PHONE,
  QUESTIONS,
  type MarkdownReader,
} from './config';
import type {
  FirstDelta,
  LoadBytes,
  Leaks,
  Leftovers,
  LongAnswer,
  MarkdownReaders,
  MarkdownTiming,
  OpenMilestones,
  PageRun,
  PhoneRun,
} from './rows';
import type { FloorCode, FloorRun } from './floor';
import { SURFACE_CASES, type SurfaceCase, type SurfaceCases, type SurfaceRun } from './surfaces';

// ---------------------------------------------------------------------------------------------
// Statistics and formatting
// ---------------------------------------------------------------------------------------------

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Nearest-rank p95: with 20 runs, the 19th smallest; with 5, the largest. */
export function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(0.95 * sorted.length) - 1)]!;
}

export const gzipSize = (body: Buffer) => gzipSync(body, { level: 9 }).length;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value: number) => `${Math.round(value)} ms`;
const ms1 = (value: number) => `${value.toFixed(1)} ms`;
const seconds = (value: number) => `${(value / 1000).toFixed(2)} s`;
const signedMs = (value: number) => `${value >= 0 ? '+' : '−'}${ms(Math.abs(value))}`;
const signedKb = (bytes: number) => `${bytes >= 0 ? '+' : '−'}${kb(Math.abs(bytes))}`;

export interface SuiteWallTime {
  seconds: number;
  tests: number;
  at: string;
}

/** Row 6: wall time of the last `npm test` suites, from their JSON reports. */
export function suiteWallTime(file: string): SuiteWallTime | null {
  if (!existsSync(file)) return null;
  const report = JSON.parse(readFileSync(file, 'utf8')) as {
    startTime: number;
    numTotalTests: number;
    testResults: { endTime?: number }[];
  };
  const end = Math.max(...report.testResults.map((result) => result.endTime ?? 0));
  if (!Number.isFinite(end) || end <= 0) return null;
  return {
    seconds: (end - report.startTime) / 1000,
    tests: report.numTotalTests,
    at: new Date(report.startTime).toISOString().slice(0, 16).replace('T', ' '),
  };
}

// ---------------------------------------------------------------------------------------------
// The table
// ---------------------------------------------------------------------------------------------

/** Everything one run measured, as index.ts collects it. */
export interface BenchResults {
  started: number;
  machine: string;
  buildSeconds: number;
  reusedBuilds: boolean;
  runs: number;
  longRuns: number;
  phoneRuns: number;
  loads: number;
  load: Record<Variant, LoadBytes>;
  ssrToggle: boolean;
  pages: PageRun[];
  hovered: number[];
  long: LongAnswer[];
  leaks: Leaks | null;
  phone: PhoneRun[];
  /** Row 8 (Node): the Markdown readers on the pathology corpus. */
  markdown: MarkdownReaders | null;
  /** Rows 3 and 7's floor: the floor page's code and its timings, interleaved with the widget's. */
  floor: FloorResults | null;
  /** Row 9: the first open's surface cases. */
  surfaces: SurfaceCases | null;
}

/** The floor page (floor.ts), measured page by page beside the widget's pages. */
export interface FloorResults {
  code: FloorCode;
  desktop: FloorRun[];
  phone: FloorRun[];
}

/**
 * "The first delta in the next frame": no frame may begin after the delta arrived and before its
 * text was in the DOM. A page cannot make a frame come sooner, so this is the part a widget owns.
 */
function nextFrameRow(row: string, runs: FirstDelta[]): Partial<Row> & Pick<Row, 'row' | 'what'> {
  const onTime = runs.filter((r) => r.framesLate === 0).length;
  return {
    row,
    what: '… drawn by the first frame that begins after it arrives (no frame in between without it)',
    goal: 'next frame',
    median: `${onTime}/${runs.length} in the next frame`,
    n: String(runs.length),
    met: yesNo(onTime >= Math.ceil(0.95 * runs.length)),
  };
}

/**
 * The widget's own share of the time to the frame that draws the first delta: arrival → that frame
 * begins, minus arrival → the next frame whatever it draws (the floor the frame's phase sets: with
 * arrivals at random moments of a frame it is spread over a whole frame interval, whatever the page
 * does). Drawn by the next frame, it is the time the page's other animation callbacks take before
 * the probe's in that same frame; a frame late, a whole frame more.
 */
function frameStartRow(
  row: string,
  runs: FirstDelta[],
  withGoal: boolean,
): Partial<Row> & Pick<Row, 'row' | 'what'> {
  const start = runs.map((r) => r.deltaToFrameStartMs);
  const floor = runs.map((r) => r.nextFrameMs);
  const rendered = runs.map((r) => r.deltaToFrameMs);
  const added = runs.map((r) => r.deltaToFrameStartMs - r.nextFrameMs);
  const frame = median(runs.map((r) => r.frameIntervalMs));
  return {
    row,
    what:
      `… the widget's own added time: arrival → that frame begins (${ms1(median(start))}, p95 ` +
      `${ms1(p95(start))}) minus arrival → the next frame whatever it draws (the frame's phase: ` +
      `${ms1(median(floor))}, p95 ${ms1(p95(floor))}; frames every ${frame.toFixed(1)} ms; that ` +
      `frame rendered: ${ms1(median(rendered))}, p95 ${ms1(p95(rendered))})`,
    // Less than a frame at p95: the widget never makes its text wait for a later frame.
    ...(withGoal && { goal: '< 1 frame p95', met: yesNo(p95(added) < frame) }),
    median: ms1(median(added)),
    p95: ms1(p95(added)),
    n: String(runs.length),
  };
}

/**
 * Click → `chatkit.ready` as a multiple of the floor page's click → session answered (floor.ts),
 * measured page by page beside it in this run: the medians' ratio and the p95s' ratio.
 */
function floorRatioRow(
  row: string,
  widget: number[],
  floor: FloorRun[],
  code: FloorCode,
  show: (value: number) => string,
): Partial<Row> & Pick<Row, 'row' | 'what'> {
  const done = floor.map((r) => r.doneMs);
  const codeIn = floor.map((r) => r.codeMs);
  const atMedian = median(widget) / median(done);
  const atP95 = p95(widget) / p95(done);
  return {
    row,
    what:
      `… ÷ the floor, measured beside it (a page that on a click fetches the same ` +
      `${kb(code.raw)} as one file, ${kb(code.gzip)} gzip, then posts the session request: ` +
      `click → code in ${show(median(codeIn))}, answered ${show(median(done))}, p95 ${show(p95(done))})`,
    goal: '≤ 1.3× p95',
    median: `${atMedian.toFixed(2)}× (${show(median(widget))} ÷ ${show(median(done))})`,
    p95: `${atP95.toFixed(2)}× (${show(p95(widget))} ÷ ${show(p95(done))})`,
    n: `${widget.length} + ${done.length}`,
    met: yesNo(atP95 <= 1.3),
  };
}

export interface Row {
  row: string;
  what: string;
  goal: string;
  median: string;
  p95: string;
  n: string;
  met: string;
}

const yesNo = (ok: boolean) => (ok ? 'yes' : '**no**');

export function tableRows(results: BenchResults): Row[] {
  const { load, loads: LOADS, ssrToggle, pages: runs, hovered, long, leaks, phone } = results;
  const rows: Row[] = [];
  const add = (row: Partial<Row> & Pick<Row, 'row' | 'what'>) =>
    rows.push({ goal: '', median: '', p95: '', n: '', met: '', ...row });

  const floor = load.none;
  const added = (variant: Variant) => ({
    gzip: load[variant].gzip - floor.gzip,
    raw: load[variant].raw - floor.raw,
  });
  const widgetAdds = added('widget');
  const naiveAdds = added('naive');
  const lazyGzip = median(runs.map((r) => r.lazyGzip));
  const lazyRaw = median(runs.map((r) => r.lazyRaw));
  add({
    row: '1',
    what: `JS+CSS that ${PAGE} downloads before any interaction, ${VARIANTS.none}`,
    median: `${kb(floor.gzip)} gzip (${kb(floor.raw)} raw, ${floor.files} files)`,
    n: String(LOADS),
  });
  add({
    row: '1',
    what: '… added by this widget (toggle shell and "Ask about this")',
    goal: '≤ 3 KB gzip',
    median: `${signedKb(widgetAdds.gzip)} gzip (${signedKb(widgetAdds.raw)} raw)`,
    n: String(LOADS),
    met: yesNo(widgetAdds.gzip <= 3 * 1024),
  });
  add({
    row: '1',
    what: `… added by ${VARIANTS.naive} (ChatKit React + useChatKit in Root)`,
    median:
      `${signedKb(naiveAdds.gzip)} gzip (${signedKb(naiveAdds.raw)} raw)` +
      (load.naive.cdnRequests
        ? ", plus OpenAI's chatkit.js on every page (its CDN is unreachable here: not counted)"
        : ''),
    n: String(LOADS),
  });
  add({
    row: '1',
    what: "this widget's chat code, fetched on the first open",
    goal: '≤ 45 KB gzip',
    median:
      `${kb(lazyGzip)} gzip (${kb(lazyRaw)} raw); loaded eagerly it would add ` +
      `${signedKb(widgetAdds.gzip + lazyGzip)}: lazy loading keeps ` +
      `${((lazyGzip / (widgetAdds.gzip + lazyGzip)) * 100).toFixed(0)} % off the page; ` +
      `the shell is ${(widgetAdds.gzip / naiveAdds.gzip).toFixed(1)}× the eager wiring's same-origin bytes`,
    n: String(runs.length),
    met: yesNo(lazyGzip <= 45 * 1024),
  });
  const earlyRequests = load.widget.backendRequests + load.widget.cdnRequests;
  add({
    row: '1',
    what: 'requests to the backend or OpenAI before the first open',
    goal: '0',
    median: String(earlyRequests),
    n: String(LOADS),
    met: yesNo(earlyRequests === 0),
  });
  add({
    row: '2',
    what: 'toggle in the server-rendered HTML',
    goal: 'yes',
    median: ssrToggle ? 'yes' : 'no',
    met: yesNo(ssrToggle),
  });
  const samePaint = runs.filter((r) => r.toggleSameFrame).length;
  const afterFcp = runs.map((r) => r.toggleAfterFcpMs);
  add({
    row: '2',
    what: 'toggle first painted in the frame of first contentful paint (else: ms later)',
    goal: 'same paint',
    median: `${samePaint}/${runs.length} same frame; +${ms(median(afterFcp))}`,
    p95: `+${ms(p95(afterFcp))}`,
    n: String(runs.length),
    met: yesNo(samePaint === runs.length),
  });
  const open = runs.map((r) => r.openToReadyMs);
  add({
    row: '3',
    what: 'first open, fresh page: click → `chatkit.ready`',
    goal: '≤ 150 ms p95',
    median: ms(median(open)),
    p95: ms(p95(open)),
    n: String(open.length),
    met: yesNo(p95(open) <= 150),
  });
  if (results.floor?.desktop.length) {
    add(floorRatioRow('3', open, results.floor.desktop, results.floor.code, ms));
  }
  add({
    row: '3',
    what: `… the pointer resting ${HOVER_DWELL_MS} ms on the toggle first (its code loads on the hint)`,
    median: ms(median(hovered)),
    p95: ms(p95(hovered)),
    n: String(hovered.length),
  });
  const milestone = (
    pages: { open: OpenMilestones }[],
    pick: (m: OpenMilestones) => number | null,
  ) => {
    const values = pages
      .map((r) => pick(r.open))
      .filter((v): v is number => v !== null && !isNaN(v));
    return values.length ? ms(median(values)) : 'n/a';
  };
  add({
    row: '3',
    what: '… where it goes (medians after the click)',
    median:
      `session requested ${milestone(runs, (m) => m.sessionStart)}, ` +
      `answered ${milestone(runs, (m) => m.sessionEnd)}; ` +
      `OpenAI's script failed ${milestone(runs, (m) => m.cdnFailed)}; ` +
      `last chat chunk loaded ${milestone(runs, (m) => m.chunksLoaded)}`,
    n: String(runs.length),
  });
  const reopen = runs.map((r) => r.reopenMs);
  add({
    row: '3',
    what: 'warm re-open: click → first frame with the composer visible',
    median: ms(median(reopen)),
    p95: ms(p95(reopen)),
    n: String(reopen.length),
  });
  add({
    row: '4',
    what: `first streamed delta (the model's first token ${FIRST_TOKEN_MS} ms after the question): arrival → its text in the DOM`,
    median: ms1(median(runs.map((r) => r.deltaToDomMs))),
    p95: ms1(p95(runs.map((r) => r.deltaToDomMs))),
    n: String(runs.length),
  });
  add(nextFrameRow('4', runs));
  add(frameStartRow('4', runs, true));
  const longCount = long.reduce((sum, r) => sum + r.count, 0);
  add({
    row: '4',
    what: `long tasks (> 50 ms) while a ${Math.min(...long.map((r) => r.chars))}-character answer streams`,
    goal: 'none',
    median:
      `${longCount} in ${long.length} answers` +
      (longCount ? `, longest ${ms(Math.max(...long.map((r) => r.maxMs)))}` : ''),
    n: String(long.length),
    met: yesNo(longCount === 0),
  });
  if (leaks) {
    const { baseline, idle, afterCycles, afterQuestions } = leaks;
    const mb = (bytes: number) =>
      `${bytes >= 0 ? '+' : '−'}${(Math.abs(bytes) / 2 ** 20).toFixed(2)} MB`;
    const growth = afterQuestions.heap - baseline.heap;
    add({
      row: '5',
      what: `JS heap after GC: ${CYCLES} open/close cycles, then ${QUESTIONS} questions (answers kept in the thread)`,
      goal: '≤ 1 MB',
      median:
        `${mb(growth)}: cycles ${mb(afterCycles.heap - baseline.heap)}, ` +
        `questions ${mb(afterQuestions.heap - afterCycles.heap)} (idle drift ${mb(idle.heap - baseline.heap)})`,
      n: '1',
      met: yesNo(growth <= 2 ** 20),
    });
    const left = (s: Leftovers) =>
      `${s.timeouts}/${s.intervals}/${s.listeners.window}/${s.listeners.document}`;
    add({
      row: '5',
      what: 'timeouts / intervals pending, listeners on window / document: before → after',
      goal: 'no growth',
      median: `${left(baseline)} → ${left(afterQuestions)}`,
      n: '1',
      met: yesNo(
        afterQuestions.timeouts <= baseline.timeouts &&
          afterQuestions.intervals <= baseline.intervals &&
          afterQuestions.listeners.window <= baseline.listeners.window &&
          afterQuestions.listeners.document <= baseline.listeners.document,
      ),
    });
  }
  for (const [name, file] of [
    ['headless story suite (test-storybook, 2 workers)', 'test-results/stories.json'],
    ['e2e suite (Vitest + Playwright)', 'test-results/e2e.json'],
  ] as const) {
    const wall = suiteWallTime(file);
    add({
      row: '6',
      what: `${name} wall time`,
      median: wall
        ? `${wall.seconds.toFixed(1)} s (${wall.tests} tests, run ${wall.at} UTC)`
        : 'run npm test first',
    });
  }
  if (phone.length) {
    const profile =
      `${PHONE.viewport.width}×${PHONE.viewport.height} touch, ${PHONE.cpuSlowdown}× CPU, ` +
      `${PHONE.rttMs} ms RTT, ${(PHONE.downKbps / 1024).toFixed(1)} Mbps down, ` +
      `${PHONE.upKbps} Kbps up`;
    const loadTimes = phone.map((r) => r.loadMs);
    add({
      row: '7',
      what: `phone profile (${profile}): ${PAGE} navigation → load event`,
      median: seconds(median(loadTimes)),
      p95: seconds(p95(loadTimes)),
      n: String(phone.length),
    });
    const tapOpen = phone.map((r) => r.openToReadyMs);
    add({
      row: '7',
      what: '… first open, fresh page: tap on the toggle, click → `chatkit.ready`',
      goal: '≤ 1.2 s median',
      median: seconds(median(tapOpen)),
      p95: seconds(p95(tapOpen)),
      n: String(tapOpen.length),
      met: yesNo(median(tapOpen) <= 1200),
    });
    if (results.floor?.phone.length) {
      add(floorRatioRow('7', tapOpen, results.floor.phone, results.floor.code, seconds));
    }
    add({
      row: '7',
      what: '… where it goes (medians after the click)',
      median:
        `first contact → click ${ms(median(phone.map((r) => r.contactToClickMs)))}; ` +
        `session requested ${milestone(phone, (m) => m.sessionStart)}, ` +
        `answered ${milestone(phone, (m) => m.sessionEnd)}; ` +
        `last chat chunk loaded ${milestone(phone, (m) => m.chunksLoaded)}`,
      n: String(phone.length),
    });
    add(nextFrameRow('7', phone));
    add(frameStartRow('7', phone, false));
  }
  if (results.markdown) {
    const { families, atOrBelow, overCap } = markdownSummary(results.markdown);
    add({
      row: '8',
      what:
        `Markdown readers in Node, worst case at 50 k characters: the shipped reader's at or ` +
        `below markdown-it's (the table below)`,
      median:
        `${atOrBelow}/${families} families; over the ${results.markdown.capMs} ms cap: ` +
        MARKDOWN_READERS.map((reader) => `${READER_NAMES[reader]} ${overCap[reader]}`).join(', '),
      n: String(results.markdown.runs),
    });
  }
  if (results.surfaces) add(surfacesRow(results.surfaces));
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Row 9: the first open's surface cases
// ---------------------------------------------------------------------------------------------

const runsOf = (surfaces: SurfaceCases, id: SurfaceCase) =>
  surfaces.cases.filter((run) => run.case === id);

/** One open's bytes of the kinds `kinds`: those it started by usable (`by`), or after, or all. */
function bytesOf(
  run: SurfaceRun,
  kinds: readonly string[],
  when: 'by' | 'after' | 'all',
): { gzip: number; transfer: number } {
  const files = run.files.filter(
    (f) => kinds.includes(f.kind) && (when === 'all' || (when === 'by') === f.beforeUsable),
  );
  return {
    gzip: files.reduce((sum, f) => sum + f.gzip, 0),
    transfer: files.reduce((sum, f) => sum + f.transfer, 0),
  };
}

/** The median open's bytes (byte counts repeat; which files fall before usable may vary). */
function medianBytes(runs: SurfaceRun[], kinds: readonly string[], when: 'by' | 'after' | 'all') {
  const all = runs.map((run) => bytesOf(run, kinds, when));
  return { gzip: median(all.map((b) => b.gzip)), transfer: median(all.map((b) => b.transfer)) };
}

const sized = (b: { gzip: number; transfer: number }) =>
  b.gzip ? `${kb(b.gzip)} (${kb(b.transfer)} sent)` : '—';

const ALL_KINDS = ['chat', 'local', 'copy', 'markdown'] as const;
const LOCAL_KINDS = ['local', 'copy', 'markdown'] as const;

/** Median of a milestone over the runs that have it, or null. */
function medianOf(values: (number | null | undefined)[]): number | null {
  const present = values.filter((v): v is number => typeof v === 'number' && !isNaN(v));
  return present.length ? median(present) : null;
}

/** When each run's local element chunk (surface.ts's import) had arrived, after the click. */
const localLoaded = (run: SurfaceRun) => run.files.find((f) => f.kind === 'local')?.end ?? null;

/** What the recommendation is computed from (printed in it and kept in bench.json). */
export function surfaceFigures(surfaces: SurfaceCases) {
  const works = runsOf(surfaces, 'works');
  const without = runsOf(surfaces, 'works-no-local');
  const blocked = runsOf(surfaces, 'blocked');
  const frame = runsOf(surfaces, 'frame-400');
  const alone = without.map((run) => run.alone!).filter(Boolean);
  const wasted = medianBytes(works, LOCAL_KINDS, 'all');
  const total = medianBytes(works, ALL_KINDS, 'all');
  // The local element's chunk as surface.ts imports it (the hint's copy aside).
  const firstLocal = medianOf(
    blocked.map((run) => run.files.find((f) => f.kind === 'local')?.gzip),
  );
  const usable = (runs: SurfaceRun[]) => runs.map((run) => run.usableMs);
  const costMedian = median(alone.map((a) => a.totalMs));
  const costP95 = p95(alone.map((a) => a.totalMs));
  const evaluationMs = median(alone.map((a) => a.scriptMs + a.modulesMs));
  const blockedP95 = p95(usable(blocked));
  const frameP95 = p95(usable(frame));
  // The phone profile's network (computed, not measured; a compressing server's gzip bytes): what
  // case (a) stops downloading, and what a deferred fetch adds to (b) and (c): one more round
  // trip, the chunk's bytes, and its evaluation at the phone's CPU slowdown.
  const atPhoneRate = (bytes: number) => ((bytes * 8) / (PHONE.downKbps * 1024)) * 1000;
  const phoneSavingMs = atPhoneRate(wasted.gzip);
  const phoneCostMs = PHONE.rttMs + atPhoneRate(firstLocal ?? 0) + evaluationMs * PHONE.cpuSlowdown;
  return {
    wastedGzip: wasted.gzip,
    wastedTransfer: wasted.transfer,
    worksTotalGzip: total.gzip,
    localChunkGzip: firstLocal ?? 0,
    worksMs: median(usable(works)),
    withoutLocalMs: median(usable(without)),
    costMedianMs: costMedian,
    costP95Ms: costP95,
    evaluationMs,
    /** The slower fallback case's median click → usable, today. */
    fallbackMs: Math.max(median(usable(blocked)), median(usable(frame))),
    fallbackP95Ms: Math.max(blockedP95, frameP95),
    phoneSavingMs,
    phoneCostMs,
    /**
     * The share of opens that must be case (a) for the saving to outweigh the cost on the phone
     * profile's network: cost ÷ (cost + saving), one (b)/(c) open's wait against one (a) open's.
     */
    breakEven: phoneCostMs / (phoneCostMs + phoneSavingMs),
  };
}

/** Row 9's line in the main table: each case's click → usable (the section below has the rest). */
function surfacesRow(surfaces: SurfaceCases): Partial<Row> & Pick<Row, 'row' | 'what'> {
  const ids: SurfaceCase[] = ['works', 'blocked', 'frame-400'];
  const times = ids.map((id) => runsOf(surfaces, id).map((run) => run.usableMs));
  const { wastedGzip } = surfaceFigures(surfaces);
  return {
    row: '9',
    what:
      "first open by surface case, click → usable: (a) OpenAI's script works / (b) blocked / " +
      `(c) its frame fails (stand-in; section below)`,
    median:
      `${times.map((t) => ms(median(t))).join(' / ')}; (a) fetches ${kb(wastedGzip)} gzip of ` +
      'the local element for nothing',
    p95: times.map((t) => ms(p95(t))).join(' / '),
    n: String(times[0]!.length),
  };
}

/** Row 9's section: the cases' bytes and times, where they go, the chunk alone, the recommendation. */
export function surfaceLines(surfaces: SurfaceCases): string[] {
  const header = [
    'case',
    'served by',
    'chat code',
    'local element',
    "its hint's copy",
    'its Markdown reader',
    'all, by usable',
    'fetched after usable',
    'click → usable',
    'p95',
    'n',
  ];
  const lines = [
    `Row 9: the first open by surface case, desktop, fresh pages, the cases interleaved ` +
      `(${surfaces.runs} cycles). OpenAI's script is the e2e suites' stand-in ` +
      `(tests/support/openaiStandIn.ts) at its CDN address, answering at once (a real frame adds ` +
      `its load, and fails later). Usable: \`chatkit.ready\` of the element that serves. Bytes: ` +
      `files from the site's own origin whose request started between the click (the pointer's ` +
      `hint just before it included) and usable, gzip level 9 (and as sent here: Resource Timing's ` +
      `transferSize, uncompressed); medians. The local element: the chunk that defines ` +
      `LocalChatKitElement (it styles \`[data-ck-host]\`) as surface.ts imports it; its hint's copy: ` +
      `a second chunk of the same modules (below); its Markdown reader: the chunk exporting ` +
      `renderMarkdown, which the element fetches once it starts.`,
    '',
    `| ${header.join(' | ')} |`,
    `| --- | --- | ${header
      .slice(2)
      .map(() => ':-:')
      .join(' | ')} |`,
  ];
  for (const spec of SURFACE_CASES) {
    const runs = runsOf(surfaces, spec.id);
    if (!runs.length) continue;
    const usable = runs.map((run) => run.usableMs);
    lines.push(
      `| ${[
        spec.label,
        spec.servedBy,
        sized(medianBytes(runs, ['chat'], 'by')),
        sized(medianBytes(runs, ['local'], 'by')),
        sized(medianBytes(runs, ['copy'], 'by')),
        sized(medianBytes(runs, ['markdown'], 'by')),
        sized(medianBytes(runs, ALL_KINDS, 'by')),
        sized(medianBytes(runs, ALL_KINDS, 'after')),
        ms(median(usable)),
        ms(p95(usable)),
        String(runs.length),
      ].join(' | ')} |`,
    );
  }
  const at = (value: number | null) => (value === null ? 'n/a' : ms(value));
  const where = (id: SurfaceCase, failed: string) => {
    const runs = runsOf(surfaces, id);
    return (
      `${failed} ${at(medianOf(runs.map((r) => r.openaiFailedMs)))}, the local element's chunk ` +
      `loaded ${at(medianOf(runs.map(localLoaded)))}, session answered ` +
      `${at(medianOf(runs.map((r) => r.sessionAnsweredMs)))}, usable ` +
      `${ms(median(runs.map((r) => r.usableMs)))}`
    );
  };
  const alone = runsOf(surfaces, 'works-no-local')
    .map((run) => run.alone)
    .filter((a) => a !== undefined);
  const f = surfaceFigures(surfaces);
  // The hint's copy: a second chunk defining the local element, in the same open.
  const opens = surfaces.cases.filter((run) => run.case !== 'works-no-local');
  const copies = opens.flatMap((run) => run.files.filter((x) => x.kind === 'copy'));
  lines.push(
    '',
    `- Where (b) goes (medians after the click): ${where('blocked', "OpenAI's script failed")}.`,
    `- Where (c) goes: ${where('frame-400', "the stand-in's frame error")}.`,
  );
  if (alone.length) {
    const part = (pick: (a: NonNullable<SurfaceRun['alone']>) => number) =>
      ms1(median(alone.map(pick)));
    lines.push(
      `- The local element's chunk alone, as fetching it on failure would load it (in (a′)'s page ` +
        `once idle, the chat code loaded; ${new URL(alone[0]!.url).pathname}, ` +
        `${kb(f.localChunkGzip)} gzip): fetch ${part((a) => a.fetchMs)} + script ` +
        `${part((a) => a.scriptMs)} + its modules ${part((a) => a.modulesMs)} = ` +
        `${ms1(f.costMedianMs)} median, p95 ${ms1(f.costP95Ms)} (n ${alone.length}).`,
    );
  }
  if (copies.length) {
    const later = copies.filter((copy) => !copy.beforeUsable).length;
    lines.push(
      `- Fetched twice: the toggle's hint imports the local element itself 150 ms after the ` +
        `pointer arrives (index.tsx \`preload\`), and webpack serves that import as another chunk of ` +
        `the same modules (${new URL(copies[0]!.url).pathname}, ` +
        `${kb(median(copies.map((c) => c.gzip)))} gzip), after surface.ts's import has fetched the ` +
        `first: in ${copies.length} of ${opens.length} opens of (a), (b) and (c), started after ` +
        `the chat was usable in ${later} of them.`,
    );
  }
  // The rule: most readers get a working OpenAI element (issue 19), so fetching on failure is
  // recommended unless it pays off only where nearly all of them do (a break-even above 75 %).
  const worth = f.breakEven <= 0.75;
  const pct = (share: number) => `${(share * 100).toFixed(0)} %`;
  const saves =
    `case (a) saves ${kb(f.wastedGzip)} gzip per open (both copies; ` +
    `${pct(f.wastedGzip / f.worksTotalGzip)} of what it fetches from the site; ≈${ms(f.phoneSavingMs)} ` +
    `at the phone profile's ${(PHONE.downKbps / 1024).toFixed(1)} Mbps) and ` +
    `${signedMs(f.worksMs - f.withoutLocalMs)} of click → usable here ((a) − (a′), medians)`;
  const costs =
    `cases (b) and (c) wait for one fetch and evaluation of the chunk after the failure: ` +
    `+${ms(f.costMedianMs)} here (p95 +${ms(f.costP95Ms)}; their slower median is ` +
    `${ms(f.fallbackMs)}, p95 ${ms(f.fallbackP95Ms)}), ≈+${ms(f.phoneCostMs)} on the phone profile ` +
    `(one ${PHONE.rttMs} ms round trip, ${kb(f.localChunkGzip)} gzip, ${PHONE.cpuSlowdown}× its ` +
    `evaluation; computed)`;
  lines.push(
    worth
      ? `- **Recommendation:** fetch the local element only on failure (OpenAI's script fails to ` +
          `load, or its element fails): ${saves}; ${costs}. It pays off wherever more than ` +
          `${pct(f.breakEven)} of first opens are case (a).`
      : `- **Recommendation:** keep fetching the local element beside OpenAI's script: fetching ` +
          `it only on failure, ${saves}, but ${costs}; it would pay off only where more than ` +
          `${pct(f.breakEven)} of first opens are case (a).`,
  );
  return lines;
}

// ---------------------------------------------------------------------------------------------
// Row 8: the Markdown readers
// ---------------------------------------------------------------------------------------------

/** A package's installed version, read from its package.json. */
function versionOf(name: string): string {
  try {
    const { version } = JSON.parse(readFileSync(`node_modules/${name}/package.json`, 'utf8')) as {
      version: string;
    };
    return version;
  } catch {
    return '?';
  }
}

const READER_NAMES: Record<MarkdownReader, string> = {
  shipped: 'shipped',
  'markdown-it': 'markdown-it',
  marked: 'marked',
};

/** The largest size: the worst case of every family. */
const LARGEST = MARKDOWN_SIZES[MARKDOWN_SIZES.length - 1]!;

/** A timing as the table shows it: `12.3 ms`, `>2000 ms`, or what the reader threw. */
function reading(timing: MarkdownTiming, capMs: number): string {
  if (timing.worstMs !== null) return ms1(timing.worstMs);
  if (timing.error) return `threw ${timing.error}${timing.skipped ? ' †' : ''}`;
  return `>${capMs} ms${timing.skipped ? ' †' : ''}`;
}

/**
 * The shipped reader's worst case is at or below markdown-it's: it finished and markdown-it was
 * slower or did not finish (over the cap, or threw). Both unfinished is not counted.
 */
function shippedAtOrBelow(times: Record<MarkdownReader, MarkdownTiming>): boolean {
  const shipped = times.shipped.worstMs;
  const reference = times['markdown-it'].worstMs;
  return shipped !== null && (reference === null || shipped <= reference);
}

/** The last column: at or below markdown-it's, with the shipped reader's time as a multiple of it. */
function comparison(times: Record<MarkdownReader, MarkdownTiming>): string {
  const shipped = times.shipped.worstMs;
  const reference = times['markdown-it'].worstMs;
  const ratio = shipped !== null && reference ? ` (${(shipped / reference).toFixed(2)}×)` : '';
  return `${shippedAtOrBelow(times) ? 'yes' : '**no**'}${ratio}`;
}

/** The inputs each family is judged on: its largest, and the fixed `staircase(30)`. */
function worstInputs(markdown: MarkdownReaders) {
  return markdown.inputs.filter((input) => input.size === LARGEST || input.size === null);
}

function markdownSummary(markdown: MarkdownReaders) {
  const judged = worstInputs(markdown).filter((input) => input.family !== 'baseline');
  const families = judged.filter((input) => input.size !== null);
  const overCap = Object.fromEntries(
    MARKDOWN_READERS.map((reader) => [
      reader,
      families.filter((input) => input.times[reader].worstMs === null).length,
    ]),
  ) as Record<MarkdownReader, number>;
  return {
    families: families.length,
    atOrBelow: families.filter((input) => shippedAtOrBelow(input.times)).length,
    overCap,
  };
}

/** Row 8's table: per family, each reader's worst case at 50 k, then the summary line. */
export function markdownLines(markdown: MarkdownReaders): string[] {
  const { capMs, runs } = markdown;
  const header = [
    'family',
    `${READER_NAMES.shipped} (markdown/lexer.ts)`,
    `markdown-it ${versionOf('markdown-it')}`,
    `marked ${versionOf('marked')}`,
    'shipped ≤ markdown-it (shipped ÷ markdown-it)',
  ];
  const lines = [
    `Row 8: Markdown readers in Node, each in its own worker thread, a ${capMs} ms cap on every ` +
      `reading; the worst of ${runs} timed readings (after one to warm up) of each family's ` +
      `${LARGEST / 1000} k-character input.`,
    '',
    `| ${header.join(' | ')} |`,
    `| --- | ${header
      .slice(1)
      .map(() => ':-:')
      .join(' | ')} |`,
  ];
  for (const input of worstInputs(markdown)) {
    const name =
      input.family === 'baseline'
        ? 'baseline (plain paragraphs, for scale)'
        : input.size === null
          ? `${input.family} (${input.chars} chars)`
          : input.family;
    lines.push(
      `| ${[
        name,
        ...MARKDOWN_READERS.map((reader) => reading(input.times[reader], capMs)),
        input.family === 'baseline' ? '' : comparison(input.times),
      ].join(' | ')} |`,
    );
  }
  const { families, atOrBelow, overCap } = markdownSummary(markdown);
  const skipped = markdown.inputs.some((input) =>
    MARKDOWN_READERS.some((reader) => input.times[reader].skipped),
  );
  lines.push(
    '',
    ...(skipped
      ? [`† not read: the family's smaller input was already over the cap (or threw).`]
      : []),
    `The shipped reader's worst case is at or below markdown-it's on ${atOrBelow} of ${families} ` +
      `families; over the ${capMs} ms cap (or threw): ` +
      MARKDOWN_READERS.map((reader) => `${READER_NAMES[reader]} on ${overCap[reader]}`).join(', ') +
      '.',
  );
  return lines;
}

/** `npm run bench -- markdown`: row 8 alone, printed and written to test-results/bench-markdown.json. */
export function reportMarkdown(markdown: MarkdownReaders, machine: string, started: number): void {
  const date = new Date().toISOString().slice(0, 10);
  console.log(
    [
      `Benchmark ${date}, ${machine}, Node ${process.version}: row 8 alone.`,
      '',
      ...markdownLines(markdown),
      '',
      `Total ${((Date.now() - started) / 1000).toFixed(0)} s.`,
    ].join('\n'),
  );
  mkdirSync('test-results', { recursive: true });
  writeFileSync(
    'test-results/bench-markdown.json',
    `${JSON.stringify({ date: new Date().toISOString(), machine, markdown }, null, 2)}\n`,
  );
}

/**
 * `npm run bench -- floor`: rows 3, 4 and 7 as the floor measures them: click → `chatkit.ready`
 * and its ratio to the floor page, the first delta in the next frame and the widget's added time.
 */
export function floorRows(results: BenchResults): Row[] {
  const rows: Row[] = [];
  const add = (row: Partial<Row> & Pick<Row, 'row' | 'what'>) =>
    rows.push({ goal: '', median: '', p95: '', n: '', met: '', ...row });
  const { pages, phone, floor } = results;
  if (!floor) return rows;
  const open = pages.map((r) => r.openToReadyMs);
  add({
    row: '3',
    what: 'first open, fresh page: click → `chatkit.ready`',
    median: ms(median(open)),
    p95: ms(p95(open)),
    n: String(open.length),
  });
  add(floorRatioRow('3', open, floor.desktop, floor.code, ms));
  add(nextFrameRow('4', pages));
  add(frameStartRow('4', pages, true));
  if (phone.length) {
    const tapOpen = phone.map((r) => r.openToReadyMs);
    add({
      row: '7',
      what: 'phone profile, first open, fresh page: tap on the toggle, click → `chatkit.ready`',
      median: seconds(median(tapOpen)),
      p95: seconds(p95(tapOpen)),
      n: String(tapOpen.length),
    });
    add(floorRatioRow('7', tapOpen, floor.phone, floor.code, seconds));
    add(nextFrameRow('7', phone));
    add(frameStartRow('7', phone, false));
  }
  return rows;
}

const tableLines = (rows: Row[]) => {
  const header = ['#', 'what', 'goal', 'median', 'p95', 'n', 'met'];
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map((h) => (h === 'what' || h === 'median' ? '---' : ':-:')).join(' | ')} |`,
    ...rows.map((r) => `| ${[r.row, r.what, r.goal, r.median, r.p95, r.n, r.met].join(' | ')} |`),
  ];
};

/**
 * `npm run bench -- surfaces` or `-- floor` (or both): those rows alone, printed and written to
 * test-results/bench-<rows>.json.
 */
export function reportAlone(results: BenchResults, names: string[]): void {
  const date = new Date().toISOString().slice(0, 10);
  const rows = [
    ...(results.floor ? floorRows(results) : []),
    ...(results.surfaces
      ? [{ goal: '', p95: '', n: '', met: '', median: '', ...surfacesRow(results.surfaces) }]
      : []),
  ];
  const lines = [
    `Benchmark ${date}, ${results.machine}, Chromium headless: ${names.join(' and ')} alone` +
      (results.floor
        ? `, ${results.runs} fresh pages each of the widget and the floor (phone profile: ${results.phoneRuns})`
        : '') +
      '.',
    '',
    ...tableLines(rows),
    ...(results.surfaces ? ['', ...surfaceLines(results.surfaces)] : []),
    '',
    `Builds ${results.buildSeconds.toFixed(0)} s${results.reusedBuilds ? ' (reused where present)' : ''}, ` +
      `total ${((Date.now() - results.started) / 1000).toFixed(0)} s.`,
  ];
  console.log(lines.join('\n'));
  const { pages, phone, floor, surfaces } = results;
  mkdirSync('test-results', { recursive: true });
  writeFileSync(
    `test-results/bench-${names.join('-')}.json`,
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        machine: results.machine,
        runs: results.runs,
        phoneRuns: results.phoneRuns,
        phoneProfile: PHONE,
        rows,
        ...(surfaces && { surfaceFigures: surfaceFigures(surfaces) }),
        raw: { pages, phone, floor, surfaces },
      },
      null,
      2,
    )}\n`,
  );
}

/** Prints the table on stdout and writes it, with every raw figure, to test-results/bench.json. */
export function report(results: BenchResults): void {
  const rows = tableRows(results);
  const date = new Date().toISOString().slice(0, 10);
  const lines = [
    `Benchmark ${date}, ${results.machine}, Chromium headless, ${results.runs} fresh pages per timing row ` +
      `(phone profile: ${results.phoneRuns}), OpenAI's CDN blocked (local surface; row 9: its stand-in).`,
    '',
    ...tableLines(rows),
    '',
    `Builds ${results.buildSeconds.toFixed(0)} s${results.reusedBuilds ? ' (reused where present)' : ''}, ` +
      `total ${((Date.now() - results.started) / 1000).toFixed(0)} s.`,
    ...(results.markdown ? ['', ...markdownLines(results.markdown)] : []),
    ...(results.surfaces ? ['', ...surfaceLines(results.surfaces)] : []),
  ];
  console.log(lines.join('\n'));

  const { load, ssrToggle, pages, hovered, long, leaks, phone, markdown, floor, surfaces } =
    results;
  mkdirSync('test-results', { recursive: true });
  writeFileSync(
    'test-results/bench.json',
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        machine: results.machine,
        runs: results.runs,
        longRuns: results.longRuns,
        phoneRuns: results.phoneRuns,
        phoneProfile: PHONE,
        rows,
        ...(surfaces && { surfaceFigures: surfaceFigures(surfaces) }),
        raw: { load, ssrToggle, pages, hovered, long, leaks, phone, markdown, floor, surfaces },
      },
      null,
      2,
    )}\n`,
  );
}
