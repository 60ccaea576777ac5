/**
 * TEST SUPPORT ONLY: the reference the shipped Markdown reader is checked against. This is the
 * renderer `markdown.ts` was before it had its own lexer (commit 5b7794f), kept as it was: `marked`'s
 * lexer turns the Markdown into tokens and this module builds DOM nodes from them. `marked` is a
 * dev dependency for this file alone; shipped code must never import it (or this file).
 */
import { Lexer, type MarkedToken, type Token, type Tokens } from 'marked';

/** True for links that leave the site (absolute http(s) URLs to another origin). */
function isExternalHref(href: string, base: string = window.location.href): boolean {
  try {
    const url = new URL(href, base);
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') && url.origin !== new URL(base).origin
    );
  } catch {
    return false;
  }
}

/**
 * Marks a link as leaving the site when it does: new tab, no opener, no referrer, and a visually
 * hidden hint so screen reader users know a tab opens. Same-site links (the textbook's `/docs/`)
 * stay in the tab.
 */
function decorateLink(
  anchor: HTMLAnchorElement,
  newTabHint: string,
  doc: Document = anchor.ownerDocument,
): void {
  anchor.setAttribute('rel', 'noopener noreferrer');
  const href = anchor.getAttribute('href') ?? '';
  if (isExternalHref(href)) {
    anchor.setAttribute('target', '_blank');
    const hint = doc.createElement('span');
    hint.className = 'ck-visually-hidden';
    hint.textContent = ` ${newTabHint}`;
    anchor.append(hint);
  } else {
    anchor.removeAttribute('target');
  }
}

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
 * as the browser decoded them when this module rendered through HTML. In text, an unknown name that
 * starts with a legacy one (`&notit;`) is decoded as the HTML parser does (`¬it;`); in attributes
 * it is not.
 */
const REFERENCE = /&(#\d{1,7}|#[xX][\da-fA-F]{1,6}|\w+);/g;

function decodeReferences(text: string, attribute = false): string {
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

const SCHEME = /^([^/?#:]+):/;
const SAFE_SCHEME = /^(?:https?|mailto)$/i;
const SAFE_PROTOCOL = /^(?:https?|mailto):$/;
/** Stands for the page: a relative link resolves to its http(s) origin. */
const BASE = 'https://base.invalid/';

/**
 * The `href` a link may keep: http(s), mailto, relative or `#`, percent-encoded and with references
 * decoded as the old HTML output's attribute was. Null for anything else, judged after removing
 * whitespace and control characters anywhere (`java\tscript:`, `&#106;avascript:`) and again by
 * the URL parser; null too while a reference is left (`javascript&colon;`, `&#106avascript:`), as
 * an HTML parser might read one differently.
 */
function safeHref(raw: string): string | null {
  let href: string;
  try {
    href = decodeReferences(encodeURI(raw).replace(/%25/g, '%'), true);
  } catch {
    return null; // a lone surrogate
  }
  if (/&(#|\w+;)/.test(href)) return null;
  const scheme = SCHEME.exec(href.replace(/[\0-\x20\x7f]+/g, ''));
  if (scheme && !SAFE_SCHEME.test(scheme[1] ?? '')) return null;
  let protocol: string;
  try {
    protocol = new URL(href, BASE).protocol;
  } catch {
    return href; // a URL the parser rejects (`https://`) cannot be followed
  }
  return SAFE_PROTOCOL.test(protocol) ? href : null;
}

interface Context {
  doc: Document;
  newTabHint: string;
  /** The depth of the answer's outermost heading, which becomes an `h3`. */
  topHeading: number;
}

/**
 * Answers sit inside a chat panel under its `h2`: an answer's outermost heading becomes `h3` and the
 * others keep their relative depth, so the page's outline has no gaps and nothing outranks the panel.
 * This finds the outermost depth, in quotes and list items too.
 */
function outermostHeading(tokens: Token[], top = 7): number {
  for (const token of tokens as MarkedToken[]) {
    if (token.type === 'heading') top = Math.min(top, token.depth);
    else if (token.type === 'blockquote') top = outermostHeading(token.tokens, top);
    else if (token.type === 'list')
      for (const item of token.items) top = outermostHeading(item.tokens, top);
  }
  return top;
}

function append<K extends keyof HTMLElementTagNameMap>(
  ctx: Context,
  parent: Node,
  tag: K,
): HTMLElementTagNameMap[K] {
  return parent.appendChild(ctx.doc.createElement(tag));
}

/** Text, joined to the text before it so the tree is the one an HTML parser would have built. */
function appendText(ctx: Context, parent: Node, text: string): void {
  if (!text) return;
  // The HTML parser dropped NUL characters from text.
  if (text.includes('\0')) text = text.replaceAll('\0', '');
  const last = parent.lastChild;
  if (last?.nodeType === 3) (last as Text).appendData(text);
  else parent.appendChild(ctx.doc.createTextNode(text));
}

function renderInline(ctx: Context, tokens: Token[], parent: Node): void {
  for (const token of tokens as MarkedToken[]) {
    switch (token.type) {
      case 'text':
        if (token.tokens) renderInline(ctx, token.tokens, parent);
        else appendText(ctx, parent, decodeReferences(token.text));
        break;
      case 'escape':
        appendText(ctx, parent, token.text);
        break;
      case 'strong':
      case 'em':
      case 'del':
        renderInline(ctx, token.tokens, append(ctx, parent, token.type));
        break;
      case 'codespan':
        appendText(ctx, append(ctx, parent, 'code'), token.text);
        break;
      case 'br':
        append(ctx, parent, 'br');
        break;
      case 'link': {
        const href = safeHref(token.href);
        // A link to anywhere else is its text.
        if (href === null) {
          renderInline(ctx, token.tokens, parent);
          break;
        }
        const anchor = append(ctx, parent, 'a');
        anchor.setAttribute('href', href);
        if (token.title) anchor.setAttribute('title', decodeReferences(token.title, true));
        renderInline(ctx, token.tokens, anchor);
        decorateLink(anchor, ctx.newTabHint, ctx.doc);
        break;
      }
      // Raw HTML is shown as written; an image, which would fetch what the model chose, as its alt.
      case 'html':
      case 'image':
      default:
        appendText(ctx, parent, (token as { text?: string }).text ?? token.raw);
    }
  }
}

function renderTableRow(ctx: Context, parent: Node, cells: Tokens.TableCell[]): void {
  const row = append(ctx, parent, 'tr');
  appendText(ctx, row, '\n');
  for (const cell of cells) {
    const element = append(ctx, row, cell.header ? 'th' : 'td');
    if (cell.align) element.setAttribute('align', cell.align);
    renderInline(ctx, cell.tokens, element);
    appendText(ctx, row, '\n');
  }
  appendText(ctx, parent, '\n');
}

/** Block tokens; `top` is false inside a tight list item, where text is not a paragraph. */
function renderBlocks(ctx: Context, tokens: Token[], parent: Node, top: boolean): void {
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as MarkedToken;
    switch (token.type) {
      case 'space':
      case 'def':
        continue;
      case 'paragraph':
        renderInline(ctx, token.tokens, append(ctx, parent, 'p'));
        break;
      case 'heading': {
        const level = Math.min(6, 3 + token.depth - ctx.topHeading);
        renderInline(ctx, token.tokens, parent.appendChild(ctx.doc.createElement(`h${level}`)));
        break;
      }
      case 'hr':
        append(ctx, parent, 'hr');
        break;
      case 'code': {
        // Code keeps its lines and scrolls sideways, so it must be reachable by keyboard (as on
        // Docusaurus).
        const pre = append(ctx, parent, 'pre');
        pre.tabIndex = 0;
        const code = append(ctx, pre, 'code');
        const lang = /^\S*/.exec(token.lang ?? '')?.[0];
        if (lang) code.className = `language-${decodeReferences(lang, true)}`;
        appendText(ctx, code, token.text.replace(/\n$/, '') + '\n');
        break;
      }
      case 'blockquote': {
        const quote = append(ctx, parent, 'blockquote');
        appendText(ctx, quote, '\n');
        renderBlocks(ctx, token.tokens, quote, true);
        break;
      }
      case 'list': {
        const list = append(ctx, parent, token.ordered ? 'ol' : 'ul');
        if (token.ordered && token.start !== 1) list.setAttribute('start', String(token.start));
        appendText(ctx, list, '\n');
        for (const item of token.items) {
          const li = append(ctx, list, 'li');
          renderBlocks(ctx, item.tokens, li, item.loose);
          if (item.task) {
            const box = item.checked ? '☑ ' : '☐ ';
            const first = li.firstChild;
            const target = item.loose && first?.nodeName === 'P' ? first : li;
            const head = target.firstChild;
            if (head?.nodeType === 3) (head as Text).insertData(0, box);
            else target.insertBefore(ctx.doc.createTextNode(box), head);
          }
          appendText(ctx, list, '\n');
        }
        break;
      }
      case 'table': {
        // Wide tables scroll sideways too.
        const wrap = append(ctx, parent, 'div');
        wrap.className = 'ck-table-wrap';
        wrap.tabIndex = 0;
        const table = append(ctx, wrap, 'table');
        appendText(ctx, table, '\n');
        const head = append(ctx, table, 'thead');
        appendText(ctx, head, '\n');
        renderTableRow(ctx, head, token.header);
        appendText(ctx, table, '\n');
        if (token.rows.length > 0) {
          const body = append(ctx, table, 'tbody');
          for (const row of token.rows) renderTableRow(ctx, body, row);
        }
        break;
      }
      case 'text': {
        // Lines of a tight list item; elsewhere a paragraph.
        const target = top ? append(ctx, parent, 'p') : parent;
        renderInline(ctx, [token], target);
        while (tokens[i + 1]?.type === 'text') {
          appendText(ctx, target, '\n');
          renderInline(ctx, [tokens[++i] as Tokens.Text], target);
        }
        if (!top) continue;
        break;
      }
      // Raw HTML is shown as written.
      case 'html':
      default:
        appendText(ctx, parent, (token as { text?: string }).text ?? token.raw);
        continue;
    }
    appendText(ctx, parent, '\n');
  }
}

/** Renders markdown to a fragment owned by `doc`, built node by node (no HTML is parsed). */
export function renderMarkdownReference(
  source: string,
  options: { newTabHint: string; doc?: Document } = { newTabHint: '(opens in a new tab)' },
): DocumentFragment {
  const doc = options.doc ?? document;
  // A fresh options object: the lexer keeps its tokenizer on it.
  const tokens = new Lexer({ gfm: true, breaks: false, pedantic: false }).lex(source);
  const fragment = doc.createDocumentFragment();
  const ctx: Context = {
    doc,
    newTabHint: options.newTabHint,
    topHeading: outermostHeading(tokens),
  };
  renderBlocks(ctx, tokens, fragment, true);
  return fragment;
}
