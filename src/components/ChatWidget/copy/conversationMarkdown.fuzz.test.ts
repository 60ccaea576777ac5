/**
 * Properties of the copied Markdown, for random threads with fast-check: questions, quotes and
 * answers are built from the fragments that break a document's structure (fences of each kind and
 * length, HTML blocks that run to their terminator, containers, indentation, line endings) mixed
 * with random strings, and the copy is read back with markdown-it, a CommonMark parser (with raw
 * HTML on, as GitHub reads it):
 *
 * - the structure survives: every label ("You:", "Assistant:", "Sources:") is a paragraph of the
 *   document's top level, in order, and so is a line pasted after the copy (no fence or HTML block
 *   left open by an answer swallows what follows);
 * - every source is a link to its URL, whose text is its title;
 * - every question, quoted line and answer text appears as written.
 *
 * Seeded and repeatable: `FUZZ_SEED`, `FUZZ_RUNS` (default 3 000).
 */
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import type { WireItem } from '../../../contract/server';
import { en } from '../strings/en';
import { conversationMarkdown } from './conversationMarkdown';
import { answer, endOfTurn, question, read, reasoning } from './wireItems.test-support';

const SEED = Number(process.env.FUZZ_SEED ?? 20_251_205);
const RUNS = Number(process.env.FUZZ_RUNS ?? 3_000);
const labels = en.panel.copyLabels;
const AFTER = '**Pasted after the copy**';
const parser = new MarkdownIt('commonmark', { html: true });
type Token = ReturnType<InstanceType<typeof MarkdownIt>['parse']>[number];

const pick = (values: string[]) => fc.constantFrom(...values);
const LINE_START = pick([
  '',
  '',
  '',
  ' ',
  '  ',
  '   ',
  '    ',
  '\t',
  '> ',
  '>',
  '- ',
  '1. ',
  '10) ',
  '  - ',
  '* ',
]);
const FRAGMENT = pick([
  '```',
  '````',
  '~~~',
  '~~~~',
  '```python',
  '``` a`b',
  '```  ',
  '~~~ ~',
  '`',
  '``',
  '<!--',
  '-->',
  '<pre>',
  '</pre>',
  '<PRE x>',
  '<script>',
  '</script>',
  '<style>',
  '<textarea>',
  '<?php',
  '?>',
  '<!DOCTYPE',
  '>',
  '<![CDATA[',
  ']]>',
  '<div>',
  '</div>',
  '<b>',
  '# heading',
  '===',
  '---',
  '***',
  '| a | b |',
  '|---|',
  '[x]: /u',
  '[x]',
  '**',
  '*',
  '_',
  'ROS 2',
  'URDF',
  'text',
  'text',
  '\\',
  '&amp;',
  'اردو',
]);
const RANDOM = fc.oneof(fc.string({ maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 4 }));
const LINE = fc
  .tuple(LINE_START, fc.array(fc.oneof(FRAGMENT, FRAGMENT, pick([' ']), RANDOM), { maxLength: 4 }))
  .map(([start, parts]) => start + parts.join(''));
const TEXT = fc
  .tuple(fc.array(LINE, { maxLength: 8 }), pick(['\n', '\n', '\n\n', '\r\n', '\r']))
  .map(([parts, end]) => parts.join(end));
const TITLE = fc.oneof(fc.string({ maxLength: 16 }), fc.constantFrom('a]b', 'x\n[y](z)', '*t*'));
const URL_ = fc
  .tuple(pick(['https://book.example/', 'http://b.example/x?q=']), fc.string({ maxLength: 8 }))
  .map(([start, rest]) => start + rest);
const SOURCE = fc.record({ title: TITLE, url: URL_ });

interface Turn {
  question: string;
  quoted: string | undefined;
  answers: { text: string; sources: { title: string; url: string }[] }[];
}
const TURN: fc.Arbitrary<Turn> = fc.record({
  question: TEXT.filter((text) => text.trim() !== ''),
  quoted: fc.option(TEXT, { nil: undefined }),
  answers: fc.array(fc.record({ text: TEXT, sources: fc.array(SOURCE, { maxLength: 3 }) }), {
    maxLength: 2,
  }),
});
const THREAD = fc.record({
  title: fc.option(TITLE, { nil: undefined }),
  turns: fc.array(TURN, { minLength: 1, maxLength: 4 }),
});

function wire(turns: Turn[]): WireItem[] {
  return turns.flatMap((turn) => [
    question(turn.question, turn.quoted),
    reasoning(),
    ...turn.answers.map(({ text, sources }) => answer(text, sources)),
    endOfTurn(),
  ]);
}

const decoded = (href: string) => {
  try {
    return decodeURI(href);
  } catch {
    return href;
  }
};
const normal = (text: string) => text.replace(/\r\n?/g, '\n');
/** What markdown-it reads as a line of inline text (NUL is replaced, white space collapsed). */
const asText = (text: string) => text.replace(/\s+/g, ' ').trim();
const inlineText = (token: Token | undefined) =>
  (token?.children ?? []).map((child) => child.content).join('');

const LABELS = new Set(
  [labels.you, labels.assistant, labels.sources].map((label) => `**${label}:**`).concat(AFTER),
);
/** The paragraphs at the top level of the document that are labels (or the line after the copy). */
function topLevelLabels(tokens: Token[]): string[] {
  const found: string[] = [];
  tokens.forEach((token, index) => {
    if (token.type !== 'paragraph_open' || token.level !== 0) return;
    const content = tokens[index + 1]?.content ?? '';
    if (LABELS.has(content)) found.push(content);
  });
  return found;
}

/** The expected labels, in order. */
function expectedLabels(turns: Turn[]): string[] {
  return turns.flatMap((turn) => {
    const answered = turn.answers.some((a) => a.text.trim() !== '' || a.sources.length > 0);
    const sourced = turn.answers.some((a) => a.sources.length > 0);
    return [
      `**${labels.you}:**`,
      ...(answered ? [`**${labels.assistant}:**`] : []),
      ...(sourced ? [`**${labels.sources}:**`] : []),
    ];
  });
}

const run = { seed: SEED, numRuns: RUNS };

describe('the copied Markdown, for random threads', () => {
  it('keeps its structure: every label at the top level, in order, and what follows the copy outside it', () => {
    fc.assert(
      fc.property(THREAD, ({ title, turns }) => {
        const markdown = conversationMarkdown({ title, items: read(wire(turns)), labels });
        const tokens = parser.parse(`${markdown}\n${AFTER}\n`, {});
        expect(topLevelLabels(tokens)).toEqual([...expectedLabels(turns), AFTER]);
        if (title !== undefined && asText(title)) {
          expect(tokens[0]?.type).toBe('heading_open');
          expect(inlineText(tokens[1])).toBe(asText(title));
        }
      }),
      run,
    );
  });

  it('links every source to its URL, with its title as the text', () => {
    fc.assert(
      fc.property(THREAD, ({ turns }) => {
        const markdown = conversationMarkdown({ items: read(wire(turns)), labels });
        const tokens = parser.parse(markdown, {});
        const links: { href: string; text: string }[] = [];
        tokens.forEach((token, index) => {
          if (token.type !== 'bullet_list_open' || token.level !== 0) return;
          // Only the lists right after a "Sources:" label.
          if (tokens[index - 2]?.content !== `**${labels.sources}:**`) return;
          for (let at = index; tokens[at]?.type !== 'bullet_list_close'; at++) {
            const children = tokens[at]?.type === 'inline' ? (tokens[at]?.children ?? []) : [];
            const open = children.findIndex((child) => child.type === 'link_open');
            if (open < 0) continue;
            const close = children.findIndex((child) => child.type === 'link_close');
            links.push({
              href: String(children[open]!.attrGet('href') ?? ''),
              text: children
                .slice(open + 1, close)
                .map((child) => child.content)
                .join(''),
            });
          }
        });
        const expected = turns.flatMap((turn) => {
          const seen = new Map<string, string>();
          for (const { sources } of turn.answers) {
            for (const { title, url } of sources) {
              const target = new URL(url).href.replace(
                /[()\\\s]/g,
                (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
              );
              const href = parser.normalizeLink(target);
              if (!seen.has(href)) seen.set(href, asText(title) || target);
            }
          }
          return [...seen];
        });
        expect(links.map(({ href }) => decoded(href))).toEqual(
          expected.map(([href]) => decoded(href)),
        );
        expect(links.map(({ text }) => text)).toEqual(expected.map(([, text]) => text));
      }),
      run,
    );
  });

  it('has every question, quoted line and answer as written', () => {
    fc.assert(
      fc.property(THREAD, ({ turns }) => {
        const markdown = conversationMarkdown({ items: read(wire(turns)), labels });
        for (const turn of turns) {
          expect(markdown).toContain(normal(turn.question).trim());
          for (const line of normal(turn.quoted ?? '').split('\n')) {
            if (line.trim()) expect(markdown).toContain(`> ${line.trimEnd()}`);
          }
          for (const { text } of turn.answers) expect(markdown).toContain(normal(text).trim());
        }
      }),
      run,
    );
  });
});
