import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, spyOn, userEvent, waitFor, within } from 'storybook/test';
import { scenarios } from '../../mocks/scenarios';
import { setMockOptions } from '../../mocks/state';
import { ChatKitStreamError } from '../../src/chatkit-local';
import { healBackend } from '../support/widgetConfig';
import { LocalChatKitHarness, spiedHandlers } from './LocalChatKitHarness';
import { seedConversation } from './seed';

/** Streams are fast (5 ms between deltas), but a 12 000-character answer still needs a moment. */
const ANSWER = { timeout: 10_000 };

function surface(canvasElement: HTMLElement) {
  const canvas = within(canvasElement);
  return {
    canvas,
    composer: () => canvas.getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement,
    send: () => canvas.getByRole('button', { name: 'Send message' }) as HTMLButtonElement,
    log: () => canvas.getByRole('log', { name: 'Conversation' }),
    thread: () => within(canvas.getByRole('log', { name: 'Conversation' })),
  };
}

type Surface = ReturnType<typeof surface>;

async function ask(ui: Surface, question: string) {
  await userEvent.type(ui.composer(), question);
  await userEvent.keyboard('{Enter}');
}

/** The answer is complete once its Sources list is there and the log is no longer busy. */
async function answerCiting(ui: Surface, title: string) {
  const link = await ui.thread().findByRole('link', { name: title }, ANSWER);
  await waitFor(() => expect(ui.log()).toHaveAttribute('aria-busy', 'false'), ANSWER);
  return link;
}

const meta = {
  title: 'ChatKitLocal/LocalChatKit',
  component: LocalChatKitHarness,
  args: {
    ...spiedHandlers(),
  },
  parameters: { layout: 'centered' },
  beforeEach() {
    setMockOptions({ deltaDelayMs: 5 });
  },
} satisfies Meta<typeof LocalChatKitHarness>;

export default meta;
type Story = StoryObj<typeof meta>;

/** A new conversation: greeting, starter prompts and an empty, labelled composer. */
export const EmptyStartScreen: Story = {
  async play({ canvasElement, args }) {
    const ui = surface(canvasElement);
    await waitFor(() => expect(args.onReady).toHaveBeenCalledTimes(1));
    await expect(ui.canvas.getByRole('heading', { name: 'Textbook assistant' })).toBeVisible();
    await expect(ui.canvas.getByText('Ask me about the textbook')).toBeVisible();
    await expect(ui.canvas.getByRole('button', { name: 'What is ROS 2?' })).toBeVisible();
    await expect(ui.canvas.getByRole('button', { name: 'Explain digital twins' })).toBeVisible();
    await expect(ui.composer()).toHaveAttribute('placeholder', 'Ask a question about the book');
    await expect(ui.send()).toBeDisabled();
    await expect(ui.log().children).toHaveLength(0);
    await expect(args.onError).not.toHaveBeenCalled();
  },
};

/** A starter prompt, then a typed follow-up: each answer streams in and ends with its sources. */
export const StreamedConversation: Story = {
  async play({ canvasElement, args, step }) {
    const ui = surface(canvasElement);
    await waitFor(() => expect(args.onReady).toHaveBeenCalled());

    await step('a starter prompt sends its question', async () => {
      await userEvent.click(ui.canvas.getByRole('button', { name: 'What is ROS 2?' }));
      await expect(ui.log()).toHaveAttribute('aria-busy', 'true');
      await expect(ui.send()).toBeDisabled();
      await expect(
        await ui.thread().findByText('What is ROS 2 and why is it called middleware?'),
      ).toBeVisible();
      await expect(
        await ui.thread().findByText(/Robot Operating System 2/, {}, ANSWER),
      ).toBeVisible();
      await answerCiting(ui, 'ROS 2: The Robotic Nervous System');
      await expect(ui.canvas.queryByRole('button', { name: 'What is ROS 2?' })).toBeNull();
    });

    await step('a typed follow-up: the composer stays editable while it streams', async () => {
      await ask(ui, 'How do topics and services differ?');
      await expect(ui.composer()).toBeEnabled();
      await expect(
        await ui.thread().findByText('How do topics and services differ?'),
      ).toBeVisible();
      await answerCiting(ui, 'Nodes, Topics and Services');
      await expect(ui.thread().getByText(/single-purpose process/)).toBeVisible();
      await expect(ui.thread().getAllByText(/^You said:/)).toHaveLength(2);
      await expect(ui.thread().getAllByText(/^Assistant said:/)).toHaveLength(2);
      await expect(ui.composer()).toHaveValue('');
    });
    await expect(args.onResponseEnd).toHaveBeenCalledTimes(2);
  },
};

let seededThreadId = '';

/** A reader comes back: `initialThread` loads the earlier conversation with threads.get_by_id. */
export const RestoredThread: Story = {
  async beforeEach() {
    setMockOptions({ deltaDelayMs: 0 });
    seededThreadId = await seedConversation(['What is URDF?', 'How does Gazebo simulate a robot?']);
    setMockOptions({ deltaDelayMs: 5 });
  },
  render: (args) => <LocalChatKitHarness {...args} initialThread={seededThreadId} />,
  async play({ canvasElement, args }) {
    const ui = surface(canvasElement);
    await waitFor(() => expect(args.onReady).toHaveBeenCalled());
    await expect(args.onThreadLoadStart).toHaveBeenCalledWith({ threadId: seededThreadId });
    await expect(args.onThreadLoadEnd).toHaveBeenCalledWith({ threadId: seededThreadId });
    await expect(ui.thread().getByText('What is URDF?')).toBeVisible();
    await expect(ui.thread().getByText(/Unified Robot Description Format/)).toBeVisible();
    await expect(ui.thread().getByText('How does Gazebo simulate a robot?')).toBeVisible();
    await expect(
      ui.thread().getByRole('link', { name: 'Simulating Robots in Gazebo' }),
    ).toBeVisible();
    await expect(ui.canvas.queryByText('Ask me about the textbook')).not.toBeVisible();
    await expect(args.onError).not.toHaveBeenCalled();

    await ask(ui, 'And what are Unity sensors for?');
    await answerCiting(ui, 'Unity and Simulated Sensors');
    await expect(args.onThreadChange).not.toHaveBeenCalled();
  },
};

/** An answer with two textbook sources: links to the book open in the same tab. */
export const Citations: Story = {
  async play({ canvasElement, args }) {
    const ui = surface(canvasElement);
    await waitFor(() => expect(args.onReady).toHaveBeenCalled());
    await ask(ui, 'What is a digital twin in Gazebo?');
    const gazebo = await answerCiting(ui, 'Simulating Robots in Gazebo');
    const sources = ui.thread().getByRole('list', { name: 'Sources' });
    const links = within(sources).getAllByRole('link');
    await expect(links.map((link) => link.textContent)).toEqual([
      'Simulating Robots in Gazebo',
      'Digital Twins and Simulation',
    ]);
    await expect(gazebo).toHaveAttribute('href', '/docs/digital-twins/gazebo');
    await expect(gazebo).not.toHaveAttribute('target');
    await expect(gazebo).toHaveAttribute('rel', 'noopener noreferrer');
  },
};

/** Markdown is rendered once the answer is complete: heading, list, inline and block code. */
export const MarkdownAnswer: Story = {
  beforeEach({ msw }) {
    msw.use(...scenarios.markdownAnswer());
  },
  async play({ canvasElement, args }) {
    const ui = surface(canvasElement);
    await waitFor(() => expect(args.onReady).toHaveBeenCalled());
    await ask(ui, 'Show me a ROS 2 publisher');
    await answerCiting(ui, 'Nodes, Topics and Services');
    const thread = ui.thread();
    await expect(
      thread.getByRole('heading', { level: 3, name: 'Publishing on a ROS 2 topic' }),
    ).toBeVisible();
    const list = thread.getAllByRole('list').find((l) => l.textContent?.includes('publisher'));
    await expect(within(list!).getAllByRole('listitem')).toHaveLength(3);
    await expect(thread.getByText('chatter', { selector: 'code' })).toBeVisible();
    const block = canvasElement.querySelector('pre code');
    await expect(block?.textContent).toContain('class Talker(Node):');
    await expect(thread.queryByText(/```/)).toBeNull();
  },
};

/** The stream fails midway: a short message and Retry, which answers without resending. */
export const StreamErrorWithRetry: Story = {
  beforeEach({ msw }) {
    msw.use(...scenarios.streamError({ allowRetry: true }));
  },
  async play({ canvasElement, args, step, context }) {
    const ui = surface(canvasElement);
    await waitFor(() => expect(args.onReady).toHaveBeenCalled());

    await step('the answer breaks off', async () => {
      await ask(ui, 'What is Isaac Sim?');
      await expect(
        await ui.thread().findByText('Something went wrong while answering.', {}, ANSWER),
      ).toBeVisible();
      await waitFor(() => expect(args.onResponseEnd).toHaveBeenCalledTimes(1));
      await expect(args.onError).toHaveBeenCalledWith({ error: expect.any(ChatKitStreamError) });
      // The server's own wording never reaches the reader.
      await expect(ui.thread().queryByText(/stopped unexpectedly/i)).toBeNull();
    });

    await step('Retry answers the same question', async () => {
      healBackend(context.msw);
      await userEvent.click(ui.thread().getByRole('button', { name: 'Retry' }));
      await answerCiting(ui, 'Isaac Sim and Synthetic Data');
      await expect(ui.thread().queryByText('Something went wrong while answering.')).toBeNull();
      await expect(ui.thread().queryByRole('button', { name: 'Retry' })).toBeNull();
      await expect(ui.thread().getAllByText(/^You said:/)).toHaveLength(1);
      await expect(ui.thread().getAllByText(/^Assistant said:/)).toHaveLength(1);
    });
  },
};

/**
 * A reasoning model (an Agents-SDK backend): "Thinking…" while its thoughts stream, then a collapsed
 * "Thought for 4s" that opens to the thoughts, above the answer.
 */
export const ReasoningModel: Story = {
  beforeEach({ msw }) {
    msw.use(...scenarios.reasoningAnswer({ thoughts: 2, seconds: 4 }));
  },
  async play({ canvasElement, args, step }) {
    const ui = surface(canvasElement);
    await waitFor(() => expect(args.onReady).toHaveBeenCalled());
    await step('the thoughts stream, then fold away', async () => {
      await ask(ui, 'What is Isaac Sim?');
      const summary = await ui.thread().findByRole('button', { name: /Thought for 4s/ }, ANSWER);
      await expect(summary).toHaveAttribute('aria-expanded', 'false');
      await answerCiting(ui, 'Isaac Sim and Synthetic Data');
    });
    await step('the reader opens the thoughts', async () => {
      const summary = ui.thread().getByRole('button', { name: /Thought for 4s/ });
      await userEvent.click(summary);
      await expect(summary).toHaveAttribute('aria-expanded', 'true');
      await expect(ui.thread().getByText(/The reader asks/)).toBeVisible();
      await expect(ui.thread().getByText(/link the page to read next/)).toBeVisible();
    });
    await expect(args.onError).not.toHaveBeenCalled();
  },
};

/** Sources of every kind a backend cites: textbook pages as links, a file and an entity by title. */
export const AllSourceKinds: Story = {
  beforeEach({ msw }) {
    msw.use(...scenarios.mixedSources());
  },
  async play({ canvasElement, args }) {
    const ui = surface(canvasElement);
    await waitFor(() => expect(args.onReady).toHaveBeenCalled());
    await ask(ui, 'What is ROS 2?');
    await answerCiting(ui, 'ROS 2: The Robotic Nervous System');
    const sources = ui.thread().getByRole('list', { name: 'Sources' });
    await expect(within(sources).getByText('ROS 2 command cheat sheet (PDF)')).toBeVisible();
    await expect(within(sources).getByText('Glossary: Quality of Service')).toBeVisible();
    // Only web pages are links; a file or an entity has nowhere to go here.
    await expect(within(sources).getAllByRole('link')).toHaveLength(1);
  },
};

/** The backend's own message for the reader (a `custom` error), with no Retry when it allows none. */
export const CustomError: Story = {
  beforeEach({ msw }) {
    msw.use(
      ...scenarios.customStreamError({
        message: 'The textbook search is being re-indexed. Please ask again in a few minutes.',
      }),
    );
  },
  async play({ canvasElement, args }) {
    const ui = surface(canvasElement);
    await waitFor(() => expect(args.onReady).toHaveBeenCalled());
    await ask(ui, 'What is Nav2?');
    await expect(await ui.thread().findByText(/being re-indexed/, {}, ANSWER)).toBeVisible();
    await waitFor(() => expect(ui.log()).toHaveAttribute('aria-busy', 'false'));
    await expect(ui.thread().queryByRole('button', { name: 'Retry' })).toBeNull();
  },
};

/** A 12 000-character answer: the log scrolls and follows the end while the reader stays there. */
export const LongAnswer: Story = {
  beforeEach({ msw }) {
    msw.use(...scenarios.longAnswer());
  },
  async play({ canvasElement, args }) {
    const ui = surface(canvasElement);
    await waitFor(() => expect(args.onReady).toHaveBeenCalled());
    await ask(ui, 'Tell me everything');
    await answerCiting(ui, 'Isaac ROS and Navigation (Nav2)');
    const log = ui.log();
    await expect(ui.thread().getByText(/^Part 1\./)).toBeInTheDocument();
    await expect(log.scrollHeight).toBeGreaterThan(log.clientHeight);
    await waitFor(() =>
      expect(log.scrollHeight - log.scrollTop - log.clientHeight).toBeLessThan(4),
    );
    await expect(log).toHaveAttribute('tabindex', '0');
  },
};

/** Model output with script, an img with onerror and a javascript: link: shown as text, never run. */
export const HtmlInjection: Story = {
  beforeEach({ msw }) {
    msw.use(...scenarios.htmlInjectionAnswer());
  },
  async play({ canvasElement, args }) {
    const alert = spyOn(window, 'alert').mockImplementation(() => undefined);
    const ui = surface(canvasElement);
    await waitFor(() => expect(args.onReady).toHaveBeenCalled());
    await ask(ui, 'How do topics work?');
    await answerCiting(ui, 'Nodes, Topics and Services');
    const log = ui.log();
    await expect(log.querySelector('script, img, iframe, [onerror], [onclick]')).toBeNull();
    await expect(ui.thread().getByText(/<script>alert\(1\)<\/script>/)).toBeVisible();
    await expect(ui.thread().getByText(/<img src=x onerror=/)).toBeVisible();
    await expect(ui.thread().queryByRole('link', { name: 'Read more' })).toBeNull();
    await expect(alert).not.toHaveBeenCalled();
    alert.mockRestore();
  },
};

/** Dark page and `theme.colorScheme: 'dark'`, mid-conversation. */
export const Dark: Story = {
  globals: { theme: 'dark' },
  args: { colorScheme: 'dark' },
  async play({ canvasElement, args }) {
    const ui = surface(canvasElement);
    await waitFor(() => expect(args.onReady).toHaveBeenCalled());
    const host = canvasElement.querySelector('openai-chatkit')!;
    await expect(host).toHaveAttribute('data-color-scheme', 'dark');
    await ask(ui, 'What is ROS 2 middleware?');
    await answerCiting(ui, 'ROS 2: The Robotic Nervous System');
    const panel = getComputedStyle(host.querySelector('.ck-surface')!);
    await expect(luminance(panel.backgroundColor)).toBeLessThan(0.1);
    await expect(luminance(panel.color)).toBeGreaterThan(0.6);
  },
};

/** A 320 px phone: the panel fits the width, nothing scrolls sideways, the composer stays usable. */
export const Mobile320: Story = {
  globals: { viewport: { value: 'phone320' } },
  async play({ canvasElement, args }) {
    const ui = surface(canvasElement);
    await waitFor(() => expect(args.onReady).toHaveBeenCalled());
    await ask(ui, 'What is a digital twin in Gazebo?');
    await answerCiting(ui, 'Simulating Robots in Gazebo');
    const host = canvasElement.querySelector('openai-chatkit')!;
    await expect(host.scrollWidth).toBeLessThanOrEqual(host.clientWidth);
    await expect(ui.log().scrollWidth).toBeLessThanOrEqual(ui.log().clientWidth);
    await expect(ui.composer()).toBeVisible();
    await expect(ui.canvas.getByRole('button', { name: 'Send message' })).toBeVisible();
  },
};

/** Urdu UI strings, right to left. */
export const Urdu: Story = {
  args: {
    locale: 'ur',
    greeting: 'کتاب کے بارے میں پوچھیں',
    placeholder: 'اپنا سوال لکھیں',
    headerTitle: 'اسسٹنٹ',
    prompts: [{ label: 'ROS 2 کیا ہے؟', prompt: 'What is ROS 2 middleware?' }],
  },
  async play({ canvasElement, args }) {
    const canvas = within(canvasElement);
    await waitFor(() => expect(args.onReady).toHaveBeenCalled());
    const host = canvasElement.querySelector('openai-chatkit')!;
    await expect(host).toHaveAttribute('lang', 'ur');
    await expect(host).toHaveAttribute('dir', 'rtl');
    await expect(canvas.getByRole('textbox', { name: 'پیغام' })).toBeVisible();
    await userEvent.click(canvas.getByRole('button', { name: 'ROS 2 کیا ہے؟' }));
    await expect(
      await canvas.findByRole('link', { name: 'ROS 2: The Robotic Nervous System' }, ANSWER),
    ).toBeVisible();
    await expect(canvas.getByRole('list', { name: 'ماخذ' })).toBeVisible();
  },
};

/** The React binding's handlers fire with ChatKit's documented shapes. */
export const ReactEvents: Story = {
  async play({ canvasElement, args, step, context }) {
    const ui = surface(canvasElement);
    await step('onReady fires once', async () => {
      await waitFor(() => expect(args.onReady).toHaveBeenCalledTimes(1));
    });

    await step(
      'an answer: onResponseStart, onThreadChange({threadId}), onResponseEnd',
      async () => {
        await ask(ui, 'What is ROS 2 middleware?');
        await answerCiting(ui, 'ROS 2: The Robotic Nervous System');
        await waitFor(() => expect(args.onResponseEnd).toHaveBeenCalledTimes(1));
        await expect(args.onResponseStart).toHaveBeenCalledTimes(1);
        await expect(args.onThreadChange).toHaveBeenCalledTimes(1);
        await expect(args.onThreadChange).toHaveBeenCalledWith({
          threadId: expect.stringMatching(/^thr_/),
        });
        const [start] = mockOf(args.onResponseStart).invocationCallOrder;
        const [change] = mockOf(args.onThreadChange).invocationCallOrder;
        const [end] = mockOf(args.onResponseEnd).invocationCallOrder;
        await expect(start).toBeLessThan(change!);
        await expect(change).toBeLessThan(end!);
        await expect(args.onError).not.toHaveBeenCalled();
      },
    );

    await step('a failed answer: onError({error}) and onResponseEnd still fires', async () => {
      context.msw.use(...scenarios.streamError({ allowRetry: true }));
      await ask(ui, 'What is Isaac Sim?');
      await waitFor(() => expect(args.onError).toHaveBeenCalledTimes(1), ANSWER);
      await expect(args.onError).toHaveBeenCalledWith({ error: expect.any(Error) });
      await waitFor(() => expect(args.onResponseEnd).toHaveBeenCalledTimes(2));
      await expect(args.onResponseStart).toHaveBeenCalledTimes(2);
    });

    await step('a new conversation: onThreadChange({threadId: null})', async () => {
      await userEvent.click(ui.canvas.getByRole('button', { name: 'New conversation' }));
      await waitFor(() => expect(args.onThreadChange).toHaveBeenLastCalledWith({ threadId: null }));
      await expect(ui.canvas.getByRole('button', { name: 'What is ROS 2?' })).toBeVisible();
    });
  },
};

/** The mock API of a `fn()` arg. */
function mockOf(handler: unknown) {
  return (handler as { mock: { invocationCallOrder: number[] } }).mock;
}

/** Relative luminance (0 black – 1 white) of a computed `rgb()` colour. */
function luminance(color: string): number {
  const [r = 0, g = 0, b = 0] = (color.match(/\d+(\.\d+)?/g) ?? []).map(Number);
  const linear = (c: number) => {
    const v = c / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}
