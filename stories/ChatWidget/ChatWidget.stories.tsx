import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { useEffect, useRef, useState } from 'react';
import { registerLocalChatKit } from '../../src/chatkit-local';
import { ChatWidget } from '../../src/components/ChatWidget';
import {
  ChatWidgetPanel,
  createChatConnection,
  type ChatWidgetPanelProps,
} from '../../src/components/ChatWidget/ChatWidgetPanel';
import type { WidgetHost } from '../../src/components/ChatWidget/chatConnection';
import { siteTexts, useLocale } from '../support/locale';
import { storyConfig } from '../support/widgetConfig';
import { editableOnly } from '../support/controls';
import shell from '../../src/components/ChatWidget/shell.module.css';
import { StoryWidget } from '../support/StoryWidget';
import { withTextbookPage } from '../support/TextbookPage';

const SOON = { timeout: 8000 };

// The docs page's description is ChatWidget's own JSDoc; `config` is an object (see the README).
const controls = editableOnly(['config', 'onOpenChange']);

// Each story keeps its open state under its own storage key: the docs page shows them side by side
// in one tab, and the widget remembers being open per tab.
const meta = {
  title: 'Widget/ChatWidget',
  component: ChatWidget,
  tags: ['autodocs'],
  render: (args) => <StoryWidget {...args} />,
  decorators: [withTextbookPage],
  args: { onOpenChange: fn() },
  parameters: { controls, docs: { story: { height: '760px' } } },
} satisfies Meta<typeof ChatWidget>;

export default meta;
type Story = StoryObj<typeof meta>;

/** As every page loads it: the toggle alone. A click opens the panel, which then connects. */
export const Default: Story = {
  args: { config: { storageKey: 'docs-default' } },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Open chat', expanded: false }));
    await expect(args.onOpenChange).toHaveBeenCalledWith(true);
    await canvas.findByRole('textbox', { name: 'Message' }, SOON);
    await userEvent.click(canvas.getByRole('button', { name: 'Close chat', expanded: true }));
    await expect(args.onOpenChange).toHaveBeenLastCalledWith(false);
    await expect(canvas.getByRole('button', { name: 'Open chat' })).toBeVisible();
  },
};

/** `defaultOpen`: open from the start, as after a reload with the panel open. */
export const DefaultOpen: Story = {
  args: { defaultOpen: true, config: { storageKey: 'docs-default-open' } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const box = await canvas.findByRole('textbox', { name: 'Message' }, SOON);
    await waitFor(() => expect(box).toHaveFocus());
  },
};

/**
 * `open` controls it: closing only asks (`onOpenChange(false)`), and the panel stays open until
 * the page says otherwise.
 */
export const Controlled: Story = {
  args: { open: true, config: { storageKey: 'docs-controlled' } },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole('textbox', { name: 'Message' }, SOON);
    const dialog = canvas.getByRole('dialog');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Close chat' }));
    await expect(args.onOpenChange).toHaveBeenCalledWith(false);
    await expect(dialog).toBeVisible();
  },
};

/**
 * On an Urdu page (the site passes the Urdu table): every word of the widget is Urdu, right to
 * left: the toggle, the panel's title and buttons, the start screen and the composer.
 */
export const Urdu: Story = {
  globals: { locale: 'ur' },
  args: { config: { storageKey: 'docs-urdu' } },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'چیٹ کھولیں', expanded: false }));
    await expect(args.onOpenChange).toHaveBeenCalledWith(true);
    const dialog = await canvas.findByRole('dialog', { name: 'درسی کتاب کا معاون' });
    await expect(dialog).toHaveAttribute('dir', 'rtl');
    await canvas.findByRole('textbox', { name: 'پیغام' }, SOON);
    await expect(within(dialog).getByRole('button', { name: 'نئی گفتگو' })).toBeVisible();
    // Left open, for the picture: the header's close button and the toggle both say "close chat".
    await expect(within(dialog).getByRole('button', { name: 'چیٹ بند کریں' })).toBeVisible();
  },
};

/**
 * The panel with OpenAI's element held to a 1 ms deadline: the element under `openai-chatkit`
 * (here the local one, standing for OpenAI's) is mounted, does not report ready in time, and the
 * controller switches as it does after the real 6 s.
 */
function PanelWhoseOpenAIElementFails() {
  const locale = useLocale();
  const toggleRef = useRef<HTMLButtonElement>(null);
  const [{ widget, connection }] = useState(() => {
    const config = {
      ...siteTexts(locale),
      ...storyConfig,
      surface: 'auto' as const,
      readyTimeoutMs: 1,
    };
    // The widget, held open: what the connection asks of it.
    const open = { open: true };
    const host: WidgetHost & Pick<ChatWidgetPanelProps['widget'], 'subscribe' | 'requestOpen'> = {
      subscribe: () => () => undefined,
      getSnapshot: () => open,
      requestOpen: () => undefined,
      config: () => config,
      takeIntent: () => undefined,
      chatChanged: () => undefined,
      ask: () => undefined,
    };
    const chat = createChatConnection(host, {
      loadChatCode: () => import('../../src/components/ChatWidget/ChatKitWrapper'),
      ensureSurface: async () => {
        registerLocalChatKit('openai-chatkit'); // "OpenAI's script defined the element"
        return 'chatkit';
      },
    });
    return { widget: host, connection: chat };
  });
  useEffect(() => {
    connection.start();
    return () => connection.stop();
  }, [connection]);
  return (
    // The widget's root, where the Docusaurus Root puts it: it defines what the panel's CSS reads.
    <div className={shell.root}>
      <ChatWidgetPanel
        widget={widget}
        connection={connection}
        panelId="fallback-panel"
        toggleRef={toggleRef}
      />
    </div>
  );
}

/**
 * OpenAI's chat failed, the basic chat took over: what a reader sees when OpenAI's element loads
 * but never becomes ready (a domain key missing from OpenAI's allowlist, a frame that fails): the
 * local element under its own tag `<textbook-chatkit>`, on the same page, with one line saying so.
 */
export const OpenAIChatFailedBasicChatTookOver: Story = {
  render: () => <PanelWhoseOpenAIElementFails />,
  async beforeEach() {
    const warn = console.warn;
    // The one warning for the site's owner is expected here.
    console.warn = (...args: unknown[]) =>
      String(args[0]).startsWith('[textbook-chat]') ? undefined : warn(...args);
    return () => {
      console.warn = warn;
      sessionStorage.removeItem('textbook-chat:surface-fallback');
    };
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const dialog = await canvas.findByRole('dialog', {}, SOON);
    await expect(
      await within(dialog).findByText('Switched to the basic chat.', {}, SOON),
    ).toBeVisible();
    const local = canvasElement.querySelector<HTMLElement>('textbook-chatkit')!;
    await expect(local).toBeInTheDocument();
    const box = await within(local).findByRole('textbox', { name: 'Message' }, SOON);
    await userEvent.type(box, 'What is ROS 2?{Enter}');
    await within(local).findByRole('link', { name: /ROS 2/ }, SOON);
  },
};
