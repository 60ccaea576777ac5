/** Test support for the widget's unit tests (not shipped). */

/**
 * Records how a promise settles, readable synchronously without awaiting it (and so without
 * hanging on one that never settles).
 */
export function track<T>(promise: Promise<T>) {
  const outcome: { state: 'pending' | 'resolved' | 'rejected'; value?: T; error?: unknown } = {
    state: 'pending',
  };
  promise.then(
    (value) => Object.assign(outcome, { state: 'resolved', value }),
    (error: unknown) => Object.assign(outcome, { state: 'rejected', error }),
  );
  return outcome;
}
