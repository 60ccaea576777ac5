import { useEffect, useState } from 'react';
import { usePanelStrings } from '../strings/context';
import ui from '../ui.module.css';
import styles from './ResponseIndicator.module.css';

export interface ResponseIndicatorProps {
  /** An answer is streaming: shows "Assistant is answering…"; its end announces "Answer ready". */
  active: boolean;
  /** Delay before showing, so instant answers do not flash, in ms. @default 300 */
  delayMs?: number;
}

/**
 * Under the conversation: "Assistant is answering…" while an answer streams, after a short
 * show-delay so instant answers do not flash, then "Answer ready" for screen readers (visually
 * hidden). The region is always in the DOM so screen readers announce its changes politely.
 */
export function ResponseIndicator({ active, delayMs = 300 }: ResponseIndicatorProps) {
  const { t } = usePanelStrings();
  const [delayPassed, setDelayPassed] = useState(false);
  const [previousActive, setPreviousActive] = useState(active);
  const [done, setDone] = useState(false);
  // "Answer ready" is announced when an answer ends (state adjusted while rendering, not in an effect).
  if (active !== previousActive) {
    setPreviousActive(active);
    setDone(!active);
  }

  useEffect(() => {
    if (!active || delayMs <= 0) return;
    const timer = setTimeout(() => setDelayPassed(true), delayMs);
    return () => {
      clearTimeout(timer);
      setDelayPassed(false);
    };
  }, [active, delayMs]);

  useEffect(() => {
    if (!done) return;
    const timer = setTimeout(() => setDone(false), 4000);
    return () => clearTimeout(timer);
  }, [done]);

  const visible = active && (delayMs <= 0 || delayPassed);
  return (
    <div
      role="status"
      aria-label={t.answerStatus}
      className={styles.indicator}
      data-visible={visible || undefined}
    >
      {visible && (
        <>
          <span className={styles.dots} aria-hidden="true">
            <span />
            <span />
            <span />
          </span>
          <span>{t.answering}</span>
        </>
      )}
      {done && <span className={ui.visuallyHidden}>{t.answerReady}</span>}
    </div>
  );
}
