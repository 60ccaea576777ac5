/**
 * WidgetState: the seed plan's data model as a pure reducer over named events.
 *
 * "What we have" (isInitialized, error) is kept apart from "what we are doing" (isConnecting,
 * isLoading, retry). The seed's invariants hold for every event sequence (see widgetState.test.ts):
 * - connecting only while open;
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
  isOpen: boolean;
  /** The panel has been opened at least once, so the surface is mounted (and stays mounted). */
  hasOpened: boolean;
  /** Session created and surface ready. */
  isInitialized: boolean;
  /** Creating the session or loading the surface. */
  isConnecting: boolean;
  /** An answer is streaming. */
  isLoading: boolean;
  error: ErrorState | null;
  retry: PendingRetry | null;
  /** The browser reports no network: retries wait for it. */
  isOffline: boolean;
  /** An answer finished while the panel was closed. */
  hasUnread: boolean;
}

export type WidgetEvent =
  | { type: 'opened' }
  | { type: 'closed' }
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
  isOpen: false,
  hasOpened: false,
  isInitialized: false,
  isConnecting: false,
  isLoading: false,
  error: null,
  retry: null,
  isOffline: false,
  hasUnread: false,
};

export function widgetReducer(state: WidgetState, event: WidgetEvent): WidgetState {
  switch (event.type) {
    case 'opened':
      return state.isOpen ? state : { ...state, isOpen: true, hasOpened: true, hasUnread: false };
    case 'closed':
      // Closing cancels pending work: a connection attempt and its retries stop here.
      return state.isOpen
        ? {
            ...state,
            isOpen: false,
            isConnecting: false,
            retry: state.isInitialized ? state.retry : null,
          }
        : state;
    case 'sessionStarted':
      if (!state.isOpen || state.isInitialized) return state;
      return { ...state, isConnecting: true, error: null, retry: null };
    case 'sessionReady':
      return {
        ...state,
        isInitialized: true,
        isConnecting: false,
        error: null,
        retry: null,
      };
    case 'responseStarted':
      if (!state.isInitialized) return state;
      return { ...state, isLoading: true, error: null, retry: null };
    case 'responseEnded':
      if (!state.isLoading) return state;
      return { ...state, isLoading: false, hasUnread: state.hasUnread || !state.isOpen };
    case 'failed':
      return { ...state, isConnecting: false, isLoading: false, retry: null, error: event.error };
    case 'retryScheduled':
      if (state.error && !state.error.retryable) return state;
      if (event.retry.operation === 'connect' && !state.isOpen) return state;
      return { ...state, retry: event.retry };
    case 'retried':
      if (!state.retry) return state;
      return {
        ...state,
        retry: null,
        error: null,
        isConnecting: state.retry.operation === 'connect' && state.isOpen,
      };
    case 'retryCancelled':
      return { ...state, retry: null, isConnecting: false };
    case 'dismissed':
      return { ...state, error: null, retry: null };
    case 'wentOffline':
      return { ...state, isOffline: true };
    case 'cameOnline':
      return { ...state, isOffline: false };
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
