/**
 * The widget's one typed configuration object, and its defaults. Kept free of heavy imports: it is
 * part of the small shell that every page loads.
 */
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retryPolicy';
import { SHELL_STRINGS_EN } from './shellStrings';
import { DEFAULT_STORAGE_KEY } from './storage';
import type { ShellStrings } from './strings/types';

/**
 * Which `<openai-chatkit>` implementation renders the chat.
 * - `chatkit`: OpenAI's script only (fails with a friendly error where it is blocked).
 * - `local`: this project's protocol-faithful local element only.
 * - `auto`: OpenAI's script, falling back to the local element if it cannot load in time.
 */
export type SurfaceMode = 'chatkit' | 'local' | 'auto';

export const SURFACE_MODES: readonly SurfaceMode[] = ['chatkit', 'local', 'auto'];

export interface StarterPrompt {
  /** Text on the prompt button. */
  label: string;
  /** The message sent when it is chosen. */
  prompt: string;
}

export interface ChatWidgetConfig {
  /** Base URL of the textbook's FastAPI backend. @default "http://localhost:8000" */
  backendUrl?: string;
  /** ChatKit domain key registered for this site. @default "local-dev" */
  domainKey?: string;
  /** Which chat surface to use. @default "auto" */
  surface?: SurfaceMode;
  /** Panel heading; also the dialog's accessible name. @default "Textbook assistant" */
  title?: string;
  /** Greeting on the empty conversation. @default "Ask me anything about Physical AI & Humanoid Robotics." */
  greeting?: string;
  /** Starter prompts on the empty conversation. @default three course questions */
  starterPrompts?: StarterPrompt[];
  /** Composer placeholder. @default "Ask about the textbook…" */
  placeholder?: string;
  /**
   * One short line under the composer; empty for none.
   * @default "Answers are generated and can be wrong; check the linked pages."
   */
  disclaimer?: string;
  /**
   * The toggle's words (and "Ask about this") in the page's language. They are rendered on the
   * server, so the site passes its locale's table (`stringsFor(locale).shell`); the panel picks its
   * own words from `<html lang>`. @default English
   */
  shellStrings?: ShellStrings;
  /** OpenAI's ChatKit script. @default OpenAI's CDN URL */
  scriptUrl?: string;
  /** How long OpenAI's script may take to define `<openai-chatkit>`, in ms. @default 5000 */
  scriptTimeoutMs?: number;
  /**
   * How long OpenAI's element, once mounted, may take to report `chatkit.ready` before the widget
   * switches to the local element on the same page (surface `auto`), in ms. @default 6000
   */
  readyTimeoutMs?: number;
  /** Session creation time limit, in ms. @default 5000 */
  sessionTimeoutMs?: number;
  /** Chat request time limit until the first streamed byte, in ms. @default 30000 */
  firstByteTimeoutMs?: number;
  /** Automatic retry policy; stories and tests shorten the delays. @default 3 retries, 1 s/2 s/4 s ±50 % */
  retryPolicy?: Partial<RetryPolicy>;
  /** sessionStorage key prefix for the open state and thread id. @default "textbook-chat" */
  storageKey?: string;
  /** Delay before the answering indicator shows, so instant answers do not flash, in ms. @default 300 */
  indicatorDelayMs?: number;
  /**
   * Whether the header offers the conversation history (`threads.list`). Sessions are anonymous, so
   * only a backend that scopes its store to the reader lists only the reader's conversations; turn
   * it off for one that does not. @default true
   */
  history?: boolean;
}

export type ResolvedConfig = Required<Omit<ChatWidgetConfig, 'retryPolicy'>> & {
  retryPolicy: RetryPolicy;
};

export const CHATKIT_SCRIPT_URL = 'https://cdn.platform.openai.com/deployments/chatkit/chatkit.js';

export const DEFAULT_CONFIG: ResolvedConfig = {
  backendUrl: 'http://localhost:8000',
  domainKey: 'local-dev',
  surface: 'auto',
  title: 'Textbook assistant',
  greeting: 'Ask me anything about Physical AI & Humanoid Robotics.',
  starterPrompts: [
    { label: 'What is ROS 2?', prompt: 'What is ROS 2 and why do robots need it?' },
    { label: 'Digital twins', prompt: 'How do digital twins help train humanoid robots?' },
    { label: 'Isaac Sim', prompt: 'What is NVIDIA Isaac Sim used for?' },
  ],
  placeholder: 'Ask about the textbook…',
  disclaimer: 'Answers are generated and can be wrong; check the linked pages.',
  shellStrings: SHELL_STRINGS_EN,
  scriptUrl: CHATKIT_SCRIPT_URL,
  scriptTimeoutMs: 5000,
  readyTimeoutMs: 6000,
  sessionTimeoutMs: 5000,
  firstByteTimeoutMs: 30_000,
  retryPolicy: DEFAULT_RETRY_POLICY,
  storageKey: DEFAULT_STORAGE_KEY,
  indicatorDelayMs: 300,
  history: true,
};

/** Fills in defaults; rejects an unknown surface mode with a message that names the choices. */
export function resolveConfig(config: ChatWidgetConfig = {}): ResolvedConfig {
  const defined = Object.fromEntries(
    Object.entries(config).filter(([, value]) => value !== undefined && value !== ''),
  ) as ChatWidgetConfig;
  const surface = defined.surface ?? DEFAULT_CONFIG.surface;
  if (!SURFACE_MODES.includes(surface)) {
    throw new Error(
      `ChatWidget: surface must be one of ${SURFACE_MODES.join(', ')}; got "${String(surface)}"`,
    );
  }
  return {
    ...DEFAULT_CONFIG,
    ...defined,
    surface,
    backendUrl: (defined.backendUrl ?? DEFAULT_CONFIG.backendUrl).replace(/\/+$/, ''),
    retryPolicy: { ...DEFAULT_CONFIG.retryPolicy, ...defined.retryPolicy },
  };
}
