/**
 * Model output to safe DOM. `lexer.ts` reads the Markdown into a tree of plain objects and
 * this module builds DOM nodes from it with `createElement` and text nodes: no HTML string is ever
 * parsed, so model output cannot become markup and no sanitizer is needed. Only the elements and
 * attributes written here can appear; raw HTML in the source is shown as text, images as their alt
 * text (nothing is fetched), and a link keeps its `href` only when it is http(s), mailto, relative
 * or a `#` fragment.
 *
 * The result matches what `marked.parse()` plus a narrow DOMPurify allowlist rendered before
 * (elements, attributes, text, even the newlines between blocks), except that task list items show
 * ☐ or ☑ where the old allowlist dropped the checkbox, links with other schemes (`tel:`) or unknown
 * entities in their URL are plain text, and the rare constructs `conformance.test.ts`
 * lists.
 */
import { allowedHref, decorateLink } from './links';
import { decodeReferences, lex, type MdItem } from './lexer';

export { decorateLink };

/**
 * The `href` a Markdown link may keep: percent-encoded and with references decoded as the old HTML
 * output's attribute was, then judged by `allowedHref` (so `&#106;avascript:` is seen for what it
 * is); null while a reference is left (`javascript&colon;`, `&#106avascript:`), as an HTML parser
 * might read one differently.
 */
export function safeHref(raw: string): string | null {
  let href: string;
  try {
    href = decodeReferences(encodeURI(raw).replace(/%25/g, '%'), true);
  } catch {
    return null; // a lone surrogate
  }
  if (/&(#|\w+;)/.test(href)) return null;
  // Tabs and line breaks (`&#13;`) are what the URL parser drops when the link is followed.
  return allowedHref(href.replace(/[\t\n\r]/g, ''));
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
function outermostHeading(items: MdItem[], top = 7): number {
  for (const item of items) {
    if (typeof item === 'string') continue;
    const depth = HEADING.exec(item.tag)?.[1];
    if (depth) top = Math.min(top, +depth);
    else if (/^(?:blockquote|ol|ul|li)$/.test(item.tag)) top = outermostHeading(item.kids, top);
  }
  return top;
}

const HEADING = /^h(\d)$/;
/** The elements and attributes the lexer makes; any other element would be shown as its content. */
const ELEMENTS =
  /^(?:p|h[1-6]|hr|pre|code|blockquote|ol|ul|li|table|thead|tbody|tr|th|td|em|strong|del|a|br)$/;
/** The attributes the lexer makes, each with the values it may have (a second check of its work). */
const ATTRIBUTES: Record<string, RegExp> = {
  title: /^/,
  class: /^language-[A-Za-z0-9_+#.-]{1,32}$/,
  start: /^\d{1,10}$/,
  align: /^(?:left|center|right)$/,
};
/** The newlines an HTML serializer puts first in these elements, and after these. */
const NEWLINE_FIRST = /^(?:blockquote|ol|ul|table|thead|tr)$/;
const NEWLINE_AFTER = /^(?:p|h\d|hr|pre|blockquote|ol|ul|table|li|thead|tr|th|td)$/;

/** Text, joined to the text before it so the tree is the one an HTML parser would have built. */
export function appendText(ctx: Pick<Context, 'doc'>, parent: Node, text: string): void {
  if (!text) return;
  // The HTML parser dropped NUL characters from text, and read a carriage return as a newline.
  if (text.includes('\0')) text = text.replaceAll('\0', '');
  if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
  const last = parent.lastChild;
  if (last?.nodeType === 3) (last as Text).appendData(text);
  else parent.appendChild(ctx.doc.createTextNode(text));
}

function build(ctx: Context, items: MdItem[], parent: Node): void {
  for (const item of items) {
    if (typeof item === 'string') {
      appendText(ctx, parent, item);
      continue;
    }
    const { href = '', ...attrs } = item.attrs ?? {};
    const link = item.tag === 'a';
    // A link to anywhere else is its text.
    const safe = link ? safeHref(href) : '';
    if (!ELEMENTS.test(item.tag) || safe === null) {
      build(ctx, item.kids, parent);
      continue;
    }
    const depth = HEADING.exec(item.tag)?.[1];
    let host = parent;
    if (item.tag === 'table') {
      // Wide tables scroll sideways, so they must be reachable by keyboard.
      const wrap = host.appendChild(ctx.doc.createElement('div'));
      wrap.className = 'ck-table-wrap';
      wrap.tabIndex = 0;
      host = wrap;
    }
    const element = host.appendChild(
      ctx.doc.createElement(depth ? `h${Math.min(6, 3 + +depth - ctx.topHeading)}` : item.tag),
    );
    if (link) element.setAttribute('href', safe);
    for (const [name, value] of Object.entries(attrs)) {
      // A NUL in an attribute is U+FFFD to the HTML parser, so the tree survives a round trip.
      if (Object.hasOwn(ATTRIBUTES, name) && ATTRIBUTES[name]!.test(value))
        element.setAttribute(name, value.replaceAll('\0', '\ufffd'));
    }
    // Code keeps its lines and scrolls sideways too (as on Docusaurus).
    if (item.tag === 'pre') element.tabIndex = 0;
    if (NEWLINE_FIRST.test(item.tag)) appendText(ctx, element, '\n');
    build(ctx, item.kids, element);
    if (link) decorateLink(element as HTMLAnchorElement, ctx.newTabHint, ctx.doc);
    if (NEWLINE_AFTER.test(item.tag)) appendText(ctx, parent, '\n');
  }
}

/** Renders markdown to a fragment owned by `doc`, built node by node (no HTML is parsed). */
export function renderMarkdown(
  source: string,
  options: { newTabHint: string; doc?: Document } = { newTabHint: '(opens in a new tab)' },
): DocumentFragment {
  const doc = options.doc ?? document;
  const items = lex(source);
  const fragment = doc.createDocumentFragment();
  const ctx = { doc, newTabHint: options.newTabHint, topHeading: outermostHeading(items) };
  build(ctx, items, fragment);
  return fragment;
}
