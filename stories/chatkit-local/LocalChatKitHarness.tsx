import type {
  ChatKitOptions,
  DisclaimerOption,
  StartScreenPrompt,
  SupportedLocale,
  ThreadItemActionsOption,
} from '@openai/chatkit';
import { ChatKit, useChatKit } from '@openai/chatkit-react';
import { useState } from 'react';
import { fn } from 'storybook/test';
import { registerLocalChatKit } from '../../src/chatkit-local';
import { DEFAULT_BACKEND_URL, paths } from '../../src/contract';
import { createChatTransport } from '../../src/components/ChatWidget/chatTransport';
import { createSessionClient } from '../../src/components/ChatWidget/sessionClient';
import { DEFAULT_RETRY_POLICY } from '../../src/components/ChatWidget/retryPolicy';

export interface LocalChatKitHarnessProps {
  /** `startScreen.greeting`. @default 'Ask me about the textbook' */
  greeting?: string;
  /** `startScreen.prompts`. @default two textbook questions */
  prompts?: StartScreenPrompt[];
  /** `composer.placeholder`. @default 'Ask a question about the book' */
  placeholder?: string;
  /** `header.title.text`; the header is hidden when null. @default 'Textbook assistant' */
  headerTitle?: string | null;
  /** `theme.colorScheme`. @default 'light' */
  colorScheme?: 'light' | 'dark';
  /** `locale`. @default 'en' */
  locale?: SupportedLocale;
  /** `initialThread`. @default null */
  initialThread?: string | null;
  /** `threadItemActions` (thumbs up and down on answers with `{ feedback: true }`). @default none */
  threadItemActions?: ThreadItemActionsOption;
  /** `disclaimer`: one line under the composer. @default none */
  disclaimer?: DisclaimerOption;
  onReady?: () => void;
  onResponseStart?: () => void;
  onResponseEnd?: () => void;
  onThreadChange?: (event: { threadId: string | null }) => void;
  onThreadLoadStart?: (event: { threadId: string }) => void;
  onThreadLoadEnd?: (event: { threadId: string }) => void;
  onError?: (event: { error: Error }) => void;
}

/** Every event handler of the harness as a spy, for a story's `args`: play functions assert on them. */
export const spiedHandlers = () => ({
  onReady: fn(),
  onResponseStart: fn(),
  onResponseEnd: fn(),
  onThreadChange: fn(),
  onThreadLoadStart: fn(),
  onThreadLoadEnd: fn(),
  onError: fn(),
});

export const defaultPrompts: StartScreenPrompt[] = [
  { label: 'What is ROS 2?', prompt: 'What is ROS 2 and why is it called middleware?' },
  { label: 'Explain digital twins', prompt: 'What is a digital twin and how does Gazebo help?' },
];

/**
 * The real `<ChatKit>` from `@openai/chatkit-react`, served by the local element and talking to
 * the mocked backend through the widget's session client, in a fixed-size box like the widget's
 * panel. Retries are off so failures reach the element at once.
 */
export function LocalChatKitHarness({
  greeting = 'Ask me about the textbook',
  prompts = defaultPrompts,
  placeholder = 'Ask a question about the book',
  headerTitle = 'Textbook assistant',
  colorScheme = 'light',
  locale = 'en',
  initialThread = null,
  threadItemActions,
  disclaimer,
  ...handlers
}: LocalChatKitHarnessProps) {
  registerLocalChatKit();
  const [session] = useState(() =>
    createChatTransport(createSessionClient({ backendUrl: DEFAULT_BACKEND_URL }), {
      backendUrl: DEFAULT_BACKEND_URL,
      retryPolicy: { ...DEFAULT_RETRY_POLICY, retries: 0 },
    }),
  );
  const options: ChatKitOptions = {
    api: {
      url: `${DEFAULT_BACKEND_URL}${paths.chatkit}`,
      domainKey: 'local-dev',
      fetch: session.fetch,
    },
    theme: { colorScheme },
    locale,
    initialThread,
    header: headerTitle === null ? { enabled: false } : { title: { text: headerTitle } },
    startScreen: { greeting, prompts },
    composer: { placeholder },
    ...(threadItemActions && { threadItemActions }),
    ...(disclaimer && { disclaimer }),
  };
  const { control } = useChatKit({ ...options, ...handlers });
  return (
    <div
      style={{
        width: 'min(400px, calc(100vw - 2rem))',
        height: 'min(600px, calc(100vh - 2rem))',
        boxSizing: 'border-box',
        border: '1px solid var(--ifm-color-emphasis-300)',
      }}
    >
      <ChatKit control={control} />
    </div>
  );
}
