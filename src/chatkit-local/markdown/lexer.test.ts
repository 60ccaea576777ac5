// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './render';
import { lex, MAX_DEPTH, type MdItem, type MdNode } from './lexer';

const TAGS =
  /^(?:|space|def|p|h[1-6]|hr|pre|code|blockquote|ol|ul|li|table|thead|tbody|tr|th|td|em|strong|del|a|br)$/;

function* nodes(items: MdItem[]): Generator<MdNode> {
  for (const item of items) {
    if (typeof item === 'string') continue;
    yield item;
    yield* nodes(item.kids);
  }
}

function depth(items: MdItem[], tag: string): number {
  let deepest = 0;
  for (const item of items) {
    if (typeof item === 'string') continue;
    deepest = Math.max(deepest, depth(item.kids, tag) + (item.tag === tag ? 1 : 0));
  }
  return deepest;
}

describe('lex', () => {
  it('reads an answer into plain objects with the tags and attributes of an answer', () => {
    const tree = lex(
      '# Title\n\nSome **bold** and [a link](/docs/x "T") ![alt *text*](https://x.example/i.png)\n\n' +
        '- [x] done\n- item\n\n| a | b |\n|:-|-:|\n| 1 | 2 |\n\n```py\nprint(1)\n```\n\n<b>raw</b>',
    );
    expect(JSON.parse(JSON.stringify(tree))).toEqual(tree);
    for (const node of nodes(tree)) {
      expect(node.tag).toMatch(TAGS);
      for (const name of Object.keys(node.attrs ?? {})) {
        expect(['href', 'title', 'class', 'start', 'align']).toContain(name);
      }
    }
    const all = [...nodes(tree)];
    expect(all.find((node) => node.tag === 'h1')?.kids).toEqual(['Title']);
    // The link keeps its href as written, for the renderer to judge; the image is its alt text.
    expect(all.find((node) => node.tag === 'a')?.attrs).toEqual({ href: '/docs/x', title: 'T' });
    expect(JSON.stringify(tree)).toContain('alt *text*');
    expect(all.some((node) => node.tag === 'img')).toBe(false);
    expect(all.find((node) => node.tag === 'li')?.kids[0]).toBe('☑ ');
    expect(all.filter((node) => node.tag === 'th').map((node) => node.attrs)).toEqual([
      { align: 'left' },
      { align: 'right' },
    ]);
    expect(all.find((node) => node.tag === 'code')?.attrs).toEqual({ class: 'language-py' });
    // Raw HTML is text.
    expect(all.at(-1)?.kids).toEqual(['<b>', 'raw', '</b>']);
  });

  it('decodes entities in text, not in code or escapes', () => {
    const [paragraph] = lex('&copy; `&copy;` \\&copy;') as MdNode[];
    expect(paragraph?.kids).toEqual(['© ', { tag: 'code', kids: ['&copy;'] }, ' ', '&', 'copy;']);
  });

  it('reads reference links defined after their use', () => {
    const [paragraph] = lex(
      '[text][ref] and [ref]\n\n[ref]: https://ref.example/ "Title"',
    ) as MdNode[];
    expect(paragraph?.kids.filter((kid) => typeof kid === 'object')).toEqual([
      { tag: 'a', kids: ['text'], attrs: { href: 'https://ref.example/', title: 'Title' } },
      { tag: 'a', kids: ['ref'], attrs: { href: 'https://ref.example/', title: 'Title' } },
    ]);
  });

  it('starts afresh on every call', () => {
    lex('[a]: /defined\n\n' + '> '.repeat(40));
    expect(JSON.stringify(lex('[a]'))).not.toContain('/defined');
    expect(depth(lex('> '.repeat(MAX_DEPTH + 5) + 'x'), 'blockquote')).toBe(MAX_DEPTH);
  });

  it('nests quotes, lists and emphasis only so deep', () => {
    expect(depth(lex('> '.repeat(2_000) + 'x'), 'blockquote')).toBe(MAX_DEPTH);
    const list = Array.from({ length: 100 }, (_, i) => '  '.repeat(i) + '- x').join('\n');
    expect(depth(lex(list), 'li')).toBeLessThanOrEqual(MAX_DEPTH);
    const emphasis = '*a '.repeat(5_000) + 'b' + ' c*'.repeat(5_000);
    expect(depth(lex(emphasis), 'em')).toBeLessThanOrEqual(20);
    expect(depth(lex('*'.repeat(5_000) + 'a' + '*'.repeat(5_000)), 'strong')).toBe(0);
  });
});

describe('lex on pathological input', () => {
  // Each must finish (in linear or near-linear time: no pattern backtracks catastrophically), and
  // render; there is no timing assertion, only the test's timeout.
  it.each([
    ['5 000 *', '*'.repeat(5_000)],
    ['5 000 * between letters', `a${'*'.repeat(5_000)}b`],
    ['5 000 [', '['.repeat(5_000)],
    ['5 000 [ then 5 000 ]', '['.repeat(5_000) + ']'.repeat(5_000)],
    ['unclosed link targets', '[a]('.repeat(3_000)],
    ['an unclosed link target of parentheses', `[a](${'('.repeat(5_000)}`],
    ['2 000 nested >', `${'>'.repeat(2_000)} x`],
    ['2 000 nested > with spaces', `${'> '.repeat(2_000)}x`],
    ['a long line of _a_', '_a_ '.repeat(10_000)],
    ['a long word of _a_', '_a_'.repeat(10_000)],
    ['unclosed emphasis', '*a '.repeat(5_000)],
    ['mixed runs', '**a *'.repeat(3_000)],
    ['backtick runs', '` `` '.repeat(3_000)],
    ['tildes', '~a '.repeat(5_000)],
    ['unclosed tags', '<a b=c '.repeat(3_000)],
    ['a URL ending in 5 000 dots', `https://x.example/${'.'.repeat(5_000)}`],
    [
      'deeply indented list items',
      Array.from({ length: 300 }, (_, i) => `${'  '.repeat(i)}- x`).join('\n'),
    ],
    ['a table of 3 000 rows', `| a |\n| - |\n${'| x |\n'.repeat(3_000)}`],
    ['5 000 pipes', `${'|'.repeat(5_000)}\n${'|-'.repeat(2_000)}`],
    ['5 000 blank lines', `a\n${'\n'.repeat(5_000)}    b`],
    ['5 000 spaces', `a${' '.repeat(5_000)}b  \nc`],
    ['a heading of hashes', `# ${'#'.repeat(5_000)}x`],
    ['3 000 lines under a setext underline', `${'a\n'.repeat(3_000)}===`],
    ['3 000 list items', '- a\n'.repeat(3_000)],
    ['2 000 definitions', `${'[a]: b\n'.repeat(2_000)}[a]`],
  ])('%s', (_name, source) => {
    expect(lex(source).length).toBeGreaterThan(0);
    expect(renderMarkdown(source).childNodes.length).toBeGreaterThan(0);
  });
});
