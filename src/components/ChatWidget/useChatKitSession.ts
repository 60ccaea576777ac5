/**
 * One session client per backend and time limits, kept for the life of the widget (and so across
 * page navigation, as the widget lives in Docusaurus's Root).
 */
import { useMemo } from 'react';
import type { ResolvedConfig } from './config';
import type { ErrorRetry } from './useErrorRetry';
import { createSessionClient, type SessionClient } from './sessionClient';

export function useChatKitSession(config: ResolvedConfig, wait: ErrorRetry['wait']): SessionClient {
  const { backendUrl, sessionTimeoutMs, firstByteTimeoutMs, retryPolicy } = config;
  return useMemo(
    () =>
      createSessionClient({
        backendUrl,
        sessionTimeoutMs,
        firstByteTimeoutMs,
        retryPolicy,
        waitBeforeRetry: wait('message'),
      }),
    [backendUrl, sessionTimeoutMs, firstByteTimeoutMs, retryPolicy, wait],
  );
}
