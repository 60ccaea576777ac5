/**
 * Thread items for the copy's tests, written as a server writes them and read through the
 * contract's schema, as the widget reads them.
 */
import { threadItemSchema, type ThreadItem } from '../../../contract';
import type { WireItem } from '../../../contract/server';

let next = 0;
const base = () => ({
  id: `item_${++next}`,
  thread_id: 'thr_test',
  created_at: '2025-12-05T12:00:00Z',
});

export const read = (items: WireItem[]): ThreadItem[] =>
  items.map((item) => threadItemSchema.parse(item));

export function question(text: string, quoted_text?: string): WireItem {
  return {
    ...base(),
    type: 'user_message',
    content: [{ type: 'input_text', text }],
    attachments: [],
    ...(quoted_text !== undefined && { quoted_text }),
    inference_options: {},
  };
}

export function answer(text: string, sources: { title: string; url: string }[] = []): WireItem {
  return {
    ...base(),
    type: 'assistant_message',
    content: [
      {
        type: 'output_text',
        text,
        annotations: sources.map((source, index) => ({
          type: 'annotation',
          source: { type: 'url', ...source },
          index,
        })),
      },
    ],
  };
}

export const endOfTurn = (): WireItem => ({ ...base(), type: 'end_of_turn' });

export const reasoning = (): WireItem => ({
  ...base(),
  type: 'workflow',
  workflow: { type: 'reasoning', tasks: [{ type: 'thought', content: 'Searching the book' }] },
});
