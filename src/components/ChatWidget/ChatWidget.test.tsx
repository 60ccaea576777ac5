// @vitest-environment jsdom
/**
 * The whole widget in jsdom against the contract mocks (MSW in Node) and the local element:
 * what stories show in a browser, checked here where module state is fresh and timers are fake.
 */
import { act, cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { server } from '../../../mocks/node';
import { scenarios } from '../../../mocks/scenarios';
import { resetMockBackend } from '../../../mocks/state';
import { ChatWidget, openChatWithText, type ChatWidgetConfig } from '.';

const config: ChatWidgetConfig = {
  surface: 'local',
  retryPolicy: { baseDelayMs: 5, jitter: 0 },
  indicatorDelayMs: 0,
};

const backendRequests: string[] = [];

beforeAll(() => {
  server.listen({ onUnhandledRequest: 'error' });
  server.events.on('request:start', ({ request }) => {
    backendRequests.push(new URL(request.url).pathname);
  });
});
beforeEach(() => {
  backendRequests.length = 0;
  sessionStorage.clear();
  resetMockBackend();
});
afterEach(() => {
  cleanup();
  server.resetHandlers();
});
afterAll(() => server.close());

describe('ChatWidget', () => {
  it('renders only the toggle and fetches nothing before the first open', async () => {
    render(<ChatWidget config={config} />);
    expect(screen.getByRole('button', { name: 'Open chat' })).toHaveProperty(
      'ariaExpanded',
      'false',
    );
    // Every effect and the promises they start have run: still nothing.
    await act(async () => {});
    expect(backendRequests).toEqual([]);
    expect(customElements.get('openai-chatkit')).toBeUndefined();
  });

  it('connects on the first open, even when the session is slow', async () => {
    server.use(...scenarios.sessionSlow(200));
    render(<ChatWidget config={config} />);
    await userEvent.click(screen.getByRole('button', { name: 'Open chat' }));
    expect(await screen.findByRole('status', { name: 'Connection status' })).toBeTruthy();
    await screen.findByRole('textbox', { name: 'Message' }, { timeout: 3000 });
    expect(backendRequests.filter((path) => path === '/api/chatkit/session')).toHaveLength(1);
  });

  it('"Ask about this" before the first open: opens with the text in the focused composer, not sent', async () => {
    render(<ChatWidget config={config} />);
    act(() => openChatWithText('> A node is one process with one job.\n\n'));
    expect(await screen.findByRole('dialog', { name: 'Textbook assistant' })).toBeTruthy();
    const box = await screen.findByRole<HTMLTextAreaElement>(
      'textbox',
      { name: 'Message' },
      { timeout: 3000 },
    );
    await vi.waitFor(() => expect(box.value).toBe('> A node is one process with one job.\n\n'));
    await vi.waitFor(() => expect(document.activeElement).toBe(box));
    expect(backendRequests.filter((path) => path === '/chatkit')).toHaveLength(0);
  });

  it('Ctrl+I and "Ask about this" while the chat is open and ready: at once', async () => {
    render(<ChatWidget config={config} />);
    await userEvent.click(screen.getByRole('button', { name: 'Open chat' }));
    const box = await screen.findByRole<HTMLTextAreaElement>(
      'textbox',
      { name: 'Message' },
      { timeout: 3000 },
    );
    await vi.waitFor(() => expect(document.activeElement).toBe(box));
    act(() => box.blur());
    await userEvent.keyboard('{Control>}i{/Control}');
    await vi.waitFor(() => expect(document.activeElement).toBe(box));
    act(() => openChatWithText('> Topics carry streams of messages.\n\n'));
    await vi.waitFor(() => expect(box.value).toBe('> Topics carry streams of messages.\n\n'));
  });
});
