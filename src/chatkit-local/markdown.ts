/**
 * Model output to safe DOM. Markdown goes through `marked`; any raw HTML inside it is escaped (shown
 * as text, never parsed), and the result still passes DOMPurify with a narrow allowlist, so neither a
 * parser quirk nor a prompt injection can put script, handlers or remote resources into the page.
 */
import DOMPurify, { type DOMPurify as DOMPurifyInstance } from 'dompurify';
import { Marked } from 'marked';

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch);
}

const marked = new Marked({
  gfm: true,
  breaks: false,
  async: false,
  renderer: {
    html({ text }) {
      return escapeHtml(text);
    },
    // Images would fetch remote resources chosen by model output: show their alt text instead.
    image({ text }) {
      return escapeHtml(text);
    },
  },
});

const ALLOWED_TAGS = [
  'a',
  'b',
  'blockquote',
  'br',
  'code',
  'del',
  'em',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'i',
  'li',
  'ol',
  'p',
  'pre',
  'span',
  'strong',
  'table',
  'tbody',
  'td',
  'th',
  'thead',
  'tr',
  'ul',
];
const ALLOWED_ATTR = ['href', 'title', 'class', 'start', 'align', 'colspan', 'rowspan'];

let purifier: DOMPurifyInstance | null = null;

/** A private instance, so our settings never leak into other DOMPurify users on the page. */
function getPurifier(): DOMPurifyInstance {
  purifier ??= DOMPurify(window);
  return purifier;
}

/** True for links that leave the site (absolute http(s) URLs to another origin). */
export function isExternalHref(href: string, base: string = window.location.href): boolean {
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
export function decorateLink(
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
 * Answers sit inside a chat panel under its `h2`: an answer's outermost heading becomes `h3` and the
 * others keep their relative depth, so the page's outline has no gaps and nothing outranks the panel.
 */
function demoteHeadings(fragment: DocumentFragment, doc: Document): void {
  const headings = [...fragment.querySelectorAll<HTMLHeadingElement>('h1, h2, h3, h4, h5, h6')];
  if (headings.length === 0) return;
  const levelOf = (h: HTMLHeadingElement) => Number(h.tagName.slice(1));
  const top = Math.min(...headings.map(levelOf));
  for (const heading of headings) {
    const level = Math.min(6, 3 + levelOf(heading) - top);
    if (level === levelOf(heading)) continue;
    const replacement = doc.createElement(`h${level}`);
    replacement.append(...heading.childNodes);
    heading.replaceWith(replacement);
  }
}

/** Renders markdown to a sanitized fragment owned by `doc`. */
export function renderMarkdown(
  source: string,
  options: { newTabHint: string; doc?: Document } = { newTabHint: '(opens in a new tab)' },
): DocumentFragment {
  const doc = options.doc ?? document;
  const html = marked.parse(source, { async: false });
  const fragment = getPurifier().sanitize(html, {
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    ALLOW_DATA_ATTR: false,
    RETURN_DOM_FRAGMENT: true,
  });
  for (const anchor of fragment.querySelectorAll('a')) {
    decorateLink(anchor, options.newTabHint, doc);
  }
  demoteHeadings(fragment, doc);
  // Code keeps its lines and scrolls sideways, so it must be reachable by keyboard (as on Docusaurus).
  for (const pre of fragment.querySelectorAll('pre')) pre.tabIndex = 0;
  // Wide tables scroll sideways too.
  for (const table of fragment.querySelectorAll('table')) {
    const wrap = doc.createElement('div');
    wrap.className = 'ck-table-wrap';
    wrap.tabIndex = 0;
    table.replaceWith(wrap);
    wrap.append(table);
  }
  return doc.importNode(fragment, true);
}
