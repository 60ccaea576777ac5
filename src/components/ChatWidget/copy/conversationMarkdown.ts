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
}

/** Line endings as CommonMark reads them (`\r\n`, `\r`), as `\n`. */
const lines = (text: string) => text.replace(/\r\n?/g, '\n');

/** A fence opener at the top level: up to 3 spaces, 3+ backticks (no backtick after) or tildes. */
const FENCE_OPEN = /^( {0,3})(`{3,}(?=[^`]*$)|~{3,})/;
/** HTML blocks (CommonMark kinds 1–5) that end only at their terminator, never at a blank line. */
const HTML_BLOCKS: { start: RegExp; end: RegExp; close: (tag: string) => string }[] = [
  {
    start: /^ {0,3}<(script|pre|style|textarea)(?=[\s>]|$)/i,
    end: /<\/(script|pre|style|textarea)>/i,
    close: (tag) => `</${tag.toLowerCase()}>`,
  },
  { start: /^ {0,3}<!--/, end: /-->/, close: () => '-->' },
  { start: /^ {0,3}<\?/, end: /\?>/, close: () => '?>' },
  { start: /^ {0,3}<![A-Za-z]/, end: />/, close: () => '>' },
  { start: /^ {0,3}<!\[CDATA\[/, end: /\]\]>/, close: () => ']]>' },
];

/**
 * `text` as a block that ends where it ends: leading blank lines and trailing white space dropped,
 * and a fence or an HTML block left open closed after it, on a line of its own at its opener's
 * indentation (so that a fence opened inside a list item is closed inside it too).
 */
export function closedBlock(text: string): string {
  const body = lines(text)
    .replace(/^(?:[ \t]*\n)+/, '')
    .trimEnd();
  let fence: { indent: string; marker: string } | null = null;
  let html: { indent: string; end: RegExp; close: string } | null = null;
  for (const line of body.split('\n')) {
    if (fence) {
      const closer = new RegExp(`^ {0,3}${fence.marker[0]}{${fence.marker.length},}[ \\t]*$`);
      if (closer.test(line)) fence = null;
      continue;
    }
    if (html) {
      if (html.end.test(line)) html = null;
      continue;
    }
    const opened = FENCE_OPEN.exec(line);
    if (opened) {
      fence = { indent: opened[1]!, marker: opened[2]! };
      continue;
    }
    for (const kind of HTML_BLOCKS) {
      const started = kind.start.exec(line);
      if (!started) continue;
      // The terminator may be on the opening line itself, after the opener.
      if (!kind.end.test(line.slice(started[0].length))) {
        html = { indent: /^ */.exec(line)![0], end: kind.end, close: kind.close(started[1] ?? '') };
      }
      break;
    }
  }
  if (fence) return `${body}\n${fence.indent}${fence.marker}`;
  if (html) return `${body}\n${html.indent}${html.close}`;
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
export function linkTarget(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
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
    .trim()
    .split('\n')
    .map((line) => (line.trim() ? `> ${line}` : '>'))
    .join('\n');
}

interface Turn {
  question: string;
  quoted: string;
  answers: string[];
  sources: { title: string; url: string }[];
}

function userText(item: Extract<ThreadItem, { type: 'user_message' }>): string {
  return item.content
    .map((part) => ('text' in part && typeof part.text === 'string' ? part.text : ''))
    .join('');
}

function urlSource(source: Source): { title: string; url: string } | null {
  if (source.type !== 'url') return null;
  const url = linkTarget(source.url);
  return url ? { title: source.title, url } : null;
}

/** The questions and answers of a thread, in order; work, tasks and ends of turns left out. */
function turnsOf(items: readonly ThreadItem[]): Turn[] {
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
          const link = urlSource(source);
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
export function conversationMarkdown({ title, items, labels }: ConversationMarkdownInput): string {
  const blocks: string[] = [];
  const heading = title ? escapeInline(title) : '';
  if (heading) blocks.push(`# ${heading}`);
  const label = (text: string) => `**${escapeInline(text)}:**`;
  let written = 0;
  for (const turn of turnsOf(items)) {
    const parts: string[] = [];
    if (turn.question.trim() || turn.quoted.trim()) {
      parts.push(label(labels.you));
      if (turn.quoted.trim()) parts.push(quote(turn.quoted));
      if (turn.question.trim()) parts.push(closedBlock(turn.question));
    }
    const answers = turn.answers.filter((answer) => answer.trim());
    if (answers.length || turn.sources.length) {
      parts.push(label(labels.assistant));
      for (const answer of answers) parts.push(closedBlock(answer));
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
