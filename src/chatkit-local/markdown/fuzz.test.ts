// @vitest-environment jsdom
// @vitest-environment-options {"url": "https://textbook.example/docs/page"}
/**
 * Property-based fuzzing of `renderMarkdown` with fast-check: Markdown built from a grammar of the
 * fragments that make a reader (and a sanitizer) work — quotes, lists, emphasis, code, links and
 * their targets, raw HTML, references, tables, headings — with hostile URL schemes, bidi
 * overrides, zero-width characters, Urdu text, entity-encoded letters, the page's own class names
 * and fence info strings, mixed with random strings. Every rendered fragment must hold the
 * invariants below.
 *
 * Seeded and repeatable: `FUZZ_SEED` (default below) seeds the first property and each next one
 * takes the next seed; `FUZZ_RUNS` (default 20 000) is the number of inputs across all properties.
 * A failure prints fast-check's shrunk counterexample, its seed and path.
 *
 *   FUZZ_RUNS=200000 FUZZ_SEED=$RANDOM npx vitest run src/chatkit-local/markdown/fuzz.test.ts
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { renderMarkdown } from './render';

const SEED = Number(process.env.FUZZ_SEED ?? 20_260_318);
const RUNS = Number(process.env.FUZZ_RUNS ?? 20_000);
const HINT = '(opens in a new tab)';
/** The page the answers are shown on (the test's `window.location`, set in the docblock above). */
const PAGE = 'https://textbook.example/docs/page';

/* ------------------------------------------------------------------------------------------------
 * The grammar.
 */

const pick = (values: string[]) => fc.constantFrom(...values);

const SPACE = pick([' ', '\n', '\n\n', '  ', '\t', '   ', '  \n', '\\\n', '\r\n', '\r', '    ']);
const BLOCK_START = pick([
  '> ',
  '>',
  '- ',
  '* ',
  '+ ',
  '1. ',
  '2) ',
  '10. ',
  '# ',
  '## ',
  '###### ',
  '####### ',
  '---',
  '***',
  '___',
  '===',
  '```',
  '~~~',
  '| ',
  ' |',
  '|---|',
  '| - | :-: |',
  '[ ] ',
  '[x] ',
  '    ',
  '\t',
]);
const INLINE = pick([
  '*',
  '_',
  '**',
  '__',
  '~',
  '~~',
  '`',
  '``',
  '```',
  '[',
  ']',
  '](',
  ')',
  '(',
  '![',
  '<',
  '>',
  '<!--',
  '-->',
  '\\',
  '\\\\',
  '|',
  '#',
  '---',
  ':',
  '"',
  "'",
  '.',
  '!',
  '&',
  '&#',
  '&amp;',
  '&#32;',
  '&#106;',
  '&#x6A;',
  '&#0;',
  '&#13;',
  '&colon;',
  '&Tab;',
  '&NewLine;',
  '&nbsp;',
  '&lt;',
  '&quot;',
]);
const TEXT = pick([
  'a',
  'foo',
  'bar baz',
  'panel_UKBE',
  'navbar',
  'ck-visually-hidden',
  'ck-table-wrap',
  'language-js',
  'position-fixed',
  'یہ **اہم** ہے',
  'اردو',
  'x.example',
  'a@b.example',
  'alert(1)',
  '\u202e',
  '\u202d',
  '\u2066',
  '\u2069',
  '\u200b',
  '\u200c',
  '\u200d',
  '\u2060',
  '\ufeff',
  '\u00a0',
  '\u2028',
  '\u0085',
  '\f',
  '\v',
  '\0',
  '😀',
  'ẞ',
]);
const SCHEME = pick([
  'http://',
  'https://',
  'www.',
  'javascript:',
  'JaVaScRiPt:',
  'java\tscript:',
  'java&#x73;cript:',
  '&#106;avascript:',
  '&#x6A;avascript:',
  '%6Aavascript:',
  'javascript&colon;',
  'data:',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:',
  'mailto:',
  'tel:',
  'file:',
  '\\\\evil.example',
  '//evil.example',
  '/\\evil.example',
  '\\/evil.example',
  'https:evil.example',
  'http:/evil.example',
  'https://evil.example',
  'https://textbook.example/docs/x',
  '/docs/x',
  '#top',
  '?q=1',
  '',
]);
const TARGET = fc
  .tuple(
    SCHEME,
    fc.option(TEXT, { nil: '' }),
    fc.option(pick(['(', ')', '&', '%', ' ', '<']), { nil: '' }),
  )
  .map((parts) => parts.join(''));
const TITLE = pick(['', ' "t"', " 'a\" onmouseover=x'", ' (p)', ' "&#106;"', ' "\0"', ' "a\nb"']);
const INFO = pick([
  '```js',
  '``` js extra',
  '```panel_UKBE',
  '```navbar',
  '```ck-visually-hidden x',
  '```&#32;navbar',
  '```&#x20;ck-table-wrap',
  '```lang&amp;x',
  '```"><img src=x>',
  '```c++',
  '```C#',
  '``` ',
  '~~~ py{.x}',
  '```language-js',
  '```a b c',
  '```\tjs',
  '```&#106;s',
  '```' + 'x'.repeat(40),
  '```\u202ejs',
]);

const RAW_HTML = pick([
  '<a href="javascript:x">',
  '</a>',
  '<img src=x onerror=alert(1)>',
  '<b>',
  '<div class="navbar">',
  '<span style="x" id="panel_UKBE">',
  '<script>alert(1)</script>',
  '<!-- x -->',
  '<?php ?>',
]);
const LABEL = pick(['x', 'X', 'a b', '*x*', 'ẞ', 'ss', '\\]']);
const DEPTH = { depthSize: 'small', maxDepth: 5, depthIdentifier: 'markdown' } as const;
/** Text and delimiters, without spans (an image's alt text). */
const flat = fc
  .array(fc.oneof(TEXT, INLINE, pick([' '])), { maxLength: 4 })
  .map((parts) => parts.join(''));

/** `text` with `prefix` before its first line and `rest` before the others. */
const indent = (text: string, prefix: string, rest: string) =>
  text.replace(/\n$/, '').replace(/\n/g, `\n${rest}`).replace(/^/, prefix) + '\n';

/**
 * Inline Markdown (delimiters, links, images, autolinks, raw HTML, entities among text) and blocks
 * (paragraphs, headings, fences, tables, definitions, and quotes and list items of blocks).
 */
const { inline, block } = fc.letrec<{ inline: string; span: string; block: string }>((tie) => ({
  inline: fc
    .array(
      fc.oneof(
        DEPTH,
        { arbitrary: TEXT, weight: 4 },
        { arbitrary: INLINE, weight: 4 },
        { arbitrary: pick([' ']), weight: 2 },
        { arbitrary: TARGET, weight: 1 },
        { arbitrary: RAW_HTML, weight: 1 },
        { arbitrary: tie('span'), weight: 3 },
      ),
      { maxLength: 6 },
    )
    .map((parts) => parts.join('')),
  span: fc.oneof(
    DEPTH,
    { arbitrary: TARGET.map((url) => `<${url}>`), weight: 2 },
    {
      arbitrary: fc
        .tuple(tie('inline'), TARGET, TITLE)
        .map(([text, url, title]) => `[${text}](${url}${title})`),
      weight: 2,
    },
    {
      arbitrary: fc
        .tuple(flat, TARGET, TITLE)
        .map(([text, url, title]) => `![${text}](${url}${title})`),
      weight: 2,
    },
    {
      arbitrary: fc.tuple(tie('inline'), TARGET).map(([text, url]) => `[${text}](<${url}>)`),
      weight: 1,
    },
    {
      arbitrary: fc.tuple(tie('inline'), LABEL).map(([text, label]) => `[${text}][${label}]`),
      weight: 1,
    },
    { arbitrary: LABEL.map((label) => `[${label}]`), weight: 1 },
    {
      // A link whose text is other spans: links, images and autolinks in links.
      arbitrary: fc
        .tuple(fc.array(tie('span'), { minLength: 1, maxLength: 3 }), TARGET, LABEL, fc.boolean())
        .map(([spans, url, label, reference]) =>
          reference ? `[${spans.join('')}][${label}]` : `[${spans.join('')}](${url})`,
        ),
      weight: 3,
    },
    {
      arbitrary: fc
        .tuple(pick(['*', '_', '**', '__', '***', '~', '~~', '`', '``']), tie('inline'))
        .map(([delimiter, text]) => `${delimiter}${text}${delimiter}`),
      weight: 2,
    },
  ),
  block: fc.oneof(
    DEPTH,
    tie('inline').map((text) => `${text}\n`),
    fc.tuple(BLOCK_START, tie('inline')).map(([start, text]) => `${start}${text}\n`),
    fc
      .tuple(fc.integer({ min: 1, max: 7 }), tie('inline'))
      .map(([level, text]) => `${'#'.repeat(level)} ${text}\n`),
    fc
      .tuple(INFO, tie('inline'), fc.boolean())
      .map(([info, body, closed]) => `${info}\n${body}\n${closed ? info.slice(0, 3) + '\n' : ''}`),
    fc
      .tuple(tie('inline'), tie('inline'), pick(['|---|---|', '|:-|-:|', '| :-: | --- |', '|-|']))
      .map(([a, b, delimiter]) => `| ${a} | ${b} |\n${delimiter}\n| ${b} | ${a} |\n`),
    fc.tuple(LABEL, TARGET, TITLE).map(([label, url, title]) => `[${label}]: ${url}${title}\n`),
    RAW_HTML.map((html) => `${html}\n`),
    fc
      .tuple(pick(['> ', '>', '> > ']), tie('block'), fc.boolean())
      .map(([marker, text, lazy]) => indent(text, marker, lazy ? '' : marker)),
    fc
      .tuple(
        pick(['- ', '* ', '1. ', '3) ', '- [ ] ', '- [x] ', '-\t']),
        tie('block'),
        pick(['  ', '   ', '    ', '']),
      )
      .map(([marker, text, rest]) => indent(text, marker, rest)),
  ),
}));

const RANDOM = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 6 }),
  fc.string({ unit: 'binary-ascii', maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
);

/** Markdown: blocks, inline pieces and random strings, strung together. */
const markdown = fc
  .array(
    fc.oneof(
      { arbitrary: block, weight: 6 },
      { arbitrary: inline, weight: 2 },
      { arbitrary: INLINE, weight: 2 },
      { arbitrary: SPACE, weight: 3 },
      { arbitrary: BLOCK_START, weight: 2 },
      { arbitrary: TARGET, weight: 1 },
      { arbitrary: RANDOM, weight: 2 },
    ),
    { maxLength: 24 },
  )
  .map((parts) => parts.join(''));

/* ------------------------------------------------------------------------------------------------
 * The invariants.
 */

const render = (source: string) => renderMarkdown(source, { newTabHint: HINT });

const TAGS = new Set(
  'p h3 h4 h5 h6 hr pre code blockquote ol ul li table thead tbody tr th td em strong del a br div span'.split(
    ' ',
  ),
);
const ATTRIBUTES = new Set('href title class start align tabindex target rel'.split(' '));
const LANGUAGE = /^language-[A-Za-z0-9_+#.-]{1,32}$/;

function fail(message: string, element?: Element): never {
  throw new Error(element ? `${message}: ${element.outerHTML}` : message);
}

const isHint = (element: Element) =>
  element.localName === 'span' &&
  element.getAttribute('class') === 'ck-visually-hidden' &&
  element.attributes.length === 1 &&
  element.parentElement?.localName === 'a' &&
  element.parentElement.lastChild === element &&
  element.textContent === ` ${HINT}`;

const isTableWrap = (element: Element) =>
  element.localName === 'div' &&
  element.getAttribute('class') === 'ck-table-wrap' &&
  element.children.length === 1 &&
  element.firstElementChild?.localName === 'table';

function checkTags(fragment: DocumentFragment): void {
  for (const element of fragment.querySelectorAll('*')) {
    const tag = element.localName;
    if (!TAGS.has(tag)) fail(`<${tag}> is not allowed`, element);
    if (tag === 'div' && !isTableWrap(element))
      fail('a div that is not the table wrapper', element);
    if (tag === 'span' && !isHint(element)) fail('a span that is not the new-tab hint', element);
  }
}

function checkAttributes(fragment: DocumentFragment): void {
  for (const element of fragment.querySelectorAll('*')) {
    for (const { name } of element.attributes) {
      if (!ATTRIBUTES.has(name) || /^(?:on|data-)|^(?:id|name|style)$/.test(name)) {
        fail(`attribute ${name}`, element);
      }
    }
  }
}

function checkClasses(fragment: DocumentFragment): void {
  for (const element of fragment.querySelectorAll('[class]')) {
    const value = element.getAttribute('class')!;
    const tag = element.localName;
    const allowed =
      tag === 'code'
        ? element.classList.length === 1 && LANGUAGE.test(value)
        : (tag === 'div' && value === 'ck-table-wrap') ||
          (tag === 'span' && value === 'ck-visually-hidden');
    if (!allowed) fail(`class "${value}" on <${tag}>`, element);
  }
}

/** Where a link goes, resolved as the page would; null when it is no URL at all. */
function resolve(href: string): URL | null {
  try {
    return new URL(href, PAGE);
  } catch {
    return null;
  }
}

function checkHrefsParse(fragment: DocumentFragment): void {
  for (const link of fragment.querySelectorAll('a[href]')) {
    if (!resolve(link.getAttribute('href')!)) fail('an href that does not parse', link);
  }
}

function checkLinkTargets(fragment: DocumentFragment): void {
  const page = new URL(PAGE);
  for (const link of fragment.querySelectorAll('a')) {
    if (link.getAttribute('rel') !== 'noopener noreferrer') fail('a link without rel', link);
    const href = link.getAttribute('href');
    if (href === null) continue;
    const url = resolve(href);
    if (!url) continue; // the property above
    if (!['http:', 'https:', 'mailto:'].includes(url.protocol) && url.origin !== page.origin) {
      fail(`a link to ${url.protocol}`, link);
    }
  }
}

function checkNewTab(fragment: DocumentFragment): void {
  const page = new URL(PAGE);
  for (const link of fragment.querySelectorAll('a')) {
    const url = resolve(link.getAttribute('href') ?? '');
    const external = !!url && /^https?:$/.test(url.protocol) && url.origin !== page.origin;
    const hint = link.lastElementChild;
    const marked =
      link.getAttribute('target') === '_blank' && !!hint && isHint(hint) && link.lastChild === hint;
    if (external !== marked) {
      fail(external ? 'an external link in the same tab' : 'a site link in a new tab', link);
    }
    if (!external && (link.hasAttribute('target') || link.querySelector('span'))) {
      fail('a site link with a target or hint', link);
    }
  }
}

function checkNoNestedLinks(fragment: DocumentFragment): void {
  const nested = fragment.querySelector('a a');
  if (nested) fail('a link inside a link', nested.parentElement!.closest('a')!);
}

function checkRoundTrip(fragment: DocumentFragment): void {
  const host = document.createElement('div');
  host.append(fragment);
  const html = host.innerHTML;
  const again = document.createElement('div');
  again.innerHTML = html;
  if (again.innerHTML !== html) {
    let at = 0;
    while (html[at] === again.innerHTML[at]) at++;
    const from = Math.max(0, at - 40);
    fail(
      `the HTML changes when parsed again:\n  built    …${JSON.stringify(html.slice(from, at + 80))}` +
        `\n  reparsed …${JSON.stringify(again.innerHTML.slice(from, at + 80))}`,
    );
  }
}

/* ------------------------------------------------------------------------------------------------
 * The properties, each given a share of the runs.
 */

/** A string as JavaScript, with invisible, control and combining characters escaped. */
function quote(text: string): string {
  return JSON.stringify(text).replace(/[\p{C}\p{Z}\p{M}]/gu, (char) =>
    char === ' ' ? char : `\\u{${char.codePointAt(0)!.toString(16)}}`,
  );
}

type Check = (fragment: DocumentFragment) => void;

/** What `check` says of `source`'s rendering: null when it holds. */
function failure(check: Check, source: string): string | null {
  try {
    check(render(source));
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** A failure's kind: its message up to the markup it quotes. */
const kindOf = (message: string | null) => message?.split(/:\s/)[0] ?? null;

/**
 * `source` with characters deleted while `check` still fails the same way: fast-check shrinks
 * within the grammar (a table stays a table), this shrinks past it.
 */
function minimise(check: Check, source: string): string {
  const kind = kindOf(failure(check, source));
  let chars = [...source];
  let tries = 0;
  for (let size = Math.max(1, chars.length >> 1); size >= 1 && tries < 5_000;) {
    let removed = false;
    for (let at = 0; at < chars.length && tries < 5_000; tries++) {
      const candidate = [...chars.slice(0, at), ...chars.slice(at + size)];
      if (kindOf(failure(check, candidate.join(''))) === kind) {
        chars = candidate;
        removed = true;
      } else at += size;
    }
    // Halve the deletions, and at single characters go on until none can go.
    if (!removed || size > 1) size >>= 1;
  }
  return chars.join('');
}

/** fast-check's report, with the counterexample written so it can be pasted into a test. */
function report(details: fc.RunDetails<[string]>, check: Check): string {
  const [source = ''] = details.counterexample ?? [];
  const error = details.errorInstance instanceof Error ? details.errorInstance.message : '';
  const minimal = minimise(check, source);
  const lines = [
    `failed after ${details.numRuns} runs, shrunk ${details.numShrinks} times ` +
      `(seed ${details.seed}, path "${details.counterexamplePath}")`,
    `counterexample: ${quote(source)}`,
    error,
  ];
  if (minimal !== source) {
    lines.push(`minimised:      ${quote(minimal)}`, failure(check, minimal) ?? '');
  }
  return lines.join('\n');
}

/** The slowest input seen, to be printed. */
let slowest = { ms: 0, source: '' };

function timedRender(source: string): DocumentFragment {
  const start = performance.now();
  const fragment = render(source);
  const ms = performance.now() - start;
  if (ms > slowest.ms) slowest = { ms, source };
  return fragment;
}

const PROPERTIES: [name: string, weight: number, check: Check][] = [
  ['renders any input without throwing', 4, () => {}],
  ['makes only the allowed elements', 2, checkTags],
  ['sets only the allowed attributes', 2, checkAttributes],
  ['sets only a code language class and its own classes', 2, checkClasses],
  ['gives links only hrefs that parse as URLs', 2, checkHrefsParse],
  [
    'links only to http(s), mailto or the page, with rel="noopener noreferrer"',
    2,
    checkLinkTargets,
  ],
  ['opens exactly the external links in a new tab, with the hint', 1, checkNewTab],
  ['never puts a link inside a link', 2, checkNoNestedLinks],
  ['builds a tree an HTML round trip leaves unchanged', 3, checkRoundTrip],
];
const totalWeight = PROPERTIES.reduce((sum, [, weight]) => sum + weight, 0);

describe(`renderMarkdown under fuzzing (FUZZ_SEED=${SEED}, FUZZ_RUNS=${RUNS})`, () => {
  afterAll(() => {
    // The slowest render, timed again: a one-off (a garbage collection) or a slow input.
    const again: number[] = [];
    for (let i = 0; i < 9; i++) {
      const start = performance.now();
      render(slowest.source);
      again.push(performance.now() - start);
    }
    again.sort((a, b) => a - b);
    console.log(
      `markdown fuzz: FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS}; slowest render ${slowest.ms.toFixed(1)} ms ` +
        `(median of 9 more: ${again[4]!.toFixed(2)} ms), input ${quote(slowest.source.slice(0, 300))}`,
    );
  });

  it('is set on the page the links are judged against', () => {
    expect(window.location.href).toBe(PAGE);
    // `FUZZ_SAMPLE=n`: print n inputs, to see what the grammar writes.
    const sample = Number(process.env.FUZZ_SAMPLE ?? 0);
    if (sample) {
      const inputs = fc.sample(markdown, { seed: SEED, numRuns: sample });
      console.log(inputs.map((input) => JSON.stringify(input)).join('\n'));
    }
  });

  PROPERTIES.forEach(([name, weight, check], index) => {
    const numRuns = Math.max(1, Math.round((RUNS * weight) / totalWeight));
    const seed = SEED + index;
    it(
      `${name} (${numRuns} runs, seed ${seed})`,
      () => {
        const details = fc.check(
          fc.property(markdown, (source) => {
            check(timedRender(source));
          }),
          { seed, numRuns },
        );
        if (details.failed) throw new Error(report(details, check));
      },
      Math.max(60_000, numRuns * 20),
    );
  });
});
