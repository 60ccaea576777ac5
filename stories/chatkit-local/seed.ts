import { DEFAULT_BACKEND_URL, paths, type ChatKitRequestInput } from '../../src/contract';

async function post(body: ChatKitRequestInput, secret: string): Promise<string> {
  const response = await fetch(`${DEFAULT_BACKEND_URL}${paths.chatkit}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${secret}` },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`Seeding failed with HTTP ${response.status}`);
  return response.text();
}

/** A question, or a question with the passage it quotes (`quoted_text`). */
export type SeedQuestion = string | { text: string; quote: string };

/**
 * Holds a conversation on the mocked backend through the protocol itself (a session, then
 * threads.create and threads.add_user_message, each stream read to its end) and returns the
 * thread id, as a reader's earlier visit would have left it.
 */
export async function seedConversation(
  questions: [SeedQuestion, ...SeedQuestion[]],
): Promise<string> {
  const session = await fetch(`${DEFAULT_BACKEND_URL}${paths.session}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: '{}',
  });
  const { client_secret: secret } = (await session.json()) as { client_secret: string };
  const [first, ...rest] = questions;
  const input = (question: SeedQuestion) => {
    const { text, quote } =
      typeof question === 'string' ? { text: question, quote: undefined } : question;
    return {
      content: [{ type: 'input_text' as const, text }],
      attachments: [],
      ...(quote !== undefined && { quoted_text: quote }),
      inference_options: {},
    };
  };
  const stream = await post({ type: 'threads.create', params: { input: input(first) } }, secret);
  const threadId = stream
    .split('\n')
    .filter((line) => line.startsWith('data: '))
    .map((line) => JSON.parse(line.slice(6)) as { type: string; thread?: { id: string } })
    .find((event) => event.type === 'thread.created')?.thread?.id;
  if (!threadId) throw new Error('Seeding failed: no thread.created event');
  for (const text of rest) {
    await post(
      { type: 'threads.add_user_message', params: { thread_id: threadId, input: input(text) } },
      secret,
    );
  }
  return threadId;
}
