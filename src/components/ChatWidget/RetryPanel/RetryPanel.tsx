import ui from '../ui.module.css';
import styles from './RetryPanel.module.css';
import { usePanelStrings } from '../strings/context';
import { useSecondsLeft } from '../useSecondsLeft';
import type { PendingRetry } from '../widgetState';

export interface RetryPanelProps {
  /** The pending retry: which one of how many, and when it fires (`at`, epoch ms). */
  retry: PendingRetry;
  /** The friendly message of the failure being retried. */
  message: string;
  /** Skips the countdown. */
  onRetryNow: () => void;
  /** Stops retrying; the error stays with a manual "Try again". */
  onCancel: () => void;
  /** The browser is offline: the countdown is paused until the network is back. @default false */
  offline?: boolean;
  /** `full` replaces the panel body; `banner` sits above the conversation. @default "full" */
  variant?: 'full' | 'banner';
  /** Clock, for stories and tests. @default Date.now */
  now?: () => number;
}

/**
 * An automatic retry in progress: which attempt, a live countdown, "Retry now" to skip it and
 * "Cancel" to stop retrying. Only the attempt line is a live region (`role="status"`), so the
 * ticking countdown is not read out every second.
 */
export function RetryPanel({
  retry,
  message,
  onRetryNow,
  onCancel,
  offline = false,
  variant = 'full',
  now = Date.now,
}: RetryPanelProps) {
  const left = useSecondsLeft(retry.at, now);
  const { t, n } = usePanelStrings();
  return (
    <div className={variant === 'full' ? ui.centered : styles.banner}>
      {variant === 'full' && <span className={ui.spinner} aria-hidden="true" />}
      <p className={styles.heading} role="status" aria-label={t.retryStatus}>
        {(offline ? t.waitingForNetwork : t.retrying)(n(retry.retry), n(retry.of))}
      </p>
      <p className={styles.message}>{message}</p>
      <p className={styles.countdown}>
        {offline || left === null ? t.pausedOffline : left > 0 ? t.nextTryIn(n(left)) : t.tryingNow}
      </p>
      <div className={`${ui.actions} ${styles.actions}`}>
        <button type="button" className={ui.primaryButton} onClick={onRetryNow}>
          {t.retryNow}
        </button>
        <button type="button" className={ui.secondaryButton} onClick={onCancel}>
          {t.cancel}
        </button>
      </div>
    </div>
  );
}
