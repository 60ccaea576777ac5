/**
 * The button of "Ask about this", fetched by `AskAboutSelection` (index.tsx) the first time the
 * reader selects text: it follows the selection, and opens the chat with the passage quoted.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { oneLine, openChatWithQuote } from '../ChatWidget/compose';
import styles from './AskButton.module.css';
import type { AskAboutSelectionProps } from './props';

interface Anchor {
  /** The passage, already `quoteOf`. */
  text: string;
  top: number;
  left: number;
}

/**
 * The passage as it is quoted: what a `?ask=` question becomes too (`oneLine`: one line, no control,
 * bidirectional or zero-width characters), at most `maxLength` characters, cut with an ellipsis.
 */
export function quoteOf(text: string, maxLength = 600): string {
  return oneLine(text, maxLength, '…');
}

export function AskButton({
  within = 'article',
  maxLength = 600,
  label = 'Ask about this',
}: AskAboutSelectionProps) {
  const [anchor, setAnchor] = useState<Anchor | null>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  const measure = useCallback(() => {
    const selection = document.getSelection();
    // Quoted as it will be sent: a selection of nothing but invisible characters is no passage.
    const text = quoteOf(selection?.toString() ?? '', maxLength);
    if (!selection || selection.rangeCount === 0 || text.length < 2) return setAnchor(null);
    const range = selection.getRangeAt(0);
    const container =
      range.commonAncestorContainer instanceof Element
        ? range.commonAncestorContainer
        : range.commonAncestorContainer.parentElement;
    if (!container?.closest(within)) return setAnchor(null);
    const rects = range.getClientRects();
    const last = rects[rects.length - 1] ?? range.getBoundingClientRect();
    setAnchor({
      text,
      top: last.bottom + window.scrollY + 6,
      left: Math.min(last.right + window.scrollX, window.scrollX + window.innerWidth - 140),
    });
  }, [within, maxLength]);

  // Fetched because of a selection: show the button for it at once.
  useEffect(() => {
    const frame = requestAnimationFrame(measure);
    return () => cancelAnimationFrame(frame);
  }, [measure]);

  useEffect(() => {
    // Measured when a selection settles: on pointer/key release, not on every change while dragging.
    const onRelease = (event: Event) => {
      if (buttonRef.current?.contains(event.target as Node)) return;
      requestAnimationFrame(measure);
    };
    const onSelectionChange = () => {
      if (document.getSelection()?.isCollapsed) setAnchor(null);
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setAnchor(null);
    };
    document.addEventListener('pointerup', onRelease);
    document.addEventListener('keyup', onRelease);
    document.addEventListener('selectionchange', onSelectionChange);
    document.addEventListener('keydown', onKeyDown);
    return () => {
      document.removeEventListener('pointerup', onRelease);
      document.removeEventListener('keyup', onRelease);
      document.removeEventListener('selectionchange', onSelectionChange);
      document.removeEventListener('keydown', onKeyDown);
    };
  }, [measure]);

  if (!anchor) return null;
  return (
    <button
      ref={buttonRef}
      type="button"
      className={styles.button}
      style={{ top: anchor.top, insetInlineStart: anchor.left }}
      // Keep the selection: a mousedown on a button would otherwise clear it first.
      onPointerDown={(event) => event.preventDefault()}
      onClick={() => {
        openChatWithQuote(anchor.text);
        setAnchor(null);
      }}
    >
      <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <path
          d="M4 5.5A2.5 2.5 0 0 1 6.5 3h11A2.5 2.5 0 0 1 20 5.5v8a2.5 2.5 0 0 1-2.5 2.5H10l-4.2 3.6A.5.5 0 0 1 5 19.2V16A1.5 1.5 0 0 1 4 14.5z"
          fill="currentColor"
        />
      </svg>
      {label}
    </button>
  );
}
