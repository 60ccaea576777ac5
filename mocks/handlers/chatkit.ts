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
  DEFAULT_BACKEND_URL,
  paths,
  type ChatKitRequest,
  type ChatKitRequestInput,
  type ErrorEnvelope,
  type Page,
} from '../../src/contract';
import {
  encodeSseEvent,
  type ThreadStreamEventInput,
  type WireItem,
  type WireThread,
  type WireUpdate,
} from '../../src/contract/server';
import { readRequestBody } from '../../src/contract/wire';
import { answerFor, type Answer, type AnswerSource, type ReaderContext } from '../corpus';
import { endpoint, errorResponse } from '../envelope';
import {
  createThread,
  deleteThread,
  findSession,
  getMockOptions,
  getThread,
  listThreads,
  newId,
  naiveNow,
  trackStream,
  type SessionRecord,
  type StoredThread,
} from '../state';

/** ChatKit's default page size. */
export const PAGE_SIZE = 20;

/** Long answers are cut into bigger pieces so no answer needs more than about this many deltas. */
const MAX_DELTAS = 240;

type JsonBody =
  WireThread | Page<WireThread> | Page<WireItem> | Record<string, never> | ErrorEnvelope;
type UserMessageItemInput = Extract<WireItem, { type: 'user_message' }>;

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
  /**
   * After this many text deltas an `error` stream event ends the answer: `stream.error` (no message,
   * as the reference's StreamError), or `custom` with `message` (its CustomStreamError).
   */
  errorAfterDeltas?: { deltas: number; allowRetry: boolean; message?: string };
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
  // As the reference server's pydantic reads it: `null` is unset, extra keys are ignored.
  const reading = readRequestBody(await request.clone().text());
  if ('request' in reading) return reading;
  const message =
    reading.problem === 'not JSON' ? reading.detail : `Invalid ChatKit request: ${reading.detail}`;
  return { response: errorResponse(400, 'ValidationError', message) };
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
  const last = data.at(-1)?.id;
  // The cursor is written only when there is a next page (exclude_none drops it otherwise).
  return { page: { data, has_more: hasMore, ...(hasMore && last && { after: last }) } };
}

/**
 * A thread as the reference's `_to_thread_response` writes it: title only when set, `metadata`
 * always `{}` (it is not copied), and `items` a page (empty for thread.created, thread.updated,
 * threads.list and threads.update, whose thread is metadata only).
 */
function toThread(thread: StoredThread, items: Page<WireItem> = firstItems(thread)): WireThread {
  return {
    ...(thread.title !== undefined && { title: thread.title }),
    id: thread.id,
    created_at: thread.created_at,
    status: { type: 'active' },
    metadata: {},
    items,
  };
}

/** `_load_full_thread`: the first page, oldest first. */
function firstItems(thread: StoredThread): Page<WireItem> {
  const result = paginate(thread.items, { order: 'asc' });
  return 'page' in result ? result.page : { data: [], has_more: false };
}

function questionOf(item: UserMessageItemInput): string {
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
  userItem?: UserMessageItemInput;
  answer: Answer;
  overrides: StreamOverrides;
  signal: AbortSignal;
}

type WireAssistant = Extract<WireItem, { type: 'assistant_message' }>;
type WireWorkflow = Extract<WireItem, { type: 'workflow' }>;
type WireOutputText = WireAssistant['content'] extends (infer C)[] | undefined ? C : never;

function toAnnotation(source: AnswerSource) {
  // Field order as pydantic writes SourceBase then the subclass: title first.
  const written =
    'url' in source
      ? { title: source.title, type: 'url' as const, url: source.url }
      : source.type === 'file'
        ? { title: source.title, type: 'file' as const, filename: source.filename }
        : {
            title: source.title,
            type: 'entity' as const,
            id: source.id,
            ...(source.icon && { icon: source.icon }),
            ...(source.label && { label: source.label }),
            interactive: false,
            data: {},
          };
  return { type: 'annotation' as const, source: written };
}

/**
 * The events of one answer, in the reference server's order (`chatkit/server.py`,
 * `_process_streaming_impl` and `_process_events`; the responder's part after `chatkit/agents.py`):
 * `thread.created` (new threads), the user item's `thread.item.done`, `stream_options`, the
 * responder's events, then `thread.updated` when the answer changed the thread (its first title).
 *
 * Like the reference's `handle_stream_cancelled`, an answer the client abandons (Stop, reload, lost
 * network) is stored with what it had streamed, unless that was nothing. An answer that failed
 * with an `error` event is not stored.
 */
async function* answerEvents(ctx: AnswerContext): AsyncGenerator<ThreadStreamEventInput> {
  const { thread, answer, overrides, signal } = ctx;
  if (ctx.isNewThread) {
    yield {
      type: 'thread.created',
      thread: toThread(thread, { data: [], has_more: false }),
    };
  }
  if (ctx.userItem) yield { type: 'thread.item.done', item: ctx.userItem };
  yield { type: 'stream_options', stream_options: { allow_cancel: true } };

  const titleBefore = thread.title;
  let pending: { item: WireAssistant; text: string } | null = null;
  let failed = false;
  try {
    const { firstTokenDelayMs } = getMockOptions();
    if (firstTokenDelayMs > 0) await abortableSleep(firstTokenDelayMs, signal);
    for (const progress of answer.progress ?? []) {
      yield {
        type: 'progress_update',
        ...(progress.icon && { icon: progress.icon }),
        text: progress.text,
      };
    }
    if (answer.reasoning) yield* reasoningEvents(thread, answer.reasoning, signal);

    const assistant: WireAssistant = {
      // An Agents-SDK responder reuses the Responses API's message id (agents.py).
      id: newId.responsesMessage(),
      thread_id: thread.id,
      created_at: naiveNow(),
      type: 'assistant_message',
      content: [],
    };
    pending = { item: assistant, text: '' };
    yield { type: 'thread.item.added', item: assistant };
    const update = (u: WireUpdate) =>
      ({ type: 'thread.item.updated', item_id: assistant.id, update: u }) as const;

    yield update({
      type: 'assistant_message.content_part.added',
      content_index: 0,
      content: { annotations: [], text: '', type: 'output_text' },
    });
    const deltas = splitIntoDeltas(answer.text);
    for (const [index, delta] of deltas.entries()) {
      const failure = overrides.errorAfterDeltas;
      if (failure && index >= failure.deltas) {
        failed = true;
        // StreamError writes no message; CustomStreamError writes the one meant for the reader.
        yield failure.message === undefined
          ? { type: 'error', code: 'stream.error', allow_retry: failure.allowRetry }
          : {
              type: 'error',
              code: 'custom',
              message: failure.message,
              allow_retry: failure.allowRetry,
            };
        return;
      }
      // Read the option for every delta, so a test can change the pace of a running stream.
      if (index > 0) await abortableSleep(getMockOptions().deltaDelayMs, signal);
      yield update({ type: 'assistant_message.content_part.text_delta', content_index: 0, delta });
      pending.text += delta;
    }
    const annotations = answer.sources.map(toAnnotation);
    for (const [annotationIndex, annotation] of annotations.entries()) {
      yield update({
        type: 'assistant_message.content_part.annotation_added',
        content_index: 0,
        annotation_index: annotationIndex,
        annotation,
      });
    }
    // agents.py writes the part's final text with no annotations: only the done item carries them.
    yield update({
      type: 'assistant_message.content_part.done',
      content_index: 0,
      content: { annotations: [], text: answer.text, type: 'output_text' },
    });
    const content: WireOutputText = { annotations, text: answer.text, type: 'output_text' };
    const done: WireAssistant = { ...assistant, created_at: naiveNow(), content: [content] };
    // Stored before the client can see `thread.item.done`, so an immediate get_by_id has it.
    thread.items.push(done);
    pending = null;
    yield { type: 'thread.item.done', item: done };

    // The responder names a new thread after its first question, as a title-generating agent does.
    if (thread.title === undefined) thread.title = titleFor(ctx.userItem ?? lastUserItem(thread));
  } finally {
    // Reached early only when the client went away (or a scenario cut the stream): keep the part
    // of the answer that was streamed, as `handle_stream_cancelled` does.
    if (pending && !failed && pending.text.trim() !== '') {
      thread.items.push({
        ...pending.item,
        content: [{ annotations: [], text: pending.text, type: 'output_text' }],
      });
    }
  }
  if (thread.title !== titleBefore) {
    yield { type: 'thread.updated', thread: toThread(thread, { data: [], has_more: false }) };
  }
}

/**
 * A reasoning model's workflow as `stream_agent_response` (chatkit/agents.py) writes it: added empty,
 * the first thought streamed (`workflow.task.added` with its first words, then `.updated`), later
 * thoughts added whole, then done with `summary: { duration }` before the answer starts. A model
 * that summarised nothing still sends the workflow, done with no tasks.
 */
async function* reasoningEvents(
  thread: StoredThread,
  reasoning: NonNullable<Answer['reasoning']>,
  signal: AbortSignal,
): AsyncGenerator<ThreadStreamEventInput> {
  const item: WireWorkflow = {
    id: newId.workflow(),
    thread_id: thread.id,
    created_at: naiveNow(),
    type: 'workflow',
    workflow: { type: 'reasoning', tasks: [], expanded: false },
  };
  yield { type: 'thread.item.added', item };
  type Thought = { status_indicator: 'none'; type: 'thought'; content: string };
  const tasks: Thought[] = [];
  const taskEvent = (kind: 'workflow.task.added' | 'workflow.task.updated', index: number) =>
    ({
      type: 'thread.item.updated',
      item_id: item.id,
      update: { type: kind, task_index: index, task: { ...tasks[index]! } },
    }) as const;
  for (const [index, thought] of reasoning.thoughts.entries()) {
    if (index > 0) {
      tasks.push({ status_indicator: 'none', type: 'thought', content: thought });
      yield taskEvent('workflow.task.added', index);
      continue;
    }
    const [first = '', ...rest] = splitIntoDeltas(thought);
    tasks.push({ status_indicator: 'none', type: 'thought', content: first });
    yield taskEvent('workflow.task.added', 0);
    for (const words of rest) {
      await abortableSleep(getMockOptions().deltaDelayMs, signal);
      tasks[0]!.content += words;
      yield taskEvent('workflow.task.updated', 0);
    }
  }
  const done: WireWorkflow = {
    ...item,
    workflow: {
      type: 'reasoning',
      tasks,
      summary: { duration: reasoning.seconds },
      expanded: false,
    },
  };
  thread.items.push(done);
  yield { type: 'thread.item.done', item: done };
}

function lastUserItem(thread: StoredThread): UserMessageItemInput | undefined {
  return thread.items.findLast((item) => item.type === 'user_message') as
    UserMessageItemInput | undefined;
}

/** The question, cut to a short title on a word boundary. */
function titleFor(item: UserMessageItemInput | undefined): string {
  const question = item ? questionOf(item).replace(/\s+/g, ' ').trim() : '';
  if (question.length <= 48) return question || 'New conversation';
  const cut = question.slice(0, 48);
  return `${cut.slice(0, cut.lastIndexOf(' ') > 20 ? cut.lastIndexOf(' ') : 48)}…`;
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
    yield encodeSseEvent(event);
    sent += 1;
    if (
      event.type === 'thread.item.updated' &&
      event.update.type === 'assistant_message.content_part.text_delta'
    ) {
      deltas += 1;
      if (deltas === overrides.malformedAfterDeltas) yield MALFORMED_FRAME;
    }
  }
}

/**
 * An SSE response whose body is pulled from `build`'s frames. The client going away ends it the way
 * a closed connection ends the reference server's stream (`asyncio.CancelledError`): through the
 * body's `cancel`, or through the request's own signal where the body the client reads is a copy
 * (MSW in Node tees mocked responses for its life-cycle events, so a cancelled read never reaches
 * this stream).
 */
function sseResponse(build: (signal: AbortSignal) => AsyncGenerator<string>, client: Request) {
  const clientSignal = client.signal;
  const encoder = new TextEncoder();
  const abort = new AbortController();
  const untrack = trackStream(abort);
  const source = build(abort.signal);
  const clientGone = (reason: unknown) => {
    if (abort.signal.aborted) return;
    abort.abort(reason);
    // A generator paused at a `yield` runs its `finally` (which keeps a partial answer) on return.
    void source.return(undefined).catch(() => undefined);
  };
  // The listener holds `client`, and the body holds the listener: the request whose signal this is
  // lives as long as the answer (its signal follows the caller's only while it lives).
  const onClientAbort = () => clientGone(client.signal.reason);
  if (clientSignal.aborted) onClientAbort();
  else clientSignal.addEventListener('abort', onClientAbort, { once: true });
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
      untrack();
      clientSignal.removeEventListener('abort', onClientAbort);
      clientGone(reason);
    },
  });
  return new HttpResponse(body, {
    status: 200,
    headers: { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' },
  });
}

/** The page the widget says the reader is on (`metadata.page`), if it says so. */
function pageOf(metadata: Record<string, unknown>): ReaderContext['page'] {
  const page = metadata.page as { url?: unknown; title?: unknown } | undefined;
  return typeof page?.url === 'string'
    ? { url: page.url, title: typeof page.title === 'string' ? page.title : '' }
    : undefined;
}

function streamAnswer(
  { request, client }: Exchange,
  body: ChatKitRequest,
  ctx: Omit<AnswerContext, 'answer' | 'overrides' | 'signal'>,
  question: string,
) {
  const overrides = overridesByRequest.get(request) ?? {};
  const reader = {
    page: pageOf(body.metadata),
    language: request.headers.get('accept-language') ?? undefined,
  };
  const answer = overrides.answer?.(question) ?? answerFor(question, reader);
  return sseResponse(
    (signal) => frames(answerEvents({ ...ctx, answer, overrides, signal }), overrides, signal),
    client,
  );
}

function newUserItem(
  thread: StoredThread,
  input: Extract<ChatKitRequest, { type: 'threads.create' }>['params']['input'],
): UserMessageItemInput {
  // Field order as pydantic writes UserMessageItem; unset optionals are left out (exclude_none).
  return {
    id: newId.item(),
    thread_id: thread.id,
    created_at: naiveNow(),
    type: 'user_message',
    content: input.content,
    // Attachment ids would be resolved to attachments here; this backend takes none.
    attachments: [],
    ...(input.quoted_text !== undefined && { quoted_text: input.quoted_text }),
    inference_options: input.inference_options,
  };
}

// ---------------------------------------------------------------------------------------------
// Dispatch
// ---------------------------------------------------------------------------------------------

/** The request a resolver sees (MSW's clone), and the one the client made. */
interface Exchange {
  request: Request;
  client: Request;
}

/**
 * The requests clients made, by MSW's request id, while MSW handles them. A resolver gets a clone
 * (`request.clone()`), and in Node (undici 6) a clone's signal follows the original's through a
 * weak reference that the next garbage collection may clear: a stream listening to the clone would
 * miss the reader's Stop. The original's signal is kept in step, so a stream listens to that one.
 */
const clientRequests = new Map<string, Request>();

/**
 * Lets the ChatKit handlers hear a client abort in process: mocks/node.ts calls this on MSW's
 * `request:start` and `request:end` (`request` undefined once MSW is done with it).
 */
export function followClientRequest(requestId: string, request: Request | undefined): void {
  if (request) clientRequests.set(requestId, request);
  else clientRequests.delete(requestId);
}

function respond(exchange: Exchange, body: ChatKitRequest, session: SessionRecord) {
  switch (body.type) {
    case 'threads.create': {
      const thread = createThread(session.sessionId);
      const userItem = newUserItem(thread, body.params.input);
      thread.items.push(userItem);
      return streamAnswer(
        exchange,
        body,
        { thread, isNewThread: true, userItem },
        questionOf(userItem),
      );
    }
    case 'threads.add_user_message': {
      const thread = getThread(body.params.thread_id);
      if (!thread) return notFound(`Thread ${body.params.thread_id}`);
      const userItem = newUserItem(thread, body.params.input);
      thread.items.push(userItem);
      return streamAnswer(
        exchange,
        body,
        { thread, isNewThread: false, userItem },
        questionOf(userItem),
      );
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
      // The reference deletes what followed without `thread.item.removed`: the client drops it.
      return streamAnswer(exchange, body, { thread, isNewThread: false }, questionOf(item));
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
      const empty = { data: [], has_more: false };
      return HttpResponse.json<JsonBody>({
        ...page,
        data: page.data.map((t) => toThread(t, empty)),
      });
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
      return HttpResponse.json<JsonBody>(toThread(thread, { data: [], has_more: false }));
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
      async ({ request, requestId }) => {
        const auth = authenticate(request);
        if ('response' in auth) return auth.response;
        const parsed = await parseBody(request);
        if ('response' in parsed) return parsed.response;
        auth.session.chatRequests += 1;
        const client = clientRequests.get(requestId) ?? request;
        return respond({ request, client }, parsed.request, auth.session);
      },
    ),
  ];
}
