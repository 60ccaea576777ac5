/**
 * ChatWidgetPanel: everything of the widget but its toggle, fetched by the shell (`index.tsx`) on
 * the first open or a hint of one. It renders the chat controller's snapshot: the panel and its
 * status, retry and error parts, and the chat surface (the ChatKitWrapper chunk) once the
 * controller has connected. It stays mounted while the panel is closed, so the conversation
 * survives closing and client-side navigation. The shell creates the controller (from this
 * module) and talks to it directly; the panel tells it the shell's open state.
 */
import { useLayoutEffect, useMemo, useRef, useSyncExternalStore, type RefObject } from 'react';
import { ChatPanel } from '../ChatPanel';
import { CopyStatus } from '../copy/CopyStatus';
import { useCopyConversation } from '../copy/useCopyConversation';
import type { ChatController } from '../chatController';
import { resolveConfig, type ChatWidgetConfig } from '../config';
import { ErrorPanel } from '../ErrorPanel';
import { ResponseIndicator } from '../ResponseIndicator';
import { RetryPanel } from '../RetryPanel';
import ui from '../ui.module.css';
import styles from './ChatWidgetPanel.module.css';
import { stringsFor } from '../strings';
import { PanelStringsContext } from '../strings/context';
import { usePageLanguage } from '../usePageLanguage';
import { usePageTheme } from '../usePageTheme';
import { usePanelFocus } from '../usePanelFocus';
import { panelView } from '../widgetState';

export { createChatController } from '../chatController';

export interface ChatWidgetPanelProps {
  /** What the widget is doing; the shell created it and sends it intents. */
  controller: ChatController;
  /** Backend, surface and text settings, as the widget was given them. */
  config: ChatWidgetConfig | undefined;
  /** Whether the panel is open: the shell's state (and the toggle's). */
  open: boolean;
  /** Asks the shell to open or close (the close button, Escape). */
  onOpenChange: (open: boolean) => void;
  /** The panel's element id, which the toggle's `aria-controls` names. */
  panelId: string;
  /** Where focus returns when the panel closes. */
  toggleRef: RefObject<HTMLButtonElement | null>;
}

export function ChatWidgetPanel({
  controller,
  config: input,
  open,
  onOpenChange,
  panelId,
  toggleRef,
}: ChatWidgetPanelProps) {
  const configKey = JSON.stringify(input ?? {});
  // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed by value, not identity
  const config = useMemo(() => resolveConfig(input), [configKey]);
  const { state, Chat, tag, switched } = useSyncExternalStore(
    controller.subscribe,
    controller.getSnapshot,
    controller.getSnapshot,
  );
  const colorScheme = usePageTheme();
  const { lang, locale, dir } = usePageLanguage();
  const strings = useMemo(() => ({ strings: stringsFor(lang).panel, lang }), [lang]);
  const t = strings.strings;
  const panelRef = useRef<HTMLElement>(null);
  // "Copy conversation": reads the thread on screen through the widget's authorized fetch.
  const copy = useCopyConversation(
    () => ({
      fetch: controller.fetch,
      backendUrl: config.backendUrl,
      threadId: controller.initialThread(),
    }),
    t,
    state.isLoading,
  );

  // Layout effects, so connecting (the session request first of all) starts before the panel is
  // first painted, not a frame later: the panel arrives in a promise, and React runs the passive
  // effects of such a render only after the browser has painted it.
  useLayoutEffect(() => {
    controller.start(config);
    return () => controller.dispose();
  }, [controller, config]);
  // The shell's open state is the truth; the controller follows it.
  useLayoutEffect(() => controller.setOpen(open), [controller, open]);
  usePanelFocus(controller, {
    panelRef,
    toggleRef,
    open: state.isOpen,
    ready: state.isInitialized,
  });

  const view = panelView(state);
  const variant = state.isInitialized ? 'banner' : 'full';

  return (
    <PanelStringsContext value={strings}>
      <ChatPanel
        ref={panelRef}
        id={panelId}
        title={config.title}
        open={state.isOpen}
        dir={dir}
        onClose={() => onOpenChange(false)}
        onNewConversation={state.isInitialized ? controller.newConversation : undefined}
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
            onRetryNow={controller.retryNow}
            onCancel={controller.cancelRetry}
          />
        )}
        {view === 'error' && state.error && (
          <ErrorPanel
            variant={variant}
            error={state.error}
            offline={state.isOffline && state.error.type === 'network'}
            onRetry={controller.retry}
            onDismiss={state.isInitialized ? controller.dismiss : undefined}
          />
        )}
        {switched && (
          <p className={styles.switched} role="status">
            {t.switchedToLocal}
          </p>
        )}
        {Chat && (
          <div className={styles.surface} hidden={!state.isInitialized}>
            <Chat
              // A new element when the local one takes over from OpenAI's.
              key={tag}
              tag={tag}
              controller={controller}
              config={config}
              colorScheme={colorScheme}
              locale={locale}
            />
          </div>
        )}
        <ResponseIndicator active={state.isLoading} delayMs={config.indicatorDelayMs} />
      </ChatPanel>
    </PanelStringsContext>
  );
}
