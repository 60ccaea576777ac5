// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createWidgetStorage } from './storage';

beforeEach(() => {
  sessionStorage.clear();
});

afterEach(() => {
  vi.unstubAllGlobals();
});

const everything = () =>
  Object.fromEntries(
    Array.from({ length: sessionStorage.length }, (_, i) => sessionStorage.key(i) ?? '').map(
      (key) => [key, sessionStorage.getItem(key)],
    ),
  );

describe('createWidgetStorage', () => {
  it('round-trips the open flag and the thread id', () => {
    const storage = createWidgetStorage('chat');
    expect(storage.readOpen()).toBe(false);
    expect(storage.readThread()).toBeNull();
    storage.writeOpen(true);
    storage.writeThread('thr_42');
    expect(storage.readOpen()).toBe(true);
    expect(storage.readThread()).toBe('thr_42');
  });

  it('stores nothing but the open flag and the thread id, under its prefix', () => {
    const storage = createWidgetStorage('chat');
    storage.writeOpen(true);
    storage.writeThread('thr_42');
    expect(everything()).toEqual({ 'chat:open': '1', 'chat:thread': 'thr_42' });
  });

  it('removes its keys rather than storing "closed" or an empty thread', () => {
    const storage = createWidgetStorage('chat');
    storage.writeOpen(true);
    storage.writeThread('thr_42');
    storage.writeOpen(false);
    storage.writeThread(null);
    expect(everything()).toEqual({});
    expect(storage.readOpen()).toBe(false);
    expect(storage.readThread()).toBeNull();
  });

  it('keeps widgets with different prefixes apart', () => {
    createWidgetStorage('a').writeThread('thr_a');
    expect(createWidgetStorage('b').readThread()).toBeNull();
  });

  it('works on without continuity when sessionStorage itself throws (blocked by privacy settings)', () => {
    vi.spyOn(window, 'sessionStorage', 'get').mockImplementation(() => {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    });
    const storage = createWidgetStorage('chat');
    expect(() => storage.writeOpen(true)).not.toThrow();
    expect(() => storage.writeThread('thr_42')).not.toThrow();
    expect(storage.readOpen()).toBe(false);
    expect(storage.readThread()).toBeNull();
  });

  it('works on when every access throws (storage full or disabled)', () => {
    const fail = () => {
      throw new DOMException('Quota exceeded', 'QuotaExceededError');
    };
    vi.spyOn(Storage.prototype, 'getItem').mockImplementation(fail);
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(fail);
    vi.spyOn(Storage.prototype, 'removeItem').mockImplementation(fail);
    const storage = createWidgetStorage('chat');
    expect(() => storage.writeOpen(true)).not.toThrow();
    expect(() => storage.writeOpen(false)).not.toThrow();
    expect(() => storage.writeThread('thr_42')).not.toThrow();
    expect(storage.readOpen()).toBe(false);
    expect(storage.readThread()).toBeNull();
  });

  it('does nothing during server rendering (no window)', () => {
    vi.stubGlobal('window', undefined);
    const storage = createWidgetStorage('chat');
    expect(() => storage.writeOpen(true)).not.toThrow();
    expect(storage.readOpen()).toBe(false);
    expect(storage.readThread()).toBeNull();
  });
});
