// @vitest-environment jsdom
/**
 * The thread's scroll: a reader at the end of the conversation stays there when the log is
 * resized (the composer grows with a quoted passage), and one who scrolled up is left where they
 * are. jsdom has no layout, so sizes are set by hand and ResizeObserver is played by the test.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ThreadView } from './thread-view';

let resized: (() => void) | null = null;

function log(scrollHeight: number, clientHeight: number) {
  const element = document.createElement('div');
  Object.defineProperty(element, 'scrollHeight', { configurable: true, get: () => scrollHeight });
  Object.defineProperty(element, 'clientHeight', {
    configurable: true,
    get: () => clientHeight,
    set: (value: number) => void (clientHeight = value),
  });
  return element;
}

function view(element: HTMLElement) {
  vi.stubGlobal(
    'ResizeObserver',
    class {
      constructor(callback: () => void) {
        resized = callback;
      }
      observe() {}
      disconnect() {}
    },
  );
  vi.stubGlobal('requestAnimationFrame', (run: () => void) => run());
  const host = { strings: () => ({}) as never, onLayout: () => undefined } as never;
  return new ThreadView(element, host);
}

afterEach(() => {
  vi.unstubAllGlobals();
  resized = null;
});

describe('the thread when the log is resized', () => {
  it('keeps a reader at the end at the end', () => {
    const element = log(1000, 400);
    view(element);
    element.scrollTop = 600; // at the end
    element.dispatchEvent(new Event('scroll'));
    (element as unknown as { clientHeight: number }).clientHeight = 250; // the composer grew
    resized!();
    expect(element.scrollTop).toBe(1000);
  });

  it('leaves a reader who scrolled up where they are', () => {
    const element = log(1000, 400);
    view(element);
    element.scrollTop = 600;
    element.dispatchEvent(new Event('scroll'));
    element.scrollTop = 100; // the reader scrolls up to read
    element.dispatchEvent(new Event('scroll'));
    (element as unknown as { clientHeight: number }).clientHeight = 250;
    resized!();
    expect(element.scrollTop).toBe(100);
  });
});
