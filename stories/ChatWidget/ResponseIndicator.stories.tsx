import type { Meta, StoryObj } from '@storybook/react-vite';
import { useEffect, useState } from 'react';
import { expect, waitFor, within } from 'storybook/test';
import {
  ResponseIndicator,
  type ResponseIndicatorProps,
} from '../../src/components/ChatWidget/ResponseIndicator';
import { editableOnly } from '../support/controls';
import { expectVisible, inPanel } from './scaffolding';

// The docs page's description is ResponseIndicator's own JSDoc. A delay is timing, not looks.
const controls = editableOnly(['delayMs']);

const meta = {
  title: 'Widget/ResponseIndicator',
  component: ResponseIndicator,
  tags: ['autodocs'],
  args: { active: false, delayMs: 0 },
  parameters: { controls, docs: { story: { height: '700px' } } },
  decorators: [inPanel(() => 'below')],
} satisfies Meta<typeof ResponseIndicator>;

export default meta;
type Story = StoryObj<typeof meta>;

const status = (canvasElement: HTMLElement) =>
  within(canvasElement).getByRole('status', { name: 'Answer status' });

/** No answer streaming: the live region waits, empty and taking no room. */
export const Idle: Story = {
  play: async ({ canvasElement }) => {
    await expect(status(canvasElement)).toBeEmptyDOMElement();
  },
};

export const Answering: Story = {
  args: { active: true },
  play: async ({ canvasElement }) => {
    await expect(status(canvasElement)).toHaveTextContent('Assistant is answering…');
    await expectVisible(within(canvasElement).getByText('Assistant is answering…'));
  },
};

/** An answer that streams for `answerMs`, then ends, as onResponseStart/onResponseEnd drive it. */
function OneAnswer({ answerMs, ...props }: ResponseIndicatorProps & { answerMs: number }) {
  const [active, setActive] = useState(true);
  useEffect(() => {
    const timer = setTimeout(() => setActive(false), answerMs);
    return () => clearTimeout(timer);
  }, [answerMs]);
  return <ResponseIndicator {...props} active={active} />;
}

/** The answer has ended: the dots go and "Answer ready" is announced (visually hidden). */
export const AnswerReady: Story = {
  render: (args) => <OneAnswer {...args} answerMs={300} />,
  play: async ({ canvasElement }) => {
    const region = status(canvasElement);
    await waitFor(() => expect(region).toHaveTextContent('Answer ready'));
    await expect(region).not.toHaveTextContent('Assistant is answering…');
  },
};

/** On an Urdu page: "the assistant is writing", then "answer ready", in Urdu. */
export const Urdu: Story = {
  globals: { locale: 'ur' },
  render: (args) => <OneAnswer {...args} answerMs={300} />,
  play: async ({ canvasElement }) => {
    const region = within(canvasElement).getByRole('status', { name: 'جواب کی صورتحال' });
    await expect(region).toHaveTextContent('معاون جواب لکھ رہا ہے…');
    await waitFor(() => expect(region).toHaveTextContent('جواب تیار ہے'));
  },
};
