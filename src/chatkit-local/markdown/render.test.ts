// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { renderMarkdown } from './render';

function render(source: string): HTMLElement {
  const host = document.createElement('div');
  host.append(renderMarkdown(source, { newTabHint: '(opens in a new tab)' }));
  return host;
}

describe('renderMarkdown', () => {
  it('renders markdown structure', () => {
    const host = render('## Topics\n\n- a **node**\n- `rclpy`\n\n```python\nprint(1)\n```');
    expect(host.querySelector('h3')?.textContent).toBe('Topics');
    expect(host.querySelector('strong')?.textContent).toBe('node');
    expect(host.querySelector('pre code')?.textContent).toBe('print(1)\n');
    expect(host.querySelector('pre')?.getAttribute('tabindex')).toBe('0');
  });

  it('shows raw HTML from the model as text instead of parsing it', () => {
    const host = render(
      'Here is <b>bold</b> <script>alert(1)</script> and <img src=x onerror="alert(1)">',
    );
    expect(host.querySelector('script, img, b')).toBeNull();
    expect(host.textContent).toContain('<script>alert(1)</script>');
    expect(host.textContent).toContain('<img src=x onerror="alert(1)">');
    expect(host.innerHTML).not.toMatch(/<img|<script/);
    expect(host.querySelector('[onerror]')).toBeNull();
  });

  it('strips javascript: links and images from markdown syntax', () => {
    const host = render('[click](javascript:alert(1)) ![pic](http://evil.test/x.png "t")');
    expect(host.querySelector('img')).toBeNull();
    for (const a of host.querySelectorAll('a')) {
      expect(a.getAttribute('href') ?? '').not.toMatch(/^javascript:/i);
    }
    expect(host.textContent).toContain('pic');
  });

  it('never keeps event handlers or styles, even from HTML blocks', () => {
    const host = render(
      '<div onclick="alert(1)" style="color:red">x</div>\n\n<svg onload=alert(1)>',
    );
    expect(host.querySelector('[onclick], [onload], [style], svg, div > div')).toBeNull();
  });

  it('opens external links in a new tab without opener, and site links in place', () => {
    const host = render('[ROS docs](https://docs.ros.org/) and [the book](/docs/ros2/overview)');
    const [external, internal] = host.querySelectorAll('a');
    expect(external?.getAttribute('target')).toBe('_blank');
    expect(external?.getAttribute('rel')).toBe('noopener noreferrer');
    expect(external?.textContent).toBe('ROS docs (opens in a new tab)');
    expect(internal?.hasAttribute('target')).toBe(false);
    expect(internal?.getAttribute('rel')).toBe('noopener noreferrer');
  });

  it('nests the headings of an answer under the panel heading without gaps', () => {
    const host = render('# Title\n\n### Detail\n\n## Part');
    expect([...host.querySelectorAll('h3, h4, h5, h6')].map((h) => h.tagName)).toEqual([
      'H3',
      'H5',
      'H4',
    ]);
    expect(host.querySelector('h1, h2')).toBeNull();
  });

  it('wraps tables in a keyboard-scrollable container', () => {
    const host = render('| a | b |\n| - | - |\n| 1 | 2 |');
    const wrap = host.querySelector('.ck-table-wrap');
    expect(wrap?.getAttribute('tabindex')).toBe('0');
    expect(wrap?.querySelector('table')).not.toBeNull();
  });
});

/** What the old sanitizer's allowlist let through; `div` only as the table's scroll wrapper. */
const ALLOWED_ELEMENTS = new Set(
  'a b blockquote br code del em h1 h2 h3 h4 h5 h6 hr i li ol p pre span strong table tbody td th thead tr ul'.split(
    ' ',
  ),
);
const ALLOWED_ATTRIBUTES = new Set(
  'href title class start align colspan rowspan tabindex rel target'.split(' '),
);

/** http(s), mailto, relative or `#`, as a browser would read the attribute. */
function isSafeHref(href: string): boolean {
  const scheme = /^([a-z][a-z\d+.-]*):/i.exec(href.replace(/[\0-\x20\x7f]/g, ''));
  if (scheme && !/^(?:https?|mailto)$/i.test(scheme[1]!)) return false;
  return (
    !URL.canParse(href, 'https://book.example/') ||
    ['http:', 'https:', 'mailto:'].includes(new URL(href, 'https://book.example/').protocol)
  );
}

function expectOnlyAllowedMarkup(host: HTMLElement): void {
  for (const element of host.querySelectorAll('*')) {
    const tag = element.localName;
    expect(
      ALLOWED_ELEMENTS.has(tag) || (tag === 'div' && element.className === 'ck-table-wrap'),
      `<${tag}> is not allowed`,
    ).toBe(true);
    for (const { name, value } of element.attributes) {
      expect(ALLOWED_ATTRIBUTES.has(name), `${name}="${value}" on <${tag}>`).toBe(true);
      expect(name.startsWith('on')).toBe(false);
    }
    const href = element.getAttribute('href');
    if (href !== null) expect(isSafeHref(href), `href="${href}"`).toBe(true);
  }
  // Nothing that loads or runs anything.
  expect(
    host.querySelector('script, img, svg, iframe, object, embed, style, link, input'),
  ).toBeNull();
  expect(host.innerHTML).not.toMatch(/<(?:script|img|svg|iframe|style)\b/i);
}

describe('renderMarkdown security', () => {
  it.each([
    ['a script element', '<script>alert(1)</script>', '<script>alert(1)</script>'],
    [
      'an image with onerror',
      'x <img src=x onerror="alert(1)"> y',
      '<img src=x onerror="alert(1)">',
    ],
    ['an svg block with onload', '<svg onload=alert(1)>', '<svg onload=alert(1)>'],
    ['an iframe', '<iframe src="https://evil.example/"></iframe>', '<iframe'],
    ['a style block', '<style>*{display:none}</style>', '<style>'],
    ['a div with onclick', '<div onclick="alert(1)">x</div>', 'onclick'],
    [
      'a raw javascript: anchor',
      '<a href="javascript:alert(1)">x</a>',
      '<a href="javascript:alert(1)">',
    ],
    ['a javascript: link', '[x](javascript:alert(1))', 'x'],
    ['an upper-case JAVASCRIPT: link', '[x](JAVASCRIPT:alert(1))', 'x'],
    ['a link with a leading space', '[x]( javascript:alert(1))', 'x'],
    ['an entity inside the scheme', '[x](java&#115;cript:alert(1))', 'x'],
    ['an entity for the first letter', '[x](&#106;avascript:alert(1))', 'x'],
    ['a hex entity without a semicolon', '[x](&#x6Aavascript:alert(1))', 'x'],
    ['a named colon', '[x](javascript&colon;alert(1))', 'x'],
    ['a tab inside the scheme', '[x](<java\tscript:alert(1)>)', 'x'],
    ['an entity tab inside the scheme', '[x](java&#9;script:alert(1))', 'x'],
    ['a data: URL', '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)', 'x'],
    ['a vbscript: URL', '[x](vbscript:msgbox(1))', 'x'],
    ['an autolink', '<javascript:alert(1)>', 'javascript:alert(1)'],
    ['a reference link', '[x][bad]\n\n[bad]: javascript:alert(1)', 'x'],
    ['a reference link with an entity', '[x][bad]\n\n[bad]: java&#x73;cript:alert(1)', 'x'],
    ['a remote image', '![x](https://evil.example/x.png)', 'x'],
    ['an image inside a link', '[![x](https://evil.example/x.png)](https://ok.example/)', 'x'],
    ['markup in link text', '[<img src=x onerror=alert(1)>](https://ok.example/)', '<img'],
    ['a title breaking out', '[x](https://ok.example/ "a\\" onmouseover=\\"alert(1)")', 'x'],
    ['svg in a code span', '`<svg onload=alert(1)>`', '<svg onload=alert(1)>'],
    ['svg in a fenced block', '```html\n<svg onload=alert(1)>\n```', '<svg onload=alert(1)>'],
    ['markup in the fence info', '```"><img src=x onerror=alert(1)>\ncode\n```', 'code'],
    [
      'markup in a table',
      '| <img src=x onerror=alert(1)> |\n| - |\n| <script>x</script> |',
      '<script>',
    ],
  ])('%s', (_name, source, shown) => {
    const host = render(source);
    expectOnlyAllowedMarkup(host);
    expect(host.textContent).toContain(shown);
  });

  it('turns links it will not follow into their text', () => {
    for (const href of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'java&#115;cript:alert(1)',
      '&#106;avascript:alert(1)',
      'javascript&colon;alert(1)',
      '<java\tscript:alert(1)>',
      'vbscript:msgbox(1)',
      'data:text/html,x',
      'file:///etc/passwd',
      'tel:+123',
    ]) {
      const host = render(`see [the **text**](${href}) here`);
      expect(host.querySelector('a'), href).toBeNull();
      expect(host.querySelector('p')?.textContent).toBe('see the text here');
      expect(host.querySelector('strong')?.textContent).toBe('text');
    }
  });

  it('keeps http(s), mailto, relative and fragment links', () => {
    const links = [
      'https://docs.ros.org/en/',
      'http://example.com/a?b=1',
      'mailto:someone@example.com',
      '/docs/ros2/overview',
      '../isaac/overview',
      'nodes#topics',
      '#top',
      '?page=2',
    ];
    const host = render(links.map((href, i) => `[l${i}](${href})`).join(' '));
    expect([...host.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual(links);
    expectOnlyAllowedMarkup(host);
  });

  it('builds nodes without parsing any HTML', () => {
    const parsers = [
      vi.spyOn(Element.prototype, 'innerHTML', 'set'),
      vi.spyOn(Element.prototype, 'outerHTML', 'set'),
      vi.spyOn(Element.prototype, 'insertAdjacentHTML'),
      vi.spyOn(DOMParser.prototype, 'parseFromString'),
      vi.spyOn(Range.prototype, 'createContextualFragment'),
      vi.spyOn(Document.prototype, 'write'),
    ];
    render(
      '# T\n\n<b>x</b> **y** [z](https://z.example/)\n\n<div>\n<p>block</p>\n</div>\n\n| a |\n| - |\n| <i>1</i> |',
    );
    for (const parse of parsers) expect(parse).not.toHaveBeenCalled();
  });
});

describe('renderMarkdown text', () => {
  it('shows entities as the characters they stand for, and code as written', () => {
    const host = render(
      'a < b && c > d, &copy; 2025, it&#39;s &amp; &lt;b&gt; &#x263A; &mdash; &Omega; &bogus; &copy\n\n' +
        '`&amp; <b>` and\n\n```\n&lt; &copy; <i>\n```',
    );
    expect(host.querySelector('p')?.textContent).toBe(
      "a < b && c > d, © 2025, it's & <b> ☺ — Ω &bogus; &copy",
    );
    expect(host.querySelector('p code')?.textContent).toBe('&amp; <b>');
    expect(host.querySelector('pre code')?.textContent).toBe('&lt; &copy; <i>\n');
    expect(host.querySelector('b, i')).toBeNull();
  });

  it('decodes entities in link targets and titles as an attribute would', () => {
    const host = render('[q](https://x.example/?a=1&amp;b=2 "Tom &amp; Jerry&#39;s")');
    const link = host.querySelector('a');
    expect(link?.getAttribute('href')).toBe('https://x.example/?a=1&b=2');
    expect(link?.getAttribute('title')).toBe("Tom & Jerry's");
  });

  it('shows escaped markdown and raw inline HTML as written', () => {
    const host = render('\\*not em\\* and <span class="x">span</span> &amp;');
    expect(host.textContent).toBe('*not em* and <span class="x">span</span> &\n');
    expect(host.querySelector('em, span')).toBeNull();
  });
});

describe('renderMarkdown structure', () => {
  it('renders the GFM elements the answers use', () => {
    const host = render(
      [
        '> quoted *em* ~~gone~~',
        '3. three\n4. four',
        '- [ ] todo\n- [x] done',
        '| L | C | R |\n|:--|:-:|--:|\n| 1 | 2 | 3 |',
        'line one  \nline two',
        '---',
        '```python\nprint(1)\n```',
        '    indented',
      ].join('\n\n'),
    );
    expect(host.querySelector('blockquote em')?.textContent).toBe('em');
    expect(host.querySelector('blockquote del')?.textContent).toBe('gone');
    expect(host.querySelector('ol')?.getAttribute('start')).toBe('3');
    expect([...host.querySelectorAll('ul li')].map((li) => li.textContent)).toEqual([
      '☐ todo',
      '☑ done',
    ]);
    expect([...host.querySelectorAll('th')].map((th) => th.getAttribute('align'))).toEqual([
      'left',
      'center',
      'right',
    ]);
    expect(host.querySelector('tbody td')?.textContent).toBe('1');
    expect(host.querySelector('p br')).not.toBeNull();
    expect(host.querySelector('hr')).not.toBeNull();
    const [python, indented] = host.querySelectorAll('pre');
    expect(python?.querySelector('code')?.className).toBe('language-python');
    expect(indented?.querySelector('code')?.hasAttribute('class')).toBe(false);
    expect(indented?.textContent).toBe('indented\n');
    for (const pre of host.querySelectorAll('pre')) expect(pre.tabIndex).toBe(0);
    expectOnlyAllowedMarkup(host);
  });

  it('keeps the layout text of the HTML it replaces (a newline after each block)', () => {
    expect(render('a\n\n- b\n- c').textContent).toBe('a\n\nb\nc\n\n');
  });

  it('demotes headings inside quotes and lists with the rest', () => {
    const host = render('> ## Quoted\n\n- ### Listed\n\n#### Deep');
    expect([...host.querySelectorAll('h1, h2, h3, h4, h5, h6')].map((h) => h.tagName)).toEqual([
      'H3',
      'H4',
      'H5',
    ]);
  });

  it('returns a fragment owned by the given document', () => {
    const doc = document.implementation.createHTMLDocument('other');
    const fragment = renderMarkdown('# T\n\n[a](https://a.example/) `c`\n\n| x |\n| - |\n| y |', {
      newTabHint: '(new tab)',
      doc,
    });
    expect(fragment.ownerDocument).toBe(doc);
    const walker = doc.createTreeWalker(fragment);
    for (let node: Node | null = walker.currentNode; node; node = walker.nextNode()) {
      expect(node.ownerDocument).toBe(doc);
    }
    expect(fragment.querySelector('a')?.textContent).toBe('a (new tab)');
  });

  it('renders a long streamed answer completely, at every length it streams through', () => {
    const section = (i: number) =>
      `## Part ${i}\n\nA **node** talks to _topics_ with \`rclpy\`; see [docs](/docs/ros2/p${i}) ` +
      `and <https://docs.ros.org/${i}>. Entities &amp; escapes \\* stay text.\n\n` +
      `- item ${i}.1\n- item ${i}.2\n  1. nested\n\n> note ${i}\n\n` +
      `| k | v |\n|---|--:|\n| ${i} | ~~old~~ |\n\n\`\`\`python\nprint(${i})\n\`\`\`\n\n`;
    let source = '';
    for (let i = 1; source.length < 10_000; i++) source += section(i);
    source += 'The end.';
    const count = (source.match(/^## /gm) ?? []).length;

    // Every delta re-renders the text so far, unfinished constructs included.
    for (let end = 0; end < source.length; end += 997) {
      expectOnlyAllowedMarkup(render(source.slice(0, end)));
    }
    const host = render(source);
    expect(host.querySelectorAll('h3')).toHaveLength(count);
    expect(host.querySelectorAll('.ck-table-wrap table')).toHaveLength(count);
    expect(host.querySelectorAll('pre code.language-python')).toHaveLength(count);
    expect(host.querySelectorAll('a[href^="/docs/ros2/p"]')).toHaveLength(count);
    expect(host.querySelectorAll('a[target="_blank"]')).toHaveLength(count);
    expect(host.lastElementChild?.textContent).toBe('The end.');
    expectOnlyAllowedMarkup(host);
  });
});

describe('renderMarkdown hostile answers', () => {
  it('puts at most one class on code, and only a plain language name', () => {
    const host = render(
      '```x&#32;panel_UKBE\nSESSION EXPIRED\n```\n\n```navbar hero\nx\n```\n\n' +
        '```c++\nint a;\n```\n\n```ck-visually-hidden&#x20;button\ny\n```\n\n```a"b\nz\n```',
    );
    const classes = [...host.querySelectorAll('[class]')].map((el) => el.className);
    expect(classes).toEqual(['language-navbar', 'language-c++']);
    expect(host.querySelectorAll('pre')).toHaveLength(5);
    expect(host.textContent).toContain('SESSION EXPIRED');
  });

  it('never nests a link in a link', () => {
    const host = render(
      '[<https://a.example>](https://b.example) [x [y] z](/c) [p https://q.example](/r)\n\n[y]: /y',
    );
    expect(host.querySelectorAll('a a')).toHaveLength(0);
    expect([...host.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual([
      'https://b.example',
      '/c',
      '/r',
    ]);
  });

  it('shows the real host of a link whose text is a URL elsewhere', () => {
    const host = render(
      '[https://docs.ros.org/humble](https://evil.example/x) and ' +
        '[www.nvidia.com](https://phish.example) and [https://a.example/p](https://a.example/q)',
    );
    const [first, second, third] = [...host.querySelectorAll('a')];
    expect(first?.textContent).toBe(
      'https://docs.ros.org/humble (evil.example) (opens in a new tab)',
    );
    expect(second?.textContent).toContain('www.nvidia.com (phish.example)');
    expect(third?.textContent).toBe('https://a.example/p (opens in a new tab)');
  });

  it('judges odd URLs as the browser will follow them', () => {
    const host = render('[a](\\\\evil.example) [b](https:evil.example) [c](//evil.example/x)');
    for (const a of host.querySelectorAll('a')) {
      const followed = new URL(a.getAttribute('href')!, window.location.href);
      const leaves = followed.origin !== window.location.origin;
      expect(a.getAttribute('target') === '_blank', a.getAttribute('href')!).toBe(leaves);
    }
  });

  it('shows what is past the work budget as plain text, lines kept', () => {
    // Honest text past the budget: a long answer whose every line is a strikethrough pair.
    const source = 'A *first* paragraph.\n\n' + '~~gone~~ *kept*\n'.repeat(30_000);
    const host = render(source);
    expect(host.querySelector('p em')?.textContent).toBe('first');
    expect(host.textContent).toContain('~~gone~~ *kept*');
    expect(host.querySelectorAll('br').length).toBe(30_000 - 1);
  });
});
