// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { preconnect } from './preconnect';

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

describe('the controller, created on a hint of an open', () => {
  it('connects to the page’s backend ahead of the first request', async () => {
    const { createChatController } = await import('./chatController');
    createChatController({
      config: { backendUrl: 'https://api.textbook.example/', surface: 'chatkit' },
    });
    expect(links().map((link) => link.href)).toEqual(['https://api.textbook.example/']);
  });

  it('does nothing ahead of time when the shell gives it no config', async () => {
    const { createChatController } = await import('./chatController');
    createChatController({});
    expect(links()).toHaveLength(0);
  });
});
