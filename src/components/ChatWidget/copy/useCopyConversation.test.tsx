// @vitest-environment jsdom
/**
 * The panel's "Copy conversation": the header's button, the code fetched on the first click only,
 * and what the status line says, in English and Urdu.
 */
import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ChatDialog } from '../ChatDialog';
import { stringsFor } from '../strings';
import { PanelStringsContext } from '../strings/context';
import type { CopyOutcome } from './copyConversation';
import { CopyStatus } from './CopyStatus';
import { useCopyConversation } from './useCopyConversation';

afterEach(cleanup);

function Panel({
  load,
  lang = 'en',
  moved = false,
}: {
  load: () => Promise<{ copyConversation: () => Promise<CopyOutcome> }>;
  lang?: string;
  moved?: boolean;
}) {
  const t = stringsFor(lang).panel;
  const copy = useCopyConversation(
    () => ({ fetch, backendUrl: 'http://backend.test', threadId: 'thr_1' }),
    t,
    moved,
    load,
  );
  return (
    <PanelStringsContext value={{ strings: t, lang }}>
      <ChatDialog
        id="p"
        title="Textbook assistant"
        open
        onClose={() => {}}
        onCopyConversation={copy.copy}
      >
        <CopyStatus message={copy.message} failed={copy.failed} />
      </ChatDialog>
    </PanelStringsContext>
  );
}

/** A copy whose outcome the test decides, and the number of times its code was fetched. */
function fakeCode(outcomes: CopyOutcome[]) {
  const copyConversation = vi.fn(() => Promise.resolve(outcomes.shift() ?? 'copied'));
  const load = vi.fn(() => Promise.resolve({ copyConversation }));
  return { load, copyConversation };
}

describe('Copy conversation in the panel', () => {
  it('fetches its code on the first click only, and says the conversation was copied', async () => {
    const user = userEvent.setup();
    const code = fakeCode(['copied', 'copied']);
    render(<Panel load={code.load} />);
    const button = screen.getByRole('button', { name: 'Copy conversation' });
    expect(screen.getByRole('status')).toBeEmptyDOMElement();
    expect(code.load).not.toHaveBeenCalled();
    await user.click(button);
    expect(await screen.findByRole('status')).toHaveTextContent('Conversation copied');
    await user.click(button);
    await vi.waitFor(() => expect(code.copyConversation).toHaveBeenCalledTimes(2));
    expect(code.copyConversation).toHaveBeenCalledWith(
      expect.objectContaining({ threadId: 'thr_1', labels: stringsFor('en').panel.copyLabels }),
    );
    expect(button).toHaveFocus();
  });

  it('says why not: nothing yet, offline, failed, refused; and a failed fetch of the code', async () => {
    const user = userEvent.setup();
    const code = fakeCode(['empty', 'offline', 'failed', 'refused']);
    render(<Panel load={code.load} />);
    const button = screen.getByRole('button', { name: 'Copy conversation' });
    const status = screen.getByRole('status');
    for (const message of [
      'Nothing to copy yet: ask a question first.',
      "You're offline. Copy the conversation again once your connection is back.",
      "Couldn't load the conversation to copy. Please try again.",
      "The browser didn't allow copying. Allow clipboard access, then try again.",
    ]) {
      await user.click(button);
      await vi.waitFor(() => expect(status).toHaveTextContent(message));
    }
    cleanup();
    render(<Panel load={() => Promise.reject(new Error('chunk failed'))} />);
    await user.click(screen.getByRole('button', { name: 'Copy conversation' }));
    expect(
      await screen.findByText("Couldn't load the conversation to copy. Please try again."),
    ).toBeInTheDocument();
  });

  it('speaks Urdu on an Urdu page, and the status goes once the conversation moves on', async () => {
    const user = userEvent.setup();
    const code = fakeCode(['copied']);
    const { rerender } = render(<Panel load={code.load} lang="ur" />);
    const dialog = screen.getByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'گفتگو کاپی کریں' }));
    const status = await within(dialog).findByRole('status');
    await vi.waitFor(() => expect(status).toHaveTextContent('گفتگو کاپی ہو گئی'));
    act(() => rerender(<Panel load={code.load} lang="ur" moved />));
    expect(status).toBeEmptyDOMElement();
  });
});
