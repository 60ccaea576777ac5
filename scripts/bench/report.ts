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
 * Arrival → the frame that draws the text begins, beside the same time to the next frame whatever
 * it draws: with arrivals at random moments of a frame, that floor alone is spread over a whole
 * frame interval (its p95 is about 95 % of one), whatever the page does.
 */
function frameStartRow(
  row: string,
  runs: FirstDelta[],
  withGoal: boolean,
): Partial<Row> & Pick<Row, 'row' | 'what'> {
  const start = runs.map((r) => r.deltaToFrameStartMs);
  const floor = runs.map((r) => r.nextFrameMs);
  const rendered = runs.map((r) => r.deltaToFrameMs);
  const interval = median(runs.map((r) => r.frameIntervalMs)).toFixed(1);
  return {
    row,
    what:
      `… arrival → that frame begins (frames every ${interval} ms; the next frame whatever it ` +
      `draws: ${ms1(median(floor))}, p95 ${ms1(p95(floor))}; that frame rendered: ` +
      `${ms1(median(rendered))}, p95 ${ms1(p95(rendered))})`,
    // Not met by the frame's phase alone is said so: no page can draw sooner than the next frame.
    ...(withGoal && {
      goal: '≤ 16 ms p95',
      met:
        yesNo(p95(start) <= 16) +
        (p95(start) > 16 && p95(floor) > 16 ? ` (the next frame alone: ${ms1(p95(floor))})` : ''),
    }),
    median: ms1(median(start)),
    p95: ms1(p95(start)),
    n: String(runs.length),
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
  return rows;
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
    `${READER_NAMES.shipped} (markdown-lexer.ts)`,
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

/** Prints the table on stdout and writes it, with every raw figure, to test-results/bench.json. */
export function report(results: BenchResults): void {
  const rows = tableRows(results);
  const date = new Date().toISOString().slice(0, 10);
  const header = ['#', 'what', 'goal', 'median', 'p95', 'n', 'met'];
  const lines = [
    `Benchmark ${date}, ${results.machine}, Chromium headless, ${results.runs} fresh pages per timing row ` +
      `(phone profile: ${results.phoneRuns}), OpenAI's CDN blocked (local surface).`,
    '',
    `| ${header.join(' | ')} |`,
    `| ${header.map((h) => (h === 'what' || h === 'median' ? '---' : ':-:')).join(' | ')} |`,
    ...rows.map((r) => `| ${[r.row, r.what, r.goal, r.median, r.p95, r.n, r.met].join(' | ')} |`),
    '',
    `Builds ${results.buildSeconds.toFixed(0)} s${results.reusedBuilds ? ' (reused where present)' : ''}, ` +
      `total ${((Date.now() - results.started) / 1000).toFixed(0)} s.`,
    ...(results.markdown ? ['', ...markdownLines(results.markdown)] : []),
  ];
  console.log(lines.join('\n'));

  const { load, ssrToggle, pages, hovered, long, leaks, phone, markdown } = results;
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
        raw: { load, ssrToggle, pages, hovered, long, leaks, phone, markdown },
      },
      null,
      2,
    )}\n`,
  );
}
