/**
 * `POST /chatkit`: the ChatKit protocol endpoint (shared/api-contracts.md §2, chatkit-protocol.md).
 *
 * Streaming requests answer Server-Sent Events written one event per chunk, with a pause between text
 * deltas, the way the real server streams an agent's output. Non-streaming requests answer JSON.
 *
 * Choices where the contract is silent, after the ChatKit Python server:
 * - an unknown thread or item answers 404 with the envelope type `NotFoundError`;
 * - a bad `after` cursor, or `threads.retry_after_item` on an item that is not a user message,
 *   answers 400 `ValidationError`;
 * - `threads.get_by_id` returns the thread with its first 20 items (oldest first), like `items.list`;
 * - `threads.delete` and `items.feedback` answer `{}`.
 */
import { http, HttpResponse, type PathParams, type RequestHandler } from 'msw';
import {
  chatkitRequestSchema,
  DEFAULT_BACKEND_URL,
  encodeSseEvent,
  paths,
  type AssistantMessageItem,
  type ChatKitRequest,
  type ChatKitRequestInput,
  type ErrorEnvelope,
  type Page,
  type Thread,
  type ThreadItem,
  type ThreadStreamEventInput,
  type UserMessageItem,
} from '../../src/contract';
import { pickAnswer, type Answer } from '../corpus';
import { endpoint, errorResponse } from '../envelope';
import {
  createThread,
  deleteThread,
  findSession,
  getMockOptions,
  getThread,
  listThreads,
  newId,
  nowIso,
  trackStream,
  type SessionRecord,
  type StoredThread,
} from '../state';

/** ChatKit's default page size. */
export const PAGE_SIZE = 20;

/** Long answers are cut into bigger pieces so no answer needs more than about this many deltas. */
const MAX_DELTAS = 240;

type JsonBody = Thread | Page<Thread> | Page<ThreadItem> | Record<string, never> | ErrorEnvelope;

// ---------------------------------------------------------------------------------------------
// Stream overrides: how scenarios bend one answer without replacing the handler
// ---------------------------------------------------------------------------------------------

/** Ways a scenario may alter the next streamed answer. Several scenarios can combine. */
export interface StreamOverrides {
  /** Replaces the corpus answer. */
  answer?: (question: string) => Answer;
  /** Headers go out at once; the first byte of the body waits this long. */
  firstByteDelayMs?: number;
  /** After this many events the body stops: with a network error (`error`) or a clean end (`end`). */
  cutAfterEvents?: { events: number; mode: 'error' | 'end' };
  /** After this many text deltas an `error` stream event ends the answer. */
  errorAfterDeltas?: { deltas: number; allowRetry: boolean };
  /** After this many text deltas one frame carries a `data:` line that is not JSON. */
  malformedAfterDeltas?: number;
}

/**
 * Overrides are attached to the request itself: every handler in MSW's chain receives the same
 * Request object, so a scenario handler can annotate it and fall through to the success handler.
 */
const overridesByRequest = new WeakMap<Request, StreamOverrides>();

export function addStreamOverrides(request: Request, overrides: StreamOverrides): void {
  // The first handler in the chain wins, as everywhere in MSW.
  overridesByRequest.set(request, { ...overrides, ...overridesByRequest.get(request) });
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/** Reads the bearer token without consuming the request. */
export function bearerToken(request: Request): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get('authorization') ?? '');
  return match?.[1];
}

type AuthResult = { session: SessionRecord } | { response: Response };

function authenticate(request: Request): AuthResult {
  const token = bearerToken(request);
  const deny = (message: string) => ({
    response: errorResponse(401, 'AuthenticationError', message),
  });
  if (!token) return deny('Missing bearer token: send Authorization: Bearer <client_secret>.');
  const session = findSession(token);
  if (!session) return deny('Unknown client secret.');
  if (session.expiresAt.getTime() <= Date.now()) return deny('Client secret has expired.');
  return { session };
}

type ParseResult = { request: ChatKitRequest } | { response: Response };

async function parseBody(request: Request): Promise<ParseResult> {
  let json: unknown;
  try {
    json = JSON.parse(await request.clone().text());
  } catch {
    return { response: errorResponse(400, 'ValidationError', 'Request body is not valid JSON.') };
  }
  const parsed = chatkitRequestSchema.safeParse(json);
  if (!parsed.success) {
    const detail = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
      .join('; ');
    return {
      response: errorResponse(400, 'ValidationError', `Invalid ChatKit request: ${detail}`),
    };
  }
  return { request: parsed.data };
}

function notFound(what: string) {
  return errorResponse(404, 'NotFoundError', `${what} not found.`);
}

/** Splits text into word-sized deltas whose concatenation is exactly the text. */
export function splitIntoDeltas(text: string): string[] {
  const words = text.split(/(?<=\s)(?=\S)/);
  const minLength = Math.max(1, Math.ceil(text.length / MAX_DELTAS));
  const pieces: string[] = [];
  let current = '';
  for (const word of words) {
    current += word;
    if (current.length >= minLength) {
      pieces.push(current);
      current = '';
    }
  }
  if (current) pieces.push(current);
  return pieces;
}

type PageResult<T> = { page: Page<T> } | { response: Response };

/** `all` is oldest first; `after` is the id of the last element of the previous page. */
function paginate<T extends { id: string }>(
  all: readonly T[],
  { limit, order, after }: { limit?: number | null; order: 'asc' | 'desc'; after?: string | null },
): PageResult<T> {
  const ordered = order === 'desc' ? [...all].reverse() : [...all];
  let start = 0;
  if (after) {
    const index = ordered.findIndex((entry) => entry.id === after);
    if (index < 0) {
      return { response: errorResponse(400, 'ValidationError', `Unknown cursor "${after}".`) };
    }
    start = index + 1;
  }
  const size = limit ?? PAGE_SIZE;
  const data = ordered.slice(start, start + size);
  const hasMore = start + size < ordered.length;
  return { page: { data, has_more: hasMore, after: hasMore ? (data.at(-1)?.id ?? null) : null } };
}

function toThread(thread: StoredThread, items: Page<ThreadItem> = firstItems(thread)): Thread {
  return {
    id: thread.id,
    title: thread.title ?? null,
    created_at: thread.created_at,
    status: thread.status,
    metadata: thread.metadata,
    items,
  };
}

function firstItems(thread: StoredThread): Page<ThreadItem> {
  const result = paginate(thread.items, { order: 'asc' });
  return 'page' in result ? result.page : { data: [], has_more: false, after: null };
}

function questionOf(item: UserMessageItem): string {
  return item.content.map((part) => part.text).join(' ');
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    function onAbort() {
      clearTimeout(timer);
      reject(signal.reason);
    }
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

// ---------------------------------------------------------------------------------------------
// Streaming
// ---------------------------------------------------------------------------------------------

interface AnswerContext {
  thread: StoredThread;
  /** Sent as `thread.created` first (threads.create only). */
  isNewThread: boolean;
  /** Sent as `thread.item.done` before the answer (not on retry). */
  userItem?: UserMessageItem;
  answer: Answer;
  signal: AbortSignal;
}

async function* answerEvents(ctx: AnswerContext): AsyncGenerator<ThreadStreamEventInput> {
  const { thread, answer, signal } = ctx;
  if (ctx.isNewThread) {
    yield {
      type: 'thread.created',
      thread: toThread(thread, { data: [], has_more: false, after: null }),
    };
  }
  if (ctx.userItem) yield { type: 'thread.item.done', item: ctx.userItem };

  const assistant: AssistantMessageItem = {
    type: 'assistant_message',
    id: newId.item(),
    thread_id: thread.id,
    created_at: nowIso(),
    content: [],
  };
  yield { type: 'thread.item.added', item: assistant };
  const update = (u: Extract<ThreadStreamEventInput, { type: 'thread.item.updated' }>['update']) =>
    ({ type: 'thread.item.updated', item_id: assistant.id, update: u }) as const;

  yield update({
    type: 'assistant_message.content_part.added',
    content_index: 0,
    content: { type: 'output_text', text: '', annotations: [] },
  });
  const deltas = splitIntoDeltas(answer.text);
  for (const [index, delta] of deltas.entries()) {
    // Read the option for every delta, so a test can change the pace of a running stream.
    if (index > 0) await abortableSleep(getMockOptions().deltaDelayMs, signal);
    yield update({ type: 'assistant_message.content_part.text_delta', content_index: 0, delta });
  }
  const annotations = answer.sources.map((source) => ({
    type: 'annotation' as const,
    source: { type: 'url' as const, url: source.url, title: source.title },
  }));
  for (const [annotationIndex, annotation] of annotations.entries()) {
    yield update({
      type: 'assistant_message.content_part.annotation_added',
      content_index: 0,
      annotation_index: annotationIndex,
      annotation,
    });
  }
  const content = { type: 'output_text' as const, text: answer.text, annotations };
  yield update({ type: 'assistant_message.content_part.done', content_index: 0, content });

  const done: AssistantMessageItem = { ...assistant, content: [content] };
  // Persisted before the client can see `thread.item.done`, so an immediate get_by_id has it.
  thread.items.push(done);
  yield { type: 'thread.item.done', item: done };
}

const MALFORMED_FRAME = 'data: {"type":"thread.item.updated","item_id":\n\n';

async function* frames(
  events: AsyncGenerator<ThreadStreamEventInput>,
  overrides: StreamOverrides,
  signal: AbortSignal,
): AsyncGenerator<string> {
  await abortableSleep(overrides.firstByteDelayMs ?? 0, signal);
  let sent = 0;
  let deltas = 0;
  for await (const event of events) {
    const cut = overrides.cutAfterEvents;
    if (cut && sent >= cut.events) {
      if (cut.mode === 'error') throw new Error(`Mock stream cut after ${cut.events} events.`);
      return;
    }
    const isDelta =
      event.type === 'thread.item.updated' &&
      event.update.type === 'assistant_message.content_part.text_delta';
    const failure = overrides.errorAfterDeltas;
    if (isDelta && failure && deltas >= failure.deltas) {
      yield encodeSseEvent({
        type: 'error',
        code: 'stream.error',
        message: 'The assistant stopped unexpectedly while answering.',
        allow_retry: failure.allowRetry,
      });
      return;
    }
    yield encodeSseEvent(event);
    sent += 1;
    if (isDelta) {
      deltas += 1;
      if (deltas === overrides.malformedAfterDeltas) yield MALFORMED_FRAME;
    }
  }
}

function sseResponse(build: (signal: AbortSignal) => AsyncGenerator<string>) {
  const encoder = new TextEncoder();
  const abort = new AbortController();
  const untrack = trackStream(abort);
  const source = build(abort.signal);
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await source.next();
        if (next.done) {
          untrack();
          controller.close();
        } else {
          controller.enqueue(encoder.encode(next.value));
        }
      } catch (error) {
        untrack();
        // After a cancel the stream is already closed and this is a no-op.
        controller.error(error);
      }
    },
    cancel(reason) {
      abort.abort(reason);
    },
  });
  return new HttpResponse(body, {
    status: 200,
    headers: { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' },
  });
}

function streamAnswer(
  request: Request,
  ctx: Omit<AnswerContext, 'answer' | 'signal'>,
  question: string,
) {
  const overrides = overridesByRequest.get(request) ?? {};
  const answer = overrides.answer?.(question) ?? pickAnswer(question);
  return sseResponse((signal) =>
    frames(answerEvents({ ...ctx, answer, signal }), overrides, signal),
  );
}

function newUserItem(
  thread: StoredThread,
  input: Extract<ChatKitRequest, { type: 'threads.create' }>['params']['input'],
): UserMessageItem {
  return {
    type: 'user_message',
    id: newId.item(),
    thread_id: thread.id,
    created_at: nowIso(),
    content: input.content,
    attachments: input.attachments,
    quoted_text: input.quoted_text ?? null,
    inference_options: input.inference_options,
  };
}

// ---------------------------------------------------------------------------------------------
// Dispatch
// ---------------------------------------------------------------------------------------------

function respond(request: Request, body: ChatKitRequest, session: SessionRecord) {
  switch (body.type) {
    case 'threads.create': {
      const thread = createThread(session.sessionId);
      const userItem = newUserItem(thread, body.params.input);
      thread.items.push(userItem);
      return streamAnswer(request, { thread, isNewThread: true, userItem }, questionOf(userItem));
    }
    case 'threads.add_user_message': {
      const thread = getThread(body.params.thread_id);
      if (!thread) return notFound(`Thread ${body.params.thread_id}`);
      const userItem = newUserItem(thread, body.params.input);
      thread.items.push(userItem);
      return streamAnswer(request, { thread, isNewThread: false, userItem }, questionOf(userItem));
    }
    case 'threads.retry_after_item': {
      const thread = getThread(body.params.thread_id);
      if (!thread) return notFound(`Thread ${body.params.thread_id}`);
      const index = thread.items.findIndex((item) => item.id === body.params.item_id);
      const item = thread.items[index];
      if (!item) return notFound(`Item ${body.params.item_id}`);
      if (item.type !== 'user_message') {
        return errorResponse(400, 'ValidationError', `Item ${item.id} is not a user message.`);
      }
      thread.items.splice(index + 1);
      return streamAnswer(
        request,
        { thread, isNewThread: false },
        questionOf(item as UserMessageItem),
      );
    }
    case 'threads.get_by_id': {
      const thread = getThread(body.params.thread_id);
      return thread
        ? HttpResponse.json<JsonBody>(toThread(thread))
        : notFound(`Thread ${body.params.thread_id}`);
    }
    case 'threads.list': {
      const all = listThreads().reverse();
      const result = paginate(all, body.params);
      if ('response' in result) return result.response;
      const { page } = result;
      return HttpResponse.json<JsonBody>({ ...page, data: page.data.map((t) => toThread(t)) });
    }
    case 'items.list': {
      const thread = getThread(body.params.thread_id);
      if (!thread) return notFound(`Thread ${body.params.thread_id}`);
      const result = paginate(thread.items, body.params);
      return 'response' in result ? result.response : HttpResponse.json<JsonBody>(result.page);
    }
    case 'threads.update': {
      const thread = getThread(body.params.thread_id);
      if (!thread) return notFound(`Thread ${body.params.thread_id}`);
      thread.title = body.params.title;
      return HttpResponse.json<JsonBody>(toThread(thread));
    }
    case 'threads.delete': {
      return deleteThread(body.params.thread_id)
        ? HttpResponse.json<JsonBody>({})
        : notFound(`Thread ${body.params.thread_id}`);
    }
    case 'items.feedback': {
      const thread = getThread(body.params.thread_id);
      if (!thread) return notFound(`Thread ${body.params.thread_id}`);
      const missing = body.params.item_ids.find((id) => !thread.items.some((i) => i.id === id));
      if (missing) return notFound(`Item ${missing}`);
      for (const id of body.params.item_ids) thread.feedback.set(id, body.params.kind);
      return HttpResponse.json<JsonBody>({});
    }
  }
}

export function createChatkitHandlers(baseUrl = DEFAULT_BACKEND_URL): RequestHandler[] {
  return [
    http.post<PathParams, ChatKitRequestInput, JsonBody>(
      endpoint(baseUrl, paths.chatkit),
      async ({ request }) => {
        const auth = authenticate(request);
        if ('response' in auth) return auth.response;
        const parsed = await parseBody(request);
        if ('response' in parsed) return parsed.response;
        auth.session.chatRequests += 1;
        return respond(request, parsed.request, auth.session);
      },
    ),
  ];
}
