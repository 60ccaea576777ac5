import styles from './styles.module.css';
import { useSecondsLeft } from './useSecondsLeft';
import type { PendingRetry } from './widgetState';

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
  return (
    <div className={variant === 'full' ? styles.retryFull : styles.retryBanner}>
      {variant === 'full' && <span className={styles.spinner} aria-hidden="true" />}
      <p className={styles.retryHeading} role="status" aria-label="Retry status">
        {offline
          ? `Waiting for the network to retry (${retry.retry} of ${retry.of})`
          : `Retrying automatically (${retry.retry} of ${retry.of})`}
      </p>
      <p className={styles.retryMessage}>{message}</p>
      <p className={styles.countdown}>
        {offline || left === null
          ? 'Paused while offline.'
          : left > 0
            ? `Next try in ${left} s`
            : 'Trying now…'}
      </p>
      <div className={styles.actions}>
        <button type="button" className={styles.primaryButton} onClick={onRetryNow}>
          Retry now
        </button>
        <button type="button" className={styles.secondaryButton} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
