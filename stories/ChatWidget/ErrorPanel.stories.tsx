import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, within } from 'storybook/test';
import { ErrorPanel } from '../../src/components/ChatWidget/ErrorPanel';
import {
  BackendError,
  classifyError,
  FRIENDLY_MESSAGES,
  SurfaceError,
} from '../../src/components/ChatWidget/errors';
import { editableOnly } from '../support/controls';
import { expectVisible, inPanel } from './scaffolding';

const AT = Date.UTC(2026, 0, 1, 12, 0, 0);

/**
 * Each story classifies a failure as raw as the wire gives it, so the play can check that none
 * of it (status code, error code, server text) reaches the reader.
 */
const failures = {
  network: new BackendError('TypeError: Failed to fetch (ERR_CONNECTION_REFUSED)', {
    endpoint: 'session',
    failure: 'network',
  }),
  backend: new BackendError('HTTP 503 upstream_error: model overloaded', {
    endpoint: 'chatkit',
    failure: 'http',
    status: 503,
    errorType: 'upstream_error',
  }),
  session: new BackendError('HTTP 401 invalid_token: signature mismatch', {
    endpoint: 'session',
    failure: 'http',
    status: 401,
    errorType: 'invalid_token',
  }),
  rateLimited: new BackendError('HTTP 429 rate_limit_exceeded: 60 requests per minute', {
    endpoint: 'chatkit',
    failure: 'http',
    status: 429,
    errorType: 'rate_limit_exceeded',
    retryAfterMs: 30_000,
  }),
  surface: new SurfaceError('OpenAI ChatKit script failed to load'),
  unknown: new RangeError('Maximum call stack size exceeded at render (widget.js:1:2345)'),
};

// The docs page's description is ErrorPanel's own JSDoc.
const controls = editableOnly(['onRetry', 'onDismiss']);

const meta = {
  title: 'Widget/ErrorPanel',
  component: ErrorPanel,
  tags: ['autodocs'],
  args: {
    error: classifyError(failures.network, { now: AT }),
    variant: 'full',
    onRetry: fn(),
  },
  argTypes: {
    // The error is an object; designers pick which failure it classifies.
    error: {
      control: 'select',
      options: Object.keys(failures),
      mapping: Object.fromEntries(
        Object.entries(failures).map(([name, failure]) => [
          name,
          classifyError(failure, { now: AT }),
        ]),
      ),
    },
  },
  parameters: { controls, docs: { story: { height: '700px' } } },
  decorators: [inPanel((args) => (args.variant === 'banner' ? 'above' : 'alone'))],
} satisfies Meta<typeof ErrorPanel>;

export default meta;
type Story = StoryObj<typeof meta>;

/**
 * What a reader sees: the heading and friendly message, nothing raw, and a "Try again" that retries.
 * @param raw words of the underlying failure that must not appear
 */
async function expectFriendlyAlert(
  canvasElement: HTMLElement,
  args: Story['args'],
  heading: string,
  message: string,
  raw: string[],
  { retryable = true, tryAgain = 'Try again' }: { retryable?: boolean; tryAgain?: string } = {},
) {
  const alert = within(canvasElement).getByRole('alert');
  await expectVisible(within(alert).getByText(heading));
  await expectVisible(within(alert).getByText(message));
  for (const text of [...raw, 'Error', 'HTTP']) {
    await expect(alert).not.toHaveTextContent(text);
  }
  await expect(alert.textContent).not.toMatch(/\b\d{3}\b/);

  if (!retryable) {
    // Offline: retrying by hand cannot help; the widget reconnects when the network is back.
    await expect(within(alert).queryByRole('button', { name: tryAgain })).toBeNull();
    return alert;
  }
  await userEvent.click(within(alert).getByRole('button', { name: tryAgain }));
  await expect(args?.onRetry).toHaveBeenCalledOnce();
  return alert;
}

export const Network: Story = {
  play: async ({ canvasElement, args }) => {
    await expectFriendlyAlert(
      canvasElement,
      args,
      'Connection problem',
      FRIENDLY_MESSAGES.network,
      ['Failed to fetch', 'ERR_CONNECTION_REFUSED'],
    );
  },
};

export const Offline: Story = {
  args: { error: classifyError(failures.network, { now: AT, online: false }), offline: true },
  play: async ({ canvasElement, args }) => {
    await expectFriendlyAlert(
      canvasElement,
      args,
      "You're offline",
      FRIENDLY_MESSAGES.offline,
      ['Failed to fetch', 'ERR_CONNECTION_REFUSED'],
      { retryable: false },
    );
  },
};

export const Backend: Story = {
  args: { error: classifyError(failures.backend, { now: AT }) },
  play: async ({ canvasElement, args }) => {
    await expectFriendlyAlert(
      canvasElement,
      args,
      'The assistant is unavailable',
      FRIENDLY_MESSAGES.backend,
      ['503', 'upstream_error', 'overloaded'],
    );
  },
};

export const Session: Story = {
  args: { error: classifyError(failures.session, { now: AT }) },
  play: async ({ canvasElement, args }) => {
    await expectFriendlyAlert(
      canvasElement,
      args,
      "Couldn't start the chat",
      FRIENDLY_MESSAGES.session,
      ['401', 'invalid_token', 'signature'],
    );
  },
};

export const RateLimited: Story = {
  args: { error: classifyError(failures.rateLimited, { now: AT }) },
  play: async ({ canvasElement, args }) => {
    await expectFriendlyAlert(
      canvasElement,
      args,
      'Please slow down',
      FRIENDLY_MESSAGES.rate_limit,
      ['429', 'rate_limit_exceeded', 'per minute'],
    );
  },
};

export const Surface: Story = {
  args: { error: classifyError(failures.surface, { now: AT }) },
  play: async ({ canvasElement, args }) => {
    await expectFriendlyAlert(
      canvasElement,
      args,
      "The chat couldn't load",
      FRIENDLY_MESSAGES.surface,
      ['OpenAI', 'script'],
    );
  },
};

export const Unknown: Story = {
  args: { error: classifyError(failures.unknown, { now: AT }) },
  play: async ({ canvasElement, args }) => {
    await expectFriendlyAlert(
      canvasElement,
      args,
      'Something went wrong',
      FRIENDLY_MESSAGES.unknown,
      ['call stack', 'widget.js'],
    );
  },
};

/** Over a conversation that is already going: compact, with "Dismiss" to keep reading. */
export const Banner: Story = {
  args: {
    variant: 'banner',
    error: classifyError(failures.backend, { now: AT }),
    onDismiss: fn(),
  },
  play: async ({ canvasElement, args }) => {
    const alert = await expectFriendlyAlert(
      canvasElement,
      args,
      'The assistant is unavailable',
      FRIENDLY_MESSAGES.backend,
      ['503', 'upstream_error', 'overloaded'],
    );
    await userEvent.click(within(alert).getByRole('button', { name: 'Dismiss' }));
    await expect(args.onDismiss).toHaveBeenCalledOnce();
    // The conversation stays in view below it.
    await expectVisible(within(canvasElement).getByRole('list', { name: 'Conversation' }));
  },
};

/** On an Urdu page: the heading, the message and the buttons are Urdu, right to left. */
export const Urdu: Story = {
  globals: { locale: 'ur' },
  args: { variant: 'banner', onDismiss: fn() },
  play: async ({ canvasElement, args }) => {
    const alert = await expectFriendlyAlert(
      canvasElement,
      args,
      'رابطے میں مسئلہ',
      'درسی کتاب کے معاون تک رسائی نہیں ہو سکی۔ اپنا کنکشن دیکھیں، پھر دوبارہ کوشش کریں۔',
      ['Failed to fetch', 'ERR_CONNECTION_REFUSED'],
      { tryAgain: 'دوبارہ کوشش کریں' },
    );
    await expect(alert).not.toHaveTextContent(/[A-Za-z]/);
    await userEvent.click(within(alert).getByRole('button', { name: 'ہٹائیں' }));
    await expect(args.onDismiss).toHaveBeenCalledOnce();
  },
};
