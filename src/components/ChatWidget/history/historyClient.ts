/**
 * The history client: this reader's conversations as the backend keeps them (ChatKit's
 * `threads.list`, `threads.update`, `threads.delete` at `POST ${backendUrl}/chatkit`), through a
 * given fetch (the chat-request pipeline, which adds the bearer token and page metadata).
 * Answers are read through the contract's schemas, tolerantly (unknown fields pass, missing pages
 * read as empty); every failure becomes the widget's ErrorState (`classifyError`), so the view
 * shows friendly words, never a status code.
 */
import { paths, threadPageSchema, threadSchema } from '../../../contract';
import { BackendError, classifyError, type ErrorState } from '../errors';

/** One conversation as the history lists it. */
export interface Conversation {
  id: string;
  /** The backend's title (the first question, for a titling backend); null when it has none. */
  title: string | null;
  /** When it started: ISO 8601, as the backend wrote it. */
  createdAt: string;
}

export interface ConversationPage {
  conversations: Conversation[];
  /** The cursor for the next page; null on the last page. */
  after: string | null;
}

/** A failure of a history request, classified for the reader. */
export class HistoryError extends Error {
  override name = 'HistoryError';
  readonly state: ErrorState;
  constructor(state: ErrorState, cause: unknown) {
    super(state.message, { cause });
    this.state = state;
  }
}

export interface HistoryClient {
  /** One page, newest first; `after` is the previous page's cursor. */
  list(options?: { after?: string | null; limit?: number }): Promise<ConversationPage>;
  /** Renames a conversation; resolves to it as the backend now has it. */
  rename(id: string, title: string): Promise<Conversation>;
  /** Deletes a conversation for good. */
  remove(id: string): Promise<void>;
}

export interface HistoryClientOptions {
  /** The chat-request pipeline's fetch (`connection.fetch`). */
  fetch: typeof fetch;
  /** Backend base URL. */
  backendUrl: string;
  /** How many conversations a page holds. @default 20 */
  pageSize?: number;
  /** Whether the browser reports a network (offline is told apart). @default navigator.onLine */
  isOnline?: () => boolean;
}

const navigatorOnline = () => typeof navigator === 'undefined' || navigator.onLine !== false;

function toConversation(thread: { id: string; title?: string | undefined; created_at: string }) {
  const title = thread.title?.trim();
  return { id: thread.id, title: title ? title : null, createdAt: thread.created_at };
}

export function createHistoryClient(options: HistoryClientOptions): HistoryClient {
  const url = `${options.backendUrl.replace(/\/+$/, '')}${paths.chatkit}`;
  const pageSize = options.pageSize ?? 20;
  const isOnline = options.isOnline ?? navigatorOnline;

  /** Sends one protocol request and returns its JSON body, or throws a HistoryError. */
  async function send(type: string, params: Record<string, unknown>): Promise<unknown> {
    try {
      const response = await options.fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ type, params, metadata: {} }),
      });
      if (!response.ok) {
        throw new BackendError(`${type} failed with HTTP ${response.status}`, {
          endpoint: 'chatkit',
          failure: 'http',
          status: response.status,
        });
      }
      const text = await response.text();
      try {
        return text.trim() === '' ? {} : (JSON.parse(text) as unknown);
      } catch (cause) {
        throw malformed(type, cause);
      }
    } catch (error) {
      throw error instanceof HistoryError
        ? error
        : new HistoryError(classifyError(error, { online: isOnline() }), error);
    }
  }

  function malformed(type: string, cause: unknown) {
    const error = new BackendError(`${type} answer does not match the contract`, {
      endpoint: 'chatkit',
      failure: 'malformed',
      cause,
    });
    return new HistoryError(classifyError(error), error);
  }

  return {
    async list({ after = null, limit = pageSize } = {}) {
      const body = await send('threads.list', {
        limit,
        order: 'desc',
        ...(after !== null && { after }),
      });
      const parsed = threadPageSchema.safeParse(body);
      if (!parsed.success) throw malformed('threads.list', parsed.error);
      const page = parsed.data;
      return {
        conversations: page.data.map(toConversation),
        after: page.has_more && page.after ? page.after : null,
      };
    },
    async rename(id, title) {
      const body = await send('threads.update', { thread_id: id, title });
      const parsed = threadSchema.safeParse(body);
      // A backend that answers `{}` (or anything else) renamed it all the same.
      return parsed.success
        ? toConversation(parsed.data)
        : { id, title: title.trim() || null, createdAt: '' };
    },
    async remove(id) {
      await send('threads.delete', { thread_id: id });
    },
  };
}
