/** What the benchmark's files share: where it serves, what it opens, the phone it emulates. */

// Fixed, apart from the e2e suites' 3000/8000 and 3100/8100: the bench never collides with tests.
export const SITE_PORT = 3200;
export const BACKEND_PORT = 8200;
export const SITE = `http://127.0.0.1:${SITE_PORT}`;
export const BACKEND = `http://localhost:${BACKEND_PORT}`;
export const CDN = 'https://cdn.platform.openai.com';
export const PAGE = '/docs/intro/';
export const CYCLES = 100;
export const QUESTIONS = 20;
/**
 * The model's time to its first token in the first-delta rows: a fast model's, and enough for the
 * first delta to arrive in a network read of its own.
 */
export const FIRST_TOKEN_MS = 200;
/** How long a reader's pointer rests on the toggle before the click, in the hovered-open row. */
export const HOVER_DWELL_MS = 200;

/**
 * A mid-range phone as Lighthouse emulates one for mobile: a Moto G Power's 412×823 screen (DPR
 * 1.75) with touch, 4× CPU slowdown, and "Slow 4G": 150 ms round trip, 1.6 Mbps down, 750 Kbps up
 * (Lighthouse's kilobits of 1024 bits). Applied through the DevTools protocol, as Lighthouse does.
 */
export const PHONE = {
  viewport: { width: 412, height: 823 },
  deviceScaleFactor: 1.75,
  cpuSlowdown: 4,
  rttMs: 150,
  downKbps: 1.6 * 1024,
  upKbps: 750,
} as const;

/**
 * Row 8, the Markdown readers on hostile answers (Node; `npm run bench -- markdown` alone): the
 * readers it compares, the shipped one, markdown-it 15 and marked 16.
 */
export type MarkdownReader = 'shipped' | 'markdown-it' | 'marked';
export const MARKDOWN_READERS: readonly MarkdownReader[] = ['shipped', 'markdown-it', 'marked'];
/** The sizes every family is built at, in characters. */
export const MARKDOWN_SIZES = [1_000, 10_000, 50_000] as const;
/** One reading longer than this is cut off: its reader's thread is terminated. */
export const MARKDOWN_CAP_MS = Number(process.env.BENCH_MARKDOWN_CAP_MS ?? 2_000);
/** Timed readings of each input, after one that warms the reader up. */
export const MARKDOWN_RUNS = Number(process.env.BENCH_MARKDOWN_RUNS ?? 5);

export const say = (message: string) => process.stderr.write(`bench: ${message}\n`);
