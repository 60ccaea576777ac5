/**
 * The chat element: `<ChatKit>` (OpenAI's React binding) in custom-backend mode, configured for the
 * textbook. Its own chunk, fetched beside the panel on the first open and mounted by the panel once
 * the chat connection has connected (element defined, session created). It configures and mounts
 * the element, nothing more: requests go through the host's `fetch` (the chat-request pipeline),
 * and what the element reports goes to the host, which also gets its methods (`attach`).
 */
import { ChatKit, useChatKit } from '@openai/chatkit-react';
import { useEffect, useState } from 'react';
import type { ChatKitWrapperProps } from './props';
import { TaggedChatKit } from './TaggedChatKit';

export function ChatKitWrapper({
  host,
  config,
  colorScheme,
  locale,
  tag = 'openai-chatkit',
}: ChatKitWrapperProps) {
  // ChatKit reads initialThread once; keep the first value so option updates never reload it.
  const [initialThread] = useState(() => host.initialThread());
  const chatkit = useChatKit({
    api: {
      url: `${config.backendUrl}/chatkit`,
      domainKey: config.domainKey,
      fetch: host.fetch,
    },
    theme: { colorScheme },
    ...(locale && { locale }),
    initialThread,
    frameTitle: config.title,
    // The panel has its own header (title, new conversation, close).
    header: { enabled: false },
    // ... and its own history (the panel's History button lists, opens, renames and deletes).
    history: { enabled: false },
    startScreen: {
      greeting: config.greeting,
      prompts: config.starterPrompts.map(({ label, prompt }) => ({ label, prompt })),
    },
    composer: { placeholder: config.placeholder },
    ...(config.disclaimer && { disclaimer: { text: config.disclaimer } }),
    // Thumbs up and down on answers, sent to the backend as items.feedback.
    threadItemActions: { feedback: true },
    onReady: () => host.ready(),
    onError: ({ error }) => host.failed(error),
    onResponseStart: () => host.responseStarted(),
    onResponseEnd: () => host.responseEnded(),
    onThreadChange: ({ threadId }) => host.threadChanged(threadId),
  });
  useEffect(() => host.attach(chatkit), [host, chatkit]);

  return tag === 'openai-chatkit' ? (
    <ChatKit control={chatkit.control} />
  ) : (
    <TaggedChatKit tag={tag} control={chatkit.control} />
  );
}
