// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RetryPanel } from './RetryPanel';
import type { PendingRetry } from '../widgetState';

const MESSAGE = "Can't reach the textbook assistant. Check your connection, then try again.";

let clock = 0;
const now = () => clock;
const retry = (overrides: Partial<PendingRetry> = {}): PendingRetry => ({
  retry: 1,
  of: 3,
  at: 3000,
  operation: 'connect',
  ...overrides,
});

function renderPanel(props: Partial<Parameters<typeof RetryPanel>[0]> = {}) {
  const onRetryNow = vi.fn();
  const onCancel = vi.fn();
  render(
    <RetryPanel
      retry={retry()}
      message={MESSAGE}
      onRetryNow={onRetryNow}
      onCancel={onCancel}
      now={now}
      {...props}
    />,
  );
  return { onRetryNow, onCancel };
}

/** Moves the injected clock and lets the panel's refresh interval tick. */
const tickTo = (ms: number) => {
  clock = ms;
  act(() => vi.advanceTimersByTime(250));
};

beforeEach(() => {
  vi.useFakeTimers();
  clock = 0;
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('RetryPanel', () => {
  it('shows the attempt in a live region and the message', () => {
    renderPanel();
    expect(screen.getByRole('status', { name: 'Retry status' }).textContent).toBe(
      'Retrying automatically (1 of 3)',
    );
    expect(screen.getByText(MESSAGE)).toBeVisible();
  });

  it('counts down in whole seconds from the injected clock', () => {
    renderPanel();
    expect(screen.getByText('Next try in 3 s')).toBeInTheDocument();
    tickTo(1);
    expect(screen.getByText('Next try in 3 s')).toBeInTheDocument();
    tickTo(1000);
    expect(screen.getByText('Next try in 2 s')).toBeInTheDocument();
    tickTo(2001);
    expect(screen.getByText('Next try in 1 s')).toBeInTheDocument();
    tickTo(3000);
    expect(screen.getByText('Trying now…')).toBeInTheDocument();
  });

  it('says it is paused while offline', () => {
    renderPanel({ offline: true, retry: retry({ at: Infinity }) });
    expect(screen.getByRole('status', { name: 'Retry status' }).textContent).toBe(
      'Waiting for the network to retry (1 of 3)',
    );
    expect(screen.getByText('Paused while offline.')).toBeVisible();
    expect(screen.queryByText(/Next try/)).toBeNull();
  });

  it('shows the last attempt', () => {
    renderPanel({ retry: retry({ retry: 3, at: 4000 }) });
    expect(screen.getByText('Retrying automatically (3 of 3)')).toBeVisible();
    expect(screen.getByText('Next try in 4 s')).toBeVisible();
  });

  it('calls onRetryNow and onCancel from its buttons', () => {
    const { onRetryNow, onCancel } = renderPanel();
    fireEvent.click(screen.getByRole('button', { name: 'Retry now' }));
    expect(onRetryNow).toHaveBeenCalledTimes(1);
    expect(onCancel).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onCancel).toHaveBeenCalledTimes(1);
  });

  it('stops its refresh timer when unmounted', () => {
    renderPanel();
    expect(vi.getTimerCount()).toBe(1);
    cleanup();
    expect(vi.getTimerCount()).toBe(0);
  });
});
