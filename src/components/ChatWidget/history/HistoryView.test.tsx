// @vitest-environment jsdom
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BackendError, classifyError } from '../errors';
import { stringsFor } from '../strings';
import { PanelStringsContext } from '../strings/context';
import { HistoryError, type Conversation, type HistoryClient } from './historyClient';
import { HistoryView, relativeDate, type HistoryViewProps } from './HistoryView';

afterEach(cleanup);

const NOW = Date.parse('2026-03-10T12:00:00Z');
const HOUR = 3600_000;
const at = (hoursAgo: number) => new Date(NOW - hoursAgo * HOUR).toISOString();

const failure = (status = 400) =>
  new HistoryError(
    classifyError(new BackendError('x', { endpoint: 'chatkit', failure: 'http', status })),
    null,
  );

/** An in-memory backend for the view: pages of `pageSize`, newest first. */
function fakeClient(initial: Conversation[], pageSize = 20) {
  let conversations = [...initial];
  const client = {
    list: vi.fn(async ({ after = null }: { after?: string | null } = {}) => {
      const start = after === null ? 0 : conversations.findIndex((c) => c.id === after) + 1;
      const page = conversations.slice(start, start + pageSize);
      const more = start + pageSize < conversations.length;
      return { conversations: page, after: more ? (page.at(-1)?.id ?? null) : null };
    }),
    rename: vi.fn(async (id: string, title: string) => {
      conversations = conversations.map((c) => (c.id === id ? { ...c, title } : c));
      return conversations.find((c) => c.id === id)!;
    }),
    remove: vi.fn(async (id: string) => {
      conversations = conversations.filter((c) => c.id !== id);
    }),
  } satisfies HistoryClient;
  return client;
}

const three: Conversation[] = [
  { id: 'thr_a', title: 'How does a humanoid keep its balance?', createdAt: at(2) },
  { id: 'thr_b', title: null, createdAt: at(26) },
  { id: 'thr_c', title: 'Inverse kinematics for arms', createdAt: at(24 * 5) },
];

function show(props: Partial<HistoryViewProps> & { client: HistoryClient }, lang = 'en') {
  const handlers = { onOpen: vi.fn(), onBack: vi.fn(), onDeleted: vi.fn() };
  const view = render(
    <PanelStringsContext value={{ strings: stringsFor(lang).panel, lang }}>
      <section role="dialog" aria-label="Chat">
        <HistoryView currentId="thr_a" now={() => NOW} {...handlers} {...props} />
      </section>
    </PanelStringsContext>,
  );
  return { ...handlers, ...view };
}

describe('HistoryView', () => {
  it('lists conversations by title, newest first, the current one marked, with their dates', async () => {
    const { onOpen } = show({ client: fakeClient(three) });
    expect(screen.getByRole('heading', { name: 'Conversation history' })).toHaveFocus();
    expect(screen.getByText('Loading conversations…')).toBeInTheDocument();
    const list = await screen.findByRole('list', { name: 'Earlier conversations' });
    const buttons = within(list)
      .getAllByRole('button')
      .filter((b) => b.hasAttribute('data-conversation'));
    expect(buttons.map((b) => b.textContent)).toEqual([
      'How does a humanoid keep its balance?2 hours ago',
      'Untitled conversationyesterday',
      'Inverse kinematics for arms5 days ago',
    ]);
    const current = screen.getByRole('button', { name: 'How does a humanoid keep its balance?' });
    expect(current).toHaveAttribute('aria-current', 'true');
    expect(current).toHaveAccessibleDescription('2 hours ago');
    expect(screen.getByRole('button', { name: 'Untitled conversation' })).not.toHaveAttribute(
      'aria-current',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Inverse kinematics for arms' }));
    expect(onOpen).toHaveBeenCalledWith('thr_c');
  });

  it('shows a title written to mislead as plain text on one line: no bidi, controls or runaway length', async () => {
    const hostile: Conversation[] = [
      { id: 'thr_x', title: 'Safe\u202Eexe.txt\nsecond line\u200B', createdAt: at(1) },
      { id: 'thr_y', title: '\u202E\u200B', createdAt: at(2) },
      { id: 'thr_z', title: 'a'.repeat(5000), createdAt: at(3) },
    ];
    show({ client: fakeClient(hostile) });
    const list = await screen.findByRole('list', { name: 'Earlier conversations' });
    expect(within(list).getByRole('button', { name: 'Safeexe.txt second line' })).toBeVisible();
    // Nothing visible left: the conversation is untitled.
    expect(within(list).getByRole('button', { name: 'Untitled conversation' })).toBeVisible();
    const long = within(list).getByRole('button', { name: /^a+…$/ });
    expect(within(long).getByText(/^a+…$/).textContent!.length).toBeLessThanOrEqual(200);
  });

  it('says when there are no earlier conversations; Back goes back', async () => {
    const { onBack } = show({ client: fakeClient([]) });
    expect(await screen.findByText('No earlier conversations')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Back to chat' }));
    expect(onBack).toHaveBeenCalledOnce();
  });

  it('a failed list shows friendly words and Try again, which loads anew', async () => {
    const client = fakeClient(three);
    client.list.mockRejectedValueOnce(failure(500));
    show({ client });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent("Couldn't load your conversations");
    expect(alert).toHaveTextContent('The assistant ran into a problem on our side.');
    expect(alert).not.toHaveTextContent(/500/);
    await userEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(
      await screen.findByRole('button', { name: 'Inverse kinematics for arms' }),
    ).toBeInTheDocument();
  });

  it('"Show more" loads the next page and focuses its first conversation', async () => {
    const many = Array.from({ length: 5 }, (_, i) => ({
      id: `thr_${i}`,
      title: `Question ${i + 1}`,
      createdAt: at(i + 1),
    }));
    show({ client: fakeClient(many, 3) });
    await userEvent.click(await screen.findByRole('button', { name: 'Show more' }));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Question 4' })).toHaveFocus());
    expect(screen.getByRole('button', { name: 'Question 5' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Show more' })).not.toBeInTheDocument();
  });

  it('renames inline: Enter saves, Escape cancels, an empty title is refused', async () => {
    const client = fakeClient(three);
    show({ client });
    const user = userEvent.setup();
    await user.click(
      await screen.findByRole('button', { name: 'Rename “Inverse kinematics for arms”' }),
    );
    const field = screen.getByRole('textbox', { name: 'Conversation title' });
    expect(field).toHaveFocus();
    expect(field).toHaveValue('Inverse kinematics for arms');

    await user.clear(field);
    await user.keyboard('{Enter}');
    expect(field).toHaveAccessibleDescription(
      'Enter a title, or press Escape to keep the old one.',
    );
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(client.rename).not.toHaveBeenCalled();

    await user.type(field, 'Reaching with IK{Enter}');
    const renamed = await screen.findByRole('button', { name: 'Reaching with IK' });
    expect(renamed).toHaveFocus();
    expect(client.rename).toHaveBeenCalledWith('thr_c', 'Reaching with IK');

    await user.click(screen.getByRole('button', { name: 'Rename “Reaching with IK”' }));
    await user.type(screen.getByRole('textbox', { name: 'Conversation title' }), ' again');
    await user.keyboard('{Escape}');
    expect(screen.getByRole('button', { name: 'Reaching with IK' })).toHaveFocus();
    expect(client.rename).toHaveBeenCalledOnce();
  });

  it('a failed rename keeps the typed title and says what went wrong', async () => {
    const client = fakeClient(three);
    client.rename.mockRejectedValueOnce(failure(500));
    show({ client });
    const user = userEvent.setup();
    await user.click(
      await screen.findByRole('button', { name: 'Rename “Inverse kinematics for arms”' }),
    );
    const field = screen.getByRole('textbox', { name: 'Conversation title' });
    await user.clear(field);
    await user.type(field, 'My IK notes{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent("Couldn't rename the conversation.");
    expect(field).toHaveValue('My IK notes');
    await user.keyboard('{Enter}');
    expect(await screen.findByRole('button', { name: 'My IK notes' })).toBeInTheDocument();
  });

  it('deletes with Undo: the row goes, Undo brings it back and nothing is sent', async () => {
    const client = fakeClient(three);
    show({ client, undoMs: 60_000 });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Delete “Untitled conversation”' }));
    expect(screen.queryByRole('button', { name: 'Untitled conversation' })).not.toBeInTheDocument();
    const status = screen.getByText('Conversation deleted.').closest('[role="status"]');
    const undo = within(status as HTMLElement).getByRole('button', { name: 'Undo' });
    expect(undo).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(screen.getByRole('button', { name: 'Untitled conversation' })).toHaveFocus();
    expect(screen.queryByText('Conversation deleted.')).not.toBeInTheDocument();
    expect(client.remove).not.toHaveBeenCalled();
  });

  it('deletes for good when the undo window ends, and says so when that fails', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const client = fakeClient(three);
      const { onDeleted } = show({ client, undoMs: 5000 });
      const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime.bind(vi) });
      await user.click(
        await screen.findByRole('button', { name: 'Delete “Inverse kinematics for arms”' }),
      );
      await act(() => vi.advanceTimersByTimeAsync(5000));
      expect(client.remove).toHaveBeenCalledWith('thr_c');
      expect(onDeleted).toHaveBeenCalledWith('thr_c');
      expect(screen.queryByText('Conversation deleted.')).not.toBeInTheDocument();
      expect(screen.getByRole('heading', { name: 'Conversation history' })).toHaveFocus();

      client.remove.mockRejectedValueOnce(failure(500));
      await user.click(screen.getByRole('button', { name: 'Delete “Untitled conversation”' }));
      await act(() => vi.advanceTimersByTimeAsync(5000));
      expect(screen.getByRole('status')).toHaveTextContent("Couldn't delete the conversation.");
      expect(screen.getByRole('button', { name: 'Untitled conversation' })).toBeInTheDocument();
    } finally {
      vi.useRealTimers();
    }
  });

  it('a parent re-rendering with new callbacks neither sends nor restarts a waiting delete', async () => {
    const client = fakeClient(three);
    const { rerender } = show({ client, undoMs: 60_000 });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Delete “Untitled conversation”' }),
    );
    rerender(
      <PanelStringsContext value={{ strings: stringsFor('en').panel, lang: 'en' }}>
        <section role="dialog" aria-label="Chat">
          <HistoryView
            client={client}
            currentId="thr_a"
            now={() => NOW}
            undoMs={60_000}
            onOpen={() => {}}
            onBack={() => {}}
            onDeleted={() => {}}
          />
        </section>
      </PanelStringsContext>,
    );
    expect(screen.getByText('Conversation deleted.')).toBeInTheDocument();
    expect(client.remove).not.toHaveBeenCalled();
  });

  it('closing the view sends a delete still waiting for its undo window', async () => {
    const client = fakeClient(three);
    const { unmount } = show({ client, undoMs: 60_000 });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Delete “Untitled conversation”' }),
    );
    unmount();
    expect(client.remove).toHaveBeenCalledWith('thr_b');
  });

  it('speaks Urdu, right to left', async () => {
    show({ client: fakeClient(three) }, 'ur');
    expect(screen.getByRole('heading', { name: 'گفتگو کی تاریخ' })).toHaveFocus();
    expect(await screen.findByRole('button', { name: 'بے عنوان گفتگو' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'چیٹ پر واپس' })).toBeInTheDocument();
  });
});

describe('relativeDate', () => {
  it('reads the reference server’s naive UTC datetimes with microseconds', () => {
    expect(relativeDate('2026-03-10T10:00:00.123000', NOW, 'en')).toBe('2 hours ago');
    expect(relativeDate('2026-03-10T11:59:30', NOW, 'en')).toBe('now');
    expect(relativeDate('not a date', NOW, 'en')).toBe('');
  });
});
