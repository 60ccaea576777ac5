/**
 * A small Markdown reader for model answers: GFM as `marked` 16 read it (`gfm: true`, no
 * `breaks`), which the answers were written and tested against, in a fraction of its size. Blocks
 * follow marked's tokenizer (list items and their looseness, setext headings, tables, fences that
 * run to the end while an answer streams); inline emphasis uses CommonMark's delimiter stack, which
 * gives marked's results for what answers write, in linear time. No pattern nests quantifiers that
 * can fail after matching (none backtracks catastrophically), and quotes, lists and emphasis nest
 * only so deep, so any text is read quickly, on every streamed delta.
 *
 * `lex` returns the answer as a tree of plain objects: text (entities decoded: what the reader
 * sees) and the few elements an answer may contain. Raw HTML is text, images their alt text; a
 * link keeps its `href` as written, for the renderer to judge. Nothing here touches the DOM.
 *
 * `conformance.test.ts` renders the mock answers, the textbook's pages and edge cases,
 * whole and cut as a stream cuts them, through this and through marked, and lists where they
 * differ (`KNOWN_DIFFERENCES`): HTML blocks are paragraphs of text, bare e-mail addresses are
 * not linked, a quote's lazy lines are read with its text, and a few rarer corners.
 */

/** An element (`tag` '' is its kids without one) with final attributes, `href` aside. */
export interface MdNode {
  tag: string;
  kids: MdItem[];
  attrs?: Record<string, string>;
}
export type MdItem = string | MdNode;

/**
 * The HTML 4 named character references (and `&apos;`), as runs of consecutive code points: a
 * base-36 start, then the names in order. Enough for what models write (`&amp;`, `&nbsp;`,
 * `&copy;`, `&mdash;`, `&rarr;`, Greek letters, math); other names stay as written.
 */
const NAMED_REFERENCES =
  'y quot,12 amp apos,1o lt,1q gt,4g nbsp iexcl cent pound curren yen brvbar sect uml copy ordf ' +
  'laquo not shy reg macr deg plusmn sup2 sup3 acute micro para middot cedil sup1 ordm raquo ' +
  'frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute ' +
  'Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash ' +
  'Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde auml aring aelig ccedil ' +
  'egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml ' +
  'divide oslash ugrave uacute ucirc uuml yacute thorn yuml,9e OElig oelig,9s Scaron scaron,' +
  'ag Yuml,b6 fnof,jq circ,kc tilde,pd Alpha Beta Gamma Delta Epsilon Zeta Eta Theta Iota Kappa ' +
  'Lambda Mu Nu Xi Omicron Pi Rho,pv Sigma Tau Upsilon Phi Chi Psi Omega,q9 alpha beta gamma ' +
  'delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigmaf sigma tau ' +
  'upsilon phi chi psi omega,r5 thetasym upsih,ra piv,6bm ensp emsp,6bt thinsp,6bw zwnj zwj lrm ' +
  'rlm,6c3 ndash mdash,6c8 lsquo rsquo sbquo,6cc ldquo rdquo bdquo,6cg dagger Dagger bull,' +
  '6cm hellip,6cw permil,6cy prime Prime,6d5 lsaquo rsaquo,6da oline,6dg frasl,6gc euro,' +
  '6j5 image,6jc weierp,6jg real,6jm trade,6k5 alefsym,6mo larr uarr rarr darr harr,6np crarr,' +
  '6og lArr uArr rArr dArr hArr,6ps forall,6pu part exist,6px empty,6pz nabla isin notin,6q3 ni,' +
  '6q7 prod,6q9 sum minus,6qf lowast,6qi radic,6ql prop infin,6qo ang,6qv and or cap cup int,' +
  '6r8 there4,6rg sim,6rp cong,6rs asymp,6sg ne equiv,6sk le ge,6te sub sup nsub,6ti sube supe,' +
  '6tx oplus,6tz otimes,6ud perp,6v9 sdot,6x4 lceil rceil lfloor rfloor,7gq loz,7kw spades,' +
  '7kz clubs,7l1 hearts diams,7vs lang rang';

/** What the HTML parser makes of `&#128;` to `&#159;` (windows-1252); gaps keep the code point. */
const C1_REFERENCES =
  '\u20ac\x81\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\x8d\u017d\x8f' +
  '\x90\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\x9d\u017e\u0178';

let namedReferences: Map<string, string> | undefined;

function namedReference(name: string): string | undefined {
  if (!namedReferences) {
    namedReferences = new Map();
    for (const run of NAMED_REFERENCES.split(',')) {
      const [start = '', ...names] = run.split(' ');
      let code = parseInt(start, 36);
      for (const each of names) namedReferences.set(each, String.fromCharCode(code++));
    }
  }
  return namedReferences.get(name);
}

/**
 * The references marked leaves unescaped in text (its `escape(text)` keeps exactly these), decoded
 * as the browser decoded them when answers were rendered through HTML. In text, an unknown name
 * that starts with a legacy one (`&notit;`) is decoded as the HTML parser does (`¬it;`); in
 * attributes it is not.
 */
const REFERENCE = /&(#\d{1,7}|#[xX][\da-fA-F]{1,6}|\w+);/g;

export function decodeReferences(text: string, attribute = false): string {
  if (!text.includes('&')) return text;
  return text.replace(REFERENCE, (whole, ref: string) => {
    if (ref[0] !== '#') {
      const named = namedReference(ref);
      if (named !== undefined || attribute) return named ?? whole;
      // The legacy names need no `;`: those of Latin-1 and `&quot; &amp; &lt; &gt;`.
      for (let length = Math.min(ref.length - 1, 6); length > 1; length--) {
        const legacy = namedReference(ref.slice(0, length));
        if (legacy && legacy !== "'" && legacy <= '\xff') return `${legacy}${ref.slice(length)};`;
      }
      return whole;
    }
    const hex = ref[1] === 'x' || ref[1] === 'X';
    const code = parseInt(ref.slice(hex ? 2 : 1), hex ? 16 : 10);
    if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
    if (code >= 0x80 && code <= 0x9f) return C1_REFERENCES[code - 0x80] ?? whole;
    return String.fromCodePoint(code);
  });
}

/* ---------------------------------------------------------------------------------------------
 * Blocks: marked's GFM block rules. The patterns are built from shared parts, as marked builds
 * them; none nests quantifiers that can fail after matching, so none backtracks catastrophically.
 */

const re = (source: string, flags?: string) => new RegExp(source, flags);
const HR_ = String.raw` {0,3}(?:(?:-[\t ]*){3,}|(?:_[ \t]*){3,}|(?:\*[ \t]*){3,})(?:\n+|$)`;
const HR = re('^' + HR_);
/** A table's header line and delimiter row. */
const TABLE_HEAD = String.raw` *([^\n ].*)\n {0,3}((?:\| *)?:?-+:? *(?:\| *:?-+:? *)*(?:\| *)?)`;
/** What ends a paragraph, a quote's lazy lines and a table. */
const INTERRUPT =
  HR_ +
  String.raw`| {0,3}(?:#{1,6}(?:\s|$)|>|(?:\`{3,}(?=[^\`\n]*\n)|~{3,})[^\n]*\n|(?:[*+-]|1[.)]) )`;
const PARAGRAPH_ = (table: string) => String.raw`[^\n]+(?:\n(?!${INTERRUPT}${table}| +\n)[^\n]+)*`;
const PARAGRAPH = re(`^${PARAGRAPH_(`|${TABLE_HEAD}(?:\\n|$)`)}`);
const BLOCKQUOTE = re(String.raw`^(?: {0,3}> ?(?:${PARAGRAPH_('')}|[^\n]*)(?:\n|$))+`);
/** What a setext heading's text cannot start a line with. */
const NOT_SETEXT = String.raw`(?:[*+-]|\d{1,9}[.)]) |(?: {4}| {0,3}\t)| {0,3}(?:\`{3,}|~{3,}|>|#{1,6}|<[^\n>]+>\n|\|?(?:[:\- ]*\|)+[:\- ]*\n)`;
const SETEXT = re(
  String.raw`^(?!${NOT_SETEXT})((?:.|\n(?!\s*?\n|${NOT_SETEXT}))+?)\n {0,3}(=+|-+) *(?:\n+|$)`,
);
const SPACE = /^(?:[ \t]*(?:\n|$))+/;
const CODE = /^(?:(?: {4}| {0,3}\t)[^\n]+(?:\n(?:[ \t]*(?:\n|$))*)?)+/;
const FENCES =
  /^ {0,3}(`{3,}(?=[^`\n]*(?:\n|$))|~{3,})([^\n]*)(?:\n|$)(?:|([\s\S]*?)(?:\n|$))(?: {0,3}\1[~`]* *(?=\n|$)|$)/;
const HEADING = /^ {0,3}(#{1,6})(?=\s|$)(.*)(?:\n+|$)/;
const BULLET = String.raw`(?:[*+-]|\d{1,9}[.)])`;
const LIST = re(`^( {0,3}${BULLET})(?:[ \\t][^\\n]+?)?(?:\\n|$)`);
const DEF =
  /^ {0,3}\[((?!\s*\])(?:\\.|[^[\]\\])+)\]: *([^<\s]\S*|<.*?>)(?: +("[^"\n]*"|'[^'\n]*'|\([^()\n]*\)))? *(?:\n+|$)/;
const TABLE = re(
  `^${TABLE_HEAD}(?:\\n((?:(?! *\\n|${INTERRUPT}|(?: {4}| {0,3}\\t)[^\\n]).*(?:\\n|$))*)\\n*|$)`,
);
/** Backslash-escaped punctuation, unescaped in link targets, titles and fence info. */
const ESCAPED = /\\([\p{P}\p{S}])/gu;

/** A block while the answer is read: the source it took, and the Markdown of its text. */
interface Block extends MdNode {
  raw: string;
  /** Inline Markdown, read once every reference definition is known. */
  src?: string;
  /** A task item's box, before the text. */
  box?: string;
}

/** Reference definitions, by lower-case label. */
let links: Record<string, [href: string, title: string]>;
/** marked's `state.top`: false while reading list items, where lines are text, not paragraphs. */
let top: boolean;
/** marked's `state.inLink`: no bare URLs in link text. */
let inLink: boolean;
/** How deep quotes and lists nest; past `MAX_DEPTH` their markers are text. */
let depth = 0;
/**
 * Quotes and lists nest 12 deep at most (deeper markers are text, and the content renders flat):
 * each level reads its content again, so nesting multiplies the work, and answers nest 3 or 4 deep.
 */
export const MAX_DEPTH = 12;
/** True while a quote is read only to see whether it ends in code (see `blockquote`). */
let probing = false;

/**
 * The work a reading may do, in characters read by `blocks` and `inline` (every level of nesting
 * reads its content again): a multiple of the answer's length, capped, for the blocks and again
 * for their text. Past it, what is left of the answer is plain text: a hostile answer costs a
 * bounded amount of work (the cap is about 100 ms of the costliest family on a laptop), and an
 * honest one never comes near it (it reads each character three or four times).
 */
export const WORK_PER_CHARACTER = 16;
export const MAX_WORK = 400_000;
let work = 0;
let budget = 0;
/** Thrown when the budget is spent; `lex` and `fill` catch it. */
const SPENT = new Error('markdown work budget spent');

function charge(characters: number): void {
  work += characters;
  if (work > budget) throw SPENT;
}

/** The blocks read at the top level so far, and the source after them (what `lex` keeps). */
let topBlocks: Block[] = [];
let topRest = '';

const firstLine = (text: string) => text.split('\n', 1)[0] ?? '';

/** `text` without the `char`s it ends with (a pattern like `/ +$/` can take quadratic time). */
function trimEnd(text: string, char: string): string {
  let end = text.length;
  while (text[end - 1] === char) end--;
  return text.slice(0, end);
}

const block = (tag: string, raw: string, src?: string): Block => ({ tag, raw, src, kids: [] });

/**
 * The blocks of `src`, as marked's lexer reads them. Tags are the tree's, and '' for the text of
 * a tight list item (a paragraph in a loose one), `space` and `def` for blank lines and reference
 * definitions (which show nothing).
 */
function blocks(src: string): Block[] {
  const out: Block[] = [];
  depth++;
  // The top level pays for each block as it is read; a nested one for its content at once.
  if (depth === 1) topBlocks = out;
  else charge(src.length);
  /** Whether SETEXT failed on the text line before, which this line continues (see below). */
  let noSetext = false;
  while (src) {
    if (depth === 1) topRest = src;
    const setextFailed: boolean = noSetext;
    noSetext = false;
    const last = out[out.length - 1];
    /** The paragraph (or list item text) before, which indented code and definitions continue. */
    const text = last && /^p?$/.test(last.tag) ? last : undefined;
    let token: Block | undefined;
    let m: RegExpExecArray | null;
    if ((m = SPACE.exec(src)) && m[0]) {
      // A single newline ends the line before it.
      if (m[0].length < 2 && last) {
        last.raw += '\n';
        src = src.slice(1);
        noSetext = setextFailed;
        continue;
      }
      token = block('space', m[0]);
    } else if ((m = CODE.exec(src))) {
      const code = trimEnd(m[0].replace(/^(?: {1,4}| {0,3}\t)/gm, ''), '\n');
      // Indented code cannot interrupt a paragraph.
      if (text) {
        text.src += '\n' + code;
        src = src.slice(m[0].length);
        continue;
      }
      token = pre(m[0], code);
    } else if ((m = FENCES.exec(src))) {
      const indent = /^(\s+)```/.exec(m[0])?.[1]?.length;
      let code = m[3] ?? '';
      if (indent) {
        code = code.replace(/^[^\S\n]+/gm, (space) =>
          space.length < indent ? space : space.slice(indent),
        );
      }
      token = pre(m[0], code, /^\S*/.exec(m[2]?.trim().replace(ESCAPED, '$1') ?? '')?.[0]);
    } else if ((m = HEADING.exec(src))) {
      let heading = m[2]!.trim();
      const trimmed = trimEnd(heading, '#');
      if (trimmed !== heading && (!trimmed || trimmed.endsWith(' '))) heading = trimmed.trim();
      token = block(`h${m[1]?.length}`, m[0], heading);
    } else if ((m = HR.exec(src))) {
      token = block('hr', trimEnd(m[0], '\n'));
    } else if (depth <= MAX_DEPTH && (m = BLOCKQUOTE.exec(src))) {
      token = blockquote(m[0]);
    } else if (!(token = depth <= MAX_DEPTH ? list(src) : undefined)) {
      if ((m = DEF.exec(src))) {
        if (text) {
          text.src += '\n' + m[0];
          src = src.slice(m[0].length);
          continue;
        }
        const label = m[1]!.toLowerCase().replace(/\s+/g, ' ');
        links[label] ??= [
          m[2]!.replace(/^<(.*)>$/, '$1').replace(ESCAPED, '$1'),
          (m[3] ?? '').slice(1, -1).replace(ESCAPED, '$1'),
        ];
        token = block('def', m[0]);
      } else if (!(token = table(src))) {
        // In a list item, where text is read line by line, SETEXT scans every line after this one:
        // when it failed on a line, it fails on the lines that continue it (it would have found the
        // same underline), so it is not tried again there. Without this a long item took
        // quadratic time.
        if (!setextFailed && (m = SETEXT.exec(src))) {
          token = block(m[2]![0] === '=' ? 'h1' : 'h2', m[0], m[1]);
        } else if (top) {
          // A paragraph takes its lines at once.
          m = PARAGRAPH.exec(src)!;
          token = block('p', m[0], m[0]);
        } else {
          // A list item's text is read line by line, and its lines join.
          const line = firstLine(src);
          noSetext = true;
          if (last?.tag !== '') token = block('', line, line);
          else {
            last.src += '\n' + line;
            src = src.slice(line.length);
            continue;
          }
        }
      }
    }
    src = src.slice(token.raw.length);
    out.push(token);
    if (depth === 1) charge(token.raw.length);
  }
  top = true;
  depth--;
  return out;
}

/**
 * A quote: its lines without their `>` (lazy lines as written), read as a whole. Lazy lines after
 * code are not the quote's, so when the quoted lines might end in code they are read once alone
 * to see. That reading is done at one level of a nest at most (deeper quotes inside it are not
 * probed again): probing at every level doubled the work with each level, and a 271-character
 * staircase of quotes froze the tab.
 */
function blockquote(raw: string): Block {
  const lines = trimEnd(raw, '\n').split('\n');
  const lazy = lines.findIndex((line) => !/^ {0,3}>/.test(line));
  const quoted = lines.slice(0, lazy).join('\n');
  let kids: Block[] | undefined;
  if (lazy > 0 && !probing && /^ {0,3}>[ \t]?(?: {4}|\t| {0,3}(?:```|~~~))/m.test(quoted)) {
    probing = true;
    try {
      kids = quote(quoted);
    } finally {
      probing = false;
    }
    if (kids.at(-1)?.tag !== 'pre') kids = undefined;
  }
  const token = block('blockquote', kids ? quoted : lines.join('\n'));
  token.kids = kids ?? quote(token.raw);
  return token;
}

/** A quote's text: its lines without `>`; a lazy `===` or `---` line, escaped, is no underline. */
function quote(text: string): Block[] {
  const saved = top;
  top = true;
  const kids = blocks(
    text.replace(/\n {0,3}((?:=+|-+) *)(?=\n|$)/g, '\n\\$1').replace(/^ {0,3}>[ \t]?/gm, ''),
  );
  top = saved;
  return kids;
}

/**
 * A fence's language, the only class model text can give an element: one `language-` token of
 * letters, digits and `_+#.-`, else none. A name with spaces or other characters once reached
 * `class` whole, and any class of the page (a panel's `position: fixed`) applied to the answer.
 */
const LANGUAGE = /^[A-Za-z0-9_+#.-]{1,32}$/;

function pre(raw: string, text: string, lang?: string): Block {
  const code: MdNode = { tag: 'code', kids: [text.replace(/\n$/, '') + '\n'] };
  const language = lang && decodeReferences(lang, true);
  if (language && LANGUAGE.test(language)) code.attrs = { class: `language-${language}` };
  return { tag: 'pre', raw, kids: [code] };
}

function list(src: string): Block | undefined {
  let m = LIST.exec(src);
  if (!m) return;
  const bullet = m[1]!.trim();
  const ordered = bullet.length > 1;
  const token = block(ordered ? 'ol' : 'ul', '');
  if (ordered && +bullet.slice(0, -1) !== 1) token.attrs = { start: String(+bullet.slice(0, -1)) };
  const item = re(
    `^( {0,3}${ordered ? `\\d{1,9}\\${bullet.slice(-1)}` : `\\${bullet}`})((?:[\t ][^\\n]*)?(?:\\n|$))`,
  );
  const items: [raw: string, text: string][] = [];
  let loose = false;
  let endsWithBlankLine = false;
  while (src && (m = item.exec(src)) && !HR.test(src)) {
    let raw = m[0];
    src = src.slice(raw.length);
    const marker = m[1]!;
    const after = m[2]!;
    let line = firstLine(after).replace(/^\t+/, (tabs) => ' '.repeat(3 * tabs.length));
    let blankLine = !line.trim();
    let indent = blankLine ? marker.length + 1 : after.search(/[^ ]/);
    let text = '';
    if (!blankLine) {
      if (indent > 4) indent = 1;
      text = line.slice(indent);
      indent += marker.length;
    }
    const second = firstLine(src);
    if (blankLine && /^[ \t]*$/.test(second)) {
      // An item starts with at most one blank line.
      raw += second + '\n';
      src = src.slice(second.length + 1);
    } else {
      // What ends the item, and what a lazy line cannot follow.
      const at = `^ {0,${Math.min(3, indent - 1)}}`;
      const starts = '(?:(?:- *){3,}|(?:_ *){3,}|(?:\\* *){3,})$|```|~~~|#';
      const ends = re(`${at}(?:${BULLET}(?:[ \t]|$)|${starts})`);
      const stops = re(`${at}(?:${starts})`);
      for (let next = firstLine(src); src && !ends.test(next); next = firstLine(src)) {
        const spaced = next.replace(/\t/g, '    ');
        if (spaced.search(/[^ ]/) >= indent || !next.trim()) {
          text += '\n' + spaced.slice(indent);
        } else {
          // A lazy line continues a paragraph, nothing else.
          if (blankLine || line.replace(/\t/g, '    ').search(/[^ ]/) >= 4 || stops.test(line))
            break;
          text += '\n' + next;
        }
        blankLine ||= !next.trim();
        raw += next + '\n';
        src = src.slice(next.length + 1);
        line = spaced.slice(indent);
      }
    }
    // A blank line after an item (but the last) makes the list loose.
    loose ||= endsWithBlankLine;
    endsWithBlankLine ||= /\n[ \t]*\n[ \t]*$/.test(raw);
    items.push([raw, text]);
    token.raw += raw;
  }
  if (!items.length) return;
  token.raw = token.raw.trimEnd();
  const lis = items.map(([, text], i) => {
    const task = /^\[([ xX])\] +/.exec(text);
    if (task) text = text.slice(task[0].length);
    top = false;
    const li = block('li', '');
    li.kids = blocks(i < items.length - 1 ? text : text.trimEnd());
    li.box = task ? (task[1] === ' ' ? '☐ ' : '☑ ') : '';
    // A blank line between an item's blocks makes the list loose too.
    loose ||= (li.kids as Block[]).some((kid) => kid.tag === 'space' && /\n.*\n/.test(kid.raw));
    return li;
  });
  for (const li of lis) {
    const [first] = li.kids as Block[];
    for (const kid of li.kids as Block[]) if (loose && kid.tag === '') kid.tag = 'p';
    // A task's box goes first in a loose item's paragraph, else first in the item.
    if (li.box && loose && first?.tag === 'p') first.box = li.box;
    else if (li.box) li.kids.unshift(li.box);
  }
  token.kids = lis;
  return token;
}

function splitCells(row: string, count = 0): string[] {
  // A pipe splits cells unless escaped by an odd number of backslashes.
  const cells = row
    .replace(/(\\*)\|/g, (pipe, slashes: string) => (slashes.length % 2 ? pipe : `${slashes} |`))
    .split(/ \|/);
  if (!cells[0]?.trim()) cells.shift();
  if (cells.length && !cells[cells.length - 1]?.trim()) cells.pop();
  if (count) {
    cells.length = Math.min(cells.length, count);
    while (cells.length < count) cells.push('');
  }
  return cells.map((cell) => cell.trim().replace(/\\\|/g, '|'));
}

function table(src: string): Block | undefined {
  const m = TABLE.exec(src);
  // The delimiter row needs a pipe or colon: `---` under a line is a setext heading.
  if (!m || !/[:|]/.test(m[2]!)) return;
  const head = splitCells(m[1]!);
  const align = m[2]!
    .replace(/^\||\| *$/g, '')
    .split('|')
    .map((cell) => {
      const [, left, right] = /^ *(:?)-+(:?) *$/.exec(cell) ?? [];
      return left ? (right ? 'center' : 'left') : right ? 'right' : '';
    });
  if (head.length !== align.length) return;
  const row = (cells: string[], tag: string): MdNode => ({
    tag: 'tr',
    kids: cells.map((cell, i) => {
      const td = block(tag, '', cell);
      if (align[i]) td.attrs = { align: align[i]! };
      return td;
    }),
  });
  const rows = m[3]?.trim() ? m[3].replace(/\n[ \t]*$/, '').split('\n') : [];
  const token = block('table', m[0]);
  token.kids = [{ tag: 'thead', kids: [row(head, 'th')] }];
  if (rows.length) {
    token.kids.push({
      tag: 'tbody',
      kids: rows.map((cells) => row(splitCells(cells, head.length), 'td')),
    });
  }
  return token;
}

/* ---------------------------------------------------------------------------------------------
 * Inline: marked's GFM inline rules, tried where marked tries them (where its text stops).
 */

/** Where text stops for something else to be tried. */
const STOP = /[\\<![`*_~\n]|[hH][tT][tT][pP][sS]?:\/\/|www\./g;
const TAG =
  /^(?:<!--(?:-?>|[\s\S]*?-->)|<\/[a-zA-Z][\w:-]*\s*>|<[a-zA-Z][\w-]*(?:\s+[a-zA-Z:_][\w.:-]*(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*?\s*\/?>)/;
const AUTOLINK = /^<([a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^\s<>\0- ]*)>/;
const URL_ = /^([hH][tT][tT][pP][sS]?:\/\/|www\.)(?:[a-zA-Z0-9-]+\.?)+[^\s<]*/;
/** What a bare URL gives back at its end: trailing punctuation, an unclosed `(`, an entity. */
const BACKPEDAL = /(?:[^?!.,:;*_'"~()&]+|\([^)]*\)|&(?![a-zA-Z0-9]+;$)|[?!.,:;*_'"~)]+(?!$))+/;
/** A link's `(target "title")`; the title needs space before it, so failing takes linear time. */
const LINK_TAIL =
  /^\(\s*(<(?:\\.|[^\n<>\\])+>|[^\0- ]*)(?:(?:[ \t]+(?:\n[ \t]*)?|[ \t]*\n[ \t]*)("(?:\\"?|[^"\\])*"|'(?:\\'?|[^'\\])*'|\((?:\\\)?|[^)\\])*\)))?\s*\)/;
const REF = /^(?!\s*\])(?:\\[\s\S]|[^[\]\\])+$/;
const DEL = /^(~~?)(?=[^\s~])((?:\\[\s\S]|[^\\])*?(?:\\[\s\S]|[^\s~\\]))\1(?=[^~]|$)/;

const isSpace = (char: string) => !char || /\s/.test(char);
/** Punctuation for emphasis: GFM lets `~` sit inside it. */
const isPunct = (char: string) => char !== '~' && /[\p{P}\p{S}]/u.test(char);

/** The index of the `]` that closes a link label opened before `from`, or -1. */
function labelEnd(src: string, from: number): number {
  let nested = false;
  for (let i = from; i < src.length; i++) {
    const char = src[i];
    if (char === '\\') i++;
    else if (char === '[') {
      if (nested) return -1;
      nested = true;
    } else if (char === ']') {
      if (!nested) return i;
      nested = false;
    }
  }
  return -1;
}

/** The link (or image, as its alt text) whose label starts at `from`, and where it ends. */
function link(src: string, from: number, image: boolean): [MdItem, number] | undefined {
  // Links do not nest: in a link's text, brackets are text (an image is its alt text anyway).
  if (inLink && !image) return;
  const end = labelEnd(src, from);
  if (end < 0) return;
  const label = src.slice(from, end);
  const tail = src.slice(end + 1);
  let m = tail.includes(')') ? LINK_TAIL.exec(tail) : null;
  let target: [href: string, title: string] | undefined;
  let length = 0;
  if (m) {
    let href = m[1]!;
    let title = m[2]?.slice(1, -1) ?? '';
    length = m[0].length;
    const url = href.trim();
    if (url[0] === '<') {
      if (url.endsWith('>')) target = [url.slice(1, -1), title];
    } else {
      // The target ends at its first unbalanced `)`.
      let level = 0;
      let close = -1;
      for (let i = 0; i < href.length && close < 0; i++) {
        if (href[i] === '\\') i++;
        else if (href[i] === '(') level++;
        else if (href[i] === ')' && --level < 0) close = i;
      }
      if (close >= 0) {
        href = href.slice(0, close);
        title = '';
        length = 2 + close;
      }
      if (close >= 0 || level <= 0 || !href.includes(')')) target = [href.trim(), title];
    }
    if (target) target = [target[0].replace(ESCAPED, '$1'), target[1].replace(ESCAPED, '$1')];
  }
  if (!target) {
    // A reference: `[text][label]`, `[label][]` or `[label]`.
    if ((m = /^\[((?!\s*\])(?:\\[\s\S]|[^[\]\\])+)\]/.exec(tail))) {
      target = links[m[1]!.replace(/\s+/g, ' ').toLowerCase()];
      length = m[0].length;
    } else if (REF.test(label)) {
      target = links[label.replace(/\s+/g, ' ').toLowerCase()];
      length = tail.startsWith('[]') ? 2 : 0;
    }
    if (!target) return;
  }
  const text = label.replace(/\\([[\]])/g, '$1');
  // An image in a link's text must not end the link's "in a link" (a link could nest after it).
  const outer = inLink;
  inLink = true;
  const kids = image ? [text] : inline(text);
  inLink = outer;
  const [href, title] = target;
  return [
    image
      ? text
      : {
          tag: 'a',
          kids,
          attrs: title ? { href, title: decodeReferences(title, true) } : { href },
        },
    end + 1 + length,
  ];
}

const anchor = (href: string, text: string): MdNode => ({
  tag: 'a',
  kids: [decodeReferences(text)],
  attrs: { href },
});

/**
 * Where each run of backticks in `src` starts, by its length, found in one pass: a code span's
 * closer is the next run of the opener's length, found without scanning the rest again (runs of
 * growing length made that quadratic). `next(length, from)` is its start at or after `from`, or -1;
 * `from` only grows within one text.
 */
function backtickRuns(src: string) {
  const runs = new Map<number, number[]>();
  const seen = new Map<number, number>();
  for (const match of src.matchAll(/`+/g)) {
    const list = runs.get(match[0].length) ?? [];
    if (!list.length) runs.set(match[0].length, list);
    list.push(match.index);
  }
  return {
    next(length: number, from: number): number {
      const list = runs.get(length) ?? [];
      let k = seen.get(length) ?? 0;
      while (k < list.length && list[k]! < from) k++;
      seen.set(length, k);
      return list[k] ?? -1;
    },
  };
}

interface Delimiter {
  char: string;
  /** Where its text is in the output. */
  at: number;
  /** Characters left, and the run's length. */
  left: number;
  length: number;
}

function inline(src: string): MdItem[] {
  charge(src.length);
  const out: MdItem[] = [];
  /**
   * What is known to have no end in the rest of `src`: the lengths of `~` openers that found no
   * closer, and whether a `-->` is left. A search that failed from one place fails from every later
   * one, so it is not made again (each would scan to the end: quadratic).
   */
  const noDelEnd = new Set<number>();
  const lastCommentEnd = src.lastIndexOf('-->');
  let codeRuns: ReturnType<typeof backtickRuns> | undefined;
  const openers: Delimiter[] = [];
  let text = '';
  const push = (item: MdItem) => {
    if (text) out.push(decodeReferences(text));
    text = '';
    out.push(item);
  };
  /** Where the last link, code span, escape… ended: marked sees no character before an opener there. */
  let tokenEnd = 0;
  for (let i = 0; i < src.length;) {
    const rest = src.slice(i);
    const char = rest[0]!;
    let m: RegExpExecArray | null;
    let found: [MdItem, number] | undefined;
    if (char === '\\' && /^[!-/:-@[-`{-~]/.test(rest[1]!)) {
      found = [rest[1]!, 2];
    } else if (char === '\\' && rest[1] === '\n' && !/^\s*$/.test(rest.slice(2))) {
      found = [{ tag: 'br', kids: [] }, 2];
    } else if (
      char === '<' &&
      !(rest.startsWith('<!--') && !/^<!---?>/.test(rest) && lastCommentEnd < i + 4) &&
      (m = TAG.exec(rest))
    ) {
      found = [m[0], m[0].length];
    } else if (char === '<' && !inLink && (m = AUTOLINK.exec(rest))) {
      found = [anchor(m[1]!, m[1]!), m[0].length];
    } else if (char === '[' || (char === '!' && rest[1] === '[')) {
      found = link(src, i + (char === '!' ? 2 : 1), char === '!');
      if (found) found[1] -= i;
    } else if (char === '*' || char === '_') {
      const length = (char === '*' ? /^\*+/ : /^_+/).exec(rest)![0].length;
      // Whether the run can open or close, from the characters around it (marked reads a single
      // UTF-16 unit before an opener, a whole code point around a closer).
      const unit = i === tokenEnd ? '' : src[i - 1]!;
      const before = [...src.slice(Math.max(0, i - 2), i)].pop() ?? '';
      const after = String.fromCodePoint(src.codePointAt(i + length) ?? 32);
      const open =
        !isSpace(after) &&
        (isPunct(after)
          ? isSpace(unit) || isPunct(unit)
          : char === '*' || !/[\p{L}\p{N}]/u.test(unit));
      const close =
        !isSpace(before) &&
        (isSpace(after) || isPunct(after) || (char === '*' && !isPunct(before)));
      // Runs of more than 50 stay text: they could only nest emphasis absurdly deep.
      if ((open || close) && length < 51) {
        push('');
        const closer: Delimiter = { char, at: 0, left: length, length };
        for (let k = openers.length - 1; close && closer.left && k >= 0; k--) {
          const opener = openers[k]!;
          // GFM's rule of 3 (as marked applies it: when the closer could also open).
          if (
            opener.char !== char ||
            (open && !((opener.length + length) % 3) && opener.length % 3)
          )
            continue;
          const used = opener.left > 1 && closer.left > 1 ? 2 : 1;
          opener.left -= used;
          closer.left -= used;
          out[opener.at] = char.repeat(opener.left);
          out.push({ tag: used > 1 ? 'strong' : 'em', kids: out.splice(opener.at + 1) });
          openers.length = opener.left ? k + 1 : k;
          k = openers.length;
        }
        out.push(char.repeat(closer.left));
        closer.at = out.length - 1;
        // Emphasis nests 20 deep at most.
        if (open && closer.left && openers.length < 20) openers.push(closer);
        i += length;
        continue;
      }
      text += rest.slice(0, length);
      i += length;
      continue;
    } else if (char === '`' || char === '~') {
      const run = /^[`~]+/.exec(rest)![0];
      const open = (char === '`' ? /^`+/ : /^~+/).exec(rest)![0];
      if (char === '`') {
        const close = (codeRuns ??= backtickRuns(src)).next(open.length, i + open.length);
        if (close >= 0) {
          let code = src.slice(i + open.length, close).replace(/\n/g, ' ');
          if (/[^ ]/.test(code) && code[0] === ' ' && code.endsWith(' ')) code = code.slice(1, -1);
          found = [{ tag: 'code', kids: [code] }, close + open.length - i];
        }
      } else if (char === '~' && open.length < 3 && !noDelEnd.has(open.length)) {
        if ((m = DEL.exec(rest))) found = [{ tag: 'del', kids: inline(m[2]!) }, m[0].length];
        // An opener (followed by text) that found no closer: none of its length will.
        else if (/^~~?[^\s~]/.test(rest)) noDelEnd.add(open.length);
      }
      if (!found) {
        text += run;
        i += run.length;
        continue;
      }
    } else if (
      // Two spaces before a newline: text always ends where `i` is, so the source says whether
      // it ends in them (`text.endsWith` copied the whole text each line: quadratic).
      char === '\n' &&
      text.length > 1 &&
      src[i - 1] === ' ' &&
      src[i - 2] === ' ' &&
      !/^\s*$/.test(rest.slice(1))
    ) {
      text = trimEnd(text, ' ');
      found = [{ tag: 'br', kids: [] }, 1];
    } else if (!inLink && (m = URL_.exec(rest))) {
      let url = m[0];
      for (let before = ''; before !== url;) {
        before = url;
        url = BACKPEDAL.exec(url)?.[0] ?? '';
      }
      found = [anchor(m[1] === 'www.' ? 'http://' + url : url, url), url.length];
    }
    if (found) {
      push(found[0]);
      tokenEnd = i += found[1];
    } else {
      STOP.lastIndex = i + 1;
      const next = STOP.exec(src)?.index ?? src.length;
      text += src.slice(i, next);
      i = next;
    }
  }
  push('');
  return out.filter((item) => item !== '');
}

/** Reads the text of blocks, in the order of the answer; once the budget is spent, as plain text. */
function fill(items: MdItem[]): void {
  for (const item of items as Block[]) {
    if (typeof item !== 'object') continue;
    if (item.src === undefined) {
      fill(item.kids);
      continue;
    }
    let kids: MdItem[];
    try {
      kids = inline(item.src);
    } catch (error) {
      if (error !== SPENT) throw error;
      inLink = false;
      kids = [item.src];
    }
    item.kids = item.box ? [item.box, ...kids] : kids;
  }
}

/** Text shown as written, its lines kept: what is left of an answer once the budget is spent. */
function plain(text: string): Block {
  const kids: MdItem[] = [];
  for (const line of trimEnd(text, '\n').split('\n')) {
    if (kids.length) kids.push({ tag: 'br', kids: [] });
    kids.push(line);
  }
  return { tag: 'p', raw: text, kids };
}

/**
 * Reads an answer (so far) into a tree. Headings keep their depth (`h1`…`h6`); `space` and `def`
 * nodes (blank lines, reference definitions) show nothing.
 */
export function lex(source: string): MdItem[] {
  links = Object.create(null) as typeof links;
  top = true;
  inLink = false;
  probing = false;
  depth = 0;
  work = 0;
  topBlocks = [];
  budget = Math.min(MAX_WORK, WORK_PER_CHARACTER * source.length + 10_000);
  let tree: Block[];
  try {
    tree = blocks(source.replace(/\r\n?/g, '\n'));
  } catch (error) {
    if (error !== SPENT) throw error;
    // The blocks read so far stay; the rest of the answer is text.
    tree = [...topBlocks, plain(topRest)];
    top = true;
    probing = false;
  }
  work = 0;
  fill(tree);
  return tree;
}
