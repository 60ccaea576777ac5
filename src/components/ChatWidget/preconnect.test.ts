// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChatWidgetConfig } from './config';
import { preconnect } from './preconnect';

const never = () => new Promise<never>(() => undefined);
const links = () => [...document.head.querySelectorAll<HTMLLinkElement>('link[rel="preconnect"]')];

afterEach(() => {
  document.head.innerHTML = '';
  vi.unstubAllGlobals();
});

describe('preconnect', () => {
  it('opens one anonymous connection per backend origin, however often it is asked', () => {
    preconnect('https://api.textbook.example/v1/');
    preconnect('https://api.textbook.example');
    expect(links()).toHaveLength(1);
    expect(links()[0]!.href).toBe('https://api.textbook.example/');
    expect(links()[0]!.crossOrigin).toBe('anonymous');
  });

  it('leaves the page’s own origin and unreadable URLs alone', () => {
    preconnect(location.origin + '/api');
    preconnect('http://[not a host');
    expect(links()).toHaveLength(0);
  });

  it('costs nothing to a reader who asked to save data', () => {
    vi.stubGlobal('navigator', { ...navigator, connection: { saveData: true } });
    preconnect('https://api.textbook.example');
    expect(links()).toHaveLength(0);
  });
});

describe('the chat connection, created when the panel’s code arrives (a hint of an open)', () => {
  const widget = (config: ChatWidgetConfig) => {
    let given = config;
    return {
      host: {
        getSnapshot: () => ({ open: false }),
        config: () => given,
        takeIntent: () => undefined,
        chatChanged: () => {},
        ask: () => {},
      },
      replace: (next: ChatWidgetConfig) => void (given = next),
    };
  };

  it('connects to the page’s backend ahead of the first request', async () => {
    const { createChatConnection } = await import('./chatConnection');
    const { host } = widget({ backendUrl: 'https://api.textbook.example/', surface: 'chatkit' });
    createChatConnection(host, { loadChatCode: never });
    expect(links().map((link) => link.href)).toEqual(['https://api.textbook.example/']);
  });

  it('connects to a new backend when the page’s config replaces the old one', async () => {
    const { createChatConnection } = await import('./chatConnection');
    const { host, replace } = widget({ backendUrl: 'https://api.textbook.example/' });
    const connection = createChatConnection(host, { loadChatCode: never });
    replace({ backendUrl: 'https://chat.textbook.example' });
    connection.configChanged();
    expect(links().map((link) => link.href)).toEqual([
      'https://api.textbook.example/',
      'https://chat.textbook.example/',
    ]);
    expect(connection.getSnapshot().config.backendUrl).toBe('https://chat.textbook.example');
  });
});
