/**
 * The conversation history in the whole widget, over the contract mocks: the panel's History
 * button, the reader's earlier conversations (mocks `earlierConversations`), opening one (the
 * chat restores it as a reload does), renaming and deleting with Undo, and "New" keeping the
 * previous conversation. The view's states one by one are under Widget/HistoryView.
 */
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { EARLIER_CONVERSATIONS, scenarios } from '../../mocks/scenarios';
import { setMockOptions } from '../../mocks/state';
import { stringsFor } from '../../src/chatkit-local/views/strings';
import { ChatWidget } from '../../src/components/ChatWidget';
import { stringsFor as widgetStrings } from '../../src/components/ChatWidget/strings';
import { localeOf, siteTexts } from '../support/locale';
import { StoryWidget } from '../support/StoryWidget';
import { withTextbookPage } from '../support/TextbookPage';
import { visual } from '../support/visual';

type Canvas = ReturnType<typeof within>;

const SOON = { timeout: 8000 };
const [BALANCE, ROS_TOPIC, IK] = EARLIER_CONVERSATIONS;

function wordsFor(globals: Record<string, unknown>) {
  const locale = localeOf(globals.locale);
  return { site: siteTexts(locale), ui: stringsFor(locale), widget: widgetStrings(locale).panel };
}
type Words = ReturnType<typeof wordsFor>;

/** Opens the chat with a click on the toggle, waits for it to be ready, then opens the history. */
async function openHistory(canvasElement: HTMLElement, globals: Record<string, unknown>) {
  const canvas = within(canvasElement);
  const words = wordsFor(globals);
  await userEvent.click(
    canvas.getByRole('button', { name: words.site.shellStrings.openChat, expanded: false }),
  );
  await canvas.findByRole('textbox', { name: words.ui.composerLabel }, SOON);
  await userEvent.click(canvas.getByRole('button', { name: words.widget.history.title }));
  const list = await canvas.findByRole('list', { name: words.widget.history.listLabel }, SOON);
  return { canvas, words, list: within(list) };
}

async function ask(canvas: Canvas, words: Words, question: string) {
  await userEvent.type(
    await canvas.findByRole('textbox', { name: words.ui.composerLabel }, SOON),
    question,
  );
  await userEvent.click(canvas.getByRole('button', { name: words.ui.send }));
  const log = canvas.getByRole('log', { name: words.ui.conversation });
  await waitFor(() => expect(log).toHaveAttribute('aria-busy', 'false'), SOON);
  await waitFor(() => expect(log).toHaveTextContent(question), SOON);
}

const meta = {
  title: 'States/History',
  component: ChatWidget,
  render: (args) => <StoryWidget {...args} />,
  decorators: [withTextbookPage],
  parameters: { controls: { disable: true } },
  beforeEach({ msw }) {
    sessionStorage.clear();
    setMockOptions({ deltaDelayMs: 0 });
    msw.use(...scenarios.earlierConversations());
  },
} satisfies Meta<typeof ChatWidget>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The History button pressed: the reader's earlier conversations in place of the chat. */
export const Listed: Story = {
  parameters: visual({ also: ['phone320', 'urdu'] }),
  play: async ({ canvasElement, globals }) => {
    const { canvas, words, list } = await openHistory(canvasElement, globals);
    const t = words.widget.history;
    await expect(canvas.getByRole('heading', { name: t.title })).toHaveFocus();
    await expect(canvas.getByRole('button', { name: t.title })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await expect(list.getByRole('button', { name: BALANCE!.title! })).toBeVisible();
    await expect(list.getByRole('button', { name: t.untitled })).toBeVisible();
    await expect(list.getByRole('button', { name: IK!.title! })).toBeVisible();
    // The chat is kept, hidden, for "Back".
    await expect(canvas.queryByRole('textbox', { name: words.ui.composerLabel })).toBeNull();
  },
};

/** Opening an earlier conversation: the chat shows its question and answer, composer focused. */
export const OpenEarlier: Story = {
  parameters: visual({ skip: 'the picture is an answered conversation, as States/Answered' }),
  play: async ({ canvasElement, globals }) => {
    const { canvas, words, list } = await openHistory(canvasElement, globals);
    await userEvent.click(list.getByRole('button', { name: words.widget.history.untitled }));
    const log = await canvas.findByRole('log', { name: words.ui.conversation }, SOON);
    await waitFor(() => expect(log).toHaveTextContent(ROS_TOPIC!.question), SOON);
    await expect(log).toHaveTextContent(ROS_TOPIC!.answer);
    const box = canvas.getByRole('textbox', { name: words.ui.composerLabel });
    await waitFor(() => expect(box).toHaveFocus(), SOON);
  },
};

/** Back returns to the chat as it was, focus on the History button. */
export const Back: Story = {
  parameters: visual({ skip: 'the picture is the chat, as States/Ready' }),
  play: async ({ canvasElement, globals }) => {
    const { canvas, words } = await openHistory(canvasElement, globals);
    await userEvent.click(canvas.getByRole('button', { name: words.widget.history.back }));
    await expect(
      await canvas.findByRole('textbox', { name: words.ui.composerLabel }, SOON),
    ).toBeVisible();
    await waitFor(() =>
      expect(canvas.getByRole('button', { name: words.widget.history.title })).toHaveFocus(),
    );
  },
};

/** Ctrl+I (or "Ask about this") while the history shows: the chat comes back, composer focused. */
export const AskWhileHistoryShows: Story = {
  parameters: visual({ skip: 'the picture is the chat, as States/Ready' }),
  play: async ({ canvasElement, globals }) => {
    const { canvas, words } = await openHistory(canvasElement, globals);
    await userEvent.keyboard('{Control>}i{/Control}');
    const box = await canvas.findByRole('textbox', { name: words.ui.composerLabel }, SOON);
    await expect(box).toBeVisible();
    await waitFor(() => expect(box).toHaveFocus(), SOON);
    await expect(canvas.getByRole('button', { name: words.widget.history.title })).toHaveAttribute(
      'aria-pressed',
      'false',
    );
  },
};

/** Rename with Enter, delete with Undo, by keyboard where a reader would use it. */
export const RenameAndDelete: Story = {
  parameters: visual({ skip: 'the states are pictured under Widget/HistoryView' }),
  play: async ({ canvasElement, globals }) => {
    const { canvas, words, list } = await openHistory(canvasElement, globals);
    const t = words.widget.history;
    await userEvent.click(list.getByRole('button', { name: t.rename(IK!.title!) }));
    const field = canvas.getByRole('textbox', { name: t.titleLabel });
    await userEvent.clear(field);
    await userEvent.type(field, 'Reaching with IK{Enter}');
    await waitFor(() =>
      expect(list.getByRole('button', { name: 'Reaching with IK' })).toHaveFocus(),
    );

    await userEvent.click(list.getByRole('button', { name: t.remove(t.untitled) }));
    await expect(list.queryByRole('button', { name: t.untitled })).toBeNull();
    const undo = canvas.getByRole('button', { name: t.undo });
    await waitFor(() => expect(undo).toHaveFocus());
    await userEvent.keyboard('{Enter}');
    await expect(await list.findByRole('button', { name: t.untitled })).toBeVisible();
  },
};

/** "New" never loses the previous conversation: it is first in the history. */
export const NewKeepsPrevious: Story = {
  parameters: visual({ skip: 'a journey; Listed shows the list' }),
  play: async ({ canvasElement, globals }) => {
    const canvas = within(canvasElement);
    const words = wordsFor(globals);
    await userEvent.click(
      canvas.getByRole('button', { name: words.site.shellStrings.openChat, expanded: false }),
    );
    await ask(canvas, words, 'What is ROS 2?');
    await userEvent.click(canvas.getByRole('button', { name: words.widget.newConversation }));
    await userEvent.click(canvas.getByRole('button', { name: words.widget.history.title }));
    const list = await canvas.findByRole('list', { name: words.widget.history.listLabel }, SOON);
    const [first] = within(list).getAllByRole('listitem');
    await expect(first).toHaveTextContent('What is ROS 2?');
    await expect(within(list).getByRole('button', { name: BALANCE!.title! })).toBeVisible();
  },
};

/**
 * A site that turned the history off (`CHATKIT_HISTORY=off`, config `history: false`), for a
 * backend whose `threads.list` is not scoped to the reader: the ready chat's header has Copy, and
 * no History button.
 */
export const TurnedOff: Story = {
  args: { config: { history: false } },
  parameters: visual({ also: ['phone320'] }),
  play: async ({ canvasElement, globals }) => {
    const canvas = within(canvasElement);
    const words = wordsFor(globals);
    await userEvent.click(
      canvas.getByRole('button', { name: words.site.shellStrings.openChat, expanded: false }),
    );
    await canvas.findByRole('textbox', { name: words.ui.composerLabel }, SOON);
    await expect(
      await canvas.findByRole('button', { name: words.widget.copyConversation }, SOON),
    ).toBeVisible();
    await expect(canvas.queryByRole('button', { name: words.widget.history.title })).toBeNull();
  },
};
