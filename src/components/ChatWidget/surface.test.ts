// @vitest-environment jsdom
/*
 * A custom element cannot be undefined again, and jsdom keeps one registry per test file: the
 * tests that need `<openai-chatkit>` undefined come first, the fallback that defines it comes last.
 * Each test imports a fresh copy of the module (vi.resetModules) so its own state starts clean.
 * jsdom never fetches scripts, so a blocked script is simulated with an `error` event.
 */
import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { track } from './trackPromise.test-support';

const TAG = 'openai-chatkit';
const SRC = 'https://cdn.test/chatkit.js';
const OPTIONS = { scriptUrl: SRC, scriptTimeoutMs: 5000 };

/** A fresh copy of the module, with the SurfaceError class of the same module registry. */
async function freshModule() {
  vi.resetModules();
  const [loader, { SurfaceError }] = await Promise.all([import('./surface'), import('./errors')]);
  return { ...loader, SurfaceError };
}

const scripts = () => Array.from(document.querySelectorAll<HTMLScriptElement>('script'));
const blockScript = () => scripts().forEach((script) => script.dispatchEvent(new Event('error')));

beforeEach(() => {
  scripts().forEach((script) => script.remove());
});

afterEach(() => {
  vi.useRealTimers();
});

describe('while <openai-chatkit> is undefined', () => {
  beforeEach(() => {
    expect(customElements.get(TAG)).toBeUndefined();
  });

  it('injects nothing on import', async () => {
    await freshModule();
    expect(scripts()).toHaveLength(0);
  });

  it('`chatkit` rejects with a SurfaceError when the script does not define the element in time', async () => {
    vi.useFakeTimers();
    const { ensureSurface, SurfaceError } = await freshModule();
    const outcome = track(ensureSurface('chatkit', OPTIONS));
    await vi.advanceTimersByTimeAsync(4999);
    expect(outcome.state).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    expect(outcome.state).toBe('rejected');
    expect(outcome.error).toBeInstanceOf(SurfaceError);
    expect(String(outcome.error)).toMatch(/within 5000 ms/);
  });

  it('injects the script only once for concurrent callers', async () => {
    const { ensureSurface, loadChatKitScript, SurfaceError } = await freshModule();
    const first = loadChatKitScript(SRC, 5000);
    const second = loadChatKitScript(SRC, 5000);
    const third = track(ensureSurface('chatkit', OPTIONS));
    expect(second).toBe(first);
    expect(scripts()).toHaveLength(1);
    expect(scripts()[0]).toMatchObject({ src: SRC, async: true, crossOrigin: 'anonymous' });

    blockScript();
    await expect(first).rejects.toThrow(SurfaceError);
    await vi.waitFor(() => expect(third.state).toBe('rejected'));
  });

  it('reuses a script the page already has', async () => {
    const existing = document.createElement('script');
    existing.src = SRC;
    document.head.append(existing);
    const { loadChatKitScript, SurfaceError } = await freshModule();
    const loading = loadChatKitScript(SRC, 5000);
    expect(scripts()).toEqual([existing]);
    existing.dispatchEvent(new Event('error'));
    await expect(loading).rejects.toThrow(SurfaceError);
  });

  it('after a load failure, a later try fetches the script again', async () => {
    const { loadChatKitScript, SurfaceError } = await freshModule();
    const first = loadChatKitScript(SRC, 5000);
    const [blocked] = scripts();
    blockScript();
    await expect(first).rejects.toThrow('OpenAI ChatKit script failed to load');

    const second = loadChatKitScript(SRC, 5000);
    expect(second).not.toBe(first);
    expect(scripts()).toHaveLength(1);
    expect(scripts()[0]).not.toBe(blocked);
    blockScript();
    await expect(second).rejects.toThrow(SurfaceError);
  });
});

describe('one surface choice per page, however many connect attempts overlap', () => {
  /** How many times OpenAI's script element was put into the page. */
  function countInjections() {
    const append = vi.spyOn(document.head, 'appendChild');
    return () =>
      append.mock.calls.filter(([node]) => node instanceof HTMLScriptElement && node.src === SRC)
        .length;
  }

  it("injects OpenAI's script once, even for attempts that start after it failed and before the fallback is set", async () => {
    // The local element registers without defining the tag, so the page stays as it was.
    const registerLocalChatKit = vi.fn(() => true);
    vi.doMock('../../chatkit-local', () => ({ registerLocalChatKit }));
    onTestFinished(() => void vi.doUnmock('../../chatkit-local'));
    const { ensureSurface } = await freshModule();
    const injections = countInjections();

    // Attempts that overlap: the first one's choice is shared.
    const attempts = [ensureSurface('auto', OPTIONS), ensureSurface('auto', OPTIONS)];
    expect(injections()).toBe(1);
    // The script fails; the local element is still being set up. Attempts that supersede the
    // first ones arrive right then, a tick later, and a turn of the event loop later.
    blockScript();
    attempts.push(ensureSurface('auto', OPTIONS));
    await Promise.resolve();
    attempts.push(ensureSurface('auto', OPTIONS));
    await new Promise((resolve) => setTimeout(resolve, 0));
    attempts.push(ensureSurface('auto', OPTIONS));
    expect(injections()).toBe(1);

    await expect(Promise.all(attempts)).resolves.toEqual(Array(5).fill('local'));
    await expect(ensureSurface('auto', OPTIONS)).resolves.toBe('local');
    expect(injections()).toBe(1);
    expect(registerLocalChatKit).toHaveBeenCalledOnce();
    expect(customElements.get(TAG)).toBeUndefined();
  });

  it('a choice that failed is made anew by the next attempt, which may inject the script again', async () => {
    const { ensureSurface, SurfaceError } = await freshModule();
    const injections = countInjections();
    const first = [ensureSurface('chatkit', OPTIONS), ensureSurface('chatkit', OPTIONS)];
    blockScript();
    for (const attempt of first) await expect(attempt).rejects.toThrow(SurfaceError);
    expect(injections()).toBe(1);

    // It has definitely failed: a later attempt (the reader's "Try again") tries it again.
    const second = ensureSurface('chatkit', OPTIONS);
    expect(injections()).toBe(2);
    blockScript();
    await expect(second).rejects.toThrow(SurfaceError);
  });
});

describe('`auto` with a blocked script', () => {
  it('a local element that cannot be fetched is a network failure, and a later try fetches it', async () => {
    vi.doMock('../../chatkit-local', () => {
      throw new TypeError('Failed to fetch dynamically imported module');
    });
    const { ensureSurface } = await freshModule();
    const { BackendError } = await import('./errors');
    const failed = ensureSurface('local', OPTIONS);
    await expect(failed).rejects.toBeInstanceOf(BackendError);
    await expect(failed).rejects.toMatchObject({ endpoint: 'script', failure: 'network' });
    expect(customElements.get(TAG)).toBeUndefined();
    vi.doUnmock('../../chatkit-local');
  });

  it('auto: a local element that fails while the script is still tried is reported once, when needed', async () => {
    vi.doMock('../../chatkit-local', () => {
      throw new TypeError('Failed to fetch dynamically imported module');
    });
    const { ensureSurface } = await freshModule();
    const { BackendError } = await import('./errors');
    const surface = track(ensureSurface('auto', OPTIONS));
    // The local fetch has failed; the script is still loading: nothing is unhandled meanwhile.
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(surface.state).toBe('pending');
    blockScript();
    await vi.waitFor(() => expect(surface.state).toBe('rejected'));
    expect(surface.error).toBeInstanceOf(BackendError);
    vi.doUnmock('../../chatkit-local');
  });

  it('falls back to the local element, which then serves the page', async () => {
    expect(customElements.get(TAG)).toBeUndefined();
    const { ensureSurface } = await freshModule();
    const surface = ensureSurface('auto', OPTIONS);
    expect(scripts()).toHaveLength(1);
    blockScript();
    await expect(surface).resolves.toBe('local');

    // Same module registry as surface.ts's own dynamic import.
    const { LocalChatKitElement } = await import('../../chatkit-local');
    expect(customElements.get(TAG)).toBe(LocalChatKitElement);

    await expect(ensureSurface('auto', OPTIONS)).resolves.toBe('local');
    await expect(ensureSurface('local', OPTIONS)).resolves.toBe('local');
    await expect(ensureSurface('chatkit', OPTIONS)).rejects.toThrow(
      /already served by the local surface/,
    );
    expect(scripts()).toHaveLength(0);
  });

  it('once the element is defined, never injects the script', async () => {
    const { loadChatKitScript } = await freshModule();
    await expect(loadChatKitScript(SRC, 5000)).resolves.toBeUndefined();
    expect(scripts()).toHaveLength(0);
  });
});
