import { describe, expect, it } from 'vitest';
import { BackendError, FRIENDLY_MESSAGES, SurfaceError, classifyError } from './errors';

const now = 1_700_000_000_000;
const classify = (error: unknown, online = true) => classifyError(error, { now, online });

describe('classifyError', () => {
  it.each([
    [
      'network',
      new BackendError('x', { endpoint: 'session', failure: 'network' }),
      'network',
      true,
    ],
    [
      'timeout',
      new BackendError('x', { endpoint: 'session', failure: 'timeout' }),
      'network',
      true,
    ],
    [
      '500',
      new BackendError('x', { endpoint: 'session', failure: 'http', status: 500 }),
      'backend',
      true,
    ],
    [
      '502 HTML page',
      new BackendError('x', { endpoint: 'session', failure: 'http', status: 502 }),
      'backend',
      true,
    ],
    [
      '429',
      new BackendError('x', {
        endpoint: 'session',
        failure: 'http',
        status: 429,
        retryAfterMs: 60_000,
      }),
      'rate_limit',
      true,
    ],
    [
      '401 after refresh',
      new BackendError('x', { endpoint: 'chatkit', failure: 'http', status: 401 }),
      'session',
      false,
    ],
    [
      '400 validation',
      new BackendError('x', { endpoint: 'chatkit', failure: 'http', status: 400 }),
      'backend',
      false,
    ],
    [
      'malformed session',
      new BackendError('x', { endpoint: 'session', failure: 'malformed' }),
      'session',
      false,
    ],
    ['script blocked', new SurfaceError('x'), 'surface', false],
    ['fetch TypeError', new TypeError('Failed to fetch'), 'network', true],
    [
      'stream error',
      Object.assign(new Error('x'), { code: 'stream.error', allowRetry: true }),
      'backend',
      false,
    ],
    ['an element HTTP error', Object.assign(new Error('x'), { status: 503 }), 'backend', true],
    ['a string', 'boom', 'unknown', false],
  ] as const)('%s → %s', (_label, error, type, retryable) => {
    const state = classify(error);
    expect(state.type).toBe(type);
    expect(state.retryable).toBe(retryable);
    expect(state.timestamp).toBe(now);
  });

  it('keeps the server-given wait for rate limits', () => {
    const error = new BackendError('x', {
      endpoint: 'session',
      failure: 'http',
      status: 429,
      retryAfterMs: 60_000,
    });
    expect(classify(error).retryAfterMs).toBe(60_000);
    expect(
      classify(Object.assign(new Error('x'), { status: 429, retryAfter: 20 })).retryAfterMs,
    ).toBe(20_000);
  });

  it('says "offline" when the browser is offline', () => {
    const error = new BackendError('x', { endpoint: 'session', failure: 'network' });
    expect(classify(error, false).message).toBe(FRIENDLY_MESSAGES.offline);
  });

  it('finds a BackendError in the cause chain', () => {
    const inner = new BackendError('x', { endpoint: 'chatkit', failure: 'http', status: 429 });
    expect(classify(new Error('wrapped', { cause: inner })).type).toBe('rate_limit');
  });

  it('never shows the raw server message, a status code or a stack', () => {
    const error = new BackendError('Failed to create ChatKit session: psycopg2 OperationalError', {
      endpoint: 'session',
      failure: 'http',
      status: 500,
      errorType: 'SessionCreationError',
      cause: 'Traceback (most recent call last)',
    });
    const { message } = classify(error);
    expect(message).not.toMatch(/500|psycopg2|Traceback|SessionCreationError/);
    expect(Object.values(FRIENDLY_MESSAGES)).toContain(message);
  });
});
