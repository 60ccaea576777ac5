/**
 * One story per state of the whole widget, each reached through the contract mocks and frozen
 * there, so a designer sees it at once and the visual review photographs the same picture every
 * time. Long scripted journeys through these states are under Flows.
 */
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { scenarios } from '../../mocks/scenarios';
import { getFeedback, listThreads, setMockOptions } from '../../mocks/state';
import { stringsFor } from '../../src/chatkit-local/views/strings';
import { ChatWidget } from '../../src/components/ChatWidget';
import { setPagePrompts } from '../../src/components/ChatWidget/pagePrompts';
import { stringsFor as widgetStrings } from '../../src/components/ChatWidget/strings';
import { localeOf, siteTexts } from '../support/locale';
import { answersPauseMidway } from '../support/pausedStream';
import { StoryWidget } from '../support/StoryWidget';
import { withTextbookPage } from '../support/TextbookPage';
import { visual } from '../support/visual';

type Canvas = ReturnType<typeof within>;

/** Connecting and answering take a moment on a loaded machine; nothing here waits on a timer. */
const SOON = { timeout: 8000 };
const QUESTION = 'What is ROS 2?';
const SOURCE = 'ROS 2: The Robotic Nervous System';

/** The words a reader of the story's locale sees: the site's texts and the chat surface's own. */
function wordsFor(globals: Record<string, unknown>) {
  const locale = localeOf(globals.locale);
  return { site: siteTexts(locale), ui: stringsFor(locale), widget: widgetStrings(locale).panel };
}
type Words = ReturnType<typeof wordsFor>;

/** Opens the chat as a reader does, with a click on the toggle (named in the page's language). */
async function openChat(canvas: Canvas, globals: Record<string, unknown>) {
  const name = wordsFor(globals).site.shellStrings.openChat;
  await userEvent.click(canvas.getByRole('button', { name, expanded: false }));
}

interface PlayContext {
  canvasElement: HTMLElement;
  globals: Record<string, unknown>;
}

/** The chat opened by a click, in the story's locale: the canvas and the words to look for. */
async function opened({ canvasElement, globals }: PlayContext) {
  const canvas = within(canvasElement);
  await openChat(canvas, globals);
  return { canvas, words: wordsFor(globals) };
}

/** The chat opened and the question asked (the answer may still be on its way). */
async function asked(context: PlayContext) {
  const chat = await opened(context);
  await ask(chat.canvas, chat.words);
  return chat;
}

function composer(canvas: Canvas, words: Words) {
  return canvas.findByRole('textbox', { name: words.ui.composerLabel }, SOON);
}

async function ask(canvas: Canvas, words: Words, question = QUESTION) {
  await userEvent.type(await composer(canvas, words), question);
  await userEvent.click(canvas.getByRole('button', { name: words.ui.send }));
}

function conversation(canvas: Canvas, words: Words) {
  return canvas.getByRole('log', { name: words.ui.conversation });
}

/** The answer has streamed to its end: its source is linked and the conversation is not busy. */
async function answered(canvas: Canvas, words: Words) {
  await canvas.findByRole('link', { name: new RegExp(SOURCE) }, SOON);
  await waitFor(() => expect(conversation(canvas, words)).toHaveAttribute('aria-busy', 'false'));
}

/**
 * The countdown's clock, stopped: "Next try in 30 s" reads the same in every picture. The retry
 * itself still fires on the real clock, long after anyone has looked.
 */
function freezeClock() {
  // Replaced by hand: a storybook/test spy records each call with a timestamp, from Date.now.
  const realNow = Date.now;
  Date.now = () => Date.UTC(2026, 0, 1, 12, 0, 0);
  return () => {
    Date.now = realNow;
  };
}

function setOnline(online: boolean) {
  Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => online });
  window.dispatchEvent(new Event(online ? 'online' : 'offline'));
}

const meta = {
  title: 'States',
  component: ChatWidget,
  render: (args) => <StoryWidget {...args} />,
  decorators: [withTextbookPage],
  // Each play opens the chat with a click first, as a reader does.
  parameters: { controls: { disable: true } },
  beforeEach() {
    // Answers arrive whole at once; a state is a picture, not a performance.
    setMockOptions({ deltaDelayMs: 0 });
  },
} satisfies Meta<typeof ChatWidget>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Every page: the toggle alone, and nothing about chat fetched. */
export const Closed: Story = {
  parameters: visual({ frontPage: { light: 'closed' } }),
  play: async ({ canvasElement, globals }) => {
    const canvas = within(canvasElement);
    const name = wordsFor(globals).site.shellStrings.openChat;
    await expect(canvas.getByRole('button', { name, expanded: false })).toBeVisible();
    await expect(canvas.queryByRole('dialog')).toBeNull();
  },
};

/** Opened, and waiting for the session: a spinner and what is happening. */
export const Connecting: Story = {
  // The session never answers, and the widget is told to wait for it (10 minutes).
  args: { config: { sessionTimeoutMs: 600_000 } },
  parameters: visual({ frontPage: { light: 'connecting' } }),
  beforeEach({ msw }) {
    msw.use(...scenarios.sessionHangs());
  },
  play: async (context) => {
    const { canvas, words } = await opened(context);
    const { site, widget: t } = words;
    const dialog = await canvas.findByRole('dialog', { name: site.title });
    await expect(await canvas.findByRole('status', { name: t.connectionStatus })).toHaveTextContent(
      t.connecting,
    );
    await expect(within(dialog).getByRole('button', { name: t.closeChat })).toBeVisible();
  },
};

/** Connected: the greeting, starter prompts, and the composer focused for a question. */
export const Ready: Story = {
  parameters: visual({
    also: ['phone320', 'urdu'],
    frontPage: { light: 'ready', dark: 'ready-dark', phone320: 'ready-320', urdu: 'ready-urdu' },
  }),
  play: async (context) => {
    const { canvas, words } = await opened(context);
    const box = await composer(canvas, words);
    await expect(canvas.getByRole('dialog', { name: words.site.title })).toBeVisible();
    await expect(canvas.getByText(words.site.greeting)).toBeVisible();
    for (const { label } of words.site.starterPrompts) {
      await expect(canvas.getByRole('button', { name: label })).toBeVisible();
    }
    await waitFor(() => expect(box).toHaveFocus());
  },
};

/**
 * A page with its own starter questions (its front matter's `chat_prompts`, here those of "Nodes,
 * Topics and Services"): they replace the site's on the start screen while the reader is on it.
 */
const STORY_PAGE = '@site/docs/ros2/nodes-topics-services.md';
const PAGE_PROMPTS = {
  en: [
    {
      label: 'Topic, service or action?',
      prompt: 'How do I choose between a topic, a service and an action for a ROS 2 node?',
    },
    {
      label: 'What does the QoS depth do?',
      prompt:
        'What does the queue depth of 10 in create_publisher mean, and when should I change it?',
    },
    {
      label: 'Why does my node need spin?',
      prompt: 'Why does a ROS 2 node need rclpy.spin, and what happens to callbacks without it?',
    },
  ],
  ur: [
    {
      label: 'ٹاپک، سروس یا ایکشن؟',
      prompt: 'ROS 2 کے نوڈ کے لیے ٹاپک، سروس اور ایکشن میں سے انتخاب کیسے کروں؟',
    },
    {
      label: 'قطار کی گہرائی (QoS) کیا ہے؟',
      prompt: 'create_publisher میں قطار کی گہرائی 10 کا کیا مطلب ہے، اور اسے کب بدلنا چاہیے؟',
    },
    {
      label: 'نوڈ کو spin کیوں چاہیے؟',
      prompt:
        'ROS 2 کے نوڈ کو rclpy.spin کی ضرورت کیوں ہے، اور اس کے بغیر کال بیکس کا کیا ہوتا ہے؟',
    },
  ],
};

/**
 * The start screen on a page with its own starter questions; the site's come back when the reader
 * moves to a page without them (the panel open), and the page's again on returning.
 */
export const ReadyWithPagePrompts: Story = {
  parameters: visual({ also: ['phone320', 'urdu'] }),
  beforeEach({ globals }) {
    setPagePrompts({ value: PAGE_PROMPTS[localeOf(globals.locale)], page: STORY_PAGE });
    return () => setPagePrompts(null);
  },
  play: async (context) => {
    const { canvas, words } = await opened(context);
    const pagePrompts = PAGE_PROMPTS[localeOf(context.globals.locale)];
    await composer(canvas, words);
    for (const { label } of pagePrompts) {
      await expect(canvas.getByRole('button', { name: label })).toBeVisible();
    }
    const [siteFirst] = words.site.starterPrompts;
    await expect(canvas.queryByRole('button', { name: siteFirst!.label })).toBeNull();
    // To a page without them, and back.
    setPagePrompts(null);
    await expect(await canvas.findByRole('button', { name: siteFirst!.label })).toBeVisible();
    await expect(canvas.queryByRole('button', { name: pagePrompts[0]!.label })).toBeNull();
    setPagePrompts({ value: pagePrompts, page: STORY_PAGE });
    await expect(await canvas.findByRole('button', { name: pagePrompts[0]!.label })).toBeVisible();
  },
};

/** An answer caught mid-sentence: it grows in the conversation, "Assistant is answering…" below. */
export const Streaming: Story = {
  parameters: visual({ frontPage: { light: 'streaming' } }),
  beforeEach({ msw }) {
    msw.use(...answersPauseMidway(16));
  },
  play: async (context) => {
    const { canvas, words } = await asked(context);
    await expect(await canvas.findByText(words.widget.answering, undefined, SOON)).toBeVisible();
    const log = conversation(canvas, words);
    await waitFor(() => expect(log).toHaveTextContent(/not an operating system but a/), SOON);
    await expect(log).toHaveAttribute('aria-busy', 'true');
    await expect(within(log).queryByRole('link', { name: new RegExp(SOURCE) })).toBeNull();
  },
};

/** The answer is complete, with the textbook page it came from linked under it. */
export const AnsweredWithSources: Story = {
  parameters: visual({
    also: ['phone320', 'urdu'],
    frontPage: { light: 'answered' },
  }),
  play: async (context) => {
    const { canvas, words } = await asked(context);
    await answered(canvas, words);
    const log = within(conversation(canvas, words));
    await expect(log.getByText(QUESTION, { exact: false })).toBeVisible();
    await expect(log.getByRole('link', { name: new RegExp(SOURCE) })).toHaveAttribute(
      'href',
      '/docs/ros2/overview',
    );
    await expect(canvas.queryByText(words.widget.answering)).toBeNull();
  },
};

/** A reasoning model: its thoughts folded into "Thought for 4s" above the answer. */
export const Reasoning: Story = {
  parameters: visual({ frontPage: { light: 'reasoning' } }),
  beforeEach({ msw }) {
    msw.use(...scenarios.reasoningAnswer());
  },
  play: async (context) => {
    const { canvas, words } = await asked(context);
    await answered(canvas, words);
    await expect(canvas.getByText(words.ui.thoughtFor(4))).toBeVisible();
  },
};

/** The session failed; the first of three automatic retries counts down (clock frozen). */
export const Retrying: Story = {
  args: { config: { retryPolicy: { baseDelayMs: 30_000, jitter: 0 } } },
  parameters: visual({ frontPage: { light: 'retrying' } }),
  beforeEach({ msw }) {
    msw.use(...scenarios.session500());
    return freezeClock();
  },
  play: async (context) => {
    const { canvas, words } = await opened(context);
    const t = words.widget;
    await expect(
      await canvas.findByRole('status', { name: t.retryStatus }, SOON),
    ).toHaveTextContent(t.retrying('1', '3'));
    await expect(canvas.getByText(t.nextTryIn('30'))).toBeVisible();
    await expect(canvas.getByText(t.messages.backend)).toBeVisible();
    await expect(canvas.getByRole('button', { name: t.retryNow })).toBeVisible();
    await expect(canvas.getByRole('button', { name: t.cancel })).toBeVisible();
  },
};

/** The backend stayed unreachable through every retry: what happened, and "Try again". */
export const RetryExhausted: Story = {
  parameters: visual({ frontPage: { light: 'retry-exhausted' } }),
  beforeEach({ msw }) {
    msw.use(...scenarios.sessionDown());
  },
  play: async (context) => {
    const { canvas, words } = await opened(context);
    const t = words.widget;
    const alert = await canvas.findByRole('alert', undefined, SOON);
    await expect(alert).toHaveTextContent(t.errorHeadings.network);
    await expect(alert).toHaveTextContent(t.messages.network);
    await expect(within(alert).getByRole('button', { name: t.tryAgain })).toBeVisible();
  },
};

/**
 * The backend asked for a minute's pause (429, `retry_after: 60`): the wait, as a countdown. Its
 * clock is frozen, and so is the up-to-10 % spread added to the server's wait (Math.random scaled
 * to almost nothing), so the picture always says 60 s.
 */
export const RateLimited: Story = {
  parameters: visual({ frontPage: { light: 'rate-limited' } }),
  beforeEach({ msw }) {
    msw.use(...scenarios.rateLimited({ retryAfter: 60 }));
    const random = Math.random;
    Math.random = () => random() * 1e-6;
    const thaw = freezeClock();
    return () => {
      Math.random = random;
      thaw();
    };
  },
  play: async (context) => {
    const { canvas, words } = await opened(context);
    const t = words.widget;
    await expect(
      await canvas.findByRole('status', { name: t.retryStatus }, SOON),
    ).toHaveTextContent(t.retrying('1', '3'));
    await expect(canvas.getByText(t.messages.rate_limit)).toBeVisible();
    await expect(canvas.getByText(t.nextTryIn('60'))).toBeVisible();
  },
};

/** The browser is offline: retrying waits for the network instead of knocking. */
export const Offline: Story = {
  parameters: visual({ frontPage: { light: 'offline' } }),
  beforeEach({ msw }) {
    msw.use(...scenarios.sessionDown());
    setOnline(false);
    return () => {
      // The page's real navigator.onLine again.
      delete (navigator as { onLine?: boolean }).onLine;
    };
  },
  play: async (context) => {
    const { canvas, words } = await opened(context);
    const t = words.widget;
    await expect(
      await canvas.findByRole('status', { name: t.retryStatus }, SOON),
    ).toHaveTextContent(t.waitingForNetwork('1', '3'));
    await expect(canvas.getByText(t.messages.offline)).toBeVisible();
    await expect(canvas.getByText(t.pausedOffline)).toBeVisible();
  },
};

/** The answer's stream broke after its first words: the thread says so and offers Retry. */
export const StreamInterrupted: Story = {
  parameters: visual({ frontPage: { light: 'stream-interrupted' } }),
  beforeEach({ msw }) {
    // Ended early rather than reset: a reset may drop events still queued in the browser, and the
    // picture would then depend on how fast they were read (Flows/StreamBreaksMidAnswer resets).
    msw.use(...scenarios.streamCutAfter(6, { mode: 'end' }));
  },
  play: async (context) => {
    const { canvas, words } = await asked(context);
    const log = within(conversation(canvas, words));
    await expect(await log.findByText(words.ui.answerInterrupted, undefined, SOON)).toBeVisible();
    await expect(log.getByRole('button', { name: words.ui.retry })).toBeVisible();
    // The widget does not pile its own error panel on top of the surface's.
    await expect(canvas.queryByRole('alert')).toBeNull();
  },
};

/** The reader pressed Stop mid-answer: what had arrived stays, marked "Stopped". */
export const Stopped: Story = {
  parameters: visual({ frontPage: { light: 'stopped' } }),
  beforeEach({ msw }) {
    msw.use(...answersPauseMidway(16));
  },
  play: async (context) => {
    const { canvas, words } = await asked(context);
    const log = conversation(canvas, words);
    await waitFor(() => expect(log).toHaveTextContent(/not an operating system but a/), SOON);
    await userEvent.click(await canvas.findByRole('button', { name: words.ui.stop }, SOON));
    await expect(await within(log).findByText(words.ui.stopped, undefined, SOON)).toBeVisible();
    await expect(log).toHaveTextContent(/not an operating system but a/);
    await waitFor(() => expect(log).toHaveAttribute('aria-busy', 'false'));
    await expect(canvas.queryByText(words.widget.answering)).toBeNull();
  },
};

/** The reader found the answer helpful: thumbs up pressed under it, and the backend has it. */
export const FeedbackGiven: Story = {
  parameters: visual({ frontPage: { light: 'feedback-given' } }),
  play: async (context) => {
    const { canvas, words } = await asked(context);
    await answered(canvas, words);
    const log = within(conversation(canvas, words));
    const helpful = log.getByRole('button', { name: words.ui.feedbackPositive });
    await userEvent.click(helpful);
    await expect(helpful).toHaveAttribute('aria-pressed', 'true');
    await expect(log.getByRole('button', { name: words.ui.feedbackNegative })).toHaveAttribute(
      'aria-pressed',
      'false',
    );
    await waitFor(() => {
      const [thread] = listThreads();
      expect([...getFeedback(thread?.id ?? '').values()]).toEqual(['positive']);
    });
  },
};

/**
 * The clipboard, stubbed for a story: `writeText` keeps what it is given (or refuses), and the
 * textarea fallback's `execCommand('copy')` refuses too, so a story shows one outcome.
 */
function stubClipboard(accept: boolean) {
  const written: string[] = [];
  const clipboard = Object.getOwnPropertyDescriptor(Navigator.prototype, 'clipboard');
  const execCommand = document.execCommand;
  Object.defineProperty(navigator, 'clipboard', {
    configurable: true,
    value: {
      writeText: (text: string) =>
        accept
          ? Promise.resolve(void written.push(text))
          : Promise.reject(new DOMException('Denied', 'NotAllowedError')),
    },
  });
  document.execCommand = () => false;
  const restore = () => {
    delete (navigator as { clipboard?: unknown }).clipboard;
    if (clipboard) Object.defineProperty(Navigator.prototype, 'clipboard', clipboard);
    document.execCommand = execCommand;
  };
  return { written, restore };
}

let clipboardStub: ReturnType<typeof stubClipboard> | null = null;

/** Asks, waits for the answer, and copies the conversation from the panel's header. */
async function copied(context: PlayContext) {
  const { canvas, words } = await asked(context);
  await answered(canvas, words);
  const dialog = canvas.getByRole('dialog', { name: words.site.title });
  await userEvent.click(
    await within(dialog).findByRole('button', { name: words.widget.copyConversation }, SOON),
  );
  return { canvas, words, dialog };
}

/** Waits until one of the panel's status lines says `text`. */
async function statusSays(dialog: HTMLElement, text: string) {
  await waitFor(
    () =>
      expect(
        within(dialog)
          .getAllByRole('status')
          .map((s) => s.textContent),
      ).toContain(text),
    SOON,
  );
}

/** "Copy conversation" in the header: the thread as Markdown on the clipboard, and "copied". */
export const ConversationCopied: Story = {
  parameters: visual({ also: ['phone320', 'urdu'] }),
  beforeEach() {
    clipboardStub = stubClipboard(true);
    return () => clipboardStub?.restore();
  },
  play: async (context) => {
    const { dialog, words } = await copied(context);
    await statusSays(dialog, words.widget.copyStatus.copied);
    const [markdown] = clipboardStub!.written;
    await expect(markdown).toContain(`**${words.widget.copyLabels.you}:**\n\n${QUESTION}`);
    await expect(markdown).toMatch(
      new RegExp(`- \\[${SOURCE}\\]\\(https?://[^)]+/docs/ros2/overview\\)`),
    );
    // The header keeps every button inside the panel, however narrow.
    const panel = dialog.getBoundingClientRect();
    for (const button of within(dialog).getAllByRole('button')) {
      const box = button.getBoundingClientRect();
      if (!box.width) continue;
      await expect(box.left).toBeGreaterThanOrEqual(panel.left);
      await expect(box.right).toBeLessThanOrEqual(panel.right);
    }
  },
};

/** The browser refused the clipboard: the panel says so, and what to do. */
export const CopyRefused: Story = {
  parameters: visual({}),
  beforeEach() {
    clipboardStub = stubClipboard(false);
    return () => clipboardStub?.restore();
  },
  play: async (context) => {
    const { dialog, words } = await copied(context);
    await statusSays(dialog, words.widget.copyStatus.refused);
    await expect(clipboardStub!.written).toEqual([]);
  },
};
