// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown';

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
