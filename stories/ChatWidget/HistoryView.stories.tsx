import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import {
  HistoryError,
  type Conversation,
  type HistoryClient,
} from '../../src/components/ChatWidget/history/historyClient';
import { HistoryView } from '../../src/components/ChatWidget/history/HistoryView';
import { BackendError, classifyError } from '../../src/components/ChatWidget/errors';
import { stringsFor } from '../../src/components/ChatWidget/strings';
import { localeOf, LOCALES } from '../support/locale';
import { visual } from '../support/visual';
import { inPanel } from './scaffolding';

/** Dates are shown relative to this instant, so every picture reads the same. */
const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const HOUR = 3600_000;
const ago = (hours: number) => new Date(NOW - hours * HOUR).toISOString();

const CONVERSATIONS: Conversation[] = [
  { id: 'thr_1', title: 'How does a humanoid keep its balance?', createdAt: ago(0.25) },
  { id: 'thr_2', title: null, createdAt: ago(2) },
  { id: 'thr_3', title: 'Inverse kinematics for arms', createdAt: ago(26) },
  { id: 'thr_4', title: 'ما هو ROS 2؟', createdAt: ago(24 * 4) },
  {
    id: 'thr_5',
    title: 'Why do bipedal robots need a zero-moment point controller at all?',
    createdAt: ago(24 * 40),
  },
];

/** A backend for the view alone: pages of `pageSize`, newest first. */
function memoryClient(conversations: Conversation[], pageSize = 20): HistoryClient {
  let all = [...conversations];
  return {
    list: async ({ after = null } = {}) => {
      const start = after === null ? 0 : all.findIndex((c) => c.id === after) + 1;
      const page = all.slice(start, start + pageSize);
      return {
        conversations: page,
        after: start + pageSize < all.length ? (page.at(-1)?.id ?? null) : null,
      };
    },
    rename: async (id, title) => {
      all = all.map((c) => (c.id === id ? { ...c, title } : c));
      return all.find((c) => c.id === id)!;
    },
    remove: async (id) => {
      all = all.filter((c) => c.id !== id);
    },
  };
}

const never = () => new Promise<never>(() => {});
const unavailable = () =>
  Promise.reject(
    new HistoryError(
      classifyError(
        new BackendError('HTTP 503 upstream_error', {
          endpoint: 'chatkit',
          failure: 'http',
          status: 503,
        }),
      ),
      null,
    ),
  );

const wordsOf = (globals: Record<string, unknown>) =>
  stringsFor(LOCALES[localeOf(globals.locale)].htmlLang).panel;

// The docs page's description is HistoryView's own JSDoc.
const meta = {
  title: 'Widget/HistoryView',
  component: HistoryView,
  tags: ['autodocs'],
  args: {
    client: memoryClient(CONVERSATIONS),
    currentId: 'thr_1',
    onOpen: fn(),
    onBack: fn(),
    onDeleted: fn(),
    now: () => NOW,
    // Long enough for any picture: the Undo line stays while anyone looks.
    undoMs: 10 * 60_000,
  },
  // A fresh backend for every story (the args' client is shared by the docs page).
  render: (args) => <HistoryView {...args} />,
  parameters: {
    controls: { include: ['currentId', 'undoMs'] },
    docs: { story: { height: '700px' } },
  },
  decorators: [inPanel(() => 'alone')],
} satisfies Meta<typeof HistoryView>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Several conversations, newest first: the current one marked, one without a title, one long. */
export const Several: Story = {
  args: { client: memoryClient(CONVERSATIONS) },
  parameters: visual({ also: ['phone320', 'urdu'] }),
  play: async ({ canvasElement, globals, args }) => {
    const t = wordsOf(globals).history;
    const canvas = within(canvasElement);
    await waitFor(() => expect(canvas.getByRole('heading', { name: t.title })).toHaveFocus());
    const list = await canvas.findByRole('list', { name: t.listLabel });
    await expect(within(list).getByRole('button', { name: t.untitled })).toBeVisible();
    const current = within(list).getByRole('button', {
      name: 'How does a humanoid keep its balance?',
    });
    await expect(current).toHaveAttribute('aria-current', 'true');
    await userEvent.click(
      within(list).getByRole('button', { name: 'Inverse kinematics for arms' }),
    );
    await expect(args.onOpen).toHaveBeenCalledWith('thr_3');
    // Left with the focus on the heading for the picture.
    canvas.getByRole('heading', { name: t.title }).focus();
  },
};

/** A reader who has not had another conversation yet. */
export const Empty: Story = {
  args: { client: memoryClient([]) },
  parameters: visual({ also: ['urdu'] }),
  play: async ({ canvasElement, globals }) => {
    const t = wordsOf(globals).history;
    await expect(await within(canvasElement).findByText(t.empty)).toBeVisible();
  },
};

/** The first page on its way. */
export const Loading: Story = {
  args: { client: { ...memoryClient([]), list: never } },
  parameters: visual({}),
  play: async ({ canvasElement, globals }) => {
    const t = wordsOf(globals).history;
    await expect(within(canvasElement).getByText(t.loading)).toBeVisible();
  },
};

/** The list could not be fetched: friendly words (no status code) and "Try again". */
export const LoadError: Story = {
  args: { client: { ...memoryClient(CONVERSATIONS), list: unavailable } },
  parameters: visual({ also: ['urdu'] }),
  play: async ({ canvasElement, globals }) => {
    const words = wordsOf(globals);
    const alert = await within(canvasElement).findByRole('alert');
    await expect(alert).toHaveTextContent(words.history.loadFailed);
    await expect(alert).toHaveTextContent(words.messages.backend);
    await expect(alert).not.toHaveTextContent(/503|upstream/);
    await expect(within(alert).getByRole('button', { name: words.tryAgain })).toBeVisible();
  },
};

/** More than a page: "Show more" under the list. */
export const MorePages: Story = {
  args: { client: memoryClient(CONVERSATIONS, 3) },
  parameters: visual({}),
  play: async ({ canvasElement, globals }) => {
    const t = wordsOf(globals).history;
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole('button', { name: t.showMore }));
    const fourth = await canvas.findByRole('button', { name: 'ما هو ROS 2؟' });
    await waitFor(() => expect(fourth).toHaveFocus());
    await expect(canvas.queryByRole('button', { name: t.showMore })).toBeNull();
  },
};

/** Renaming inline: the field holds the title; an empty one is refused with a message. */
export const Renaming: Story = {
  args: { client: memoryClient(CONVERSATIONS) },
  parameters: visual({ also: ['urdu'] }),
  play: async ({ canvasElement, globals }) => {
    const t = wordsOf(globals).history;
    const canvas = within(canvasElement);
    await userEvent.click(
      await canvas.findByRole('button', { name: t.rename('Inverse kinematics for arms') }),
    );
    const field = canvas.getByRole('textbox', { name: t.titleLabel });
    await waitFor(() => expect(field).toHaveFocus());
    await userEvent.clear(field);
    await userEvent.keyboard('{Enter}');
    await expect(field).toHaveAccessibleDescription(t.titleRequired);
    await userEvent.type(field, 'Reaching with IK');
  },
};

/** Just deleted: the row is gone, "Conversation deleted. Undo" below, Undo focused. */
export const DeletedWithUndo: Story = {
  args: { client: memoryClient(CONVERSATIONS) },
  parameters: visual({ also: ['urdu'] }),
  play: async ({ canvasElement, globals, args }) => {
    const t = wordsOf(globals).history;
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole('button', { name: t.remove(t.untitled) }));
    await expect(canvas.queryByRole('button', { name: t.untitled })).toBeNull();
    await expect(canvas.getByText(t.deleted)).toBeVisible();
    await waitFor(() => expect(canvas.getByRole('button', { name: t.undo })).toHaveFocus());
    await expect(args.onDeleted).not.toHaveBeenCalled();
  },
};
