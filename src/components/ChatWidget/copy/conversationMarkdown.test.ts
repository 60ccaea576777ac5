import { describe, expect, it } from 'vitest';
import { en } from '../strings/en';
import { ur } from '../strings/ur';
import {
  closedBlock,
  conversationMarkdown,
  escapeInline,
  hasConversation,
  linkTarget,
} from './conversationMarkdown';
import { answer, endOfTurn, question, read, reasoning } from './wireItems.test-support';

const labels = en.panel.copyLabels;

describe('conversationMarkdown', () => {
  it('writes the title, each question with its quote, each answer and its source links', () => {
    const items = read([
      question('What is ROS 2?', 'ROS 2 is the robotic nervous system.\n\nIt links nodes.'),
      reasoning(),
      answer('ROS 2 is **middleware** for robots.\n\n- nodes\n- topics', [
        { title: 'ROS 2: The Robotic Nervous System', url: 'https://book.example/docs/ros2/' },
        { title: 'Duplicate', url: 'https://book.example/docs/ros2/' },
      ]),
      endOfTurn(),
      question('And URDF?'),
      answer('URDF describes a robot.'),
    ]);
    expect(conversationMarkdown({ title: 'ROS 2 basics', items, labels })).toBe(
      [
        '# ROS 2 basics',
        '**You:**',
        '> ROS 2 is the robotic nervous system.\n>\n> It links nodes.',
        'What is ROS 2?',
        '**Assistant:**',
        'ROS 2 is **middleware** for robots.\n\n- nodes\n- topics',
        '**Sources:**',
        '- [ROS 2: The Robotic Nervous System](https://book.example/docs/ros2/)',
        '---',
        '**You:**',
        'And URDF?',
        '**Assistant:**',
        'URDF describes a robot.',
      ].join('\n\n') + '\n',
    );
  });

  it('has no heading without a title, and writes its labels in the page’s language', () => {
    const markdown = conversationMarkdown({
      items: read([
        question('ROS 2 کیا ہے؟'),
        answer('ایک نظام۔', [{ title: 'ROS 2', url: 'https://b.example/ur/' }]),
      ]),
      labels: ur.panel.copyLabels,
    });
    expect(markdown).not.toMatch(/^#/);
    expect(markdown).toContain(`**${ur.panel.copyLabels.you}:**\n\nROS 2 کیا ہے؟`);
    expect(markdown).toContain(
      `**${ur.panel.copyLabels.sources}:**\n\n- [ROS 2](https://b.example/ur/)`,
    );
  });

  it('closes a code fence an answer left open, so the rest of the copy stays outside it', () => {
    const items = read([
      question('Show me a launch file'),
      answer('Here:\n\n````python\nprint("hi")\n```\nstill code'),
      question('Thanks'),
    ]);
    const markdown = conversationMarkdown({ items, labels });
    expect(markdown).toContain('still code\n````\n\n---\n\n**You:**\n\nThanks');
  });

  it('closes an HTML comment or <pre> an answer left open', () => {
    expect(closedBlock('a\n<!-- hidden')).toBe('a\n<!-- hidden\n-->');
    expect(closedBlock('  <PRE class="x">\ncode')).toBe('  <PRE class="x">\ncode\n  </pre>');
    expect(closedBlock('<!-- closed --> here')).toBe('<!-- closed --> here');
    expect(closedBlock('```\n<!--\n```')).toBe('```\n<!--\n```');
  });

  it('closes a fence at its opener’s indentation: inside the list item it was opened in', () => {
    expect(closedBlock('- step\n\n  ```bash\n  ros2 run')).toBe(
      '- step\n\n  ```bash\n  ros2 run\n  ```',
    );
    // An empty item ends at a blank line: the fence after it is the document's own.
    expect(closedBlock('- \n\n  ```\nx')).toBe('- \n\n  ```\nx\n  ```');
    // Under an item, a line as indented as the document's fence ends the item and opens one.
    expect(closedBlock('- step\n  ```\n```\nx')).toBe('- step\n  ```\n```\nx\n```');
    // A fence that the item's end (a line not indented under it) closed needs nothing.
    expect(closedBlock('- step\n  ```\nx')).toBe('- step\n  ```\nx');
    expect(closedBlock('~~~\n```\n~~~\n\r\n')).toBe('~~~\n```\n~~~');
    // Backticks in the info string: not a fence at all.
    expect(closedBlock('``` a`b')).toBe('``` a`b');
  });

  it('links only http(s) sources, with titles that cannot break the link', () => {
    const items = read([
      question('q'),
      answer('a', [
        { title: 'Evil](javascript:alert(1))\n[x', url: 'https://b.example/a (b)\\c' },
        { title: 'Script', url: 'javascript:alert(1)' },
        { title: 'Data', url: 'data:text/html,<b>' },
        { title: '', url: 'http://b.example/x_y' },
      ]),
    ]);
    const markdown = conversationMarkdown({ items, labels });
    expect(markdown).toContain(
      '- [Evil\\](javascript:alert(1)) \\[x](https://b.example/a%20%28b%29/c)\n' +
        '- [http://b.example/x\\_y](http://b.example/x_y)\n',
    );
    expect(markdown).not.toContain('Script');
    expect(markdown).not.toContain('data:');
  });

  it('skips work, tasks and ends of turns; a thread of only those has nothing to copy', () => {
    const items = read([reasoning(), endOfTurn()]);
    expect(hasConversation(items)).toBe(false);
    expect(conversationMarkdown({ items, labels })).toBe('\n');
    expect(hasConversation(read([question('q')]))).toBe(true);
  });

  it('escapes inline Markdown and collapses lines', () => {
    expect(escapeInline(' a *b*\n[c] `d` <e> & #f ')).toBe(
      'a \\*b\\* \\[c\\] \\`d\\` \\<e\\> \\& \\#f',
    );
    expect(linkTarget('ftp://x.example/')).toBeNull();
    expect(linkTarget('/docs/ros2/')).toBeNull();
    expect(linkTarget('/docs/ros2/', 'https://book.example/ur/docs/')).toBe(
      'https://book.example/docs/ros2/',
    );
    expect(linkTarget('not a url')).toBeNull();
  });
});
