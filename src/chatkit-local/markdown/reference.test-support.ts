/**
 * TEST SUPPORT ONLY: the reference the shipped Markdown reader is checked against. This is the
 * renderer `render.ts` was before it had its own lexer (commit 5b7794f), kept as it was: `marked`'s
 * lexer turns the Markdown into tokens and this module builds DOM nodes from them. `marked` is a
 * dev dependency for this file alone; shipped code must never import it (or this file).
 *
 * It shares four leaves with the shipped reader rather than keeping copies of them: decoding
 * character references, the link-safety check, the new-tab decoration and joining text nodes. The
 * conformance test therefore compares the structure the two readers build; those leaves are proved
 * on their own in `render.test.ts` (a table of references, and of hostile links).
 */
import { Lexer, type MarkedToken, type Token, type Tokens } from 'marked';
import { appendText, decorateLink, safeHref } from './render';
import { decodeReferences } from './lexer';

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
