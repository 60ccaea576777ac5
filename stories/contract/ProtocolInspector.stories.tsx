import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, within } from 'storybook/test';
import { scenarios } from '../../mocks/scenarios';
import { setMockOptions } from '../../mocks/state';
import { ProtocolInspector } from './ProtocolInspector';

/** An answer has about a hundred deltas; generous, because CI machines are sometimes slow. */
const STREAM = { timeout: 12_000 };

async function ask(canvasElement: HTMLElement, question: string) {
  const canvas = within(canvasElement);
  const field = canvas.getByRole('textbox', { name: 'Question' });
  await userEvent.clear(field);
  await userEvent.type(field, question);
  await userEvent.click(canvas.getByRole('button', { name: 'Send' }));
  return {
    canvas,
    events: () => within(canvas.getByRole('list', { name: 'Stream events' })),
  };
}

const meta = {
  title: 'Contract/ProtocolInspector',
  component: ProtocolInspector,
  parameters: {
    docs: {
      description: {
        component:
          'Shows the backend contract at work: the session request, then every SSE event of a ' +
          '`threads.create` answer as it arrives, the assembled answer and its sources. Switch a ' +
          'scenario in a story with `msw.use(...scenarios.name())`.',
      },
    },
  },
  beforeEach() {
    // Still visibly streamed, but a whole answer takes half a second instead of more than one.
    setMockOptions({ deltaDelayMs: 5 });
  },
} satisfies Meta<typeof ProtocolInspector>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The success path: thread.created, the user message, many text deltas, sources, done. */
export const Healthy: Story = {
  async play({ canvasElement }) {
    const { canvas, events } = await ask(canvasElement, 'What is a ROS 2 topic?');
    await expect(await events().findByText('thread.created')).toBeVisible();
    // A text query while waiting: role queries on every DOM mutation would slow the stream down.
    await canvas.findByText('Done: the answer is complete.', {}, STREAM);
    await expect(canvas.getByRole('status')).toHaveTextContent('Done: the answer is complete.');
    expect(events().getAllByText('text_delta').length).toBeGreaterThan(10);
    expect(events().getAllByText('thread.item.done')).toHaveLength(2);
    expect(events().getByText('content_part.done')).toBeVisible();
    await expect(canvas.getByText(/Topics are named, typed channels/)).toBeVisible();
    await expect(canvas.getByRole('link', { name: 'Nodes, Topics and Services' })).toHaveAttribute(
      'href',
      '/docs/ros2/nodes-topics-services',
    );
    const requests = within(canvas.getByRole('list', { name: 'HTTP requests' }));
    await expect(requests.getByText('POST /api/chatkit/session')).toBeVisible();
    await expect(requests.getByText('text/event-stream')).toBeVisible();
  },
};

/** After three deltas the server sends an `error` stream event that allows a retry. */
export const StreamError: Story = {
  beforeEach({ msw }) {
    msw.use(...scenarios.streamError());
  },
  async play({ canvasElement }) {
    const { canvas, events } = await ask(canvasElement, 'What is Gazebo?');
    const error = await events().findByText('error', {}, STREAM);
    // The reference's StreamError writes no message: nothing technical reaches a reader.
    await expect(error.closest('li')).toHaveTextContent(
      /^error stream\.error \(allow_retry: true\)$/,
    );
    expect(events().getAllByText('text_delta')).toHaveLength(3);
    expect(events().getAllByText('thread.item.done')).toHaveLength(1);
    // The phase turns to Failed when the body ends, a moment after the error row.
    await canvas.findByText('Failed: see the details below.', {}, STREAM);
    await expect(canvas.getByRole('status')).toHaveTextContent('Failed');
    await expect(
      canvas.getByText('The stream reported stream.error; a retry is allowed.'),
    ).toBeVisible();
  },
};

/** The session endpoint answers 500: the inspector shows the error envelope as it came. */
export const Session500: Story = {
  beforeEach({ msw }) {
    msw.use(...scenarios.session500());
  },
  async play({ canvasElement }) {
    const { canvas, events } = await ask(canvasElement, 'What is Isaac Sim?');
    const heading = await canvas.findByRole(
      'heading',
      { name: 'Error response: POST /api/chatkit/session → 500' },
      STREAM,
    );
    await expect(heading).toBeVisible();
    await expect(canvas.getByText(/"type": "SessionCreationError"/)).toBeVisible();
    await expect(canvas.getByRole('status')).toHaveTextContent('Failed');
    expect(events().queryAllByRole('listitem')).toHaveLength(0);
  },
};

/**
 * After the answer: thumbs up, then down. Each sends `items.feedback` (thread, the answer's item id,
 * the kind); the server answers `{}` and the mock backend records the latest choice.
 */
export const Feedback: Story = {
  async play({ canvasElement, step }) {
    const { canvas } = await ask(canvasElement, 'What is a ROS 2 topic?');
    await canvas.findByText('Done: the answer is complete.', {}, STREAM);
    const section = within(canvas.getByRole('region', { name: 'Feedback' }));

    await step('positive', async () => {
      await userEvent.click(section.getByRole('button', { name: 'Send positive feedback' }));
      const response = await section.findByRole('heading', { name: 'Response: 200' });
      await expect(response.nextElementSibling).toHaveTextContent(/^\{\}$/);
      const request = section.getByRole('heading', { name: 'Request: POST /chatkit' });
      const body = JSON.parse(request.nextElementSibling!.textContent!) as {
        type: string;
        params: { thread_id: string; item_ids: string[]; kind: string };
      };
      await expect(body.type).toBe('items.feedback');
      await expect(body.params.thread_id).toMatch(/^thr_[0-9a-f]{8}$/);
      await expect(body.params.item_ids).toEqual([expect.stringMatching(/^msg_[0-9a-f]{48}$/)]);
      await expect(body.params.kind).toBe('positive');
      await expect(section.getByText('positive', { selector: 'strong' })).toBeVisible();
    });

    await step('changed to negative', async () => {
      await userEvent.click(section.getByRole('button', { name: 'Send negative feedback' }));
      await expect(await section.findByText('negative', { selector: 'strong' })).toBeVisible();
      await expect(section.getByText(/"kind": "negative"/)).toBeVisible();
    });
  },
};
