/**
 * An answer the reader abandons keeps what was written of it (chatkit-python's
 * `handle_stream_cancelled`): the rule written once, checked in process against the MSW handlers
 * (mocks/contract.test.ts) and over HTTP against the contract server (tests/contract-server.test.ts),
 * each test with its own transport.
 */
import { expect } from 'vitest';
import { pickAnswer } from '../../mocks/corpus';
import { readSseFrames } from '../../mocks/sse';
import { assistantMessageItemSchema, paths } from '../../src/contract';

const QUESTION = 'What is ROS 2?';

export interface AbandonedStream {
  /** The backend's origin (`${base}/chatkit` is posted to). */
  base: string;
  secret: string;
  /** The thread's items as the backend now stores them (`threads.get_by_id`). */
  storedItems(threadId: string): Promise<readonly { type: string }[]>;
  /** Runs just before each abort. */
  beforeAbort?(): void;
}

/**
 * Asks a question in a new thread and aborts the request once more than 40 characters of the answer
 * have arrived (Stop, a reload, a lost connection); the backend then stores the question and the
 * partial answer: what the reader saw, and maybe the few deltas already in flight, never the whole.
 */
export async function expectAbandonedStreamKeepsPartialAnswer({
  base,
  secret,
  storedItems,
  beforeAbort,
}: AbandonedStream) {
  const abort = new AbortController();
  const response = await fetch(`${base}${paths.chatkit}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${secret}` },
    body: JSON.stringify({
      type: 'threads.create',
      params: {
        input: {
          content: [{ type: 'input_text', text: QUESTION }],
          attachments: [],
          inference_options: {},
        },
      },
    }),
    signal: abort.signal,
  });
  let threadId = '';
  let streamed = '';
  try {
    for await (const frame of readSseFrames(response.body!)) {
      if (!frame.ok) continue;
      const event = frame.event;
      if (event.type === 'thread.created') threadId = event.thread.id;
      if (
        event.type === 'thread.item.updated' &&
        event.update.type === 'assistant_message.content_part.text_delta'
      ) {
        streamed += event.update.delta;
        if (streamed.length > 40) {
          beforeAbort?.();
          abort.abort();
        }
      }
    }
  } catch {
    // the aborted read
  }
  await expect
    .poll(async () => (await storedItems(threadId)).map((i) => i.type))
    .toEqual(['user_message', 'assistant_message']);
  const [, answer] = await storedItems(threadId);
  const kept = assistantMessageItemSchema.parse(answer).content[0]?.text ?? '';
  expect(kept.startsWith(streamed)).toBe(true);
  expect(kept.length).toBeLessThan(pickAnswer(QUESTION).text.length);
}
