// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { stringsFor } from '../strings';
import { ChatToggle } from './ChatToggle';

afterEach(cleanup);

describe('ChatToggle', () => {
  it('is named by what it does, says whether the chat is open, and asks to toggle', () => {
    const onToggle = vi.fn();
    const { rerender } = render(<ChatToggle open={false} onToggle={onToggle} controls="p" />);
    const toggle = screen.getByRole('button', { name: 'Open chat' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(toggle.getAttribute('aria-controls')).toBe('p');
    fireEvent.click(toggle);
    expect(onToggle).toHaveBeenCalledOnce();
    rerender(<ChatToggle open onToggle={onToggle} />);
    expect(screen.getByRole('button', { name: 'Close chat', expanded: true })).toBeInTheDocument();
  });

  it('tells of an answer that arrived, or is arriving, while the panel was closed', () => {
    const { rerender } = render(<ChatToggle open={false} onToggle={() => {}} busy />);
    expect(
      screen.getByRole('button', { name: 'Open chat, answer in progress' }),
    ).toBeInTheDocument();
    rerender(<ChatToggle open={false} onToggle={() => {}} unread />);
    expect(screen.getByRole('button', { name: 'Open chat, new answer' })).toBeInTheDocument();
  });

  it('speaks the words it is given (Urdu), name and tooltip', () => {
    render(<ChatToggle open={false} onToggle={() => {}} strings={stringsFor('ur-PK').shell} />);
    const toggle = screen.getByRole('button', { name: 'چیٹ کھولیں' });
    expect(toggle.getAttribute('title')).toBe('درسی کتاب سے پوچھیں (Ctrl+I)');
  });

  it('starts loading the chat on a hint of an open: pointer over it, or focus', () => {
    const onIntent = vi.fn();
    render(<ChatToggle open={false} onToggle={() => {}} onIntent={onIntent} />);
    const toggle = screen.getByRole('button', { name: 'Open chat' });
    fireEvent.pointerEnter(toggle);
    fireEvent.focus(toggle);
    expect(onIntent).toHaveBeenCalledTimes(2);
  });
});
