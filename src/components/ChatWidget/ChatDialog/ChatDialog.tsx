import { useEffect, useRef, type ReactNode, type Ref } from 'react';
import { usePanelStrings } from '../strings/context';
import { IconButton } from '../IconButton';
import styles from './ChatDialog.module.css';

export interface ChatDialogProps {
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
export function ChatDialog({
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
}: ChatDialogProps) {
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
          <IconButton
            ref={historyButtonRef}
            className={styles.iconButton}
            label={t.history.title}
            aria-pressed={historyOpen}
            onClick={onHistory}
            path="M4 12a8 8 0 1 0 2.3-5.6M4 4v3.5h3.5M12 8v4l3 2"
          />
        )}
        {onCopyConversation && (
          <IconButton
            className={styles.iconButton}
            label={t.copyConversation}
            onClick={onCopyConversation}
            // Two sheets: the one in front (a rounded square), the one behind (its corner).
            path="M11 9h7a2 2 0 0 1 2 2v7a2 2 0 0 1-2 2h-7a2 2 0 0 1-2-2v-7a2 2 0 0 1 2-2zM5 15V6a2 2 0 0 1 2-2h9"
          />
        )}
        {onNewConversation && (
          <IconButton
            className={styles.headerButton}
            label={t.newConversation}
            onClick={onNewConversation}
            path="M12 5v14M5 12h14"
            // "New" is what fits beside the title; the name stays "New conversation".
            text={t.newConversationShort}
          />
        )}
        <IconButton
          className={styles.iconButton}
          label={t.closeChat}
          onClick={onClose}
          path="M6 6l12 12M18 6L6 18"
        />
      </header>
      <div className={styles.body}>{children}</div>
    </section>
  );
}
