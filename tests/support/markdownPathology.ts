/**
 * Answers written to make a Markdown reader work hard: each family builds an input of about `n`
 * characters from one construct that has made some reader take quadratic or exponential time
 * (cmark's and markdown-it's pathological tests, the CommonMark spec's notes on emphasis and code
 * spans, and an outside fuzz of this widget). The unit test times every family against a linear
 * baseline at 1 k, 10 k and 50 k characters; the bench times the shipped reader beside markdown-it
 * and marked on them; the e2e fault row streams a few of them to the built site.
 */

/** A family: builds an input of about `n` characters. */
export type Family = (n: number) => string;

const times = (unit: string, n: number) => unit.repeat(Math.max(1, Math.floor(n / unit.length)));

/**
 * `depth` lines of quotes, each one `>` shallower than the last, then a lazy line: a reader that
 * lexes a quote twice to place its lazy lines doubles its work with every level.
 */
export function staircase(depth: number): string {
  let text = '';
  for (let level = depth; level >= 1; level--) text += `${'>'.repeat(level)} a\n`;
  return `${text}b\n`;
}

export const families: Record<string, Family> = {
  // Nesting.
  staircase: (n) => staircase(Math.max(2, Math.min(30, Math.floor(Math.sqrt(n) / 2)))),
  nestedQuotes: (n) => `${times('> ', n)}a`,
  nestedLists: (n) => {
    let text = '';
    for (let level = 0; text.length < n; level++) text += `${'  '.repeat(level)}- a\n`;
    return text;
  },
  quotesInLists: (n) => `${times('> - ', n)}a`,
  // Lazy continuation lines.
  lazyList: (n) => `- a\n${times('b\n', n)}`,
  lazyOrderedList: (n) => `${times('1. a\n', n / 2)}${times('b\n', n / 2)}`,
  lazyQuote: (n) => `> a\n${times('b\n', n)}`,
  indentedItem: (n) => `- a\n${times('  b\n', n)}`,
  paragraphLines: (n) => times('a\n', n),
  // Inline delimiters left open.
  unclosedEmphasis: (n) => times('*a _b ', n),
  emphasisRuns: (n) => times('a**b', n),
  mixedDelimiters: (n) => times('*_', n),
  strikethrough: (n) => times('~a ', n),
  doubleStrikethrough: (n) => times('~~a ', n),
  codeSpans: (n) => times('`a', n),
  backtickRunsGrowing: (n) => {
    let text = '';
    for (let length = 1; text.length < n; length++) text += `${'`'.repeat(length)}a`;
    return text;
  },
  // Links and brackets.
  nestedBrackets: (n) => `${'['.repeat(n / 2)}a${']'.repeat(n / 2)}`,
  openBrackets: (n) => times('[a', n),
  closeBrackets: (n) => times('a]', n),
  openImages: (n) => times('![a', n),
  linksWithoutClose: (n) => times('[a](b ', n),
  linkTargetsOpen: (n) => `${times('[a](', n)})`,
  referencesUnclosed: (n) => times('[a][b', n),
  manyDefinitions: (n) => {
    let text = '';
    for (let i = 0; text.length < n / 2; i++) text += `[l${i}]: /u${i}\n`;
    text += '\n';
    for (let i = 0; text.length < n; i++) text += `[l${i}] `;
    return text;
  },
  // HTML-looking text and references.
  lessThanRuns: (n) => '<'.repeat(n),
  openTags: (n) => times('<a ', n),
  htmlTags: (n) => times('<a href="x">', n),
  commentOpeners: (n) => times('<!--', n),
  numericReferences: (n) => times('&#', n),
  references: (n) => times('&#x1;', n),
  // Long lines and the rest.
  longLine: (n) => 'a'.repeat(n),
  longSpaces: (n) => `a${' '.repeat(n)}b`,
  backslashes: (n) => '\\'.repeat(n),
  fenceOpeners: (n) => times('```\n', n),
  headingHashes: (n) => `# ${'#'.repeat(n)} a`,
  tableCells: (n) => `${times('|a', n / 2)}|\n${times('|-', n / 2)}|\n`,
  tableRows: (n) => `|a|b|\n|-|-|\n${times('|c|d|\n', n)}`,
  bareUrls: (n) => times('http://a.b/', n),
  wwwRuns: (n) => times('www.a', n),
};

/** The linear baseline the unit test and the bench divide by: plain words in paragraphs. */
export const baseline: Family = (n) => times('Plain words in a paragraph.\n\n', n);
