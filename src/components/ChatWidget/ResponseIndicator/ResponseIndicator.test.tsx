// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ResponseIndicator } from './ResponseIndicator';

const status = () => screen.getByRole('status', { name: 'Answer status' });
const advance = (ms: number) => act(() => vi.advanceTimersByTime(ms));

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('ResponseIndicator', () => {
  it('keeps an empty live region while idle', () => {
    render(<ResponseIndicator active={false} />);
    expect(status().textContent).toBe('');
  });

  it('shows "Assistant is answering…" only after the show-delay', () => {
    const { rerender } = render(<ResponseIndicator active={false} delayMs={300} />);
    rerender(<ResponseIndicator active delayMs={300} />);
    expect(status().textContent).toBe('');
    advance(299);
    expect(status().textContent).toBe('');
    advance(1);
    expect(status().textContent).toBe('Assistant is answering…');
  });

  it('shows at once with no delay', () => {
    render(<ResponseIndicator active delayMs={0} />);
    expect(status().textContent).toBe('Assistant is answering…');
  });

  it('announces "Answer ready" when the answer ends, then clears it', () => {
    const { rerender } = render(<ResponseIndicator active={false} delayMs={300} />);
    rerender(<ResponseIndicator active delayMs={300} />);
    advance(300);
    rerender(<ResponseIndicator active={false} delayMs={300} />);
    expect(status().textContent).toBe('Answer ready');
    expect(screen.queryByText('Assistant is answering…')).toBeNull();
    advance(4000);
    expect(status().textContent).toBe('');
  });

  it('never flashes the indicator for an instant answer, but still announces it', () => {
    const { rerender } = render(<ResponseIndicator active={false} delayMs={300} />);
    rerender(<ResponseIndicator active delayMs={300} />);
    advance(100);
    rerender(<ResponseIndicator active={false} delayMs={300} />);
    expect(status().textContent).toBe('Answer ready');
    advance(1000);
    expect(screen.queryByText('Assistant is answering…')).toBeNull();
  });

  it('restarts the delay for the next answer', () => {
    const { rerender } = render(<ResponseIndicator active delayMs={300} />);
    advance(300);
    rerender(<ResponseIndicator active={false} delayMs={300} />);
    rerender(<ResponseIndicator active delayMs={300} />);
    expect(status().textContent).toBe('');
    advance(300);
    expect(status().textContent).toBe('Assistant is answering…');
  });
});
