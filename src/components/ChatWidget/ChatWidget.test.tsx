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
import { ChatWidget, openChatWithQuote, openChatWithText, type ChatWidgetConfig } from '.';

const config: ChatWidgetConfig = {
  surface: 'local',
  retryPolicy: { baseDelayMs: 5, jitter: 0 },
  indicatorDelayMs: 0,
};

const backendRequests: string[] = [];

beforeAll(async () => {
  // Vitest transforms each module on its first import. Fetched here, the chat's code is not first
  // compiled inside a test's `findBy` window (over a second on a busy 2-core machine); what the
  // tests time is the widget, and every lazy import still happens (from the module cache).
  await Promise.all([
    import('./ChatWidgetPanel'),
    import('./ChatKitWrapper'),
    import('../../chatkit-local'),
  ]);
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
    expect(await screen.findByRole('status', { name: 'Connection status' })).toBeInTheDocument();
    await screen.findByRole('textbox', { name: 'Message' }, { timeout: 3000 });
    expect(backendRequests.filter((path) => path === '/api/chatkit/session')).toHaveLength(1);
  });

  it('"Ask about this" before the first open: opens with the passage quoted above the focused composer, not sent', async () => {
    render(<ChatWidget config={config} />);
    act(() => openChatWithQuote('A node is one process with one job.'));
    expect(await screen.findByRole('dialog', { name: 'Textbook assistant' })).toBeVisible();
    const box = await screen.findByRole<HTMLTextAreaElement>(
      'textbox',
      { name: 'Message' },
      { timeout: 3000 },
    );
    await vi.waitFor(() =>
      expect(
        screen.getByText('A node is one process with one job.').closest('blockquote'),
      ).toBeTruthy(),
    );
    expect(screen.getByRole('button', { name: 'Remove quote' })).toBeInTheDocument();
    expect(box.value).toBe(''); // the quote is not typed into the text
    await vi.waitFor(() => expect(document.activeElement).toBe(box));
    expect(backendRequests.filter((path) => path === '/chatkit')).toHaveLength(0);
  });

  it('a ?ask= link opens the chat with the question in the composer, unsent, and leaves the address', async () => {
    const long = `What is a <b>topic</b>?   ${'x'.repeat(10_000)}`;
    window.history.replaceState(null, '', `/docs/intro/?ask=${encodeURIComponent(long)}&lang=1`);
    render(<ChatWidget config={config} />);
    const box = await screen.findByRole<HTMLTextAreaElement>(
      'textbox',
      { name: 'Message' },
      { timeout: 3000 },
    );
    await vi.waitFor(() => expect(box.value.startsWith('What is a <b>topic</b>? xxx')).toBe(true));
    // One line (spaces collapsed, as `oneLine` does), cut to a sane length; markup stays text.
    expect(box.value).toHaveLength(500);
    expect(window.location.search).toBe('?lang=1');
    expect(backendRequests.filter((path) => path === '/chatkit')).toHaveLength(0);
    window.history.replaceState(null, '', '/');
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
    act(() => openChatWithText('How do topics differ from services?'));
    await vi.waitFor(() => expect(box.value).toBe('How do topics differ from services?'));
  });

  it('offers the conversation history once the chat is ready', async () => {
    render(<ChatWidget config={config} />);
    await userEvent.click(screen.getByRole('button', { name: 'Open chat' }));
    await screen.findByRole('textbox', { name: 'Message' }, { timeout: 3000 });
    expect(await screen.findByRole('button', { name: 'Conversation history' })).toBeInTheDocument();
  });

  it('offers no conversation history where the site turned it off', async () => {
    render(<ChatWidget config={{ ...config, history: false }} />);
    await userEvent.click(screen.getByRole('button', { name: 'Open chat' }));
    await screen.findByRole('textbox', { name: 'Message' }, { timeout: 3000 });
    // Copy comes with the ready chat, as the history would: the header is complete.
    expect(await screen.findByRole('button', { name: 'Copy conversation' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Conversation history' })).not.toBeInTheDocument();
  });
});
