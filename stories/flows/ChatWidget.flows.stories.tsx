import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { scenarios } from '../../mocks/scenarios';
import { setMockOptions } from '../../mocks/state';
import { AskAboutSelection } from '../../src/components/AskAboutSelection';
import { ChatWidget, type ChatWidgetProps } from '../../src/components/ChatWidget';
import { withTextbookPage } from '../support/TextbookPage';
import { visual } from '../support/visual';
import { healBackend, storyConfig } from '../support/widgetConfig';

type Canvas = ReturnType<typeof within>;

/** Requests that reached the mocked backend during the story, by path. */
const backendRequests: string[] = [];
const sessionRequests = () => backendRequests.filter((path) => path === '/api/chatkit/session');

const ANSWER_TIMEOUT = { timeout: 8000 };

async function openChat(canvas: Canvas) {
  await userEvent.click(canvas.getByRole('button', { name: /^open chat/i }));
  return canvas.findByRole('dialog', { name: 'Textbook assistant' });
}

async function composer(canvas: Canvas) {
  return canvas.findByRole('textbox', { name: 'Message' }, ANSWER_TIMEOUT);
}

async function ask(canvas: Canvas, question: string) {
  const box = await composer(canvas);
  await userEvent.type(box, question);
  await userEvent.click(canvas.getByRole('button', { name: 'Send message' }));
}

/** The conversation (the surface's message log). */
function conversation(canvas: Canvas) {
  return within(canvas.getByRole('log', { name: 'Conversation' }));
}

/** Waits for the answer's citation: the answer has finished streaming. */
async function answerCiting(canvas: Canvas, title: RegExp) {
  return canvas.findByRole('link', { name: title }, ANSWER_TIMEOUT);
}

const meta = {
  title: 'Flows/ChatWidget',
  component: ChatWidget,
  decorators: [withTextbookPage],
  args: { config: storyConfig, onOpenChange: fn() },
  // Journeys end where a States story begins or ends; the States stories are photographed.
  parameters: visual({ skip: 'a scripted journey through states the States stories show' }),
  beforeEach({ msw }) {
    sessionStorage.clear();
    backendRequests.length = 0;
    setMockOptions({ deltaDelayMs: 6 });
    const record = ({ request }: { request: Request }) => {
      const url = new URL(request.url);
      if (url.origin === 'http://localhost:8000') backendRequests.push(url.pathname);
    };
    msw.events.on('request:start', record);
    return () => msw.events.removeListener('request:start', record);
  },
} satisfies Meta<typeof ChatWidget>;

export default meta;
type Story = StoryObj<typeof meta>;

/** A reader on any page: the toggle, and nothing fetched. */
export const Closed: Story = {
  play: async ({ canvasElement, step }) => {
    const canvas = within(canvasElement);
    await step('the toggle is there, labelled and collapsed', async () => {
      const toggle = canvas.getByRole('button', { name: 'Open chat' });
      await expect(toggle).toHaveAttribute('aria-expanded', 'false');
      await expect(canvas.queryByRole('dialog')).toBeNull();
    });
    await step('nothing reached the backend', async () => {
      await expect(backendRequests).toEqual([]);
    });
  },
};

/** The first open creates one session and shows the start screen; re-opening creates none. */
export const FirstOpenConnects: Story = {
  beforeEach({ msw }) {
    msw.use(...scenarios.sessionSlow(400));
  },
  play: async ({ canvasElement, step, args }) => {
    const canvas = within(canvasElement);
    await step('opening shows that the chat is connecting', async () => {
      await openChat(canvas);
      await expect(
        await canvas.findByRole('status', { name: 'Connection status' }),
      ).toHaveTextContent('Connecting to the textbook assistant…');
      await expect(args.onOpenChange).toHaveBeenCalledWith(true);
    });
    await step('the start screen appears, with the composer focused', async () => {
      const box = await composer(canvas);
      await expect(canvas.getByText(/Ask me anything about Physical AI/)).toBeVisible();
      await expect(canvas.getByRole('button', { name: 'What is ROS 2?' })).toBeVisible();
      await waitFor(() => expect(box).toHaveFocus());
      await expect(sessionRequests()).toHaveLength(1);
    });
    await step('closing and re-opening is instant and creates no new session', async () => {
      await userEvent.click(canvas.getByRole('button', { name: 'Close chat', expanded: true }));
      await expect(canvas.queryByRole('dialog')).toBeNull();
      await userEvent.click(canvas.getByRole('button', { name: 'Open chat' }));
      await expect(canvas.getByRole('textbox', { name: 'Message' })).toBeVisible();
      await expect(sessionRequests()).toHaveLength(1);
    });
  },
};

/** A question streams in with a visible, announced indicator, and ends with its sources. */
export const AskAndStream: Story = {
  beforeEach() {
    setMockOptions({ deltaDelayMs: 25 });
  },
  play: async ({ canvasElement, step }) => {
    const canvas = within(canvasElement);
    await openChat(canvas);
    await step('ask about ROS 2', async () => {
      await ask(canvas, 'What is ROS 2?');
      // The question joins the conversation once the backend has accepted it.
      await expect(
        await conversation(canvas).findByText('What is ROS 2?', { exact: false }, ANSWER_TIMEOUT),
      ).toBeVisible();
    });
    let partial = '';
    await step('the indicator shows while the answer grows', async () => {
      await canvas.findByText('Assistant is answering…', undefined, ANSWER_TIMEOUT);
      const log = canvas.getByRole('log', { name: 'Conversation' });
      await waitFor(() => expect(log.textContent).toMatch(/middleware/));
      partial = log.textContent ?? '';
    });
    await step('the answer completes with a citation, and the indicator hides', async () => {
      const link = await answerCiting(canvas, /ROS 2: The Robotic Nervous System/);
      await expect(link).toHaveAttribute('href', '/docs/ros2/overview');
      await waitFor(() => expect(canvas.queryByText('Assistant is answering…')).toBeNull());
      await expect(canvas.getByRole('status', { name: 'Answer status' })).toHaveTextContent(
        'Answer ready',
      );
      const final = canvas.getByRole('log', { name: 'Conversation' }).textContent ?? '';
      await expect(final.length).toBeGreaterThan(partial.length);
    });
  },
};

/** Two session failures are retried automatically, in view, then the chat works. */
export const SessionFlakyThenRecovers: Story = {
  args: { config: { ...storyConfig, retryPolicy: { baseDelayMs: 400, jitter: 0 } } },
  beforeEach({ msw }) {
    msw.use(...scenarios.sessionFlaky(2));
  },
  play: async ({ canvasElement, step }) => {
    const canvas = within(canvasElement);
    await openChat(canvas);
    await step('the retry panel shows the attempt and a countdown', async () => {
      await expect(await canvas.findByRole('status', { name: 'Retry status' })).toHaveTextContent(
        'Retrying automatically (1 of 3)',
      );
      await expect(canvas.getByText(/Next try in \d s|Trying now/)).toBeVisible();
      await expect(canvas.getByRole('button', { name: 'Retry now' })).toBeVisible();
    });
    await step('the third attempt succeeds and the conversation works', async () => {
      await ask(canvas, 'How do digital twins help?');
      await answerCiting(canvas, /Digital Twins and Simulation/);
      await expect(sessionRequests()).toHaveLength(3);
      await expect(canvas.queryByRole('alert')).toBeNull();
    });
  },
};

/** The backend is unreachable: automatic retries run out, then a manual retry succeeds. */
export const SessionDownRetryExhausted: Story = {
  beforeEach({ msw }) {
    msw.use(...scenarios.sessionDown());
  },
  play: async ({ canvasElement, step, msw }) => {
    const canvas = within(canvasElement);
    await openChat(canvas);
    await step('after the first try and three retries, a friendly error', async () => {
      const alert = await canvas.findByRole('alert', undefined, ANSWER_TIMEOUT);
      await expect(alert).toHaveTextContent('Connection problem');
      await expect(alert).toHaveTextContent(/Can't reach the textbook assistant/);
      await expect(alert).not.toHaveTextContent(/\b\d{3}\b|TypeError|Failed to fetch/);
      await expect(sessionRequests()).toHaveLength(4);
    });
    await step('the backend comes back; "Try again" connects', async () => {
      healBackend(msw);
      await userEvent.click(canvas.getByRole('button', { name: 'Try again' }));
      await ask(canvas, 'What is Isaac Sim?');
      await answerCiting(canvas, /Isaac Sim/);
    });
  },
};

/** 429: the server's wait is honoured and shown; the reader can retry early. */
export const RateLimited: Story = {
  beforeEach({ msw }) {
    msw.use(...scenarios.rateLimited({ retryAfter: 60 }));
  },
  play: async ({ canvasElement, step, msw }) => {
    const canvas = within(canvasElement);
    await openChat(canvas);
    await step("the wait the server asked for is shown, in the reader's words", async () => {
      await canvas.findByRole('status', { name: 'Retry status' });
      await expect(canvas.getByText(/Too many questions in a short time/)).toBeVisible();
      await expect(canvas.getByText(/Next try in 6\d s/)).toBeVisible();
      await expect(sessionRequests()).toHaveLength(1);
    });
    await step('"Retry now" once the limit has passed', async () => {
      healBackend(msw);
      await userEvent.click(canvas.getByRole('button', { name: 'Retry now' }));
      await composer(canvas);
    });
  },
};

/** The token expires mid-conversation: a fresh session is fetched, and the reader sees nothing. */
export const TokenExpiresMidConversation: Story = {
  beforeEach({ msw }) {
    msw.use(...scenarios.tokenExpiresAfter(1));
  },
  play: async ({ canvasElement, step }) => {
    const canvas = within(canvasElement);
    await openChat(canvas);
    await step('the first question is answered', async () => {
      await ask(canvas, 'What is ROS 2?');
      await answerCiting(canvas, /ROS 2: The Robotic Nervous System/);
    });
    await step('the second is answered too, on a fresh session, without an error', async () => {
      await ask(canvas, 'Tell me about Gazebo');
      await answerCiting(canvas, /Simulating Robots in Gazebo/);
      await expect(sessionRequests()).toHaveLength(2);
      await expect(canvas.queryByRole('alert')).toBeNull();
    });
  },
};

/** The stream is cut midway: the surface says so in the thread, and its Retry completes it. */
export const StreamBreaksMidAnswer: Story = {
  beforeEach({ msw }) {
    msw.use(...scenarios.streamCutAfter(6));
  },
  play: async ({ canvasElement, step, msw }) => {
    const canvas = within(canvasElement);
    await openChat(canvas);
    await step('the answer stops midway and says so', async () => {
      await ask(canvas, 'What is ROS 2?');
      await canvas.findByText('The answer was interrupted.', undefined, ANSWER_TIMEOUT);
      // The widget does not pile its own error panel on top of the surface's.
      await expect(canvas.queryByText('The assistant is unavailable')).toBeNull();
    });
    await step('Retry answers again without re-sending the question', async () => {
      healBackend(msw);
      const before = backendRequests.length;
      await userEvent.click(canvas.getByRole('button', { name: 'Retry' }));
      await answerCiting(canvas, /ROS 2: The Robotic Nervous System/);
      await expect(
        conversation(canvas).getAllByText('What is ROS 2?', { exact: false }),
      ).toHaveLength(1);
      await expect(backendRequests.length).toBe(before + 1);
    });
  },
};

/** `surface: 'auto'` where OpenAI's script is blocked: the local surface takes over. */
export const ScriptBlockedFallsBack: Story = {
  args: { config: { ...storyConfig, surface: 'auto' } },
  play: async ({ canvasElement, step }) => {
    const canvas = within(canvasElement);
    await openChat(canvas);
    await step('the chat works all the same', async () => {
      await ask(canvas, 'What is VLA?');
      await answerCiting(canvas, /Vision-Language-Action/);
      await expect(canvas.queryByRole('alert')).toBeNull();
    });
  },
};

function setOnline(online: boolean) {
  Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => online });
  window.dispatchEvent(new Event(online ? 'online' : 'offline'));
}

/** Offline: retries wait for the network, then go at once when it returns. */
export const OfflineThenOnline: Story = {
  beforeEach({ msw }) {
    msw.use(...scenarios.sessionDown());
    return () => {
      // Give the page its real navigator.onLine back.
      delete (navigator as { onLine?: boolean }).onLine;
    };
  },
  play: async ({ canvasElement, step, msw }) => {
    const canvas = within(canvasElement);
    setOnline(false);
    await openChat(canvas);
    await step('the reader is told the chat waits for the network', async () => {
      await expect(await canvas.findByRole('status', { name: 'Retry status' })).toHaveTextContent(
        'Waiting for the network to retry (1 of 3)',
      );
      await expect(canvas.getByText('Paused while offline.')).toBeVisible();
      await expect(canvas.getByText(/You're offline/)).toBeVisible();
    });
    await step('back online: it retries at once and connects', async () => {
      healBackend(msw);
      setOnline(true);
      await composer(canvas);
      await expect(canvas.queryByRole('alert')).toBeNull();
    });
  },
};

/** A harness that re-mounts the widget, as a full page reload would. */
function ReloadHarness(props: ChatWidgetProps) {
  const [load, setLoad] = useState(0);
  return (
    <>
      <button type="button" onClick={() => setLoad((n) => n + 1)} style={{ margin: 16 }}>
        Simulate page reload
      </button>
      <ChatWidget key={load} {...props} />
    </>
  );
}

/** After a reload the panel re-opens by itself and the conversation is restored. */
export const ReloadRestoresThread: Story = {
  render: (args) => <ReloadHarness {...args} />,
  play: async ({ canvasElement, step }) => {
    const canvas = within(canvasElement);
    await openChat(canvas);
    await step('a conversation', async () => {
      await ask(canvas, 'What is ROS 2?');
      await answerCiting(canvas, /ROS 2: The Robotic Nervous System/);
    });
    await step('reload: the panel is open again and the conversation is back', async () => {
      await userEvent.click(canvas.getByRole('button', { name: 'Simulate page reload' }));
      await canvas.findByRole('dialog', { name: 'Textbook assistant' });
      await answerCiting(canvas, /ROS 2: The Robotic Nervous System/);
      await expect(
        conversation(canvas).getByText('What is ROS 2?', { exact: false }),
      ).toBeVisible();
    });
    await step('"New conversation" starts afresh', async () => {
      await userEvent.click(canvas.getByRole('button', { name: 'New conversation' }));
      await waitFor(() =>
        expect(conversation(canvas).queryByText('What is ROS 2?', { exact: false })).toBeNull(),
      );
      await expect(canvas.getByText(/Ask me anything about Physical AI/)).toBeVisible();
    });
  },
};

/** Open, ask, read and close with the keyboard alone. */
export const KeyboardOnly: Story = {
  play: async ({ canvasElement, step }) => {
    const canvas = within(canvasElement);
    await step('Ctrl+I opens the chat with the composer focused', async () => {
      await userEvent.keyboard('{Control>}i{/Control}');
      const box = await composer(canvas);
      await waitFor(() => expect(box).toHaveFocus());
    });
    await step('type, Enter sends, the answer arrives', async () => {
      await userEvent.keyboard('What is ROS 2?{Enter}');
      await answerCiting(canvas, /ROS 2: The Robotic Nervous System/);
    });
    await step('Escape closes and focus returns to the toggle', async () => {
      await userEvent.click(canvas.getByRole('textbox', { name: 'Message' }));
      await userEvent.keyboard('{Escape}');
      await expect(canvas.queryByRole('dialog')).toBeNull();
      await expect(canvas.getByRole('button', { name: 'Open chat' })).toHaveFocus();
    });
  },
};

/** "Ask about this": a selected passage opens the chat with it quoted above the composer, not sent. */
export const AskAboutThis: Story = {
  render: (args) => (
    <>
      <AskAboutSelection within="main" />
      <ChatWidget {...args} />
    </>
  ),
  play: async ({ canvasElement, step }) => {
    const canvas = within(canvasElement);
    await step('select a passage: "Ask about this" appears beside it', async () => {
      const passage = canvas.getByText(/^A node is one process with one job/);
      // Selected and released; again if the page had not started listening yet (the play can
      // begin before React has run the page's effects), as a reader would.
      const ask = await waitFor(() => {
        document.getSelection()?.selectAllChildren(passage);
        passage.dispatchEvent(new PointerEvent('pointerup', { bubbles: true }));
        return canvas.findByRole('button', { name: 'Ask about this' }, { timeout: 250 });
      });
      await userEvent.click(ask);
    });
    await step('the chat opens, the passage quoted above the focused composer', async () => {
      const dialog = await canvas.findByRole('dialog', { name: 'Textbook assistant' });
      const box = await composer(canvas);
      const quote = await waitFor(() => {
        const found = dialog.querySelector('blockquote');
        expect(found).toHaveTextContent(/A node is one process/);
        return found;
      });
      await expect(quote).toBeVisible();
      // The reader hears what they reply to, and types their own question.
      await expect(box).toHaveAttribute('aria-describedby', quote?.id);
      await expect((box as HTMLTextAreaElement).value).toBe('');
      await waitFor(() => expect(box).toHaveFocus());
    });
    await step('nothing was sent: the reader adds a question first', async () => {
      await expect(conversation(canvas).queryByText(/A node is one process/)).toBeNull();
      await expect(canvas.queryByRole('button', { name: 'Ask about this' })).toBeNull();
    });
  },
};

/** A 320 px phone: the panel is a full-screen sheet and the composer is reachable. */
export const Mobile320: Story = {
  globals: { viewport: { value: 'phone320', isRotated: false } },
  play: async ({ canvasElement, step }) => {
    const canvas = within(canvasElement);
    const dialog = await openChat(canvas);
    await step('the sheet fills the screen', async () => {
      const box = await composer(canvas);
      const rect = dialog.getBoundingClientRect();
      await expect(rect.width).toBe(window.innerWidth);
      await expect(rect.height).toBe(window.innerHeight);
      const composerRect = box.getBoundingClientRect();
      await expect(composerRect.bottom).toBeLessThanOrEqual(window.innerHeight);
    });
    await step('its own Close button closes it', async () => {
      await userEvent.click(canvas.getByRole('button', { name: 'Close chat' }));
      await expect(canvas.getByRole('button', { name: 'Open chat' })).toBeVisible();
    });
  },
};

/** Dark mode: the panel and the surface follow the page's theme. */
export const Dark: Story = {
  globals: { theme: 'dark' },
  play: async ({ canvasElement, step }) => {
    const canvas = within(canvasElement);
    const dialog = await openChat(canvas);
    await step('panel and surface are dark', async () => {
      await composer(canvas);
      await expect(getComputedStyle(dialog).backgroundColor).toBe('rgb(36, 37, 38)');
      const surface = canvasElement.querySelector('openai-chatkit');
      await waitFor(() => expect(surface).toHaveAttribute('data-color-scheme', 'dark'));
    });
    await step('switching the page to light recolours it live', async () => {
      document.documentElement.setAttribute('data-theme', 'light');
      const surface = canvasElement.querySelector('openai-chatkit');
      await waitFor(() => expect(surface).toHaveAttribute('data-color-scheme', 'light'));
      await expect(getComputedStyle(dialog).backgroundColor).toBe('rgb(255, 255, 255)');
      document.documentElement.setAttribute('data-theme', 'dark');
    });
  },
};
