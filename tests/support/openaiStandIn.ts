/**
 * A TEST DOUBLE for OpenAI's ChatKit script (cdn.platform.openai.com/deployments/chatkit/chatkit.js),
 * written from its public types (`@openai/chatkit/types`), not from its code: it defines
 * `<openai-chatkit>` with the element's methods and events and nothing behind them (no frame, no
 * requests), so the e2e harness can serve it at the CDN address (`newReader(h, { openai: mode })`)
 * and the widget's fallback can be driven through the ways the real element fails in the field.
 *
 * In the page it keeps `window.__standIn`: `calls` (every method call, in order), `options` (the last
 * `setOptions`), `events` (every `chatkit.*` event it dispatched, with the page's time and whether
 * the element was still in the document), and two handles for the test: `failFrame()` (dispatch the
 * frame error now) and `changeThread(id)` (the reader opened thread `id` in OpenAI's element).
 *
 * Modes:
 * - `works`: `chatkit.ready` shortly after the first `setOptions`, then `chatkit.thread.change`
 *   with `options.initialThread` when one was given;
 * - `never-ready`: never says ready and never fails (a blank or height-0 frame);
 * - `frame-error-later`: ready, then `chatkit.error` with an `InvalidFrameParamsError` when the test
 *   calls `failFrame()` (or after `frameErrorAfterMs`, when given);
 * - `frame-400`: `chatkit.error` about the frame's HTML answering 400, without ever being ready;
 * - `slow`: ready only after `slowReadyMs` (8 s: after the widget's 6 s deadline).
 */
import type { BrowserContext } from 'playwright-core';
import { CHATKIT_SCRIPT_URL } from '../../src/components/ChatWidget/config';

const CDN_ORIGIN = new URL(CHATKIT_SCRIPT_URL).origin;

export type StandInMode = 'works' | 'never-ready' | 'frame-error-later' | 'frame-400' | 'slow';

export interface StandInTimings {
  /** From the first `setOptions` to `chatkit.ready` (`works`, `frame-error-later`). @default 50 */
  readyMs?: number;
  /** From the first `setOptions` to `chatkit.ready` in `slow`. @default 8000 */
  slowReadyMs?: number;
  /** From the first `setOptions` to the frame error in `frame-400`. @default 300 */
  frame400Ms?: number;
  /** `frame-error-later`: fail this long after ready; null waits for `failFrame()`. @default null */
  frameErrorAfterMs?: number | null;
}

/** What a test reads back from `window.__standIn`. */
export interface StandInState {
  mode: StandInMode;
  calls: { method: string; at: number }[];
  options: {
    api?: { url?: string; domainKey?: string; fetch?: unknown };
    initialThread?: string | null;
  } | null;
  events: { type: string; at: number; connected: boolean; detail: unknown }[];
}

/** The messages of the errors the stand-in dispatches, for the tests to recognise them. */
export const FRAME_PARAMS_MESSAGE = 'Frame failed: domain not allowed';
export const FRAME_400_MESSAGE =
  'ChatKit frame failed to load: index.html answered HTTP 400 (Bad Request)';

/** The script's source for `mode`: what the harness serves for OpenAI's script URL. */
export function standInScript(mode: StandInMode, timings: StandInTimings = {}): string {
  const t = { readyMs: 50, slowReadyMs: 8000, frame400Ms: 300, frameErrorAfterMs: null };
  Object.assign(t, timings);
  return `/* OpenAI ChatKit stand-in (a test double, tests/support/openaiStandIn.ts): mode ${mode} */
(() => {
  const MODE = ${JSON.stringify(mode)};
  const T = ${JSON.stringify(t)};
  const FRAME_PARAMS_MESSAGE = ${JSON.stringify(FRAME_PARAMS_MESSAGE)};
  const FRAME_400_MESSAGE = ${JSON.stringify(FRAME_400_MESSAGE)};
  const standIn = (window.__standIn = { mode: MODE, calls: [], options: null, events: [] });
  let current = null; // the element last given options

  class StandInChatKit extends HTMLElement {
    started = false;
    connectedCallback() {
      if (this.firstChild) return;
      const box = document.createElement('div');
      box.title = 'OpenAI ChatKit (stand-in)';
      box.tabIndex = -1; // where focusComposer puts focus, as the real element's frame takes it
      box.textContent = 'OpenAI ChatKit (stand-in): ' + MODE;
      box.style.cssText = 'display:block;min-height:160px;padding:12px;border:1px dashed #888;font:14px sans-serif';
      this.append(box);
    }
    emit(type, detail) {
      standIn.events.push({ type, at: performance.now(), connected: this.isConnected, detail:
        detail && detail.error ? { name: detail.error.name, message: detail.error.message } : detail });
      this.dispatchEvent(new CustomEvent(type, { detail }));
    }
    record(method) {
      standIn.calls.push({ method, at: performance.now() });
    }
    // Timers outlive the element on purpose: a late event must change nothing once it is gone.
    later(ms, fn) {
      setTimeout(fn, ms);
    }
    setOptions(options) {
      this.record('setOptions');
      standIn.options = options;
      current = this;
      if (this.started) return;
      this.started = true;
      const ready = () => {
        this.emit('chatkit.ready');
        const thread = options && options.initialThread;
        if (thread) this.emit('chatkit.thread.change', { threadId: thread });
      };
      if (MODE === 'works') this.later(T.readyMs, ready);
      if (MODE === 'slow') this.later(T.slowReadyMs, ready);
      if (MODE === 'frame-error-later') {
        this.later(T.readyMs, () => {
          ready();
          if (T.frameErrorAfterMs !== null) this.later(T.frameErrorAfterMs, () => this.failFrame());
        });
      }
      if (MODE === 'frame-400') {
        this.later(T.frame400Ms, () =>
          this.emit('chatkit.error', {
            error: Object.assign(new Error(FRAME_400_MESSAGE), { name: 'FrameLoadError' }),
          }),
        );
      }
      // never-ready: nothing, ever.
    }
    failFrame() {
      this.emit('chatkit.error', {
        error: Object.assign(new Error(FRAME_PARAMS_MESSAGE), { name: 'InvalidFrameParamsError' }),
      });
    }
    async focusComposer() {
      this.record('focusComposer');
      this.firstChild?.focus();
    }
    async setThreadId(threadId) {
      this.record('setThreadId');
      this.emit('chatkit.thread.change', { threadId });
    }
  }
  // The element's other methods (OpenAIChatKit in the types): recorded, and nothing else.
  for (const name of ['sendUserMessage', 'setComposerValue', 'fetchUpdates',
    'sendCustomAction', 'showHistory', 'hideHistory']) {
    StandInChatKit.prototype[name] = async function () { this.record(name); };
  }

  standIn.failFrame = () => {
    if (!current) throw new Error('The stand-in was never given options');
    current.failFrame();
  };
  standIn.changeThread = (threadId) => {
    if (!current) throw new Error('The stand-in was never given options');
    current.emit('chatkit.thread.change', { threadId });
  };
  if (!customElements.get('openai-chatkit')) customElements.define('openai-chatkit', StandInChatKit);
})();
`;
}

/**
 * OpenAI's CDN as the tests and the bench see it: blocked (as on these machines and on networks that
 * block AI domains), except, with `mode`, the script's URL, which answers with the stand-in.
 * Registered after the block, so it is consulted first for that URL; with CORS, since the widget
 * loads the script with crossorigin="anonymous".
 */
export async function routeOpenAI(
  context: BrowserContext,
  mode?: StandInMode,
  timings?: StandInTimings,
): Promise<void> {
  await context.route(`${CDN_ORIGIN}/**`, (route) => route.abort('blockedbyclient'));
  if (!mode) return;
  const body = standInScript(mode, timings);
  await context.route(CHATKIT_SCRIPT_URL, (route) =>
    route.fulfill({
      contentType: 'text/javascript',
      headers: { 'Access-Control-Allow-Origin': '*' },
      body,
    }),
  );
}
