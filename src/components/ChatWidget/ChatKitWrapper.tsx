/**
 * Everything heavy, loaded on the first open only: ChatKit's React binding, the session client and
 * its schemas, and (when needed) the local element. It connects (surface + session, with visible
 * automatic retries), then renders `<ChatKit>` in custom-backend mode and reports what happens.
 */
import { ChatKit, useChatKit, type SupportedLocale } from '@openai/chatkit-react';
import {
  useEffect,
  useImperativeHandle,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type Ref,
} from 'react';
import type { ResolvedConfig } from './config';
import { BackendError, RetryCancelledError, classifyError } from './errors';
import { ensureSurface, type ActiveSurface } from './loadChatKit';
import { runWithRetry } from './retryPolicy';
import { useChatKitSession } from './useChatKitSession';
import type { ErrorRetry } from './useErrorRetry';

export type WrapperEvent =
  | { type: 'connecting' }
  | { type: 'ready'; surface: ActiveSurface }
  | { type: 'failed'; error: unknown; operation: 'connect' | 'message' }
  | { type: 'responseStart' }
  | { type: 'responseEnd' }
  | { type: 'threadChange'; threadId: string | null };

export interface ChatKitWrapperHandle {
  /** The manual "Try again": reconnects, or re-sends the question that failed. */
  retry(): void;
  /** Starts a fresh thread. */
  newConversation(): Promise<void>;
  focusComposer(): Promise<void>;
  /** Puts text in the composer without sending it. */
  setComposerValue(text: string): Promise<void>;
}

export interface ChatKitWrapperProps {
  config: ResolvedConfig;
  /** The thread to restore on mount (from sessionStorage). */
  initialThread: string | null;
  colorScheme: 'light' | 'dark';
  locale: SupportedLocale | undefined;
  wait: ErrorRetry['wait'];
  onEvent: (event: WrapperEvent) => void;
  ref?: Ref<ChatKitWrapperHandle>;
}

/** Failures the surface already shows the reader itself, or that are not failures at all. */
function isHandledBySurface(error: unknown): boolean {
  if (error instanceof RetryCancelledError || error instanceof DOMException) return true;
  if (error instanceof Error && error.cause instanceof RetryCancelledError) return true;
  const like = error as { code?: unknown; status?: unknown } | null;
  // Stream errors are shown (with their own Retry) inside the thread.
  if (typeof like?.code === 'string' && like.code.startsWith('stream.')) return true;
  // A stored thread that no longer exists: the surface starts a fresh conversation.
  return like?.status === 404;
}

function messageText(body: BodyInit | null | undefined): string | null {
  if (typeof body !== 'string') return null;
  try {
    const request = JSON.parse(body) as {
      type?: string;
      params?: { input?: { content?: Array<{ type?: string; text?: string }> } };
    };
    if (request.type !== 'threads.create' && request.type !== 'threads.add_user_message')
      return null;
    return (request.params?.input?.content ?? [])
      .map((part) => (part.type === 'input_text' ? (part.text ?? '') : ''))
      .join('');
  } catch {
    return null;
  }
}

export function ChatKitWrapper({
  config,
  initialThread,
  colorScheme,
  locale,
  wait,
  onEvent,
  ref,
}: ChatKitWrapperProps) {
  const session = useChatKitSession(config, wait);
  const [surface, setSurface] = useState<ActiveSurface | null>(null);
  const [connectKey, setConnectKey] = useState(0);
  const failedMessage = useRef<string | null>(null);
  const lastError = useRef<unknown>(null);
  const onEventRef = useRef(onEvent);
  useLayoutEffect(() => {
    onEventRef.current = onEvent;
  }, [onEvent]);
  // ChatKit reads initialThread once; keep the first value so option updates never reload it.
  const [firstThread] = useState(initialThread);

  useEffect(() => {
    if (surface) return;
    const controller = new AbortController();
    onEventRef.current({ type: 'connecting' });
    // The surface and the session, side by side, retried together: each remembers its success,
    // so a retry repeats only what failed.
    runWithRetry(
      () => Promise.all([ensureSurface(config.surface, config), session.getClientSecret()]),
      {
        policy: config.retryPolicy,
        classify: (error) => classifyError(error),
        wait: wait('connect'),
        signal: controller.signal,
      },
    ).then(
      ([active]) => {
        if (!controller.signal.aborted) setSurface(active);
      },
      (error: unknown) => {
        if (controller.signal.aborted || error instanceof RetryCancelledError) return;
        lastError.current = error;
        onEventRef.current({ type: 'failed', error, operation: 'connect' });
      },
    );
    return () => controller.abort();
    // `config` fields used here are fixed for the life of the widget.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [connectKey, surface, session, wait]);

  const trackedFetch = useMemo<typeof fetch>(
    () => async (input, init) => {
      const text = messageText(init?.body);
      try {
        const response = await session.fetch(input, init);
        if (text !== null) failedMessage.current = null;
        return response;
      } catch (error) {
        if (text !== null && !(error instanceof RetryCancelledError)) failedMessage.current = text;
        lastError.current = error;
        throw error;
      }
    },
    [session],
  );

  const chatkit = useChatKit({
    api: { url: `${config.backendUrl}/chatkit`, domainKey: config.domainKey, fetch: trackedFetch },
    theme: { colorScheme },
    ...(locale && { locale }),
    initialThread: firstThread,
    frameTitle: config.title,
    // The panel has its own header (title, new conversation, close).
    header: { enabled: false },
    startScreen: {
      greeting: config.greeting,
      prompts: config.starterPrompts.map(({ label, prompt }) => ({ label, prompt })),
    },
    composer: { placeholder: config.placeholder },
    onReady: () => {
      if (surface) onEventRef.current({ type: 'ready', surface });
    },
    onError: ({ error }) => {
      if (isHandledBySurface(error)) return;
      onEventRef.current({ type: 'failed', error, operation: 'message' });
    },
    onResponseStart: () => onEventRef.current({ type: 'responseStart' }),
    onResponseEnd: () => onEventRef.current({ type: 'responseEnd' }),
    onThreadChange: ({ threadId }) => onEventRef.current({ type: 'threadChange', threadId }),
  });

  useImperativeHandle(
    ref,
    () => ({
      retry() {
        const error = lastError.current;
        // Only a fresh session can help a refused one.
        if (error instanceof BackendError && classifyError(error).type === 'session')
          session.reset();
        if (!surface) {
          setConnectKey((key) => key + 1);
          return;
        }
        const text = failedMessage.current;
        if (text === null) return;
        failedMessage.current = null;
        void (async () => {
          // The surface put the unsent text back in the composer; send it once, from here.
          await chatkit.setComposerValue({ text: '' });
          await chatkit.sendUserMessage({ text });
        })();
      },
      newConversation: async () => {
        failedMessage.current = null;
        await chatkit.setThreadId(null);
      },
      focusComposer: async () => {
        await chatkit.focusComposer();
      },
      setComposerValue: async (text) => {
        await chatkit.setComposerValue({ text });
      },
    }),
    [chatkit, session, surface],
  );

  return surface ? <ChatKit control={chatkit.control} /> : null;
}
