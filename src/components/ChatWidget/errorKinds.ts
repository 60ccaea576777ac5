/**
 * The kinds of failure and the friendly reasons the reader is given, as plain types: the error
 * classification (`errors.ts`) and the string tables (`strings/`) both name them, and neither
 * imports the other for it.
 */

/** What kind of failure it was. */
export type ErrorType = 'network' | 'backend' | 'session' | 'rate_limit' | 'surface' | 'unknown';

/** Which friendly message a failure gets (more kinds than ErrorType: offline and timeout). */
export type FriendlyReason =
  'network' | 'offline' | 'timeout' | 'backend' | 'session' | 'rate_limit' | 'surface' | 'unknown';
