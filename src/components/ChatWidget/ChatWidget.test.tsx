// @vitest-environment jsdom
/**
 * The whole widget in jsdom against the contract mocks (MSW in Node) and the local element:
 * what stories show in a browser, checked here where module state is fresh and timers are fake.
 */
import { act, cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { server } from '../../../mocks/node';
import { scenarios } from '../../../mocks/scenarios';
import { resetMockBackend } from '../../../mocks/state';
import { ChatWidget, type ChatWidgetConfig } from '.';

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
});
