// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { stringsFor } from '../strings';
import { PanelStringsContext } from '../strings/context';
import { ChatDialog } from './ChatDialog';

afterEach(cleanup);

describe('ChatDialog', () => {
  it('is a non-modal dialog named by its title; Close and Escape ask to close', () => {
    const onClose = vi.fn();
    render(
      <ChatDialog id="p" title="Textbook assistant" open onClose={onClose}>
        <p>body</p>
      </ChatDialog>,
    );
    const dialog = screen.getByRole('dialog', { name: 'Textbook assistant' });
    expect(dialog.getAttribute('aria-modal')).toBe('false');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Close chat' }));
    fireEvent.keyDown(within(dialog).getByText('body'), { key: 'Escape' });
    expect(onClose).toHaveBeenCalledTimes(2);
    expect(within(dialog).queryByRole('button', { name: 'New conversation' })).toBeNull();
  });

  it('hides when closed, keeping its content', () => {
    render(
      <ChatDialog id="p" title="T" open={false} onClose={() => {}}>
        <p>kept</p>
      </ChatDialog>,
    );
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByText('kept', { selector: 'p' })).toBeInTheDocument();
  });

  it('offers "New conversation" once there is one to leave, in the page’s language', () => {
    const onNew = vi.fn();
    render(
      <PanelStringsContext value={{ strings: stringsFor('ur').panel, lang: 'ur' }}>
        <ChatDialog
          id="p"
          title="درسی کتاب کا معاون"
          open
          dir="rtl"
          onClose={() => {}}
          onNewConversation={onNew}
        >
          <p>body</p>
        </ChatDialog>
      </PanelStringsContext>,
    );
    const dialog = screen.getByRole('dialog', { name: 'درسی کتاب کا معاون' });
    expect(dialog.getAttribute('dir')).toBe('rtl');
    expect(within(dialog).getByRole('button', { name: 'چیٹ بند کریں' })).toBeInTheDocument();
    fireEvent.click(within(dialog).getByRole('button', { name: 'نئی گفتگو' }));
    expect(onNew).toHaveBeenCalledOnce();
  });

  it('offers the conversation history once the chat is ready, pressed while it shows', () => {
    const onHistory = vi.fn();
    const { rerender } = render(
      <ChatDialog id="p" title="T" open onClose={() => {}} onHistory={onHistory}>
        <p>body</p>
      </ChatDialog>,
    );
    const button = screen.getByRole('button', { name: 'Conversation history' });
    expect(button).toHaveAttribute('aria-pressed', 'false');
    fireEvent.click(button);
    expect(onHistory).toHaveBeenCalledOnce();
    rerender(
      <ChatDialog id="p" title="T" open onClose={() => {}} onHistory={onHistory} historyOpen>
        <p>body</p>
      </ChatDialog>,
    );
    expect(screen.getByRole('button', { name: 'Conversation history' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
  });
});
