import { useEffect, useRef, type ReactNode, type Ref } from 'react';
import { usePanelStrings } from '../strings/context';
import styles from './ChatPanel.module.css';

export interface ChatPanelProps {
  /** Element id, referenced by the toggle's `aria-controls`. */
  id: string;
  /** Heading and the dialog's accessible name. */
  title: string;
  /** Hidden (and out of the tab order) when false; the content stays mounted. */
  open: boolean;
  /** Close button and Escape. */
  onClose: () => void;
  /** Shows a "Conversation history" button when given (pressed while the history shows). */
  onHistory?: (() => void) | undefined;
  /** Whether the history shows in the body. */
  historyOpen?: boolean | undefined;
  /** The history button, where focus returns from the history. */
  historyButtonRef?: Ref<HTMLButtonElement> | undefined;
  /** Shows a "Copy conversation" icon button when given (once the chat is ready). */
  onCopyConversation?: (() => void) | undefined;
  /** Shows a "New conversation" button when given. */
  onNewConversation?: (() => void) | undefined;
  /** Page direction for the panel (RTL locales): the header mirrors. */
  dir?: 'ltr' | 'rtl' | undefined;
  /** The body under the header: connection status, retry or error panels, the chat surface. */
  children: ReactNode;
  ref?: Ref<HTMLElement>;
}

/**
 * The floating panel: a non-modal dialog named by its heading (the page stays usable beside it),
 * above the toggle. At most 400 × 600 px, shrinking with the viewport; a full-screen sheet under
 * 480 px wide; mirrored to the bottom left on right-to-left pages. The Close button and Escape
 * close it; "New conversation" appears once there is a conversation to leave.
 */
export function ChatPanel({
  id,
  title,
  open,
  onClose,
  onCopyConversation,
  onHistory,
  historyOpen = false,
  historyButtonRef,
  onNewConversation,
  dir,
  children,
  ref,
}: ChatPanelProps) {
  const headingId = `${id}-title`;
  const { t } = usePanelStrings();
  const own = useRef<HTMLElement>(null);
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  }, [onClose]);
  // Escape anywhere inside the panel closes it (unless something inside handled it first).
  useEffect(() => {
    const panel = own.current;
    if (!panel) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented) {
        event.preventDefault();
        onCloseRef.current();
      }
    };
    panel.addEventListener('keydown', onKeyDown);
    return () => panel.removeEventListener('keydown', onKeyDown);
  }, []);
  const setRefs = (element: HTMLElement | null) => {
    own.current = element;
    if (typeof ref === 'function') ref(element);
    else if (ref) ref.current = element;
  };
  return (
    <section
      ref={setRefs}
      id={id}
      role="dialog"
      aria-modal="false"
      aria-labelledby={headingId}
      className={styles.panel}
      hidden={!open}
      dir={dir}
      tabIndex={-1}
    >
      <header className={styles.header}>
        <h2 id={headingId} className={styles.title}>
          {title}
        </h2>
        {onHistory && (
          <button
            ref={historyButtonRef}
            type="button"
            className={styles.iconButton}
            aria-label={t.history.title}
            aria-pressed={historyOpen}
            title={t.history.title}
            onClick={onHistory}
          >
            <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
              <path
                d="M4 12a8 8 0 1 0 2.3-5.6M4 4v3.5h3.5M12 8v4l3 2"
                stroke="currentColor"
                strokeWidth="2"
                fill="none"
                strokeLinecap="round"
                strokeLinejoin="round"
              />
            </svg>
          </button>
        )}
        {onCopyConversation && (
          <button
            type="button"
            className={styles.iconButton}
            aria-label={t.copyConversation}
            title={t.copyConversation}
            onClick={onCopyConversation}
          >
            <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
              <rect
                x="9"
                y="9"
                width="11"
                height="11"
                rx="2"
                fill="none"
                stroke="currentColor"
                strokeWidth="2"
              />
              <path
                d="M5 15V6a2 2 0 0 1 2-2h9"
                fill="none"
                stroke="currentColor"
                strokeWidth="2"
                strokeLinecap="round"
              />
            </svg>
          </button>
        )}
        {onNewConversation && (
          <button
            type="button"
            className={styles.headerButton}
            aria-label={t.newConversation}
            onClick={onNewConversation}
          >
            <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
              <path
                d="M12 5v14M5 12h14"
                stroke="currentColor"
                strokeWidth="2"
                strokeLinecap="round"
              />
            </svg>
            {/* "New" is what fits beside the title; the name stays "New conversation". */}
            <span aria-hidden="true">{t.newConversationShort}</span>
          </button>
        )}
        <button
          type="button"
          className={styles.iconButton}
          aria-label={t.closeChat}
          onClick={onClose}
        >
          <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path
              d="M6 6l12 12M18 6L6 18"
              stroke="currentColor"
              strokeWidth="2"
              strokeLinecap="round"
            />
          </svg>
        </button>
      </header>
      <div className={styles.body}>{children}</div>
    </section>
  );
}
