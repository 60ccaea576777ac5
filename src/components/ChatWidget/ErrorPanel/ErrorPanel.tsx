import type { ErrorState } from '../errors';
import { usePanelStrings } from '../strings/context';
import ui from '../ui.module.css';
import styles from './ErrorPanel.module.css';

export interface ErrorPanelProps {
  /** The classified failure; only its friendly message is shown. */
  error: ErrorState;
  /** Shows a "Try again" button. */
  onRetry?: (() => void) | undefined;
  /** Shows a "Dismiss" button (banner only). */
  onDismiss?: (() => void) | undefined;
  /** `full` replaces the panel body; `banner` sits above the conversation. @default "full" */
  variant?: 'full' | 'banner';
  /**
   * The browser is offline: says so, and hides "Try again" (retries resume by themselves).
   * @default false
   */
  offline?: boolean;
}

/**
 * A classified failure in the reader's words: a heading and a message that says what to do, never
 * a status code or the server's text, with "Try again" (and, as a banner over a conversation,
 * "Dismiss"). Announced at once (`role="alert"`).
 */
export function ErrorPanel({
  error,
  onRetry,
  onDismiss,
  variant = 'full',
  offline = false,
}: ErrorPanelProps) {
  const { t } = usePanelStrings();
  const heading = offline ? t.offlineHeading : t.errorHeadings[error.type];
  return (
    <div
      role="alert"
      className={variant === 'full' ? ui.centered : styles.banner}
      data-type={error.type}
    >
      {variant === 'full' && (
        <svg className={styles.statusIcon} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <circle cx="12" cy="12" r="10" fill="none" stroke="currentColor" strokeWidth="2" />
          <path d="M12 7v6" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
          <circle cx="12" cy="16.5" r="1.2" fill="currentColor" />
        </svg>
      )}
      <p className={styles.heading}>{heading}</p>
      <p className={styles.message}>{t.messages[error.reason]}</p>
      <div className={`${ui.actions} ${styles.actions}`}>
        {onRetry && !offline && (
          <button type="button" className={ui.primaryButton} onClick={onRetry}>
            {t.tryAgain}
          </button>
        )}
        {onDismiss && (
          <button type="button" className={ui.secondaryButton} onClick={onDismiss}>
            {t.dismiss}
          </button>
        )}
      </div>
    </div>
  );
}
