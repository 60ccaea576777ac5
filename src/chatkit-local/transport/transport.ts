/**
 * The element's side of the wire: posting protocol requests to the custom backend, mapping HTTP
 * failures to `ChatKitHttpError`, reading JSON answers tolerantly (`readJson`) and answer streams
 * event by event.
 */
import type { ChatKitOptions, CustomApiConfig } from '@openai/chatkit';
import {
  itemPageSchema,
  threadSchema,
  type ChatKitRequestInput,
  type Page,
  type Thread,
  type ThreadItem,
  type ThreadStreamEvent,
} from '../../contract';
import { readErrorResponse, readJson } from '../../contract/wire';
import {
  ChatKitConfigurationError,
  ChatKitHttpError,
  ChatKitProtocolError,
  ChatKitStreamError,
} from './chatkitErrors';
import { readThreadStream, type OnSkipped } from './sse';

/** Restoring pages through `items.list`: at most this many pages of this size. */
const ITEM_PAGE_SIZE = 100;
const MAX_ITEM_PAGES = 20;

export function isCustomApi(api: ChatKitOptions['api'] | undefined): api is CustomApiConfig {
  return api != null && typeof (api as Partial<CustomApiConfig>).url === 'string';
}

/** A non-2xx answer as an error a host can act on; the server's own message is never carried. */
export async function toHttpError(response: Response): Promise<ChatKitHttpError> {
  const { status, retryAfter, errorType } = await readErrorResponse(response);
  return new ChatKitHttpError(status, { retryAfter, errorType });
}

export class ChatKitTransport {
  /** `api` is read on every request, so options set later apply to the next one. */
  constructor(private readonly api: () => ChatKitOptions['api'] | undefined) {}

  /** POSTs one request; resolves with a 2xx response, or throws (a rejected fetch as it is). */
  async post(
    request: ChatKitRequestInput,
    signal: AbortSignal,
    streaming: boolean,
  ): Promise<Response> {
    const api = this.api();
    if (!isCustomApi(api)) {
      throw new ChatKitConfigurationError(
        'The local ChatKit element needs api.url (custom backend mode).',
      );
    }
    const init: RequestInit = {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: streaming ? 'text/event-stream' : 'application/json',
      },
      body: JSON.stringify({ ...request, metadata: request.metadata ?? {} }),
      signal,
    };
    // A rejection propagates untouched: the host classifies network and session failures by it.
    const response = api.fetch
      ? await api.fetch(api.url, init)
      : await globalThis.fetch(api.url, init);
    if (!response.ok) throw await toHttpError(response);
    return response;
  }

  /** The events of an accepted answer, as they arrive; events passed over go to `onSkipped`. */
  events(
    response: Response,
    signal: AbortSignal,
    onSkipped: OnSkipped,
  ): AsyncGenerator<ThreadStreamEvent, void, undefined> {
    if (!response.body) throw new ChatKitStreamError('stream.interrupted', true);
    return readThreadStream(response.body, signal, onSkipped);
  }

  /**
   * A thread with all its items: `threads.get_by_id` returns only the first page, oldest first; the
   * rest come from `items.list`, so a long conversation is restored up to its latest message.
   */
  async getThread(threadId: string, signal: AbortSignal): Promise<Thread> {
    const response = await this.post(
      { type: 'threads.get_by_id', params: { thread_id: threadId } },
      signal,
      false,
    );
    const parsed = threadSchema.safeParse(await readJson(response));
    if (!parsed.success) {
      throw new ChatKitProtocolError('threads.get_by_id answered with an invalid thread', {
        cause: parsed.error,
      });
    }
    const thread = parsed.data;
    const data = [...thread.items.data];
    let page: Page<ThreadItem> = thread.items;
    for (let fetched = 0; page.has_more && page.after && fetched < MAX_ITEM_PAGES; fetched += 1) {
      const next = await this.post(
        {
          type: 'items.list',
          params: { thread_id: thread.id, order: 'asc', after: page.after, limit: ITEM_PAGE_SIZE },
        },
        signal,
        false,
      );
      const parsedPage = itemPageSchema.safeParse(await readJson(next));
      if (!parsedPage.success) {
        throw new ChatKitProtocolError('items.list answered with an invalid page', {
          cause: parsedPage.error,
        });
      }
      page = parsedPage.data;
      data.push(...page.data);
    }
    return {
      ...thread,
      items: {
        data,
        has_more: page.has_more,
        ...(page.after !== undefined && { after: page.after }),
      },
    };
  }
}
