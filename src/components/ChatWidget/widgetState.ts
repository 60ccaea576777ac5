/**
 * WidgetState: what the chat connection has and is doing, as a pure reducer over named events.
 *
 * "What we have" (isInitialized, error) is kept apart from "what we are doing" (isLoading, retry).
 * Whether the panel is open is not here: the widget controller (`widgetController.ts`) owns it, and
 * the connection asks it. The invariants, for every event sequence (see widgetState.test.ts):
 * - loading only when initialized;
 * - the error is cleared when a new operation starts;
 * - an error that retrying cannot help (a session error) is never retried automatically.
 */
import type { ErrorState } from './errors';

/** A pending automatic retry, as the RetryPanel shows it. */
export interface PendingRetry {
  /** Which automatic retry comes next, 1-based. */
  retry: number;
  /** How many automatic retries the policy allows. */
  of: number;
  /** Epoch ms at which it fires (the countdown's end). */
  at: number;
  /** What the retry is for: opening the chat, or a question. */
  operation: 'connect' | 'message';
}

export interface WidgetState {
  /** Session created and surface ready. */
  isInitialized: boolean;
  /** An answer is streaming. */
  isLoading: boolean;
  error: ErrorState | null;
  retry: PendingRetry | null;
  /** The browser reports no network: retries wait for it. */
  isOffline: boolean;
}

export type WidgetEvent =
  | { type: 'sessionStarted' }
  | { type: 'sessionReady' }
  | { type: 'responseStarted' }
  | { type: 'responseEnded' }
  | { type: 'failed'; error: ErrorState }
  | { type: 'retryScheduled'; retry: PendingRetry }
  | { type: 'retried' }
  | { type: 'retryCancelled' }
  | { type: 'dismissed' }
  | { type: 'wentOffline' }
  | { type: 'cameOnline' };

export const initialWidgetState: WidgetState = {
  isInitialized: false,
  isLoading: false,
  error: null,
  retry: null,
  isOffline: false,
};

export function widgetReducer(state: WidgetState, event: WidgetEvent): WidgetState {
  switch (event.type) {
    case 'sessionStarted':
      if (state.isInitialized) return state;
      return { ...state, error: null, retry: null };
    case 'sessionReady':
      return { ...state, isInitialized: true, error: null, retry: null };
    case 'responseStarted':
      if (!state.isInitialized) return state;
      return { ...state, isLoading: true, error: null, retry: null };
    case 'responseEnded':
      if (!state.isLoading) return state;
      return { ...state, isLoading: false };
    case 'failed':
      return { ...state, isLoading: false, retry: null, error: event.error };
    case 'retryScheduled':
      if (state.error && !state.error.retryable) return state;
      return { ...state, retry: event.retry };
    case 'retried':
      if (!state.retry) return state;
      return { ...state, retry: null, error: null };
    case 'retryCancelled':
      return state.retry ? { ...state, retry: null } : state;
    case 'dismissed':
      return { ...state, error: null, retry: null };
    case 'wentOffline':
      return state.isOffline ? state : { ...state, isOffline: true };
    case 'cameOnline':
      return state.isOffline ? { ...state, isOffline: false } : state;
  }
}

/** What the panel shows, derived from the state in one place. */
export type PanelView = 'connecting' | 'retrying' | 'error' | 'chat';

export function panelView(state: WidgetState): PanelView {
  if (state.retry) return 'retrying';
  if (state.error && !state.isInitialized) return 'error';
  if (!state.isInitialized) return 'connecting';
  if (state.error) return 'error';
  return 'chat';
}
