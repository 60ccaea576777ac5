/**
 * What the chat surface's chunk (`ChatKitWrapper`) is given, and what it calls back: a small host
 * interface the chat connection implements, so the wrapper and the connection do not import each
 * other.
 */
import type { SupportedLocale } from '@openai/chatkit-react';
import type { ReactNode } from 'react';
import type { ResolvedConfig } from '../config';
import type { SurfaceTag } from '../surface';

/** The element's methods the connection calls (what `useChatKit` returns has them). */
export interface ChatHandle {
  focusComposer(): Promise<void>;
  setComposerValue(params: { text?: string; reply?: string }): Promise<void>;
  sendUserMessage(params: { text: string }): Promise<void>;
  setThreadId(threadId: string | null): Promise<void>;
}

/** What the mounted surface reports to, and takes its requests and first thread from. */
export interface SurfaceHost {
  /** The surface's `api.fetch`. */
  fetch: typeof fetch;
  /** The thread to restore when the surface mounts. */
  initialThread(): string | null;
  /** The mounted surface's methods; returns the detach function. */
  attach(handle: ChatHandle): () => void;
  ready(): void;
  failed(error: unknown): void;
  responseStarted(): void;
  responseEnded(): void;
  threadChanged(threadId: string | null): void;
}

export interface ChatKitWrapperProps {
  /** Hears what the surface does, and serves its requests. */
  host: SurfaceHost;
  config: ResolvedConfig;
  colorScheme: 'light' | 'dark';
  locale: SupportedLocale | undefined;
  /** The element to mount: `<openai-chatkit>`, or the local element's fallback tag. */
  tag?: SurfaceTag;
}

/** The component that mounts the chat element (`ChatKitWrapper`), as the chat code provides it. */
export type ChatElement = (props: ChatKitWrapperProps) => ReactNode;
