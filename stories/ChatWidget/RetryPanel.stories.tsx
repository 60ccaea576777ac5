import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, within } from 'storybook/test';
import { FRIENDLY_MESSAGES } from '../../src/components/ChatWidget/errors';
import { RetryPanel } from '../../src/components/ChatWidget/RetryPanel';
import { stringsFor } from '../../src/components/ChatWidget/strings';
import { editableOnly } from '../support/controls';
import { expectVisible, inPanel } from './scaffolding';

/** A stopped clock: the countdown reads the same on every run and in every screenshot. */
const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const now = () => NOW;

/** The retries a designer can pick from the Controls panel (`retry` is an object). */
const retries = {
  'first, in 3 s': { retry: 1, of: 3, at: NOW + 3000, operation: 'connect' },
  'last, in 4 s': { retry: 3, of: 3, at: NOW + 4000, operation: 'connect' },
  'a question, in 2 s': { retry: 1, of: 3, at: NOW + 2000, operation: 'message' },
  'paused offline': { retry: 2, of: 3, at: Infinity, operation: 'connect' },
} as const;

// The docs page's description is RetryPanel's own JSDoc.
const controls = editableOnly(['now', 'onRetryNow', 'onCancel']);

const meta = {
  title: 'Widget/RetryPanel',
  component: RetryPanel,
  tags: ['autodocs'],
  argTypes: {
    retry: { control: 'select', options: Object.keys(retries), mapping: retries },
  },
  parameters: { controls, docs: { story: { height: '700px' } } },
  args: {
    retry: { retry: 1, of: 3, at: NOW + 3000, operation: 'connect' },
    message: FRIENDLY_MESSAGES.network,
    variant: 'full',
    now,
    onRetryNow: fn(),
    onCancel: fn(),
  },
  decorators: [inPanel((args) => (args.variant === 'banner' ? 'above' : 'alone'))],
} satisfies Meta<typeof RetryPanel>;

export default meta;
type Story = StoryObj<typeof meta>;

/** What a reader sees and can do: the attempt, the countdown, and the two buttons. */
async function expectRetry(
  canvasElement: HTMLElement,
  args: Story['args'],
  attempt: string,
  countdown: string,
  names = { retryNow: 'Retry now', cancel: 'Cancel', status: 'Retry status' },
) {
  const canvas = within(canvasElement);
  await expect(canvas.getByRole('status', { name: names.status })).toHaveTextContent(attempt);
  await expectVisible(canvas.getByText(countdown));
  await expectVisible(canvas.getByText(args?.message ?? ''));

  await userEvent.click(canvas.getByRole('button', { name: names.retryNow }));
  await expect(args?.onRetryNow).toHaveBeenCalledOnce();
  await expect(args?.onCancel).not.toHaveBeenCalled();
  await userEvent.click(canvas.getByRole('button', { name: names.cancel }));
  await expect(args?.onCancel).toHaveBeenCalledOnce();
}

export const CountingDown: Story = {
  play: async ({ canvasElement, args }) => {
    await expectRetry(canvasElement, args, 'Retrying automatically (1 of 3)', 'Next try in 3 s');
  },
};

export const LastAttempt: Story = {
  args: { retry: { retry: 3, of: 3, at: NOW + 4000, operation: 'connect' } },
  play: async ({ canvasElement, args }) => {
    await expectRetry(canvasElement, args, 'Retrying automatically (3 of 3)', 'Next try in 4 s');
  },
};

/** The browser went offline: the countdown waits for the network instead of knocking. */
export const PausedOffline: Story = {
  args: {
    retry: { retry: 2, of: 3, at: Infinity, operation: 'connect' },
    message: FRIENDLY_MESSAGES.offline,
    offline: true,
  },
  play: async ({ canvasElement, args }) => {
    await expectRetry(
      canvasElement,
      args,
      'Waiting for the network to retry (2 of 3)',
      'Paused while offline.',
    );
    await expect(within(canvasElement).queryByText(/Next try/)).not.toBeInTheDocument();
  },
};

/** A question failed mid-conversation: the retry sits above it as a banner. */
export const Banner: Story = {
  args: {
    variant: 'banner',
    retry: { retry: 1, of: 3, at: NOW + 2000, operation: 'message' },
    message: FRIENDLY_MESSAGES.backend,
  },
  play: async ({ canvasElement, args }) => {
    await expectRetry(canvasElement, args, 'Retrying automatically (1 of 3)', 'Next try in 2 s');
    await expectVisible(within(canvasElement).getByRole('list', { name: 'Conversation' }));
  },
};

/** On an Urdu page: the attempt, the countdown and the buttons read as Urdu does. */
export const Urdu: Story = {
  globals: { locale: 'ur' },
  args: { message: stringsFor('ur').panel.messages.network },
  play: async ({ canvasElement, args }) => {
    await expectRetry(
      canvasElement,
      args,
      'خودکار دوبارہ کوشش (3 میں سے 1)',
      'اگلی کوشش 3 سیکنڈ میں',
      { retryNow: 'ابھی کوشش کریں', cancel: 'منسوخ کریں', status: 'دوبارہ کوشش کی صورتحال' },
    );
  },
};
