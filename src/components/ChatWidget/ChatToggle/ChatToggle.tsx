import type { Ref } from 'react';
import { SHELL_STRINGS_EN } from '../shellStrings';
import type { ShellStrings } from '../strings/types';
import styles from './ChatToggle.module.css';

export interface ChatToggleProps {
  /**
   * Whether the panel is open: sets `aria-expanded`, the accessible name ("Open chat" or
   * "Close chat") and the icon.
   */
  open: boolean;
  /** Called on click: the reader asks to open or close the panel. */
  onToggle: () => void;
  /**
   * Called when the reader is likely to open the chat (pointer over it, keyboard focus on it): the
   * widget starts fetching its code.
   */
  onIntent?: () => void;
  /** Id of the panel it controls (`aria-controls`), once that exists. */
  controls?: string | undefined;
  /**
   * An answer arrived while the panel was closed: shows a dot and adds "new answer" to the name.
   * @default false
   */
  unread?: boolean;
  /** An answer is streaming while the panel is closed: shows a ring. @default false */
  busy?: boolean;
  /** Hidden visually and from assistive technology (the full-screen sheet covers it). @default false */
  concealed?: boolean;
  /** Its words, in the page's language. @default English */
  strings?: ShellStrings;
  ref?: Ref<HTMLButtonElement>;
}

/**
 * The round button at the bottom right of every page (bottom left on right-to-left pages), the
 * only part of the widget a page loads. `aria-expanded` and the accessible name say whether the
 * chat is open; a dot (and "new answer" in the name) marks an answer that arrived while it was
 * closed, and a ring one still streaming. Ctrl/Cmd+I opens it from anywhere. Renders without
 * browser-only APIs (SSR-safe).
 */
export function ChatToggle({
  open,
  onToggle,
  onIntent,
  controls,
  unread = false,
  busy = false,
  concealed = false,
  strings: t = SHELL_STRINGS_EN,
  ref,
}: ChatToggleProps) {
  const label = open
    ? t.closeChat
    : unread
      ? t.openChatNewAnswer
      : busy
        ? t.openChatBusy
        : t.openChat;
  return (
    <button
      ref={ref}
      type="button"
      className={styles.toggle}
      aria-label={label}
      aria-expanded={open}
      aria-controls={controls}
      aria-keyshortcuts="Control+I Meta+I"
      title={open ? undefined : t.openTitle}
      data-busy={busy || undefined}
      data-concealed={concealed || undefined}
      onClick={onToggle}
      onPointerEnter={onIntent}
      onFocus={onIntent}
    >
      {open ? (
        <svg className={styles.toggleIcon} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <path
            d="M6 6l12 12M18 6L6 18"
            stroke="currentColor"
            strokeWidth="2.2"
            strokeLinecap="round"
          />
        </svg>
      ) : (
        <svg className={styles.toggleIcon} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <path
            d="M4 5.5A2.5 2.5 0 0 1 6.5 3h11A2.5 2.5 0 0 1 20 5.5v8a2.5 2.5 0 0 1-2.5 2.5H10l-4.2 3.6A.5.5 0 0 1 5 19.2V16h0.5A1.5 1.5 0 0 1 4 14.5z"
            fill="currentColor"
          />
          <circle cx="9" cy="9.5" r="1.2" fill="var(--chat-widget-toggle-bg)" />
          <circle cx="12" cy="9.5" r="1.2" fill="var(--chat-widget-toggle-bg)" />
          <circle cx="15" cy="9.5" r="1.2" fill="var(--chat-widget-toggle-bg)" />
        </svg>
      )}
      {unread && !open && <span className={styles.badge} aria-hidden="true" />}
    </button>
  );
}
