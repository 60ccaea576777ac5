// @vitest-environment jsdom
/**
 * The CommonMark spec's own examples (`commonmark-spec` 0.31.2, 652 of them) through the shipped
 * renderer, compared with the spec's HTML after normalising both sides for what the renderer does
 * on purpose:
 *
 * - raw HTML is shown as its source text (an HTML block as a paragraph of that text);
 * - images are their alt text;
 * - headings are shifted as the renderer shifts them (the outermost becomes `h3`);
 * - links the renderer will not follow (schemes other than http(s) and mailto) are their text;
 * - a code block's `language-` class is kept only when the renderer would keep it;
 * - our side loses the table wrapper, `tabindex`, `target`, `rel` and the new-tab hint.
 *
 * Both sides are then serialised as the spec's own test normaliser does (`test/normalize.py` in
 * commonmark/commonmark-spec, used by cmark: whitespace collapsed outside `pre`, whitespace at
 * block tags dropped, attributes sorted, references as characters but `< > & "`, hrefs
 * percent-encoded alike).
 *
 * Where the spec's HTML passes raw HTML through, the raw HTML cannot be told from the markup the
 * spec generates once it is parsed; those examples are rendered by markdown-it (which follows the
 * spec) with its raw HTML tokens written as text, after checking that markdown-it, passing the HTML
 * through, gives the spec's own normalised HTML.
 *
 * The renderer follows `marked` (GFM) where marked and CommonMark differ, so a failing example is
 * also compared with the marked-based reference renderer: the table says how many of a section's
 * failures render as marked does. The test fails when a section passes fewer examples than its
 * floor in `MIN_PASSED`; raise a floor when the renderer improves, and move the example out of
 * `FAILING`.
 */
import MarkdownIt from 'markdown-it';
import { createRequire } from 'node:module';
import { afterAll, describe, expect, it } from 'vitest';
import { renderMarkdown } from './render';
import { renderMarkdownReference } from './reference.test-support';

interface SpecExample {
  markdown: string;
  html: string;
  section: string;
  number: number;
}

const require = createRequire(import.meta.url);
const examples = (require('commonmark-spec') as { tests: SpecExample[] }).tests.map((example) => ({
  ...example,
  // The spec writes tabs as `→`.
  markdown: example.markdown.replace(/→/g, '\t'),
  html: example.html.replace(/→/g, '\t'),
}));

/** Examples passed per section, as measured when the floor was last set: a drop fails the test. */
const MIN_PASSED: Record<string, number> = {
  Tabs: 9,
  'Backslash escapes': 13,
  'Entity and numeric character references': 16,
  Precedence: 1,
  'Thematic breaks': 19,
  'ATX headings': 18,
  'Setext headings': 27,
  'Indented code blocks': 12,
  'Fenced code blocks': 25,
  'HTML blocks': 16,
  'Link reference definitions': 21,
  Paragraphs: 8,
  'Blank lines': 1,
  'Block quotes': 24,
  'List items': 48,
  Lists: 25,
  Inlines: 1,
  'Code spans': 21,
  'Emphasis and strong emphasis': 131,
  Links: 75,
  Images: 15,
  Autolinks: 14,
  'Raw HTML': 20,
  'Hard line breaks': 13,
  'Soft line breaks': 2,
  'Textual content': 3,
};

/**
 * The examples that fail today, by section (spec example numbers, as on spec.commonmark.org/0.31.2).
 * Documentation, and the list a newly failing example is reported against.
 */
const FAILING: Record<string, number[]> = {
  // Tab stops: a tab after up to 3 spaces of indented code kept (2); a tab after `>` (6).
  Tabs: [2, 6],
  // Named references beyond HTML 4 (`&Dcaron;`, `&HilbertSpace;`) stay as written.
  'Entity and numeric character references': [25],
  // An empty fence holds one newline (126, 130, 144); a fence indented 3 keeps a line's extra
  // indent past 3 (133).
  'Fenced code blocks': [126, 130, 133, 144],
  // HTML blocks are paragraphs of text: Markdown inside them is read (150, 151, 155, 156, 158, 159,
  // 162-166, 178, 186, 189), they end at a blank line whatever their kind (148, 169-173, 179, 180,
  // 182), they neither interrupt a paragraph nor end at a start condition (161, 176, 177, 185),
  // and one in a tight list item is no paragraph (175).
  'HTML blocks': [
    148, 150, 151, 155, 156, 158, 159, 161, 162, 163, 164, 165, 166, 169, 170, 171, 172, 173, 175,
    176, 177, 178, 179, 180, 182, 185, 186, 189,
  ],
  // A definition's target or title on the next line is no definition (193, 195, 196, 198, 217);
  // a definition's target and title keep no backslash escapes as CommonMark drops them (202).
  'Link reference definitions': [193, 195, 196, 198, 202, 217],
  // An unclosed fence in a quote holds one newline.
  'Block quotes': [237],
  // Blank lines at the end of a fence in a list item.
  Lists: [318],
  // A code span that starts in a link label does not win over the link.
  'Code spans': [342],
  // `*foo**bar*`: the rule of 3 as marked applies it.
  'Emphasis and strong emphasis': [412],
  // Brackets in labels (512, 528), links in links (518-520, 532, 533), a code span, raw HTML or an
  // autolink beginning in a label (524-526, 536-538), `<foo\>` targets (493), Unicode case
  // folding of labels (540).
  Links: [493, 512, 518, 519, 520, 524, 525, 526, 528, 532, 533, 536, 537, 538, 540],
  // An image's alt text is its label as written, not the label's plain text.
  Images: [573, 574, 575, 576, 577, 585, 589],
  // GFM's bare URLs (602, 608, 611), no e-mail autolinks (604, 605).
  Autolinks: [602, 604, 605, 608, 611],
  // The spaces after a hard break are kept.
  'Hard line breaks': [636, 637],
};

const OPTIONS = { newTabHint: '(opens in a new tab)' };

/* ------------------------------------------------------------------------------------------------
 * The normaliser: commonmark-spec's `test/normalize.py`, over a DOM instead of an HTML tokenizer.
 */

const BLOCK_TAGS = new Set(
  (
    'article header aside hgroup blockquote hr iframe body li map button object canvas ol ' +
    'caption output col p colgroup pre dd progress div section dl table td dt tbody embed ' +
    'textarea fieldset tfoot figcaption th figure thead footer tr form ul h1 h2 h3 h4 h5 h6 ' +
    'video script style'
  ).split(' '),
);
const VOID_TAGS = new Set(
  'area base br col embed hr img input link meta source track wbr'.split(' '),
);
/** HTML's whitespace (normalize.py's `\s` never sees `&nbsp;`, a reference, so neither do we). */
const WHITESPACE = /[ \t\n\r\f]+/g;

const escapeText = (text: string) =>
  text.replace(
    /[<>&"]/g,
    (char) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[char]!,
  );

/** `quote(unquote(href), safe='/')`: percent-encoding written one way. */
function normaliseHref(href: string): string {
  const decoded = href.replace(/(?:%[\da-fA-F]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
  return encodeURIComponent(decoded)
    .replace(/%2F/g, '/')
    .replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

interface Writer {
  output: string;
  last: 'starttag' | 'endtag' | 'data';
  lastTag: string;
  inPre: boolean;
}

function writeData(writer: Writer, text: string): void {
  const afterTag = writer.last === 'endtag' || writer.last === 'starttag';
  const afterBlockTag = afterTag && BLOCK_TAGS.has(writer.lastTag);
  let data = text;
  if (afterTag && writer.lastTag === 'br') data = data.replace(/^\n+/, '');
  if (!writer.inPre) data = data.replace(WHITESPACE, ' ');
  if (afterBlockTag && !writer.inPre) {
    data = writer.last === 'starttag' ? data.replace(/^ +/, '') : data.trim();
  }
  writer.output += escapeText(data);
  writer.last = 'data';
}

function writeNode(writer: Writer, node: Node): void {
  for (const child of node.childNodes) {
    if (child.nodeType === Node.TEXT_NODE) {
      writeData(writer, (child as Text).data);
      continue;
    }
    if (child.nodeType !== Node.ELEMENT_NODE) continue;
    const element = child as Element;
    const tag = element.localName;
    if (tag === 'pre') writer.inPre = true;
    if (BLOCK_TAGS.has(tag)) writer.output = writer.output.trimEnd();
    const attributes = [...element.attributes]
      .map(({ name, value }) => [name, name === 'href' ? normaliseHref(value) : value] as const)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, value]) => ` ${name}="${escapeText(value)}"`)
      .join('');
    writer.output += `<${tag}${attributes}>`;
    writer.lastTag = tag;
    writer.last = 'starttag';
    if (VOID_TAGS.has(tag)) {
      writer.last = 'endtag';
      continue;
    }
    writeNode(writer, element);
    if (tag === 'pre') writer.inPre = false;
    else if (BLOCK_TAGS.has(tag)) writer.output = writer.output.trimEnd();
    writer.output += `</${tag}>`;
    writer.lastTag = tag;
    writer.last = 'endtag';
  }
}

function serialise(node: Node): string {
  const writer: Writer = { output: '', last: 'starttag', lastTag: '', inPre: false };
  writeNode(writer, node);
  return writer.output.trim();
}

/* ------------------------------------------------------------------------------------------------
 * The renderer's deliberate differences, applied to the expected DOM and to ours.
 */

/** Replaces `element` with its children. */
function unwrap(element: Element): void {
  element.replaceWith(...element.childNodes);
}

/** The links the renderer keeps: http(s), mailto, relative or `#` (judged without whitespace). */
function followed(href: string): boolean {
  const scheme = /^([^/?#:]+):/.exec(href.replace(/[\0-\x20\x7f]+/g, ''));
  return !scheme || /^(?:https?|mailto)$/i.test(scheme[1]!);
}

const LANGUAGE_CLASS = /^language-[A-Za-z0-9_+#.-]{1,32}$/;

/** The spec's HTML as the renderer would show it: raw HTML already text (see `expectedHtml`). */
function expectedTree(html: string): DocumentFragment {
  const template = document.createElement('template');
  template.innerHTML = html;
  const root = template.content;
  for (const image of root.querySelectorAll('img')) {
    image.replaceWith(document.createTextNode(image.getAttribute('alt') ?? ''));
  }
  for (const link of root.querySelectorAll('a')) {
    if (!followed(link.getAttribute('href') ?? '')) unwrap(link);
  }
  for (const code of root.querySelectorAll('code[class]')) {
    if (!LANGUAGE_CLASS.test(code.getAttribute('class')!)) code.removeAttribute('class');
  }
  const headings = [...root.querySelectorAll('h1, h2, h3, h4, h5, h6')];
  const top = Math.min(...headings.map((heading) => +heading.localName[1]!));
  for (const heading of headings) {
    const level = Math.min(6, 3 + +heading.localName[1]! - top);
    const shifted = document.createElement(`h${level}`);
    for (const { name, value } of heading.attributes) shifted.setAttribute(name, value);
    shifted.append(...heading.childNodes);
    heading.replaceWith(shifted);
  }
  return root;
}

/** Our DOM without what only the chat panel needs. */
function oursTree(fragment: DocumentFragment): DocumentFragment {
  for (const hint of fragment.querySelectorAll('a > span.ck-visually-hidden')) hint.remove();
  for (const wrap of fragment.querySelectorAll('div.ck-table-wrap')) unwrap(wrap);
  for (const element of fragment.querySelectorAll('[tabindex], [target], [rel]')) {
    for (const name of ['tabindex', 'target', 'rel']) element.removeAttribute(name);
  }
  return fragment;
}

/* ------------------------------------------------------------------------------------------------
 * Raw HTML: markdown-it finds it, and writes it as text.
 */

const markdownIt = new MarkdownIt('commonmark');
const markdownItAsText = new MarkdownIt('commonmark');
const escapeHtml = markdownItAsText.utils.escapeHtml;
markdownItAsText.renderer.rules.html_block = (tokens, index) =>
  `<p>${escapeHtml(tokens[index]!.content.replace(/\n$/, ''))}</p>\n`;
markdownItAsText.renderer.rules.html_inline = (tokens, index) => escapeHtml(tokens[index]!.content);

function hasRawHtml(markdown: string): boolean {
  const walk = (tokens: ReturnType<typeof markdownIt.parse>): boolean =>
    tokens.some(
      (token) =>
        token.type === 'html_block' ||
        token.type === 'html_inline' ||
        (token.children !== null && walk(token.children)),
    );
  return walk(markdownIt.parse(markdown, {}));
}

/** The spec's HTML, with any raw HTML written as its source text. */
function expectedHtml(example: SpecExample): string {
  if (!hasRawHtml(example.markdown)) return example.html;
  const passedThrough = markdownIt.render(example.markdown);
  expect(
    serialise(expectedTree(passedThrough)),
    `markdown-it reads example ${example.number} as the spec does`,
  ).toBe(serialise(expectedTree(example.html)));
  return markdownItAsText.render(example.markdown);
}

/* ------------------------------------------------------------------------------------------------
 * The run.
 */

interface Result {
  example: SpecExample;
  passed: boolean;
  /** Failing, but rendered as the marked-based reference renders it. */
  asMarked: boolean;
  expected: string;
  actual: string;
}

let computed: Result[] | undefined;
/** Every example's result, computed once. */
const allResults = () => (computed ??= examples.map(run));

function run(example: SpecExample): Result {
  const expected = serialise(expectedTree(expectedHtml(example)));
  const actual = serialise(oursTree(renderMarkdown(example.markdown, OPTIONS)));
  const passed = expected === actual;
  const asMarked =
    !passed && serialise(oursTree(renderMarkdownReference(example.markdown, OPTIONS))) === actual;
  return { example, passed, asMarked, expected, actual };
}

const sections = [...new Set(examples.map((example) => example.section))];

function table(results: Result[]): string {
  const rows = sections.map((section) => {
    const mine = results.filter((result) => result.example.section === section);
    const passed = mine.filter((result) => result.passed).length;
    const asMarked = mine.filter((result) => result.asMarked).length;
    return [
      section,
      `${passed}/${mine.length}`,
      `${((100 * passed) / (mine.length || 1)).toFixed(1)} %`,
      String(asMarked),
      mine
        .filter((result) => !result.passed)
        .map((result) => result.example.number)
        .join(' '),
    ];
  });
  const passed = results.filter((result) => result.passed).length;
  const asMarked = results.filter((result) => result.asMarked).length;
  rows.push([
    'Total',
    `${passed}/${results.length}`,
    `${((100 * passed) / (results.length || 1)).toFixed(1)} %`,
    String(asMarked),
    '',
  ]);
  const header = ['Section', 'Passed', '%', 'Fail as marked', 'Failing examples'];
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((row) => row[i]!.length)));
  return [header, ...rows]
    .map((row) =>
      row
        .map((cell, i) =>
          i === 1 || i === 2 || i === 3 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!),
        )
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

describe('renderMarkdown on the CommonMark spec examples', () => {
  afterAll(() => {
    const results = allResults();
    const known = new Set(Object.values(FAILING).flat());
    const newlyFailing = results.filter((r) => !r.passed && !known.has(r.example.number));
    const newlyPassing = results.filter((r) => r.passed && known.has(r.example.number));
    const lines = [`CommonMark ${examples.length} spec examples (normalised):`, table(results)];
    if (newlyFailing.length) {
      lines.push(`Failing, not in FAILING: ${newlyFailing.map((r) => r.example.number).join(' ')}`);
    }
    if (newlyPassing.length) {
      lines.push(
        `Passing, still in FAILING: ${newlyPassing.map((r) => r.example.number).join(' ')}`,
      );
    }
    // `COMMONMARK_DETAILS=1`: every failing example, with both normalised renderings.
    if (process.env.COMMONMARK_DETAILS) {
      for (const { example, passed, asMarked, expected, actual } of results) {
        if (passed) continue;
        lines.push(
          `\nexample ${example.number} (${example.section})${asMarked ? ', as marked' : ''}: ` +
            `${JSON.stringify(example.markdown)}\n  expected ${expected}\n  actual   ${actual}`,
        );
      }
    }
    console.log(lines.join('\n'));
  });

  it('normalises what differs only in layout alike, and keeps structure apart', () => {
    const same = (a: string, b: string) =>
      serialise(expectedTree(a)) === serialise(expectedTree(b));
    expect(same('<p>a  \t b</p>\n', ' <p>a b</p>')).toBe(true);
    expect(same('<ul>\n<li>a</li>\n</ul>', '<ul><li>a</li></ul>')).toBe(true);
    expect(same('<p>a<br />\nb</p>', '<p>a<br>b</p>')).toBe(true);
    expect(same('<p>&amp;&copy;&#x41;</p>', '<p>&amp;©A</p>')).toBe(true);
    expect(same('<a href="/f%C3%B6">x</a>', '<a href="/fö">x</a>')).toBe(true);
    expect(same('<p>a</p><p>b</p>', '<p>a b</p>')).toBe(false);
    expect(same('<p><em>a</em></p>', '<p>a</p>')).toBe(false);
    expect(same('<pre><code>a  b\n</code></pre>', '<pre><code>a b\n</code></pre>')).toBe(false);
    expect(same('<a href="/a">x</a>', '<a href="/b">x</a>')).toBe(false);
    expect(same('<p>a b</p>', '<p>ab</p>')).toBe(false);
  });

  it("normalises markdown-it's HTML, which follows the spec, to the spec's own", () => {
    // The normaliser sees no difference where there is none.
    const differing = examples.filter(
      (example) =>
        serialise(expectedTree(markdownIt.render(example.markdown))) !==
        serialise(expectedTree(example.html)),
    );
    expect(differing.map((example) => example.number)).toEqual([]);
  });

  it('renders every example', () => {
    expect(allResults()).toHaveLength(652);
  });

  it.each(sections)('passes at least its floor of examples in %s', (section) => {
    const mine = allResults().filter((result) => result.example.section === section);
    const passed = mine.filter((result) => result.passed).length;
    // The examples that fail and are not listed in `FAILING` first: those are the regressions.
    const known = new Set(FAILING[section] ?? []);
    const failures = mine
      .filter((result) => !result.passed)
      .sort((a, b) => +known.has(a.example.number) - +known.has(b.example.number))
      .slice(0, 5)
      .map(
        ({ example, expected, actual }) =>
          `example ${example.number}${known.has(example.number) ? '' : ' (not in FAILING)'}: ` +
          `${JSON.stringify(example.markdown)}\n  expected ${expected}\n  actual   ${actual}`,
      )
      .join('\n');
    expect(MIN_PASSED[section], `a floor for ${section}`).toBeTypeOf('number');
    expect(passed, failures).toBeGreaterThanOrEqual(MIN_PASSED[section]!);
  });
});
