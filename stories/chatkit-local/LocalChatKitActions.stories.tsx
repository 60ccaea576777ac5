import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, spyOn, userEvent, waitFor, within } from 'storybook/test';
import { specialAnswers } from '../../mocks/corpus';
import { scenarios } from '../../mocks/scenarios';
import { getFeedback, getThread, setMockOptions } from '../../mocks/state';
import type { LocalChatKitElement } from '../../src/chatkit-local';
import { rememberCutShort, type CutShort } from '../../src/chatkit-local/thread/cut-short';
import { stringsFor, type UiStrings } from '../../src/chatkit-local/views/strings';
import { LocalChatKitHarness, spiedHandlers } from './LocalChatKitHarness';
import { visual } from '../support/visual';
import { seedConversation } from './seed';

/** Streams are fast (5 ms between deltas); an answer to stop streams slowly enough to press Stop. */
const ANSWER = { timeout: 10_000 };
const FAST_MS = 5;
const SLOW_MS = 60;

const PASSAGE =
  'A node publishes messages on a topic; any number of other nodes may subscribe to it.';
const DISCLAIMER = 'Answers are generated and can be wrong; check the [linked pages](/docs/intro).';
const URDU_DISCLAIMER =
  'جوابات خودکار طور پر بنتے ہیں اور غلط بھی ہو سکتے ہیں؛ حوالہ دیے گئے صفحات ضرور دیکھیں۔';

/** The element's options on an Urdu page: its own words and the site's, in Urdu. */
const URDU_ARGS = {
  locale: 'ur' as const,
  greeting: 'کتاب کے بارے میں پوچھیں',
  placeholder: 'اپنا سوال لکھیں',
  headerTitle: 'اسسٹنٹ',
  disclaimer: { text: URDU_DISCLAIMER },
};

function surface(canvasElement: HTMLElement, s: UiStrings) {
  const canvas = within(canvasElement);
  const el = canvasElement.querySelector('openai-chatkit') as LocalChatKitElement;
  return {
    canvas,
    el,
    composer: () => canvas.getByRole('textbox', { name: s.composerLabel }) as HTMLTextAreaElement,
    log: () => canvas.getByRole('log', { name: s.conversation }),
    thread: () => within(canvas.getByRole('log', { name: s.conversation })),
    status: () => el.querySelector('[role="status"]')?.textContent?.trim(),
    answers: () => [...el.querySelectorAll<HTMLElement>('.ck-message--assistant')],
  };
}

type Surface = ReturnType<typeof surface>;

async function ask(ui: Surface, question: string) {
  await userEvent.type(ui.composer(), question);
  await userEvent.keyboard('{Enter}');
}

/** The answer is complete once its actions are there and the log is no longer busy. */
async function finishedAnswer(ui: Surface, s: UiStrings, count: number) {
  await waitFor(() => expect(ui.log()).toHaveAttribute('aria-busy', 'false'), ANSWER);
  await waitFor(() => expect(ui.answers()).toHaveLength(count), ANSWER);
  const answer = ui.answers()[count - 1]!;
  const actions = await within(answer).findByRole('group', { name: s.answerActions }, ANSWER);
  return { answer, actions: within(actions) };
}

function threadIdOf(args: { onThreadChange?: unknown }): string {
  const calls = (args.onThreadChange as { mock: { calls: [{ threadId: string | null }][] } }).mock
    .calls;
  const id = calls.map(([event]) => event.threadId).findLast((value) => value !== null);
  if (!id) throw new Error('No thread yet');
  return id;
}

type Ctx = Parameters<NonNullable<Story['play']>>[0];

/**
 * Every action of the local element in one conversation, in the story's language: the disclaimer,
 * a quoted passage sent with a question, Copy (the answer and a code block), thumbs up then down
 * (recorded by the backend), and Stop mid-answer, after which the next question works.
 */
async function actionsTour({ canvasElement, args, step }: Ctx, locale: 'en' | 'ur') {
  const s = stringsFor(locale);
  const ui = surface(canvasElement, s);
  await waitFor(() => expect(args.onReady).toHaveBeenCalled());
  const writeText = spyOn(navigator.clipboard, 'writeText').mockResolvedValue(undefined);

  await step('the disclaimer is one line under the composer', async () => {
    const line = ui.el.querySelector<HTMLElement>('.ck-disclaimer')!;
    await expect(line).toBeVisible();
    await expect(line.previousElementSibling?.tagName).toBe('FORM');
    await expect(line).toHaveTextContent(locale === 'ur' ? URDU_DISCLAIMER : /can be wrong/);
  });

  await step('a quoted passage sits above the composer and goes with the question', async () => {
    await ui.el.setComposerValue({ reply: PASSAGE });
    const form = within(ui.el.querySelector('form')!);
    await expect(form.getByText(PASSAGE)).toBeVisible();
    await expect(form.getByRole('button', { name: s.removeQuote })).toBeVisible();
    await expect(ui.composer()).toHaveValue('');
    await expect(ui.composer()).toHaveAccessibleDescription(`${s.quoteLabel} ${PASSAGE}`);
    await ask(ui, 'Show me a ROS 2 publisher');
    const bubble = (await ui.thread().findByText('Show me a ROS 2 publisher')).closest(
      '.ck-message--user',
    ) as HTMLElement;
    await expect(within(bubble).getByText(PASSAGE)).toBeVisible();
    await finishedAnswer(ui, s, 1);
    await expect(form.queryByText(PASSAGE)).toBeNull();
  });

  await step('Copy: the whole answer as Markdown, and a code block on its own', async () => {
    const { answer, actions } = await finishedAnswer(ui, s, 1);
    await userEvent.click(actions.getByRole('button', { name: s.copyAnswer }));
    await expect(writeText).toHaveBeenLastCalledWith(specialAnswers.markdown.text);
    await expect(actions.getByText(s.copied)).toBeVisible();
    await expect(ui.status()).toBe(s.copied);
    const copyCode = within(answer).getByRole('button', { name: s.copyCode.label });
    await userEvent.click(copyCode);
    await expect(writeText).toHaveBeenLastCalledWith(
      expect.stringMatching(/^import rclpy\n[\s\S]*rclpy\.spin\(Talker\(\)\)\n$/),
    );
    await expect(copyCode).toHaveAccessibleName(s.copied);
  });

  await step('thumbs up, then down: the choice shows and the backend records it', async () => {
    const { actions } = await finishedAnswer(ui, s, 1);
    const threadId = threadIdOf(args);
    const answerId = getThread(threadId)!.items.find((i) => i.type === 'assistant_message')!.id;
    const up = actions.getByRole('button', { name: s.feedbackPositive });
    const down = actions.getByRole('button', { name: s.feedbackNegative });
    await userEvent.click(up);
    await expect(up).toHaveAttribute('aria-pressed', 'true');
    await waitFor(() => expect(getFeedback(threadId).get(answerId)).toBe('positive'));
    await waitFor(() => expect(ui.status()).toBe(s.feedbackSent));
    await userEvent.click(down);
    await expect(up).toHaveAttribute('aria-pressed', 'false');
    await expect(down).toHaveAttribute('aria-pressed', 'true');
    await waitFor(() => expect(getFeedback(threadId).get(answerId)).toBe('negative'));
    // "Not helpful" asks what was wrong: a reason and a note, sent with the feedback.
    const why = await ui.thread().findByRole('group', { name: s.feedbackReason.question });
    await userEvent.click(
      within(why).getByRole('button', { name: s.feedbackReason.reasons.incomplete }),
    );
    await userEvent.type(
      within(why).getByRole('textbox', { name: s.feedbackReason.note }),
      'More code',
    );
    await userEvent.click(within(why).getByRole('button', { name: s.feedbackReason.send }));
    await waitFor(() =>
      expect(ui.thread().queryByRole('group', { name: s.feedbackReason.question })).toBeNull(),
    );
    await waitFor(() => expect(getFeedback(threadId).get(answerId)).toBe('negative'));
  });

  await step('Stop mid-answer keeps what arrived; the next question works', async () => {
    setMockOptions({ deltaDelayMs: SLOW_MS });
    await ask(ui, 'And how do I run it?');
    const stop = await ui.canvas.findByRole('button', { name: s.stop }, ANSWER);
    await waitFor(() => expect(ui.status()).toBe(s.stopAvailable));
    await waitFor(
      () => expect(ui.answers()[1]?.textContent?.length ?? 0).toBeGreaterThan(60),
      ANSWER,
    );
    // From the keyboard.
    stop.focus();
    await userEvent.keyboard('{Enter}');
    const stopped = ui.answers()[1]!;
    await expect(await within(stopped).findByText(s.stopped)).toBeVisible();
    await expect(ui.status()).toBe(s.answerStopped);
    await expect(ui.canvas.getByRole('button', { name: s.send })).toBeDisabled();
    await expect(ui.composer()).toHaveFocus();
    // The end of the answer never came.
    await expect(stopped).not.toHaveTextContent(/topic echo/);

    setMockOptions({ deltaDelayMs: FAST_MS });
    await ask(ui, 'Thanks, one more question');
    await finishedAnswer(ui, s, 3);
    await expect(ui.thread().getAllByText(s.stopped)).toHaveLength(1);
  });
  await expect(args.onError).not.toHaveBeenCalled();
}

const meta = {
  title: 'ChatKitLocal/Actions',
  component: LocalChatKitHarness,
  args: {
    threadItemActions: { feedback: true },
    disclaimer: { text: DISCLAIMER },
    ...spiedHandlers(),
  },
  parameters: { layout: 'centered' },
  beforeEach({ msw }) {
    setMockOptions({ deltaDelayMs: FAST_MS });
    // Answers with a heading, a list and a code block, so Copy has a code block to copy.
    msw.use(...scenarios.markdownAnswer());
  },
} satisfies Meta<typeof LocalChatKitHarness>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Quote, Copy, thumbs up and down, Stop and the disclaimer, on a light page. */
export const AllActions: Story = {
  play: (context) => actionsTour(context, 'en'),
};

/** The same on a dark page. */
export const AllActionsDark: Story = {
  globals: { theme: 'dark' },
  args: { colorScheme: 'dark' },
  play: (context) => actionsTour(context, 'en'),
};

/** The same on a 320 px phone: the actions wrap, nothing scrolls sideways. */
export const AllActionsMobile320: Story = {
  globals: { viewport: { value: 'phone320' } },
  async play(context) {
    await actionsTour(context, 'en');
    const host = context.canvasElement.querySelector('openai-chatkit')!;
    await expect(host.scrollWidth).toBeLessThanOrEqual(host.clientWidth);
    const log = host.querySelector('.ck-thread')!;
    await expect(log.scrollWidth).toBeLessThanOrEqual(log.clientWidth);
  },
};

/** The same in Urdu, right to left, every label and note in Urdu. */
export const AllActionsUrdu: Story = {
  args: URDU_ARGS,
  async play(context) {
    const host = context.canvasElement.querySelector('openai-chatkit')!;
    await expect(host).toHaveAttribute('dir', 'rtl');
    await actionsTour(context, 'ur');
  },
};

/** Without `threadItemActions.feedback`, answers offer Copy only, as on OpenAI's element. */
export const CopyOnlyWithoutFeedbackOption: Story = {
  args: { threadItemActions: undefined, disclaimer: undefined },
  async play({ canvasElement, args }) {
    const s = stringsFor('en');
    const ui = surface(canvasElement, s);
    await waitFor(() => expect(args.onReady).toHaveBeenCalled());
    await ask(ui, 'Show me a ROS 2 publisher');
    const { actions } = await finishedAnswer(ui, s, 1);
    await expect(actions.getByRole('button', { name: s.copyAnswer })).toBeVisible();
    await expect(actions.queryByRole('button', { name: s.feedbackPositive })).toBeNull();
    await expect(ui.el.querySelector('.ck-disclaimer')).not.toBeVisible();
  },
};

/** The clipboard refuses (a browser setting): a friendly note, and the answer is still there. */
export const CopyRefused: Story = {
  async play({ canvasElement, args }) {
    const s = stringsFor('en');
    const ui = surface(canvasElement, s);
    await waitFor(() => expect(args.onReady).toHaveBeenCalled());
    spyOn(navigator.clipboard, 'writeText').mockRejectedValue(
      new DOMException('Write permission denied.', 'NotAllowedError'),
    );
    await ask(ui, 'Show me a ROS 2 publisher');
    const { answer, actions } = await finishedAnswer(ui, s, 1);
    await userEvent.click(actions.getByRole('button', { name: s.copyAnswer }));
    await expect(actions.getByText(s.copyFailed)).toBeVisible();
    await expect(ui.status()).toBe(s.copyFailed);
    await expect(within(answer).getByRole('heading', { name: /Publishing/ })).toBeVisible();
    await expect(actions.queryByText(s.copied)).toBeNull();
  },
};

/** The backend cannot store feedback once: the choice stays pressed, a note says so, Send again. */
export const FeedbackFails: Story = {
  beforeEach({ msw }) {
    msw.use(...scenarios.feedbackFails(1));
  },
  async play({ canvasElement, args }) {
    const s = stringsFor('en');
    const ui = surface(canvasElement, s);
    await waitFor(() => expect(args.onReady).toHaveBeenCalled());
    await ask(ui, 'Show me a ROS 2 publisher');
    const { actions } = await finishedAnswer(ui, s, 1);
    const threadId = threadIdOf(args);
    const down = actions.getByRole('button', { name: s.feedbackNegative });
    await userEvent.click(down);
    await expect(await actions.findByText(s.feedbackFailed)).toBeVisible();
    await expect(down).toHaveAttribute('aria-pressed', 'true');
    await expect(getFeedback(threadId).size).toBe(0);
    // A failed feedback is the thread's business, not the widget's error panel.
    await expect(args.onError).not.toHaveBeenCalled();

    await userEvent.click(actions.getByRole('button', { name: s.feedbackRetry }));
    await waitFor(() => expect([...getFeedback(threadId).values()]).toEqual(['negative']));
    await waitFor(() => expect(actions.queryByText(s.feedbackFailed)).toBeNull());
    await expect(actions.queryByRole('button', { name: s.feedbackRetry })).toBeNull();
    await expect(down).toHaveAttribute('aria-pressed', 'true');
  },
};

/** A code block as "Ask about this code" quotes it: its lines and indentation, left to right. */
const CODE = `import rclpy
from rclpy.node import Node
from std_msgs.msg import String


class Heartbeat(Node):
    def __init__(self):
        super().__init__('heartbeat')
        self.publisher = self.create_publisher(String, 'heartbeat', 10)
        self.timer = self.create_timer(0.5, self.tick)

    def tick(self):
        self.publisher.publish(String(data='alive'))`;

/**
 * A quoted code block above the composer: its lines kept, in a box of about eight lines that
 * scrolls (a stop for the keyboard), and then in the question's bubble.
 */
async function codeQuote({ canvasElement, args }: Ctx, locale: 'en' | 'ur') {
  const s = stringsFor(locale);
  const ui = surface(canvasElement, s);
  await waitFor(() => expect(args.onReady).toHaveBeenCalled());
  await ui.el.setComposerValue({ reply: CODE });
  const block = ui.el.querySelector<HTMLElement>('form blockquote')!;
  await expect(block).toHaveTextContent('class Heartbeat(Node):');
  await expect(block.scrollHeight).toBeGreaterThan(block.clientHeight); // bounded, scrolls
  await expect(getComputedStyle(block.lastElementChild!).direction).toBe('ltr');
  await expect(ui.composer()).toHaveValue('');
  ui.composer().focus();
  await userEvent.tab({ shift: true });
  await userEvent.tab({ shift: true });
  await expect(block).toHaveFocus();
  await ask(ui, locale === 'ur' ? 'یہ کوڈ کیا کرتا ہے؟' : 'What does this code do?');
  await finishedAnswer(ui, s, 1);
  const stored = getThread(threadIdOf(args))!.items[0]!;
  await expect(stored).toHaveProperty('quoted_text', CODE);
  // Shown again above the next question, for the picture.
  await ui.el.setComposerValue({ reply: CODE });
}

export const CodeQuote: Story = {
  parameters: visual({ also: ['phone320'] }),
  play: (context) => codeQuote(context, 'en'),
};

/** The same on an Urdu page: the code stays left to right in a right-to-left panel. */
export const CodeQuoteUrdu: Story = {
  args: URDU_ARGS,
  play: (context) => codeQuote(context, 'ur'),
};

/** The reader removes the quote before sending: the question goes without `quoted_text`. */
export const QuoteRemovedBeforeSending: Story = {
  async play({ canvasElement, args }) {
    const s = stringsFor('en');
    const ui = surface(canvasElement, s);
    await waitFor(() => expect(args.onReady).toHaveBeenCalled());
    await ui.el.setComposerValue({ text: 'What does this mean?', reply: PASSAGE });
    await userEvent.click(ui.canvas.getByRole('button', { name: s.removeQuote }));
    await expect(ui.canvas.queryByText(PASSAGE)).toBeNull();
    await expect(ui.composer()).toHaveFocus();
    await expect(ui.composer()).toHaveValue('What does this mean?');
    await userEvent.keyboard('{Enter}');
    await finishedAnswer(ui, s, 1);
    const stored = getThread(threadIdOf(args))!.items[0]!;
    await expect(stored.type).toBe('user_message');
    await expect(stored).not.toHaveProperty('quoted_text');
    await expect(ui.log().querySelector('blockquote')).toBeNull();
  },
};

let quotedThreadId = '';

/** A reader comes back to a conversation: the passage they quoted shows with their question. */
export const QuoteRestored: Story = {
  async beforeEach() {
    setMockOptions({ deltaDelayMs: 0 });
    quotedThreadId = await seedConversation([{ text: 'What does this mean?', quote: PASSAGE }]);
    setMockOptions({ deltaDelayMs: FAST_MS });
  },
  render: (args) => <LocalChatKitHarness {...args} initialThread={quotedThreadId} />,
  async play({ canvasElement, args }) {
    const s = stringsFor('en');
    const ui = surface(canvasElement, s);
    await waitFor(() => expect(args.onThreadLoadEnd).toHaveBeenCalled());
    const bubble = ui.thread().getByText('What does this mean?').closest('.ck-message--user')!;
    await expect(within(bubble as HTMLElement).getByText(PASSAGE)).toBeVisible();
    await expect(bubble.querySelector('blockquote')).toBeInTheDocument();
  },
};

/**
 * Stop, then the conversation is loaded again (as after a reload): the backend kept the partial
 * answer, so its text is back; the next question works.
 */
export const StoppedAnswerRestored: Story = {
  async play({ canvasElement, args, step }) {
    const s = stringsFor('en');
    const ui = surface(canvasElement, s);
    await waitFor(() => expect(args.onReady).toHaveBeenCalled());
    let shown = '';
    await step('stop mid-answer', async () => {
      setMockOptions({ deltaDelayMs: SLOW_MS });
      await ask(ui, 'Show me a ROS 2 publisher');
      const stop = await ui.canvas.findByRole('button', { name: s.stop }, ANSWER);
      await waitFor(
        () => expect(ui.answers()[0]?.textContent?.length ?? 0).toBeGreaterThan(80),
        ANSWER,
      );
      await userEvent.click(stop);
      await expect(await ui.thread().findByText(s.stopped)).toBeVisible();
      shown = ui.answers()[0]!.querySelector('.ck-message-body')!.textContent!.trim();
    });
    await step('loaded again, the partial answer is there', async () => {
      const threadId = threadIdOf(args);
      await waitFor(() =>
        expect(getThread(threadId)!.items.map((item) => item.type)).toEqual([
          'user_message',
          'assistant_message',
        ]),
      );
      setMockOptions({ deltaDelayMs: FAST_MS });
      await ui.el.setThreadId(threadId);
      await waitFor(() => expect(ui.answers()).toHaveLength(1));
      const restored = ui.answers()[0]!.querySelector('.ck-message-body')!.textContent!.trim();
      await expect(restored.slice(0, 60)).toBe(shown.slice(0, 60));
      await expect(restored).not.toMatch(/topic echo/);
      await expect(ui.thread().queryByText(/didn't finish/)).toBeNull();
    });
    await step('the next question works', async () => {
      await ask(ui, 'Thanks, one more question');
      await finishedAnswer(ui, s, 2);
    });
  },
};

let cutShortThreadId = '';

/**
 * Leaves a conversation as a reload in the middle of its answer leaves it: the backend keeps the
 * words that streamed (as `handle_stream_cancelled` does) and the tab remembers how it ended.
 */
async function seedCutShort(question: string, how: CutShort): Promise<string> {
  setMockOptions({ deltaDelayMs: 0 });
  const threadId = await seedConversation([question]);
  setMockOptions({ deltaDelayMs: FAST_MS });
  const answer = getThread(threadId)!.items[1]!;
  if (answer.type !== 'assistant_message' || !answer.content?.[0]) throw new Error('No answer');
  answer.content[0].text = answer.content[0].text.slice(0, 140);
  rememberCutShort(threadId, answer.id, how);
  return threadId;
}

/**
 * An answer cut short comes back marked (how it ended, no thumbs), with Regenerate; `regenerate`:
 * pressing it asks for the answer again and replaces the partial one, once, the mark going with it.
 */
async function cutShortTour(
  { canvasElement, args }: Ctx,
  locale: 'en' | 'ur',
  note: string,
  regenerate = false,
) {
  const s = stringsFor(locale);
  const ui = surface(canvasElement, s);
  await waitFor(() => expect(args.onThreadLoadEnd).toHaveBeenCalled());
  await expect(await ui.thread().findByText(note)).toBeVisible();
  const partial = ui.answers()[0]!;
  await expect(within(partial).queryByRole('button', { name: s.feedbackPositive })).toBeNull();
  await expect(within(partial).getByRole('button', { name: s.copyAnswer })).toBeVisible();
  const button = await ui.thread().findByRole('button', { name: s.regenerate });
  await expect(button).toBeVisible();
  if (!regenerate) return;

  await userEvent.click(button);
  const { answer } = await finishedAnswer(ui, s, 1);
  await expect(ui.thread().queryByText(note)).toBeNull();
  await expect(answer.querySelector('.ck-message-body')!.textContent!.length).toBeGreaterThan(140);
  await expect(getThread(cutShortThreadId)!.items.map((item) => item.type)).toEqual([
    'user_message',
    'assistant_message',
  ]);
}

/** Restored after a reload in the middle of the answer: "Cut off when the page reloaded". */
export const CutOffByReloadRestored: Story = {
  async beforeEach() {
    cutShortThreadId = await seedCutShort('Show me a ROS 2 publisher', 'reloaded');
  },
  render: (args) => <LocalChatKitHarness {...args} initialThread={cutShortThreadId} />,
  play: (context) => cutShortTour(context, 'en', stringsFor('en').cutOffReload),
};

/** Regenerate on that answer: the whole answer replaces the partial one, and the mark goes. */
export const RegenerateCutShortAnswer: Story = {
  async beforeEach() {
    cutShortThreadId = await seedCutShort('Show me a ROS 2 publisher', 'stopped');
  },
  render: (args) => <LocalChatKitHarness {...args} initialThread={cutShortThreadId} />,
  play: (context) => cutShortTour(context, 'en', stringsFor('en').stopped, true),
};

/** The same in Urdu, right to left; here the connection had dropped. */
export const ConnectionDroppedRestoredUrdu: Story = {
  args: URDU_ARGS,
  async beforeEach() {
    cutShortThreadId = await seedCutShort('Show me a ROS 2 publisher', 'dropped');
  },
  render: (args) => <LocalChatKitHarness {...args} initialThread={cutShortThreadId} />,
  play: (context) => cutShortTour(context, 'ur', stringsFor('ur').connectionDropped),
};

/** "Not helpful" asks what was wrong: reasons to pick and an optional note (left open here). */
export const NotHelpfulAsksWhy: Story = {
  async play({ canvasElement, args }) {
    const s = stringsFor('en');
    const ui = surface(canvasElement, s);
    await waitFor(() => expect(args.onReady).toHaveBeenCalled());
    await ask(ui, 'Show me a ROS 2 publisher');
    const { actions } = await finishedAnswer(ui, s, 1);
    await userEvent.click(actions.getByRole('button', { name: s.feedbackNegative }));
    const why = await ui.thread().findByRole('group', { name: s.feedbackReason.question });
    await userEvent.click(
      within(why).getByRole('button', { name: s.feedbackReason.reasons.outdated }),
    );
    await expect(
      within(why).getByRole('button', { name: s.feedbackReason.reasons.outdated }),
    ).toHaveAttribute('aria-pressed', 'true');
    await expect(within(why).getByRole('textbox', { name: s.feedbackReason.note })).toBeVisible();
  },
};
