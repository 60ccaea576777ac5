import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, within } from 'storybook/test';
import { ChatDialog } from '../../src/components/ChatWidget/ChatDialog';
import { ChatToggle } from '../../src/components/ChatWidget/ChatToggle';
import { editableOnly } from '../support/controls';
import {
  expectVisible,
  InPage,
  noop,
  PANEL_ID,
  PANEL_TITLE,
  SampleConversation,
} from './scaffolding';

// The docs page's description is ChatDialog's own JSDoc.
const controls = editableOnly(['id', 'children', 'onClose', 'onNewConversation']);

const meta = {
  title: 'Widget/ChatDialog',
  component: ChatDialog,
  tags: ['autodocs'],
  parameters: { controls, docs: { story: { height: '760px' } } },
  args: {
    id: PANEL_ID,
    title: PANEL_TITLE,
    open: true,
    children: <SampleConversation />,
    onClose: fn(),
    onNewConversation: fn(),
  },
  decorators: [
    (Story, { args }) => (
      <InPage dir={args.dir} lang={args.dir === 'rtl' ? 'ur' : undefined}>
        <ChatToggle open controls={PANEL_ID} onToggle={noop} concealed />
        <Story />
      </InPage>
    ),
  ],
} satisfies Meta<typeof ChatDialog>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The dialog is named by its title; the Close button and Escape both ask to close. */
async function expectDialog(
  canvasElement: HTMLElement,
  args: Story['args'],
  title = PANEL_TITLE,
  close = 'Close chat',
) {
  const dialog = within(canvasElement).getByRole('dialog', { name: title });
  // Measure where it comes to rest, not where its opening animation happens to be.
  await Promise.all(dialog.getAnimations().map((animation) => animation.finished));
  await expectVisible(dialog);

  await userEvent.click(within(dialog).getByRole('button', { name: close }));
  await expect(args?.onClose).toHaveBeenCalledTimes(1);

  dialog.focus();
  await userEvent.keyboard('{Escape}');
  await expect(args?.onClose).toHaveBeenCalledTimes(2);
  return dialog;
}

/** Before the session is ready: nothing to start afresh, so no "New conversation". */
export const Default: Story = {
  args: { onNewConversation: undefined },
  play: async ({ canvasElement, args }) => {
    const dialog = await expectDialog(canvasElement, args);
    await expect(
      within(dialog).queryByRole('button', { name: 'New conversation' }),
    ).not.toBeInTheDocument();
  },
};

export const WithNewConversation: Story = {
  play: async ({ canvasElement, args }) => {
    const dialog = await expectDialog(canvasElement, args);
    await userEvent.click(within(dialog).getByRole('button', { name: 'New conversation' }));
    await expect(args.onNewConversation).toHaveBeenCalledOnce();
  },
};

/**
 * A 320 px phone: the panel becomes a full-screen sheet. The play checks whichever rule applies
 * to the window it runs in (the test-runner applies this viewport; a browser may not).
 */
export const Mobile320: Story = {
  globals: { viewport: { value: 'phone320' } },
  play: async ({ canvasElement, args }) => {
    const dialog = await expectDialog(canvasElement, args);
    const rect = dialog.getBoundingClientRect();
    const { clientWidth: width, clientHeight: height } = document.documentElement;
    if (width < 480) {
      await expect([rect.left, rect.top, rect.width, rect.height]).toEqual([0, 0, width, height]);
    } else {
      await expect(rect.width).toBeLessThanOrEqual(400);
      await expect(rect.height).toBeLessThanOrEqual(600);
      await expect(rect.left).toBeGreaterThanOrEqual(0);
      await expect(rect.top).toBeGreaterThanOrEqual(0);
    }
    // The header keeps both buttons reachable, however narrow.
    for (const name of ['New conversation', 'Close chat']) {
      const button = within(dialog).getByRole('button', { name });
      const box = button.getBoundingClientRect();
      await expect(box.right).toBeLessThanOrEqual(rect.right);
      await expect(box.left).toBeGreaterThanOrEqual(rect.left);
    }
  },
};

/** The brightest and dimmest of the red, green and blue of a computed `rgb(…)` colour. */
function channelRange(rgb: string): [number, number] {
  const [r, g, b] = (rgb.match(/\d+/g) ?? []).map(Number);
  return [Math.min(r ?? NaN, g ?? NaN, b ?? NaN), Math.max(r ?? NaN, g ?? NaN, b ?? NaN)];
}

export const Dark: Story = {
  globals: { theme: 'dark' },
  play: async ({ canvasElement, args }) => {
    const dialog = await expectDialog(canvasElement, args);
    // Infima's dark colours reach the panel through the widget's variables: light on dark.
    const { backgroundColor, color } = getComputedStyle(dialog);
    await expect(channelRange(backgroundColor)[1]).toBeLessThan(64);
    await expect(channelRange(color)[0]).toBeGreaterThan(192);
  },
};

/**
 * An Urdu page: the panel's header mirrors, the panel moves to the bottom left, and its own words
 * (Close, New conversation) are Urdu.
 */
export const RightToLeft: Story = {
  globals: { locale: 'ur' },
  args: { dir: 'rtl', title: 'درسی کتاب کا معاون' },
  play: async ({ canvasElement, args }) => {
    const dialog = await expectDialog(canvasElement, args, 'درسی کتاب کا معاون', 'چیٹ بند کریں');
    await expect(dialog).toHaveAttribute('dir', 'rtl');
    const rect = dialog.getBoundingClientRect();
    await expect(rect.left).toBeLessThanOrEqual(document.documentElement.clientWidth - rect.right);
    const heading = within(dialog).getByRole('heading', { name: 'درسی کتاب کا معاون' });
    const close = within(dialog).getByRole('button', { name: 'چیٹ بند کریں' });
    await expect(close.getBoundingClientRect().right).toBeLessThan(
      heading.getBoundingClientRect().left + 1,
    );
    await userEvent.click(within(dialog).getByRole('button', { name: 'نئی گفتگو' }));
    await expect(args.onNewConversation).toHaveBeenCalledOnce();
  },
};
