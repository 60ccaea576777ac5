import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, within } from 'storybook/test';
import { ChatDialog } from '../../src/components/ChatWidget/ChatDialog';
import { ChatToggle } from '../../src/components/ChatWidget/ChatToggle';
import { stringsFor } from '../../src/components/ChatWidget/strings';
import { editableOnly } from '../support/controls';
import { visual } from '../support/visual';
import { InPage, noop, PANEL_ID, PANEL_TITLE, SampleConversation } from './scaffolding';

// The docs page's description is ChatToggle's own JSDoc.
const controls = editableOnly(['onToggle', 'onIntent', 'controls', 'strings']);

const meta = {
  title: 'Widget/ChatToggle',
  component: ChatToggle,
  tags: ['autodocs'],
  args: { open: false, controls: PANEL_ID, onToggle: fn(), onIntent: fn() },
  parameters: { controls },
  // The panel it controls is on the page too, so `aria-controls` points at something real.
  decorators: [
    (Story, { args }) => (
      <InPage>
        <Story />
        <ChatDialog id={PANEL_ID} title={PANEL_TITLE} open={args.open} onClose={noop}>
          <SampleConversation />
        </ChatDialog>
      </InPage>
    ),
  ],
} satisfies Meta<typeof ChatToggle>;

export default meta;
type Story = StoryObj<typeof meta>;

/** What a reader notices: a button with this name and state, which asks to toggle on click. */
async function expectToggle(
  canvasElement: HTMLElement,
  args: Story['args'],
  name: string,
  expanded: boolean,
) {
  // The open panel has its own "Close chat" button; only the toggle has `aria-expanded`.
  const toggle = within(canvasElement).getByRole('button', { name, expanded });
  await expect(toggle).toHaveAttribute('aria-controls', PANEL_ID);
  await userEvent.click(toggle);
  await expect(args?.onToggle).toHaveBeenCalledOnce();
  return toggle;
}

export const Closed: Story = {
  play: async ({ canvasElement, args }) => {
    await expectToggle(canvasElement, args, 'Open chat', false);
  },
};

export const Open: Story = {
  args: { open: true },
  play: async ({ canvasElement, args }) => {
    await expectToggle(canvasElement, args, 'Close chat', true);
  },
};

/** An answer finished while the panel was closed. */
export const Unread: Story = {
  args: { unread: true },
  play: async ({ canvasElement, args }) => {
    await expectToggle(canvasElement, args, 'Open chat, new answer', false);
  },
};

/** An answer is still streaming while the panel is closed: a ring runs round the button. */
export const Busy: Story = {
  args: { busy: true },
  play: async ({ canvasElement, args }) => {
    // The ring is visual; the accessible name says the same for screen readers.
    const toggle = await expectToggle(canvasElement, args, 'Open chat, answer in progress', false);
    await expect(toggle).toHaveAttribute('data-busy');
  },
};

/** Reached with the keyboard: the focus ring stays clear of the button's edge. */
export const FocusVisible: Story = {
  play: async ({ canvasElement, args }) => {
    const toggle = within(canvasElement).getByRole('button', {
      name: 'Open chat',
      expanded: false,
    });
    await userEvent.tab();
    await expect(toggle).toHaveFocus();
    await expect(toggle.matches(':focus-visible')).toBe(true);
    // Focus hints that the reader may open the chat: the widget starts fetching its code.
    await expect(args.onIntent).toHaveBeenCalled();
    await expect(args.onToggle).not.toHaveBeenCalled();
  },
};

/**
 * On an Urdu page the site passes the Urdu table (`config.shellStrings`): the toggle's name and
 * tooltip are Urdu, and it sits at the bottom left.
 */
export const Urdu: Story = {
  globals: { locale: 'ur' },
  args: { strings: stringsFor('ur').shell },
  parameters: visual({ also: ['phone320'] }),
  play: async ({ canvasElement, args }) => {
    const toggle = await expectToggle(canvasElement, args, 'چیٹ کھولیں', false);
    await expect(toggle).toHaveAttribute('title', 'درسی کتاب سے پوچھیں (Ctrl+I)');
    const rect = toggle.getBoundingClientRect();
    await expect(rect.left).toBeLessThan(document.documentElement.clientWidth - rect.right);
  },
};
