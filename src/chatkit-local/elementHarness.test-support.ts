/**
 * Test support for the element's tests (actions.test.ts, rendering.test.ts), not shipped: the wire
 * as chatkit-python writes it (compact JSON, no nulls, naive datetimes, pydantic's key order), a
 * stub `api.fetch` answering with it, and the element mounted on that stub (jsdom).
 */
import type { ChatKitOptions } from '@openai/chatkit';
import { within } from '@testing-library/dom';
import type { ChatKitRequestInput } from '../contract';
import type { LocalChatKitElement } from './element/LocalChatKitElement';

export const URL_ = 'http://localhost:8000/chatkit';
export const THREAD = 'thr_5c0ffee1';
export const AT = '2026-11-30T19:50:41.528123';

// ---------------------------------------------------------------------------------------------
// The wire, as chatkit-python writes it
// ---------------------------------------------------------------------------------------------

export type Json = Record<string, unknown>;

/** A `text/event-stream` body: one `data:` frame per event. */
export const sse = (...events: Json[]) =>
  events.map((e) => `data: ${JSON.stringify(e)}\n\n`).join('');

/** The thread THREAD, with a title once the server has given it one. */
export const threadJson = (title?: string, data: Json[] = []) => ({
  ...(title !== undefined && { title }),
  id: THREAD,
  created_at: AT,
  status: { type: 'active' },
  metadata: {},
  items: { data, has_more: false },
});
export const base = (id: string) => ({ id, thread_id: THREAD, created_at: AT });

/** A user message: `text` as its one input_text, or its content parts; `quoted_text` if given. */
export const userItem = (
  id: string,
  content: string | Json[] = 'Question?',
  quotedText?: string,
) => ({
  ...base(id),
  type: 'user_message',
  content: typeof content === 'string' ? [{ type: 'input_text', text: content }] : content,
  attachments: [],
  ...(quotedText !== undefined && { quoted_text: quotedText }),
  inference_options: {},
});
export const outputText = (value: string, annotations: Json[] = []) => ({
  annotations,
  text: value,
  type: 'output_text',
});
export const assistantItem = (id: string, ...content: Json[]) => ({
  ...base(id),
  type: 'assistant_message',
  content,
});

export const created = () => ({ type: 'thread.created', thread: threadJson() });
export const done = (item: Json) => ({ type: 'thread.item.done', item });
export const added = (item: Json) => ({ type: 'thread.item.added', item });
export const updated = (itemId: string, update: Json) => ({
  type: 'thread.item.updated',
  item_id: itemId,
  update,
});
export const streamOptions = (allowCancel = true) => ({
  type: 'stream_options',
  stream_options: { allow_cancel: allowCancel },
});

// ---------------------------------------------------------------------------------------------
// A stub backend, and the element on it
// ---------------------------------------------------------------------------------------------

/** A body for the event stream, or JSON (200 unless `status`). */
export type Reply = string | ReadableStream<Uint8Array> | { json: unknown; status?: number };

/** An `api.fetch` answering each request with `reply`, recording what it was sent. */
export function stubBackend(reply: (request: ChatKitRequestInput, index: number) => Reply) {
  const requests: ChatKitRequestInput[] = [];
  const bodies: string[] = [];
  const signals: AbortSignal[] = [];
  const fetch = async (_input: RequestInfo | URL, init?: RequestInit) => {
    const body = String(init?.body);
    bodies.push(body);
    const request = JSON.parse(body) as ChatKitRequestInput;
    requests.push(request);
    if (init?.signal) signals.push(init.signal);
    const answer = reply(request, requests.length - 1);
    if (typeof answer === 'object' && 'json' in answer) {
      return new Response(JSON.stringify(answer.json), {
        status: answer.status ?? 200,
        headers: { 'Content-Type': 'application/json' },
      });
    }
    return new Response(answer, { headers: { 'Content-Type': 'text/event-stream' } });
  };
  return { fetch, requests, bodies, signals };
}

export type Logged = { name: string; data?: Record<string, unknown> };

/** Mounts `<openai-chatkit>` (registered by the test) on `fetch`; what it shows and dispatches. */
export async function mount(fetch: typeof globalThis.fetch, extra: Partial<ChatKitOptions> = {}) {
  const el = document.createElement('openai-chatkit') as LocalChatKitElement;
  const logs: Logged[] = [];
  const errors: Error[] = [];
  const ends: number[] = [];
  el.addEventListener('chatkit.log', (e) => logs.push((e as CustomEvent<Logged>).detail));
  el.addEventListener('chatkit.error', (e) =>
    errors.push((e as CustomEvent<{ error: Error }>).detail.error),
  );
  el.addEventListener('chatkit.response.end', () => ends.push(Date.now()));
  document.body.append(el);
  el.setOptions({ api: { url: URL_, domainKey: 'local-dev', fetch }, ...extra });
  await el.whenReady();
  const ui = within(el);
  const log = ui.getByRole('log');
  return {
    el,
    ui,
    log,
    thread: within(log),
    logs,
    errors,
    ends,
    input: () => ui.getByRole('textbox') as HTMLTextAreaElement,
    status: () => el.querySelector('[role="status"]')!.textContent?.trim(),
  };
}
