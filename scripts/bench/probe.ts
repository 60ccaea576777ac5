/**
 * What runs in the page: an init script, installed before any of the page's own code, that records
 * paint, open, stream and timer milestones on `window.__bench` for rows.ts to read.
 */

export interface Probe {
  /** rAF timestamps, one per rendered frame, until the toggle and FCP are both known. */
  frames: number[];
  toggleFrame: number | null;
  fcp: number | null;
  /** The first pointerdown on the toggle (a touch's first contact, on the phone profile). */
  contactAt: number | null;
  clickAt: number | null;
  readyAt: number | null;
  responseEnds: number;
  reopenVisibleAt: number | null;
  watchReopen(): void;
  delta: {
    armed: boolean;
    arrival: number | null;
    dom: number | null;
    /** The first frame after the text was in the DOM begins (its animation callbacks run). */
    frameStart: number | null;
    /** That frame has rendered (a task queued from its animation callbacks runs). */
    frame: number | null;
    /** rAF timestamps from arming until the text is on screen: the page's frame rate then. */
    frames: number[];
    /** When each of those frames' callbacks ran (performance.now()). */
    ticks: number[];
  };
  armDelta(): void;
  /** Resolves once the page has a fully idle 50 ms period (or after 5 s). */
  idle(): Promise<void>;
  /** Opens and closes the panel `times` times from inside the page, a frame per step. */
  cycle(times: number): Promise<void>;
  /** Sends a question from the composer and resolves when its answer has ended. */
  ask(text: string): Promise<void>;
  longTasks: { start: number; duration: number }[];
  timeouts: Set<number>;
  intervals: Set<number>;
}

declare global {
  interface Window {
    __bench: Probe;
  }
}

export function installProbe() {
  const freshDelta = (armed: boolean): Probe['delta'] => ({
    armed,
    arrival: null,
    dom: null,
    frameStart: null,
    frame: null,
    frames: [],
    ticks: [],
  });
  const probe: Probe = {
    frames: [],
    toggleFrame: null,
    fcp: null,
    contactAt: null,
    clickAt: null,
    readyAt: null,
    responseEnds: 0,
    reopenVisibleAt: null,
    watchReopen() {},
    delta: freshDelta(false),
    armDelta() {},
    idle: () => Promise.resolve(),
    cycle: () => Promise.resolve(),
    ask: () => Promise.resolve(),
    longTasks: [],
    timeouts: new Set(),
    intervals: new Set(),
  };
  window.__bench = probe;
  const TOGGLE = 'button[aria-label^="Open chat"]';

  // Timers still pending: every setTimeout/setInterval is counted until it fires or is cleared.
  const { setTimeout: nativeSetTimeout, setInterval: nativeSetInterval } = window;
  const { clearTimeout: nativeClearTimeout, clearInterval: nativeClearInterval } = window;
  window.setTimeout = ((handler: TimerHandler, timeout?: number, ...args: unknown[]) => {
    if (typeof handler !== 'function') return nativeSetTimeout(handler, timeout, ...args);
    const id = nativeSetTimeout(() => {
      probe.timeouts.delete(id);
      (handler as (...a: unknown[]) => void)(...args);
    }, timeout);
    probe.timeouts.add(id);
    return id;
  }) as typeof window.setTimeout;
  window.setInterval = ((handler: TimerHandler, timeout?: number, ...args: unknown[]) => {
    const id = nativeSetInterval(handler, timeout, ...args);
    probe.intervals.add(id);
    return id;
  }) as typeof window.setInterval;
  const clear = (id: number | undefined) => {
    if (id === undefined) return;
    probe.timeouts.delete(id);
    probe.intervals.delete(id);
  };
  window.clearTimeout = ((id?: number) => {
    clear(id);
    nativeClearTimeout(id);
  }) as typeof window.clearTimeout;
  window.clearInterval = ((id?: number) => {
    clear(id);
    nativeClearInterval(id);
  }) as typeof window.clearInterval;

  // Toggle vs first contentful paint: rAF callbacks run once per rendered frame, before its paint.
  // The first frame whose rAF finds the toggle laid out in the viewport is the frame painting it.
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.name !== 'first-contentful-paint') continue;
      const paint = entry as PerformanceEntry & { paintTime?: number };
      probe.fcp = paint.paintTime ?? entry.startTime;
    }
  }).observe({ type: 'paint', buffered: true });
  const isVisible = (el: Element | null) => {
    if (!el) return false;
    const rect = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return (
      rect.width > 0 &&
      rect.height > 0 &&
      rect.bottom > 0 &&
      rect.right > 0 &&
      rect.top < innerHeight &&
      rect.left < innerWidth &&
      style.visibility === 'visible' &&
      style.opacity !== '0'
    );
  };
  const onFrame = (time: number) => {
    probe.frames.push(time);
    if (probe.toggleFrame === null && isVisible(document.querySelector(TOGGLE))) {
      probe.toggleFrame = probe.frames.length - 1;
    }
    if ((probe.toggleFrame === null || probe.fcp === null) && probe.frames.length < 600) {
      requestAnimationFrame(onFrame);
    }
  };
  requestAnimationFrame(onFrame);

  // Open → ready: from the click's input timestamp to `chatkit.ready` (bubbles, composed).
  document.addEventListener(
    'pointerdown',
    (event) => {
      if ((event.target as Element | null)?.closest?.(TOGGLE)) probe.contactAt ??= event.timeStamp;
    },
    true,
  );
  document.addEventListener(
    'click',
    (event) => {
      if ((event.target as Element | null)?.closest?.(TOGGLE)) probe.clickAt = event.timeStamp;
    },
    true,
  );
  document.addEventListener('chatkit.ready', () => (probe.readyAt ??= performance.now()), true);
  document.addEventListener('chatkit.response.end', () => probe.responseEnds++, true);

  // Warm re-open: the first frame after the click in which the composer is visible.
  probe.watchReopen = () => {
    probe.reopenVisibleAt = null;
    const poll = (time: number) => {
      const composer = document.querySelector('openai-chatkit textarea');
      if (probe.clickAt !== null && isVisible(composer)) probe.reopenVisibleAt = time;
      else requestAnimationFrame(poll);
    };
    requestAnimationFrame(poll);
  };

  // First delta: its arrival is the moment a body read resolves with bytes holding `text_delta`
  // (this wrapper's callback runs before the page's own await resumes); it is drawn by the first
  // frame that begins once the assistant's message has text (DOM; rAF), and that frame has rendered
  // when a task queued from its animation callbacks runs.
  const decoder = new TextDecoder();
  const nativeRead = ReadableStreamDefaultReader.prototype.read;
  ReadableStreamDefaultReader.prototype.read = function read(this: ReadableStreamDefaultReader) {
    const result = nativeRead.call(this) as Promise<ReadableStreamReadResult<unknown>>;
    if (probe.delta.armed && probe.delta.arrival === null) {
      void result.then(
        ({ value }) => {
          if (probe.delta.arrival !== null || !(value instanceof Uint8Array)) return;
          if (decoder.decode(value).includes('text_delta')) probe.delta.arrival = performance.now();
        },
        () => undefined,
      );
    }
    return result as never;
  };
  let observer: MutationObserver | null = null;
  probe.armDelta = () => {
    probe.delta = freshDelta(true);
    const sample = (time: number) => {
      probe.delta.frames.push(time);
      probe.delta.ticks.push(performance.now());
      if (probe.delta.frame === null || probe.delta.frames.length < 30)
        requestAnimationFrame(sample);
    };
    requestAnimationFrame(sample);
    observer?.disconnect();
    observer = new MutationObserver(() => {
      const bodies = document.querySelectorAll(
        '[role="log"] .ck-message--assistant .ck-message-body',
      );
      const last = bodies[bodies.length - 1];
      if (!last?.textContent) return;
      observer?.disconnect();
      probe.delta.dom = performance.now();
      requestAnimationFrame(() => {
        probe.delta.frameStart = performance.now();
        const channel = new MessageChannel();
        channel.port1.onmessage = () => (probe.delta.frame = performance.now());
        channel.port2.postMessage(0);
      });
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
  };

  probe.idle = () =>
    new Promise((resolve) => {
      const giveUpAt = performance.now() + 5000;
      const check = (deadline: IdleDeadline) => {
        if (deadline.timeRemaining() >= 49 || performance.now() > giveUpAt) resolve();
        else requestIdleCallback(check);
      };
      requestIdleCallback(check);
    });

  // Driven from inside the page, so the heap holds the widget's allocations and not Playwright's
  // per-action state (its injected scripts share the page's V8 heap).
  const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  const composerVisible = () => isVisible(document.querySelector('openai-chatkit textarea'));
  probe.cycle = async (times) => {
    for (let i = 0; i < times; i++) {
      document.querySelector<HTMLElement>(TOGGLE)!.click();
      while (!composerVisible()) await nextFrame();
      document
        .querySelector('[role="dialog"]')!
        .dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
      while (composerVisible()) await nextFrame();
    }
  };
  probe.ask = async (text) => {
    const before = probe.responseEnds;
    const input = document.querySelector<HTMLTextAreaElement>('openai-chatkit textarea')!;
    input.value = text;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    const busy = () => document.querySelector('[role="log"]')?.getAttribute('aria-busy') === 'true';
    while (probe.responseEnds === before || busy()) await nextFrame();
  };

  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      probe.longTasks.push({ start: entry.startTime, duration: entry.duration });
    }
  }).observe({ type: 'longtask', buffered: true });
}

/** The probe as an init script (tsx keeps function names with a `__name` helper the page lacks). */
export const PROBE_SCRIPT = `var __name = (f) => f; (${installProbe.toString()})();`;
