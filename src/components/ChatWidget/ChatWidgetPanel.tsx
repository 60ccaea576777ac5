/**
 * ChatWidgetPanel: everything of the widget but its toggle, fetched by the shell (`index.tsx`) on
 * the first open or a hint of one. It owns the WidgetState reducer, the panel and its status,
 * retry and error parts, and loads the chat itself (the ChatKitWrapper chunk: ChatKit, the session
 * client, schemas, the local element) once the panel has opened. It stays mounted while the panel
 * is closed, so the conversation survives closing and client-side navigation.
 */
import type { SupportedLocale } from '@openai/chatkit';
import {
  useCallback,
  useEffect,
  useMemo,
  useReducer,
  useRef,
  useState,
  type ComponentType,
  type RefObject,
} from 'react';
import { ChatPanel } from './ChatPanel';
import type { ChatKitWrapperHandle, ChatKitWrapperProps, WrapperEvent } from './ChatKitWrapper';
import { resolveConfig, type ChatWidgetConfig } from './config';
import { ErrorPanel } from './ErrorPanel';
import { RetryCancelledError, classifyError, codeFetchFailed } from './errors';
import { ResponseIndicator } from './ResponseIndicator';
import { runWithRetry } from './retryPolicy';
import { RetryPanel } from './RetryPanel';
import { createWidgetStorage } from './storage';
import styles from './styles.module.css';
import type { PanelIntent, ToggleState } from './types';
import { useErrorRetry } from './useErrorRetry';
import { initialWidgetState, panelView, widgetReducer } from './widgetState';

export interface ChatWidgetPanelProps {
  /** Backend, surface and text settings, as the widget was given them. */
  config: ChatWidgetConfig | undefined;
  /** Whether the panel is open: the shell's state (and the toggle's). */
  open: boolean;
  /** Asks the shell to open or close (the close button, Escape, a thread restored open). */
  onOpenChange: (open: boolean) => void;
  /** The panel's element id, which the toggle's `aria-controls` names. */
  panelId: string;
  /** Where focus returns when the panel closes. */
  toggleRef: RefObject<HTMLButtonElement | null>;
  /** The latest request from outside the panel (Ctrl/Cmd+I, "Ask about this"), handled once. */
  intent: PanelIntent | null;
  /** What the toggle shows of the chat while the panel is closed. */
  onToggleState: (state: ToggleState) => void;
}

const RTL_LANGUAGES = ['ar', 'fa', 'he', 'ur'];

/** The page's colour scheme, followed live (Docusaurus switches `data-theme` on <html>). */
function usePageTheme(): 'light' | 'dark' {
  const [scheme, setScheme] = useState<'light' | 'dark'>('light');
  useEffect(() => {
    const root = document.documentElement;
    const read = () => setScheme(root.dataset.theme === 'dark' ? 'dark' : 'light');
    read();
    const observer = new MutationObserver(read);
    observer.observe(root, { attributes: true, attributeFilter: ['data-theme'] });
    return () => observer.disconnect();
  }, []);
  return scheme;
}

/** The page's language (for ChatKit's `locale`) and direction. */
function usePageLanguage(): { locale: SupportedLocale | undefined; dir: 'ltr' | 'rtl' } {
  const [lang, setLang] = useState<string>('');
  useEffect(() => {
    const root = document.documentElement;
    const read = () => setLang(root.lang);
    read();
    const observer = new MutationObserver(read);
    observer.observe(root, { attributes: true, attributeFilter: ['lang', 'dir'] });
    return () => observer.disconnect();
  }, []);
  const base = lang.toLowerCase().split('-')[0] ?? '';
  return {
    locale: base ? (base as SupportedLocale) : undefined,
    dir: RTL_LANGUAGES.includes(base) ? 'rtl' : 'ltr',
  };
}

export function ChatWidgetPanel({
  config: input,
  open,
  onOpenChange,
  panelId,
  toggleRef,
  intent,
  onToggleState,
}: ChatWidgetPanelProps) {
  const configKey = JSON.stringify(input ?? {});
  // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed by value, not identity
  const config = useMemo(() => resolveConfig(input), [configKey]);
  const storage = useMemo(() => createWidgetStorage(config.storageKey), [config.storageKey]);
  const [state, dispatch] = useReducer(widgetReducer, initialWidgetState);
  const retry = useErrorRetry(dispatch, state.isOpen);
  const colorScheme = usePageTheme();
  const { locale, dir } = usePageLanguage();

  const panelRef = useRef<HTMLElement>(null);
  const wrapperRef = useRef<ChatKitWrapperHandle>(null);
  const pendingCompose = useRef<string | null>(null);
  const wantsComposerFocus = useRef(false);
  const [Wrapper, setWrapper] = useState<ComponentType<ChatKitWrapperProps> | null>(null);
  const [initialThread] = useState(() => storage.readThread());

  // The chat code, mounted once the panel has opened (the shell started fetching it with the
  // panel, so this usually finds it loaded). A failed fetch is a network failure like any other:
  // retried with the same policy and countdown, paused while offline.
  const wrapperLoad = useRef<Promise<void> | null>(null);
  const { retryPolicy } = config;
  const { wait } = retry;
  const loadWrapper = useCallback(() => {
    wrapperLoad.current ??= runWithRetry(
      () => import('./ChatKitWrapper').catch(codeFetchFailed('The chat code')),
      { policy: retryPolicy, classify: (error) => classifyError(error), wait: wait('connect') },
    ).then(
      (module) => setWrapper(() => module.ChatKitWrapper),
      (error: unknown) => {
        wrapperLoad.current = null; // a later open, or "Try again", fetches it anew
        if (error instanceof RetryCancelledError) return;
        dispatch({
          type: 'failed',
          error: classifyError(error, { online: navigator.onLine !== false }),
        });
      },
    );
    return wrapperLoad.current;
  }, [retryPolicy, wait]);

  // The shell's open state is the truth; the reducer follows it.
  useEffect(() => {
    dispatch({ type: open ? 'opened' : 'closed' });
  }, [open]);

  // The chat code loads once the panel has first opened.
  useEffect(() => {
    if (state.hasOpened && !Wrapper) void loadWrapper();
  }, [state.hasOpened, Wrapper, loadWrapper]);

  // The toggle shows an answer in progress, or a new one, while the panel is closed.
  const unread = state.hasUnread;
  const busy = state.isLoading && !state.isOpen;
  useEffect(() => onToggleState({ unread, busy }), [unread, busy, onToggleState]);

  const focusComposerIfReady = useCallback(() => {
    if (!wrapperRef.current) return false;
    void wrapperRef.current.focusComposer();
    return true;
  }, []);

  const onWrapperEvent = useCallback(
    (event: WrapperEvent) => {
      switch (event.type) {
        case 'connecting':
          dispatch({ type: 'sessionStarted' });
          break;
        case 'ready': {
          const focusInPanel = panelRef.current?.contains(document.activeElement) ?? false;
          // Focus moves to the composer once the surface is shown (see the effect below).
          if (focusInPanel || pendingCompose.current !== null) wantsComposerFocus.current = true;
          dispatch({ type: 'sessionReady' });
          break;
        }
        case 'failed':
          dispatch({
            type: 'failed',
            error: classifyError(event.error, { online: navigator.onLine !== false }),
          });
          break;
        case 'responseStart':
          dispatch({ type: 'responseStarted' });
          break;
        case 'responseEnd':
          dispatch({ type: 'responseEnded' });
          break;
        case 'threadChange':
          storage.writeThread(event.threadId);
          break;
      }
    },
    [storage],
  );

  // The surface is visible now: hand over composed text and focus that waited for it.
  useEffect(() => {
    if (!state.isInitialized || !state.isOpen) return;
    const text = pendingCompose.current;
    pendingCompose.current = null;
    const handle = wrapperRef.current;
    if (!handle) return;
    if (text !== null) void handle.setComposerValue(text);
    if (wantsComposerFocus.current) {
      wantsComposerFocus.current = false;
      void handle.focusComposer();
    }
  }, [state.isInitialized, state.isOpen]);

  // Focus: into the panel on open, back to the toggle on close.
  const wasOpen = useRef(false);
  useEffect(() => {
    if (state.isOpen && !wasOpen.current) {
      if (!(state.isInitialized && focusComposerIfReady())) panelRef.current?.focus();
    } else if (!state.isOpen && wasOpen.current) {
      const active = document.activeElement;
      if (!active || active === document.body || panelRef.current?.contains(active)) {
        toggleRef.current?.focus();
      }
    }
    wasOpen.current = state.isOpen;
  }, [state.isOpen, state.isInitialized, focusComposerIfReady, toggleRef]);

  // Re-opening after a cancelled first connection tries again by itself.
  useEffect(() => {
    if (
      state.isOpen &&
      state.hasOpened &&
      Wrapper &&
      !state.isInitialized &&
      !state.isConnecting &&
      !state.retry &&
      !state.error
    ) {
      wrapperRef.current?.retry();
    }
  }, [
    state.isOpen,
    state.hasOpened,
    state.isInitialized,
    state.isConnecting,
    state.retry,
    state.error,
    Wrapper,
  ]);

  // Requests from outside the panel (the shell has opened it already): Ctrl/Cmd+I wants the
  // composer focused; "Ask about this" puts text in it. Each is handled once, now or when the
  // surface is ready.
  const handledIntent = useRef(0);
  useEffect(() => {
    if (!intent || intent.seq <= handledIntent.current) return;
    handledIntent.current = intent.seq;
    const handle = state.isInitialized ? wrapperRef.current : null;
    if (intent.compose !== undefined) {
      if (handle) {
        void handle
          .setComposerValue(intent.compose)
          .then(() => wrapperRef.current?.focusComposer());
      } else {
        pendingCompose.current = intent.compose;
      }
    } else if (!(handle && focusComposerIfReady())) {
      wantsComposerFocus.current = true;
    }
  }, [intent, state.isInitialized, focusComposerIfReady]);

  const manualRetry = useCallback(() => {
    dispatch({ type: 'dismissed' });
    if (!Wrapper) {
      dispatch({ type: 'sessionStarted' });
      void loadWrapper();
      return;
    }
    wrapperRef.current?.retry();
  }, [Wrapper, loadWrapper]);

  // Back online after a network failure whose retries were spent: reconnect without being asked,
  // as the offline message promised.
  const wasOffline = useRef(false);
  useEffect(() => {
    if (wasOffline.current && !state.isOffline && state.error?.type === 'network' && !state.retry) {
      manualRetry();
    }
    wasOffline.current = state.isOffline;
  }, [state.isOffline, state.error, state.retry, manualRetry]);

  const view = panelView(state);
  const variant = state.isInitialized ? 'banner' : 'full';

  return (
    <ChatPanel
      ref={panelRef}
      id={panelId}
      title={config.title}
      open={state.isOpen}
      dir={dir}
      onClose={() => onOpenChange(false)}
      onNewConversation={
        state.isInitialized ? () => void wrapperRef.current?.newConversation() : undefined
      }
    >
      {view === 'connecting' && (
        <div className={styles.status}>
          <span className={styles.spinner} aria-hidden="true" />
          <p role="status" aria-label="Connection status">
            Connecting to the textbook assistant…
          </p>
        </div>
      )}
      {view === 'retrying' && state.retry && (
        <RetryPanel
          variant={variant}
          retry={state.retry}
          message={state.error?.message ?? ''}
          offline={state.isOffline}
          onRetryNow={retry.retryNow}
          onCancel={retry.cancel}
        />
      )}
      {view === 'error' && state.error && (
        <ErrorPanel
          variant={variant}
          error={state.error}
          offline={state.isOffline && state.error.type === 'network'}
          onRetry={manualRetry}
          onDismiss={state.isInitialized ? () => dispatch({ type: 'dismissed' }) : undefined}
        />
      )}
      {state.hasOpened && Wrapper && (
        <div className={styles.surface} hidden={!state.isInitialized}>
          <Wrapper
            ref={wrapperRef}
            config={config}
            initialThread={initialThread}
            colorScheme={colorScheme}
            locale={locale}
            wait={retry.wait}
            onEvent={onWrapperEvent}
          />
        </div>
      )}
      <ResponseIndicator active={state.isLoading} delayMs={config.indicatorDelayMs} />
    </ChatPanel>
  );
}
