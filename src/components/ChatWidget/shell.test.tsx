// @vitest-environment jsdom
/**
 * The toggle shell (`index.tsx`) when the panel's code cannot be fetched: the reader is told, in
 * words that fit (offline or not), and the chat loads on "Try again" or when the network is back.
 */
import { act, cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { server } from '../../../mocks/node';
import { resetMockBackend } from '../../../mocks/state';
import { ChatWidget, type ChatWidgetConfig } from '.';

/** Whether fetching the panel's code fails (as a dropped chunk request does), and how often it was tried. */
const panelFetch = vi.hoisted(() => ({ fail: false, attempts: 0 }));
vi.mock('./ChatWidgetPanel', async (importOriginal) => {
  panelFetch.attempts += 1;
  if (panelFetch.fail) throw new TypeError('Failed to fetch dynamically imported module');
  return importOriginal();
});

const config: ChatWidgetConfig = {
  surface: 'local',
  retryPolicy: { baseDelayMs: 5, jitter: 0 },
  indicatorDelayMs: 0,
};

function setOnline(online: boolean) {
  Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => online });
}

beforeAll(async () => {
  // Compiles the chat's real code now (not the mocked module, which must still fail when told):
  // the first compile on a busy machine can outlast a `findBy` window.
  await Promise.all([
    vi.importActual('./ChatWidgetPanel'),
    import('./ChatKitWrapper'),
    import('../../chatkit-local'),
  ]);
  server.listen({ onUnhandledRequest: 'error' });
});
beforeEach(() => {
  sessionStorage.clear();
  resetMockBackend();
  panelFetch.attempts = 0;
  panelFetch.fail = false;
});
afterEach(() => {
  cleanup();
  server.resetHandlers();
  setOnline(true);
});
afterAll(() => server.close());

describe('ChatWidget shell', () => {
  it('has no panel in the page before the first open; the toggle is all there is', () => {
    render(<ChatWidget config={config} />);
    expect(screen.getByRole('button', { name: 'Open chat' })).toBeVisible();
    expect(screen.queryByRole('dialog', { hidden: true })).toBeNull();
    expect(panelFetch.attempts).toBe(0);
  });

  // One test: once the panel has loaded, the module stays loaded.
  it('tells why the chat could not load; retries when back online, and on "Try again"', async () => {
    panelFetch.fail = true;
    setOnline(false);
    render(<ChatWidget config={config} />);
    await userEvent.click(screen.getByRole('button', { name: 'Open chat' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain("You're offline. The chat will load when your connection");
    expect(screen.getByRole('button', { name: 'Close chat' }).getAttribute('aria-controls')).toBe(
      alert.id,
    );

    // Back online: fetched again at once (and, here, it fails again).
    const before = panelFetch.attempts;
    setOnline(true);
    act(() => {
      window.dispatchEvent(new Event('online'));
    });
    await vi.waitFor(() =>
      expect(screen.getByRole('alert').textContent).toContain(
        "The chat couldn't load. Check your connection, then try again.",
      ),
    );
    expect(panelFetch.attempts).toBeGreaterThan(before);

    panelFetch.fail = false;
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('dialog', { name: 'Textbook assistant' })).toBeVisible();
    expect(screen.queryByRole('alert')).toBeNull();
    await screen.findByRole('textbox', { name: 'Message' }, { timeout: 3000 });
  });
});
