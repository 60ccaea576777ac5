import type { SetupWorker } from 'msw/browser';
import { successHandlers } from '../../mocks/handlers';
import type { ChatWidgetConfig } from '../../src/components/ChatWidget';

/**
 * The widget as stories and tests run it: the local surface (OpenAI's script never loads here),
 * the contract mocks at the default backend URL, and retry delays shortened from 1 s/2 s/4 s to
 * 40/80/160 ms so no play function waits seconds. Everything else is the production default.
 */
export const storyConfig: ChatWidgetConfig = {
  surface: 'local',
  retryPolicy: { baseDelayMs: 40, jitter: 0 },
  indicatorDelayMs: 30,
  // A path that fails at once, for stories of the `auto` and `chatkit` modes.
  scriptUrl: '/__blocked__/chatkit.js',
  scriptTimeoutMs: 1000,
};

/** The fault clears: back to the contract's success paths only. */
export function healBackend(msw: SetupWorker): void {
  msw.resetHandlers();
  msw.use(...successHandlers);
}
