/**
 * A conversation as Markdown, for "Copy conversation": what a reader pastes into GitHub, a doc or
 * their notes. Each turn is a bold "You:" paragraph with the question (and the passage it quoted
 * as a `>` block), then a bold "Assistant:" paragraph with the answer as the model wrote it (it is
 * Markdown already) and its sources as a list of links; turns are separated by a rule.
 *
 * The texts are not ours: the answer is written by the model, the question and the quote come from
 * the page. None of them may break the structure of the copy, so each block is closed before the
 * next begins: a code fence left open is closed (with its own fence, at its own indentation), as is
 * an HTML block that would otherwise run to the end of the document (`<!--`, `<pre>`, `<script>`,
 * `<style>`, `<textarea>`, `<?`, `<!X`, `<![CDATA[`); blocks are separated by blank lines, which
 * end every other construct. The texts themselves are kept as written. Source titles are escaped
 * (one line, Markdown punctuation backslashed) and only http(s) URLs become links.
 */
import type { Source, ThreadItem } from '../../../contract';

/** The words of the copy, in the page's language. */
export interface MarkdownLabels {
  you: string;
  assistant: string;
  sources: string;
}

export interface ConversationMarkdownInput {
  /** The thread's title: a `#` heading when there is one. */
  title?: string | undefined;
  /** The thread's items, oldest first. */
  items: readonly ThreadItem[];
  labels: MarkdownLabels;
  /** What a relative source URL is resolved against (the page's address). */
  base?: string | undefined;
}

/** Line endings as CommonMark reads them (`\r\n`, `\r`), as `\n`. */
const lines = (text: string) => text.replace(/\r\n?/g, '\n');

/** Leading white space as columns (tabs to the next multiple of 4) and the rest of the line. */
function indentOf(line: string): { column: number; rest: string } {
  let column = 0;
  let at = 0;
  for (; at < line.length; at++) {
    if (line[at] === ' ') column += 1;
    else if (line[at] === '\t') column += 4 - (column % 4);
    else break;
  }
  return { column, rest: line.slice(at) };
}

const FENCE = /^(`{3,}(?=[^`]*$)|~{3,})/;
const LIST_ITEM = /^([-+*]|\d{1,9}[.)])([ \t]+|$)/;
const BREAK = /^([-*_])([ \t]*\1){2,}[ \t]*$/;
/** HTML blocks (CommonMark kinds 1–5) that end only at their terminator, never at a blank line. */
const HTML_BLOCKS: { start: RegExp; end: RegExp; close: (tag: string) => string }[] = [
  {
    start: /^<(script|pre|style|textarea)(?=[\s>]|$)/i,
    end: /<\/(script|pre|style|textarea)>/i,
    close: (tag) => `</${tag.toLowerCase()}>`,
  },
  { start: /^<!--/, end: /-->/, close: () => '-->' },
  { start: /^<\?/, end: /\?>/, close: () => '?>' },
  { start: /^<![A-Za-z]/, end: />/, close: () => '>' },
  { start: /^<!\[CDATA\[/, end: /\]\]>/, close: () => ']]>' },
];

/** HTML blocks that end at a blank line (kinds 6 and 7): what is in them is not Markdown. */
const HTML_TO_BLANK =
  /^<\/?(address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul)(?=[\s/>]|$)/i;
/** A whole open or closing tag alone on its line (kind 7; it cannot interrupt a paragraph). */
const HTML_TAG_LINE =
  /^(?:<[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?)*\s*\/?>|<\/[A-Za-z][A-Za-z0-9-]*\s*>)[ \t]*$/;

/** Whether a line's text (after its indentation) ends a paragraph above it and starts a block. */
function interruptsParagraph(rest: string): boolean {
  const item = BREAK.test(rest) ? null : LIST_ITEM.exec(rest);
  // Only an item with something on it, and numbered from 1, starts a list under a paragraph.
  if (item) return rest.slice(item[1]!.length).trim() !== '' && /^([-+*]|0*1[.)])$/.test(item[1]!);
  return (
    FENCE.test(rest) ||
    BREAK.test(rest) ||
    rest.startsWith('>') ||
    /^#{1,6}([ \t]|$)/.test(rest) ||
    HTML_TO_BLANK.test(rest) ||
    HTML_BLOCKS.some((kind) => kind.start.test(rest))
  );
}

/** Whether a line's text (after its indentation) starts a paragraph, inside its quotes and items. */
function opensParagraph(line: string): boolean {
  let rest = line;
  for (
    let marker;
    (marker = /^>[ \t]?/.exec(rest) ?? (BREAK.test(rest) ? null : LIST_ITEM.exec(rest)));
  ) {
    rest = rest.slice(marker[0].length).trimStart();
  }
  return (
    rest !== '' &&
    // A link reference definition is no paragraph (no lazy line follows it).
    !/^\[(?:[^\]\\]|\\.)+\]:/.test(rest) &&
    !FENCE.test(rest) &&
    !/^#{1,6}([ \t]|$)/.test(rest) &&
    !BREAK.test(rest) &&
    !HTML_TO_BLANK.test(rest) &&
    !HTML_TAG_LINE.test(rest) &&
    !HTML_BLOCKS.some((kind) => kind.start.test(rest))
  );
}

/**
 * `text` as a block that ends where it ends: leading blank lines and trailing white space dropped,
 * and a code fence or an HTML block left open at the top level closed after it, on a line of its
 * own. What is left open inside a list item needs nothing: the copy's next line, not indented,
 * ends the item and everything in it. So the lines are followed as CommonMark reads them, as far
 * as that matters here: which list items are open (their content's column), fences and HTML blocks
 * (where they start and end), and paragraphs (whose lazy lines keep an item open).
 */
export function closedBlock(text: string): string {
  const body = lines(text)
    .replace(/^(?:[ \t]*\n)+/, '')
    .trimEnd();
  /** Content columns of the open list items, outermost first. */
  const items: number[] = [];
  let paragraph = false;
  /** The paragraph is in a quote (`>`): a line without `>` continues it only lazily. */
  let quotedParagraph = false;
  /** The last line started a list item with nothing on it (a blank line next ends it). */
  let emptyItem = false;
  let fence: { char: string; length: number; depth: number; column: number } | null = null;
  let html: { end: RegExp; close: string; depth: number; column: number } | null = null;
  /** An HTML block that runs to the next blank line: its depth. */
  let toBlank: number | null = null;
  for (const line of body.split('\n')) {
    const { column, rest } = indentOf(line);
    const blank = rest === '';
    quotedParagraph &&= paragraph;
    if (emptyItem && blank) items.pop();
    emptyItem = false;
    // Items this line does not continue end, and with them a fence or HTML block inside them.
    const container = () => items[items.length - 1] ?? 0;
    const leaves = (lazy: boolean) => {
      if (blank || lazy) return;
      while (items.length && column < container()) {
        items.pop();
        paragraph = false; // a paragraph ends with its item
      }
      if (fence && fence.depth > items.length) fence = null;
      if (html && html.depth > items.length) html = null;
    };
    if (fence) {
      leaves(false);
      if (fence) {
        const closer = new RegExp(`^${fence.char}{${fence.length},}[ \\t]*$`);
        if (column - container() <= 3 && closer.test(rest)) fence = null;
        continue;
      }
    }
    if (html) {
      leaves(false);
      if (html) {
        if (html.end.test(line)) html = null;
        continue;
      }
    }
    if (toBlank !== null) {
      if (blank) toBlank = null;
      else {
        leaves(false);
        if (toBlank > items.length) toBlank = null;
        else continue;
      }
    }
    if (blank) {
      paragraph = false;
      continue;
    }
    const relative = () => column - container();
    // Under a paragraph that this line's indentation (or lack of `>`) leaves, the line is a lazy
    // continuation of it, unless it starts a block: then any list item does (as CommonMark
    // readers have it), not only one that may interrupt a paragraph.
    const lazy = paragraph && (column < container() || (quotedParagraph && !rest.startsWith('>')));
    const opensBlock =
      interruptsParagraph(rest) || (lazy && !BREAK.test(rest) && LIST_ITEM.test(rest));
    if (lazy && !opensBlock) continue;
    if (quotedParagraph && !rest.startsWith('>')) paragraph = false; // the quote ends
    leaves(false);
    if (relative() >= 4) {
      // Indented code, or a paragraph's next line.
      continue;
    }
    const fenced = FENCE.exec(rest);
    if (fenced) {
      fence = { char: fenced[1]![0]!, length: fenced[1]!.length, depth: items.length, column };
      paragraph = false;
      continue;
    }
    const kind = HTML_BLOCKS.find((each) => each.start.test(rest));
    if (kind) {
      const started = kind.start.exec(rest)!;
      // The terminator may be on the opening line itself (`<!-->` is a whole comment).
      if (!kind.end.test(rest)) {
        html = { end: kind.end, close: kind.close(started[1] ?? ''), depth: items.length, column };
      }
      paragraph = false;
      continue;
    }
    if (HTML_TO_BLANK.test(rest) || (!paragraph && HTML_TAG_LINE.test(rest))) {
      toBlank = items.length;
      paragraph = false;
      continue;
    }
    // A rule, or a paragraph's underline (a setext heading): no paragraph after it.
    if (BREAK.test(rest) || (paragraph && /^(=+|-+)[ \t]*$/.test(rest))) {
      paragraph = false;
      continue;
    }
    const item = LIST_ITEM.exec(rest);
    if (item && (!paragraph || opensBlock)) {
      const content = rest.slice(item[1]!.length).trim();
      const marker = item[1]!.length;
      const after = indentOf(rest.slice(marker)).column;
      items.push(column + marker + (content === '' || after > 4 ? 1 : after));
      emptyItem = content === '';
      // A fence or an HTML block may open on the item's own line.
      const first = after <= 4 ? content : '';
      const fencedItem = FENCE.exec(first);
      const htmlItem = HTML_BLOCKS.find((each) => each.start.test(first));
      if (htmlItem && !htmlItem.end.test(first)) {
        const tag = htmlItem.start.exec(first)![1] ?? '';
        html = { end: htmlItem.end, close: htmlItem.close(tag), depth: items.length, column };
      } else if (HTML_TO_BLANK.test(first) || HTML_TAG_LINE.test(first)) {
        toBlank = items.length;
      }
      if (fencedItem) {
        fence = {
          char: fencedItem[1]![0]!,
          length: fencedItem[1]!.length,
          depth: items.length,
          column: column + marker + after,
        };
      }
      paragraph = opensParagraph(content);
      quotedParagraph = paragraph && content.startsWith('>');
      continue;
    }
    // A paragraph goes on (an item that cannot interrupt it is its text), or one starts.
    paragraph = (paragraph && !opensBlock) || opensParagraph(rest);
    quotedParagraph = paragraph && rest.startsWith('>');
  }
  // Closed on a line as indented as its opener: inside the list item it was opened in, if it was
  // (so the item goes on), and a closer of the document's own otherwise. What CommonMark readers
  // disagree on (which lazy lines end an item) then gives the same document in each.
  if (fence) return `${body}\n${' '.repeat(fence.column)}${fence.char.repeat(fence.length)}`;
  if (html) return `${body}\n${' '.repeat(html.column)}${html.close}`;
  return body;
}

/** `text` on one line, with Markdown's inline punctuation backslashed: it reads as written. */
export function escapeInline(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\`*_[\]<>&~|#!]/g, '\\$&');
}

/** A source's URL when it is an http(s) one, written so that it cannot end the link early. */
export function linkTarget(url: string, base?: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url, base);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  // The URL serializer encodes spaces and angle brackets; parentheses and backslashes it keeps.
  return parsed.href.replace(/[()\\\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** A quoted passage as a `>` block (blank lines kept inside it). */
function quote(text: string): string {
  return lines(text)
    .replace(/^(?:[ \t]*\n)+/, '')
    .trimEnd()
    .split('\n')
    .map((line) => (line.trim() ? `> ${line}` : '>'))
    .join('\n');
}

interface Turn {
  question: string;
  quoted: string;
  /** The answer's texts (content parts, messages): one answer, read as one block. */
  answers: string[];
  sources: { title: string; url: string }[];
}

function userText(item: Extract<ThreadItem, { type: 'user_message' }>): string {
  return item.content
    .map((part) => ('text' in part && typeof part.text === 'string' ? part.text : ''))
    .join('');
}

function urlSource(
  source: Source,
  base: string | undefined,
): { title: string; url: string } | null {
  if (source.type !== 'url') return null;
  const url = linkTarget(source.url, base);
  return url ? { title: source.title, url } : null;
}

/** The questions and answers of a thread, in order; work, tasks and ends of turns left out. */
function turnsOf(items: readonly ThreadItem[], base?: string): Turn[] {
  const turns: Turn[] = [];
  for (const item of items) {
    if (item.type === 'user_message') {
      turns.push({
        question: userText(item),
        quoted: item.quoted_text ?? '',
        answers: [],
        sources: [],
      });
    } else if (item.type === 'assistant_message') {
      // An answer before any question (a greeting the server stored) has a turn of its own.
      if (turns.length === 0) turns.push({ question: '', quoted: '', answers: [], sources: [] });
      const turn = turns[turns.length - 1]!;
      for (const part of item.content) {
        turn.answers.push(part.text);
        for (const { source } of part.annotations) {
          const link = urlSource(source, base);
          if (link && !turn.sources.some((known) => known.url === link.url))
            turn.sources.push(link);
        }
      }
    }
  }
  return turns;
}

/** Whether a thread has anything to copy: a question or an answer with text. */
export function hasConversation(items: readonly ThreadItem[]): boolean {
  return turnsOf(items).some(
    (turn) => turn.question.trim() || turn.quoted.trim() || turn.answers.some((a) => a.trim()),
  );
}

/** The conversation as Markdown, ending with one newline. */
export function conversationMarkdown({
  title,
  items,
  labels,
  base,
}: ConversationMarkdownInput): string {
  const blocks: string[] = [];
  const heading = title ? escapeInline(title) : '';
  if (heading) blocks.push(`# ${heading}`);
  const label = (text: string) => `**${escapeInline(text)}:**`;
  let written = 0;
  for (const turn of turnsOf(items, base)) {
    const parts: string[] = [];
    if (turn.question.trim() || turn.quoted.trim()) {
      parts.push(label(labels.you));
      if (turn.quoted.trim()) parts.push(quote(turn.quoted));
      if (turn.question.trim()) parts.push(closedBlock(turn.question));
    }
    const answer = closedBlock(turn.answers.filter((text) => text.trim()).join('\n\n'));
    if (answer || turn.sources.length) {
      parts.push(label(labels.assistant));
      if (answer) parts.push(answer);
    }
    if (turn.sources.length) {
      parts.push(label(labels.sources));
      parts.push(
        turn.sources
          .map(({ title: name, url }) => `- [${escapeInline(name) || escapeInline(url)}](${url})`)
          .join('\n'),
      );
    }
    if (!parts.length) continue;
    if (written++ > 0) blocks.push('---');
    blocks.push(...parts);
  }
  return `${blocks.join('\n\n')}\n`;
}
