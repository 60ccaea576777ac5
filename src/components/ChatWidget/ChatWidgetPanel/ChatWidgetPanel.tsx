/**
 * ChatWidgetPanel: everything of the widget but its toggle, fetched on the first open or a hint of
 * one (`loader.ts`). It renders two snapshots: the widget controller's (open or not) and the chat
 * connection's (connecting, retrying, failed, ready): the panel and its status, retry and error
 * parts, and the chat element (the ChatKitWrapper chunk) once connected. It stays mounted while the
 * panel is closed, so the conversation survives closing and client-side navigation.
 */
import {
  Suspense,
  createElement,
  lazy,
  useEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
  type RefObject,
} from 'react';
import { ChatDialog } from '../ChatDialog';
import type { ChatConnection } from '../chatConnection';
import { CopyStatus } from '../copy/CopyStatus';
import { useCopyConversation } from '../copy/useCopyConversation';
import { ErrorPanel } from '../ErrorPanel';
import { ResponseIndicator } from '../ResponseIndicator';
import { RetryPanel } from '../RetryPanel';
import ui from '../ui.module.css';
import styles from './ChatWidgetPanel.module.css';
import { stringsFor } from '../strings';
import { PanelStringsContext, usePanelStrings } from '../strings/context';
import { getPagePrompts, subscribePagePrompts } from '../pagePrompts';
import { pagePromptsFrom } from '../pagePromptsFrom';
import { usePageLanguage } from '../usePageLanguage';
import { usePageTheme } from '../usePageTheme';
import { usePanelFocus } from '../usePanelFocus';
import { panelView } from '../widgetState';

/** The history's code, fetched on the first use of the History button. */
const HistoryPanel = lazy(() =>
  import('../history/HistoryPanel').catch(() => ({ default: HistoryUnavailable })),
);

/** The history's code could not be fetched (offline after the page loaded, say). */
function HistoryUnavailable({ onBack }: { onBack: () => void }) {
  const { t } = usePanelStrings();
  return (
    <div className={ui.centered} role="alert">
      <p>{t.history.loadFailed}</p>
      <p>{t.messages.network}</p>
      <div className={ui.actions}>
        <button type="button" className={ui.primaryButton} onClick={onBack}>
          {t.history.back}
        </button>
      </div>
    </div>
  );
}

export interface ChatWidgetPanelProps {
  /**
   * The widget (`widgetController.ts`): whether the panel is open, and where the reader's requests
   * to close go.
   */
  widget: {
    subscribe(listener: () => void): () => void;
    getSnapshot(): { open: boolean };
    requestOpen(open: boolean): void;
  };
  /** What the chat is doing; the widget created it. */
  connection: ChatConnection;
  /** The panel's element id, which the toggle's `aria-controls` names. */
  panelId: string;
  /** Where focus returns when the panel closes. */
  toggleRef: RefObject<HTMLButtonElement | null>;
}

export function ChatWidgetPanel({ widget, connection, panelId, toggleRef }: ChatWidgetPanelProps) {
  const { open } = useSyncExternalStore(widget.subscribe, widget.getSnapshot, widget.getSnapshot);
  const { state, connected, tag, switched, config, asked } = useSyncExternalStore(
    connection.subscribe,
    connection.getSnapshot,
    connection.getSnapshot,
  );
  // The page's own starter questions (its front matter's `chat_prompts`) replace the site's while
  // the reader is on it. Only the chat element hears of them: the connection keeps running as it was.
  // The page publishes its front matter as written; it is checked here, in the lazy code.
  const published = useSyncExternalStore(subscribePagePrompts, getPagePrompts, () => null);
  const surfaceConfig = useMemo(() => {
    const pagePrompts = published && pagePromptsFrom(published.value, published.page);
    return pagePrompts ? { ...config, starterPrompts: pagePrompts } : config;
  }, [config, published]);
  const colorScheme = usePageTheme();
  const { lang, locale, dir } = usePageLanguage();
  const strings = useMemo(() => ({ strings: stringsFor(lang).panel, lang }), [lang]);
  const t = strings.strings;
  const panelRef = useRef<HTMLElement>(null);
  usePanelFocus(connection, { panelRef, toggleRef, open, ready: state.isInitialized });
  // The chat code's component (the connection waited for its chunk before saying `connected`).
  const chat = connected ? connection.chatElement() : null;
  // "Copy conversation": reads the thread on screen through the chat-request pipeline.
  const copy = useCopyConversation(
    () => ({
      fetch: connection.fetch,
      backendUrl: config.backendUrl,
      threadId: connection.initialThread(),
    }),
    t,
    state.isLoading,
  );

  // The history shows in place of the chat, whose surface stays mounted (hidden) meanwhile.
  const [historyOpen, setHistoryOpen] = useState(false);
  const historyButtonRef = useRef<HTMLButtonElement>(null);
  /** Where focus goes once the chat shows again: its composer, or the history button. */
  const afterHistory = useRef<'composer' | 'button' | null>(null);
  const [wasOpen, setWasOpen] = useState(open);
  if (wasOpen !== open) {
    // Closing the panel leaves the history: it opens again on the chat.
    setWasOpen(open);
    if (!open) setHistoryOpen(false);
  }
  const showHistory = historyOpen && state.isInitialized && config.history;
  // An intent from outside the panel (Ctrl/Cmd+I, "Ask about this") is for the chat: it shows
  // again, and its composer takes focus.
  const seenAsked = useRef(asked);
  useEffect(() => {
    if (seenAsked.current === asked) return;
    seenAsked.current = asked;
    if (!historyOpen) return;
    afterHistory.current = 'composer';
    // The chat's turn: an event from outside the panel, as an effect of the connection's count.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setHistoryOpen(false);
  }, [asked, historyOpen]);
  const leaveHistory = (focus: 'composer' | 'button') => {
    afterHistory.current = focus;
    setHistoryOpen(false);
  };
  useEffect(() => {
    const focus = afterHistory.current;
    if (showHistory || focus === null) return;
    afterHistory.current = null;
    if (focus === 'button') historyButtonRef.current?.focus();
    else connection.surfaceShown(true); // the composer takes focus
  }, [showHistory, connection]);

  const view = panelView(state);
  const variant = state.isInitialized ? 'banner' : 'full';

  return (
    <PanelStringsContext value={strings}>
      <ChatDialog
        ref={panelRef}
        id={panelId}
        title={config.title}
        open={open}
        dir={dir}
        onClose={() => widget.requestOpen(false)}
        onNewConversation={
          state.isInitialized
            ? () => {
                if (showHistory) leaveHistory('composer');
                connection.newConversation();
              }
            : undefined
        }
        onHistory={
          state.isInitialized && config.history
            ? () => (showHistory ? leaveHistory('button') : setHistoryOpen(true))
            : undefined
        }
        historyOpen={showHistory}
        historyButtonRef={historyButtonRef}
        onCopyConversation={state.isInitialized ? copy.copy : undefined}
      >
        <CopyStatus message={copy.message} failed={copy.failed} />
        {view === 'connecting' && (
          <div className={ui.centered}>
            <span className={ui.spinner} aria-hidden="true" />
            <p role="status" aria-label={t.connectionStatus}>
              {t.connecting}
            </p>
          </div>
        )}
        {view === 'retrying' && state.retry && (
          <RetryPanel
            variant={variant}
            retry={state.retry}
            message={state.error ? t.messages[state.error.reason] : ''}
            offline={state.isOffline}
            onRetryNow={connection.retryNow}
            onCancel={connection.cancelRetry}
          />
        )}
        {view === 'error' && state.error && (
          <ErrorPanel
            variant={variant}
            error={state.error}
            offline={state.isOffline && state.error.type === 'network'}
            onRetry={connection.retry}
            onDismiss={state.isInitialized ? connection.dismiss : undefined}
          />
        )}
        {switched && (
          <p className={styles.switched} role="status">
            {t.switchedToLocal}
          </p>
        )}
        {showHistory && (
          <Suspense
            fallback={
              <div className={ui.centered}>
                <span className={ui.spinner} aria-hidden="true" />
              </div>
            }
          >
            <HistoryPanel
              connection={connection}
              backendUrl={config.backendUrl}
              currentId={connection.initialThread()}
              onOpen={(id) => {
                if (id !== connection.initialThread()) connection.openThread(id);
                leaveHistory('composer');
              }}
              onBack={() => leaveHistory('button')}
              onDeleted={(id) => {
                if (id === connection.initialThread()) connection.newConversation();
              }}
            />
          </Suspense>
        )}
        {chat && (
          <div className={styles.surface} hidden={!state.isInitialized || showHistory}>
            {createElement(chat, {
              // A new element when the local one takes over from OpenAI's.
              key: tag,
              tag,
              host: connection,
              config: surfaceConfig,
              colorScheme,
              locale,
            })}
          </div>
        )}
        <ResponseIndicator active={state.isLoading} delayMs={config.indicatorDelayMs} />
      </ChatDialog>
    </PanelStringsContext>
  );
}
