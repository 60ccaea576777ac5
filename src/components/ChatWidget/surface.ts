/**
 * The chat surface: makes `<openai-chatkit>` available according to the surface mode, on the first
 * open only. OpenAI's script is injected once and awaited with a time limit; where it is blocked (no
 * internet, school networks, strict CSP) `auto` falls back to the local element. The choice is made
 * once per page, by one caller at a time: connect attempts that overlap (or supersede one another)
 * share it, so OpenAI's script is injected at most once until it has definitely failed.
 */
import { SurfaceError, codeFetchFailed } from './errors';
import type { SurfaceMode } from './config';

const TAG = 'openai-chatkit';
/**
 * The local element's own tag, for when OpenAI's script defined `<openai-chatkit>` but its frame
 * never works (a custom element cannot be redefined): the widget mounts this one instead.
 */
export const FALLBACK_TAG = 'textbook-chatkit';
/** Which tag serves the chat: OpenAI's (or the local element under its name), or the fallback's. */
export type SurfaceTag = typeof TAG | typeof FALLBACK_TAG;
/** Remembers, for the tab's session, that OpenAI's element failed here: later pages skip it. */
const FELL_BACK_KEY = 'textbook-chat:surface-fallback';
let scriptPromise: Promise<void> | null = null;

function injectScript(src: string): HTMLScriptElement {
  const script = document.createElement('script');
  script.src = src;
  script.async = true;
  script.crossOrigin = 'anonymous';
  document.head.appendChild(script);
  return script;
}

/** Injects OpenAI's ChatKit script once; resolves when it has defined the element. */
export function loadChatKitScript(src: string, timeoutMs: number): Promise<void> {
  if (customElements.get(TAG)) return Promise.resolve();
  scriptPromise ??= new Promise<void>((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      scriptPromise = null; // a later open may try again
      reject(new SurfaceError(`OpenAI ChatKit script ${why}`));
    };
    const timer = setTimeout(
      () => fail(`did not define <${TAG}> within ${timeoutMs} ms`),
      timeoutMs,
    );
    const script =
      document.querySelector<HTMLScriptElement>(`script[src="${src}"]`) ?? injectScript(src);
    script.addEventListener(
      'error',
      () => {
        // A script element loads only once: left behind, a dead one would make "Try again" time out.
        script.remove();
        fail('failed to load');
      },
      { once: true },
    );
    void customElements.whenDefined(TAG).then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
  return scriptPromise;
}

/** The local element's code; it comes from the site, like the panel's. */
function importLocal() {
  return import('../../chatkit-local').catch(codeFetchFailed('The local chat element'));
}

/** Which implementation ended up serving the chat. */
export type ActiveSurface = 'chatkit' | 'local';

/** The choice, shared by every caller: under way, or made for the page; null after a failure. */
let choice: Promise<ActiveSurface> | null = null;

/**
 * Ensures `<openai-chatkit>` is defined per the mode; resolves with the implementation used.
 * Single-flight: callers during a choice share it, whatever their mode (one page, one mode); a
 * failed choice is made anew by the next call.
 */
export function ensureSurface(
  mode: SurfaceMode,
  options: { scriptUrl: string; scriptTimeoutMs: number },
): Promise<ActiveSurface> {
  choice ??= choose(mode, options).catch((error: unknown) => {
    choice = null;
    throw error;
  });
  // A custom element cannot be redefined: the first implementation chosen serves the page.
  return choice.then((surface) => {
    if (mode === 'auto' || mode === surface) return surface;
    throw new SurfaceError(`<${TAG}> is already served by the ${surface} surface`);
  });
}

function fellBackBefore(): boolean {
  try {
    return sessionStorage.getItem(FELL_BACK_KEY) !== null;
  } catch {
    return false;
  }
}

/**
 * OpenAI's element is defined but does not work (it never became ready, or its frame failed):
 * defines the local element under `FALLBACK_TAG`, to be mounted instead on this page, and
 * remembers the choice for the tab's session, so the next page uses the local element at once.
 */
export async function fallBackToLocal(reason: string): Promise<void> {
  const { registerLocalChatKit } = await importLocal();
  registerLocalChatKit(FALLBACK_TAG);
  try {
    sessionStorage.setItem(FELL_BACK_KEY, reason);
  } catch {
    // Without storage the next page tries OpenAI's element again, and falls back again.
  }
}

/**
 * Whether the local element will serve (surface `local`, or `auto` in a tab where OpenAI's element
 * already failed): then its code is worth fetching ahead, on a hint of an open.
 */
export function localWillServe(mode: SurfaceMode): boolean {
  return mode === 'local' || (mode === 'auto' && fellBackBefore());
}

/** Fetches the local element's code ahead when it will serve (the shell's hint of an open). */
export function preloadLocalSurface(mode: SurfaceMode): void {
  if (localWillServe(mode)) importLocal().catch(() => undefined);
}

async function choose(
  mode: SurfaceMode,
  options: { scriptUrl: string; scriptTimeoutMs: number },
): Promise<ActiveSurface> {
  // OpenAI's element failed on an earlier page of this tab: not again.
  if (mode === 'auto' && fellBackBefore() && !customElements.get(TAG)) mode = 'local';
  // In `auto` the local element is fetched only when OpenAI's script fails (or, later, its
  // element): where the script works, most readers' case, that is 43 KB gzip saved on every first
  // open; where it is blocked, one more fetch after the failure (12 ms here, about 275 ms on the
  // phone profile: `npm run bench -- surfaces`).
  if (mode !== 'local') {
    try {
      await loadChatKitScript(options.scriptUrl, options.scriptTimeoutMs);
      return 'chatkit';
    } catch (error) {
      if (mode === 'chatkit') throw error;
    }
  }
  const { registerLocalChatKit } = await importLocal();
  registerLocalChatKit(TAG);
  return 'local';
}
