// @vitest-environment jsdom
/**
 * "Ask about this code": the button opens the chat with the code block quoted (the compose event the
 * widget listens to), its lines kept, hidden characters removed, and a long block cut on a line.
 */
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { COMPOSE_EVENT, type ComposeDetail } from '../ChatWidget/compose';
import { ur } from '../ChatWidget/strings/ur';
import { AskCodeButton } from './index';
import { CUT_LINE, MAX_CODE_QUOTE, quoteOfCode } from './quoteCode';

const PUBLISHER = `import rclpy
from std_msgs.msg import String

class Talker(rclpy.node.Node):
    def __init__(self):
        super().__init__('talker')
        self.pub = self.create_publisher(String, 'chatter', 10)`;

describe('quoteOfCode', () => {
  it('keeps the lines and indentation of a code block', () => {
    expect(quoteOfCode(PUBLISHER)).toBe(PUBLISHER);
  });

  it('removes bidi overrides and invisible characters, keeping what the reader sees', () => {
    // "Trojan Source": an override makes the comment look like it ends before `return`.
    const trojan = 'access = "user\u202E \u2066// admin\u2069 \u2066"\nif\u200B access == "admin":';
    expect(quoteOfCode(trojan)).toBe('access = "user // admin "\nif access == "admin":');
  });

  it('makes every line break one newline, and drops trailing spaces and outer blank lines', () => {
    expect(quoteOfCode('\n\n  a = 1  \r\n  b = 2\rc\u2028d\u2029e\u0085f\n\n')).toBe(
      '  a = 1\n  b = 2\nc\nd\ne\nf',
    );
  });

  it('is empty for a block of nothing visible', () => {
    expect(quoteOfCode('\u200B\n \u202E\n')).toBe('');
  });

  it(`cuts a long block after its last whole line within ${MAX_CODE_QUOTE} characters, with a "…" line`, () => {
    const line = 'x'.repeat(99); // 100 characters with its newline
    const code = Array.from({ length: 60 }, () => line).join('\n');
    const quote = quoteOfCode(code);
    expect(quote.length).toBeLessThanOrEqual(MAX_CODE_QUOTE);
    const lines = quote.split('\n');
    expect(lines.at(-1)).toBe(CUT_LINE);
    expect(lines.slice(0, -1).every((kept) => kept === line)).toBe(true);
    expect(lines).toHaveLength(40); // 39 whole lines (3 899 characters) and "…"
  });

  it('cuts a first line too long on its own between characters, never inside a surrogate pair', () => {
    const quote = quoteOfCode(`${'a'.repeat(7)}😀${'b'.repeat(20)}`, 10);
    expect(quote).toBe(`${'a'.repeat(7)}\n${CUT_LINE}`);
    expect(quoteOfCode('c'.repeat(50), 10)).toBe(`${'c'.repeat(8)}\n${CUT_LINE}`);
  });
});

describe('AskCodeButton', () => {
  const heard: ComposeDetail[] = [];
  const listen = (event: Event) => heard.push((event as CustomEvent<ComposeDetail>).detail);
  afterEach(() => {
    cleanup();
    window.removeEventListener(COMPOSE_EVENT, listen);
    heard.length = 0;
  });

  it('is an icon button named in the page language', () => {
    const { rerender } = render(<AskCodeButton code={PUBLISHER} />);
    expect(screen.getByRole('button')).toHaveAccessibleName('Ask about this code');
    rerender(<AskCodeButton code={PUBLISHER} label={ur.shell.askAboutCode} />);
    expect(screen.getByRole('button')).toHaveAccessibleName('اس کوڈ کے بارے میں پوچھیں');
  });

  it('opens the chat with the code block as the quote, its lines kept', async () => {
    window.addEventListener(COMPOSE_EVENT, listen);
    render(<AskCodeButton code={`${PUBLISHER}\n`} />);
    await userEvent.click(screen.getByRole('button', { name: 'Ask about this code' }));
    await vi.waitFor(() => expect(heard).toEqual([{ reply: PUBLISHER }]));
  });

  it('is reached and pressed with the keyboard', async () => {
    window.addEventListener(COMPOSE_EVENT, listen);
    const user = userEvent.setup();
    render(<AskCodeButton code="ros2 run demo_nodes_cpp talker" />);
    await user.tab();
    expect(screen.getByRole('button', { name: 'Ask about this code' })).toHaveFocus();
    await user.keyboard('{Enter}');
    await vi.waitFor(() => expect(heard).toEqual([{ reply: 'ros2 run demo_nodes_cpp talker' }]));
  });
});
