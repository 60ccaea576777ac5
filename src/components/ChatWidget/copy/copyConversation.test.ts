// @vitest-environment jsdom
/**
 * "Copy conversation" against the contract's mock backend (MSW): the thread is read through the
 * authorized fetch, every page of it, and what lands on the clipboard is its Markdown.
 */
import { http, HttpResponse } from 'msw';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { server } from '../../../../mocks/node';
import { listThreads, resetMockBackend } from '../../../../mocks/state';
import { DEFAULT_BACKEND_URL, paths } from '../../../contract';
import { createChatTransport } from '../chatTransport';
import { createSessionClient } from '../sessionClient';
import { en } from '../strings/en';
import { copyConversation, type CopyConversationOptions } from './copyConversation';

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  resetMockBackend();
});
afterAll(() => server.close());

const backendUrl = DEFAULT_BACKEND_URL;
const noRetry = { retries: 0, baseDelayMs: 0, factor: 1, maxDelayMs: 0, jitter: 0 };

/** Asks `questions` in one thread, as the chat does; returns its id. */
async function converse(questions: string[]): Promise<string> {
  const { fetch } = createChatTransport(createSessionClient({ backendUrl }), { backendUrl });
  let threadId: string | undefined;
  for (const text of questions) {
    const input = {
      content: [{ type: 'input_text', text }],
      attachments: [],
      inference_options: {},
    };
    const body = threadId
      ? { type: 'threads.add_user_message', params: { thread_id: threadId, input } }
      : { type: 'threads.create', params: { input } };
    const response = await fetch(`${backendUrl}${paths.chatkit}`, {
      method: 'POST',
      body: JSON.stringify({ ...body, metadata: {} }),
    });
    await response.text(); // the whole stream: the answer is stored
    threadId ??= listThreads()[0]!.id;
  }
  return threadId!;
}

function options(threadId: string | null, extra: Partial<CopyConversationOptions> = {}) {
  const written: string[] = [];
  const clipboard = { writeText: vi.fn(async (text: string) => void written.push(text)) };
  const { fetch } = createChatTransport(createSessionClient({ backendUrl }), {
    backendUrl,
    retryPolicy: noRetry,
  });
  return {
    written,
    clipboard,
    options: {
      fetch,
      backendUrl,
      threadId,
      labels: en.panel.copyLabels,
      isOnline: () => true,
      clipboard,
      ...extra,
    } satisfies CopyConversationOptions,
  };
}

describe('copyConversation', () => {
  it('copies both questions, their answers and source links as Markdown', async () => {
    const threadId = await converse(['What is ROS 2?', 'What is URDF?']);
    const { options: opts, written } = options(threadId);
    await expect(copyConversation(opts)).resolves.toBe('copied');
    const [markdown] = written;
    expect(markdown).toMatch(/^\*\*You:\*\*\n\nWhat is ROS 2\?\n\n\*\*Assistant:\*\*\n\nROS 2/m);
    expect(markdown).toContain('**You:**\n\nWhat is URDF?');
    // The mock cites the site's pages by path: the copy links them on the page's origin.
    const origin = new URL(document.baseURI).origin;
    expect(markdown).toContain(
      `- [ROS 2: The Robotic Nervous System](${origin}/docs/ros2/overview)`,
    );
    expect(markdown).toContain(`- [URDF and TF](${origin}/docs/ros2/urdf-and-tf)`);
  });

  it('reads every page of a long thread (items.list after get_by_id), in order', async () => {
    const questions = Array.from({ length: 12 }, (_, i) => `Question ${i + 1}: what is ROS 2?`);
    const threadId = await converse(questions);
    const { options: opts, written } = options(threadId);
    await expect(copyConversation(opts)).resolves.toBe('copied');
    const found = [...written[0]!.matchAll(/^Question (\d+)/gm)].map((match) => Number(match[1]));
    expect(found).toEqual(questions.map((_, i) => i + 1));
  });

  it('has nothing to copy without a thread, or when the backend no longer has it', async () => {
    const none = options(null);
    await expect(copyConversation(none.options)).resolves.toBe('empty');
    const gone = options('thr_missing');
    await expect(copyConversation(gone.options)).resolves.toBe('empty');
    expect([...none.written, ...gone.written]).toEqual([]);
  });

  it('says offline when the backend cannot be reached offline, and failed when it fails', async () => {
    const threadId = await converse(['What is ROS 2?']);
    server.use(http.post(`${backendUrl}${paths.chatkit}`, () => HttpResponse.error()));
    const offline = options(threadId, { isOnline: () => false });
    await expect(copyConversation(offline.options)).resolves.toBe('offline');
    server.use(
      http.post(`${backendUrl}${paths.chatkit}`, () =>
        HttpResponse.json(
          { error: { type: 'ChatKitError', message: 'down' }, timestamp: '2025-12-05T12:00:00Z' },
          { status: 500 },
        ),
      ),
    );
    const failing = options(threadId);
    await expect(copyConversation(failing.options)).resolves.toBe('failed');
    expect(failing.written).toEqual([]);
  });

  it('falls back to a selected textarea and execCommand when the clipboard refuses', async () => {
    const threadId = await converse(['What is ROS 2?']);
    const copied: string[] = [];
    document.execCommand = vi.fn((command: string) => {
      const area = document.activeElement;
      if (command !== 'copy' || !(area instanceof HTMLTextAreaElement)) return false;
      copied.push(area.value.slice(area.selectionStart, area.selectionEnd));
      return true;
    });
    const refusing = {
      writeText: vi.fn(() => Promise.reject(new DOMException('Denied', 'NotAllowedError'))),
    };
    const { options: opts } = options(threadId, { clipboard: refusing });
    await expect(copyConversation(opts)).resolves.toBe('copied');
    expect(copied[0]).toContain('**You:**\n\nWhat is ROS 2?');
    expect(document.querySelector('textarea')).not.toBeInTheDocument();

    document.execCommand = vi.fn(() => false);
    await expect(
      copyConversation(options(threadId, { clipboard: undefined }).options),
    ).resolves.toBe('refused');
  });
});
