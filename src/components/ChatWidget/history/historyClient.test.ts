import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BACKEND_URL } from '../../../contract';
import { server } from '../../../../mocks/node';
import { scenarios, EARLIER_CONVERSATIONS } from '../../../../mocks/scenarios';
import { resetMockBackend } from '../../../../mocks/state';
import { createChatTransport } from '../chatTransport';
import { createSessionClient } from '../sessionClient';
import { createHistoryClient, HistoryError } from './historyClient';

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  resetMockBackend();
});
afterAll(() => server.close());

/** The history client over the mock backend, through the chat-request pipeline. */
function client(pageSize?: number) {
  const session = createChatTransport(createSessionClient({ backendUrl: DEFAULT_BACKEND_URL }), {
    backendUrl: DEFAULT_BACKEND_URL,
    retryPolicy: { retries: 0, baseDelayMs: 0, factor: 1, maxDelayMs: 0, jitter: 0 },
  });
  return createHistoryClient({
    fetch: session.fetch,
    backendUrl: DEFAULT_BACKEND_URL,
    isOnline: () => true,
    ...(pageSize !== undefined && { pageSize }),
  });
}

describe('createHistoryClient', () => {
  it('lists the reader’s conversations newest first, untitled ones with a null title', async () => {
    server.use(...scenarios.earlierConversations());
    const page = await client().list();
    expect(page.conversations.map((c) => c.title)).toEqual([
      EARLIER_CONVERSATIONS[0]!.title,
      null,
      EARLIER_CONVERSATIONS[2]!.title,
    ]);
    expect(page.after).toBeNull();
    const [newest, , oldest] = page.conversations;
    expect(Date.parse(newest!.createdAt)).toBeGreaterThan(Date.parse(oldest!.createdAt));
  });

  it('pages with the previous page’s cursor until the last page', async () => {
    server.use(...scenarios.earlierConversations(5));
    const history = client(2);
    const first = await history.list();
    expect(first.conversations).toHaveLength(2);
    expect(first.after).toBe(first.conversations[1]!.id);
    const second = await history.list({ after: first.after });
    const third = await history.list({ after: second.after });
    expect(third.after).toBeNull();
    const titles = [first, second, third].flatMap((p) => p.conversations.map((c) => c.title));
    expect(titles).toHaveLength(5);
    expect(new Set(titles.map(String)).size).toBe(5);
  });

  it('renames and deletes a conversation; the next list shows it', async () => {
    server.use(...scenarios.earlierConversations());
    const history = client();
    const { conversations } = await history.list();
    const [first, second] = conversations;
    await expect(history.rename(first!.id, 'Balance and ZMP')).resolves.toMatchObject({
      id: first!.id,
      title: 'Balance and ZMP',
    });
    await history.remove(second!.id);
    const after = await history.list();
    expect(after.conversations.map((c) => c.title)).toEqual([
      'Balance and ZMP',
      EARLIER_CONVERSATIONS[2]!.title,
    ]);
  });

  it('an empty history is an empty page', async () => {
    await expect(client().list()).resolves.toEqual({ conversations: [], after: null });
  });

  it('failures become the widget’s friendly error states', async () => {
    server.use(...scenarios.historyFails());
    const error = await client()
      .list()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HistoryError);
    expect((error as HistoryError).state).toMatchObject({ type: 'backend', retryable: false });
    await expect(client().remove('thr_gone')).rejects.toBeInstanceOf(HistoryError);
  });

  it('a deleted conversation that is already gone fails as not found', async () => {
    const error = (await client()
      .remove('thr_00000000')
      .catch((e: unknown) => e)) as HistoryError;
    expect(error.state.type).toBe('backend');
  });

  it('a network failure reads as one, and a body off the contract as the backend’s fault', async () => {
    const offline = createHistoryClient({
      fetch: () => Promise.reject(new TypeError('Failed to fetch')),
      backendUrl: DEFAULT_BACKEND_URL,
      isOnline: () => false,
    });
    const down = (await offline.list().catch((e: unknown) => e)) as HistoryError;
    expect(down.state).toMatchObject({ type: 'network', reason: 'offline' });

    const odd = createHistoryClient({
      fetch: () => Promise.resolve(new Response('{"data": "not a list"}', { status: 200 })),
      backendUrl: DEFAULT_BACKEND_URL,
    });
    const malformed = (await odd.list().catch((e: unknown) => e)) as HistoryError;
    expect(malformed.state).toMatchObject({ type: 'backend', reason: 'backend' });
  });

  it('sends the protocol’s requests to the backend’s /chatkit', async () => {
    const sent: unknown[] = [];
    const history = createHistoryClient({
      fetch: async (input, init) => {
        sent.push([String(input), JSON.parse(String(init?.body))]);
        return new Response('{}', { status: 200 });
      },
      backendUrl: 'https://api.example/',
      pageSize: 10,
    });
    await history.list({ after: 'thr_1' });
    await history.rename('thr_2', 'New name');
    await history.remove('thr_3');
    expect(sent).toEqual([
      [
        'https://api.example/chatkit',
        {
          type: 'threads.list',
          params: { limit: 10, order: 'desc', after: 'thr_1' },
          metadata: {},
        },
      ],
      [
        'https://api.example/chatkit',
        { type: 'threads.update', params: { thread_id: 'thr_2', title: 'New name' }, metadata: {} },
      ],
      [
        'https://api.example/chatkit',
        { type: 'threads.delete', params: { thread_id: 'thr_3' }, metadata: {} },
      ],
    ]);
  });
});
