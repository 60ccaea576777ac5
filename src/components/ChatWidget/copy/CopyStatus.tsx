import styles from './CopyStatus.module.css';

/**
 * What "Copy conversation" did, in a polite live region that is always there (empty when there is
 * nothing to say, so that screen readers announce the first message too): one quiet line over the
 * top of the conversation, or a failure with what to do.
 */
export function CopyStatus({ message, failed }: { message: string; failed: boolean }) {
  return (
    <p role="status" className={failed ? `${styles.status} ${styles.failed}` : styles.status}>
      {message}
    </p>
  );
}
