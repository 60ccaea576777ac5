/**
 * A ChatKit backend that nobody on this team wrote: the npm package `chatkit-node-backend-sdk`
 * (an independent TypeScript port of OpenAI's Python ChatKit server) behind the HTTP surface of
 * /work/shared/api-contracts.md, with an in-memory Store and a scripted responder (no network, no
 * OpenAI). The widget is tested against it to prove it works with a real protocol server, not only
 * with our own mock.
 *
 *   npx tsx tests/conformance/nodeSdkServer.ts --port 8000 [--delta-delay 40] [--seed 30]
 *                                              [--allow-origin https://example.org]...
 *
 * Where the node SDK writes something the Python SDK (the reference, `chatkit/server.py` and
 * `chatkit/types.py` of openai/chatkit-python) would not, this file makes the output follow the
 * Python SDK and says which Python line it follows. The SDK's own logic (routing, persistence,
 * thread.updated, error events) is left to the SDK.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import {
  ChatKitServer,
  ErrorCode,
  Store,
  StoreNotFoundError,
  StreamError,
  type Annotation,
  type AssistantMessageItem,
  type Attachment,
  type Logger,
  type NonStreamingReq,
  type Page,
  type StreamingReq,
  type Thread,
  type ThreadItem,
  type ThreadMetadata,
  type ThreadStreamEvent,
  type UserMessageItem,
} from 'chatkit-node-backend-sdk';
import { closeServer, createCorsPolicy, listen, readBody, runIfMain } from '../../mocks/http';
import { DEV_ALLOWED_ORIGINS } from '../../src/contract/server';

// ---------------------------------------------------------------------------------------------
// Wire format: what the Python SDK writes
// ---------------------------------------------------------------------------------------------

const ISO_UTC = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?Z$/;

/**
 * `datetime.now()` as pydantic writes it: local time, naive (no offset), microseconds.
 * The node SDK writes `new Date().toISOString()` ("…Z", milliseconds); the Python SDK stamps every
 * thread and item with a naive `datetime.now()` (server.py `_process_streaming_impl`:
 * `Thread(..., created_at=datetime.now(), ...)`, `_build_user_message_item`: `created_at=datetime.now()`).
 */
export function naiveDateTime(iso: string): string {
  if (!ISO_UTC.test(iso)) return iso;
  const date = new Date(iso);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}` +
    `.${pad(date.getMilliseconds() * 1000, 6)}`
  );
}

/**
 * One value as the Python SDK serializes it. server.py `_serialize`:
 * `obj.model_dump_json(by_alias=True, exclude_none=True, ...)`: a field whose value is None is left
 * out (list elements are kept as they are), and `created_at` (a `datetime` in types.py
 * `ThreadMetadata` / `ThreadItemBase`) is written naive.
 * The node SDK drops nulls only in `StreamingResult` and `NonStreamingResult.toString()`; its
 * `NonStreamingResult.toJSON()` (what `res.json(result)` would send) keeps them. Applied to both
 * kinds of answer here, so neither depends on that.
 */
export function toPythonWire(value: unknown, key?: string): unknown {
  if (Array.isArray(value)) return value.map((entry) => toPythonWire(entry));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [name, entry] of Object.entries(value)) {
      if (entry === null || entry === undefined) continue;
      out[name] = toPythonWire(entry, name);
    }
    return out;
  }
  if (key === 'created_at' && typeof value === 'string') return naiveDateTime(value);
  return value;
}

/** server.py `_process_streaming`: `b"data: " + self._serialize(event) + b"\n\n"`. */
const sseLine = (event: unknown) => `data: ${JSON.stringify(toPythonWire(event))}\n\n`;

// ---------------------------------------------------------------------------------------------
// The Store (the SDK ships none)
// ---------------------------------------------------------------------------------------------

export interface RequestContext {
  /** The session's client secret, from `Authorization: Bearer …`. */
  token: string;
}

const clone = <T>(value: T): T => structuredClone(value);

/**
 * Threads and items in memory, paged like the Python SDK's reference SQLite store
 * (tests/helpers/mock_store.py: `limit + 1` rows, `has_more`, `after` = the page's last id when
 * there is more, `None` otherwise). Every load returns a copy, as a database would.
 */
export class MemoryStore extends Store<RequestContext> {
  readonly threads = new Map<string, ThreadMetadata>();
  readonly items = new Map<string, ThreadItem[]>();
  readonly attachments = new Map<string, Attachment>();

  private page<T extends { id: string }>(
    all: T[],
    after: string | null,
    limit: number,
    order: 'asc' | 'desc',
    what: string,
  ): Page<T> {
    const ordered = order === 'desc' ? [...all].reverse() : all;
    let start = 0;
    if (after) {
      const index = ordered.findIndex((entry) => entry.id === after);
      if (index === -1) throw new StoreNotFoundError(`${what} ${after} not found`);
      start = index + 1;
    }
    const rows = ordered.slice(start, start + limit + 1);
    const hasMore = rows.length > limit;
    const data = hasMore ? rows.slice(0, limit) : rows;
    return { data: clone(data), has_more: hasMore, after: hasMore ? data.at(-1)!.id : null };
  }

  async loadThread(threadId: string): Promise<ThreadMetadata> {
    const thread = this.threads.get(threadId);
    if (!thread) throw new StoreNotFoundError(`Thread ${threadId} not found`);
    return clone(thread);
  }

  async saveThread(thread: ThreadMetadata): Promise<void> {
    // ThreadMetadata only: a Thread's items page is not part of the stored thread.
    const { id, title, created_at, status, metadata } = thread;
    this.threads.set(id, clone({ id, title, created_at, status, metadata }));
    if (!this.items.has(id)) this.items.set(id, []);
  }

  async deleteThread(threadId: string): Promise<void> {
    this.threads.delete(threadId);
    this.items.delete(threadId);
  }

  async loadThreads(
    limit: number,
    after: string | null,
    order: 'asc' | 'desc',
  ): Promise<Page<ThreadMetadata>> {
    return this.page([...this.threads.values()], after, limit, order, 'Thread');
  }

  async loadThreadItems(
    threadId: string,
    after: string | null,
    limit: number,
    order: 'asc' | 'desc',
  ): Promise<Page<ThreadItem>> {
    return this.page(this.items.get(threadId) ?? [], after, limit, order, 'Item');
  }

  async addThreadItem(threadId: string, item: ThreadItem): Promise<void> {
    const items = this.items.get(threadId) ?? [];
    const index = items.findIndex((entry) => entry.id === item.id);
    if (index === -1) items.push(clone(item));
    else items[index] = clone(item);
    this.items.set(threadId, items);
  }

  async saveItem(threadId: string, item: ThreadItem): Promise<void> {
    await this.addThreadItem(threadId, item);
  }

  async loadItem(threadId: string, itemId: string): Promise<ThreadItem> {
    const item = this.items.get(threadId)?.find((entry) => entry.id === itemId);
    if (!item) throw new StoreNotFoundError(`Item ${itemId} not found`);
    return clone(item);
  }

  async deleteThreadItem(threadId: string, itemId: string): Promise<void> {
    const items = this.items.get(threadId);
    if (items)
      this.items.set(
        threadId,
        items.filter((entry) => entry.id !== itemId),
      );
  }

  async saveAttachment(attachment: Attachment): Promise<void> {
    this.attachments.set(attachment.id, clone(attachment));
  }

  async loadAttachment(attachmentId: string): Promise<Attachment> {
    const attachment = this.attachments.get(attachmentId);
    if (!attachment) throw new StoreNotFoundError(`Attachment ${attachmentId} not found`);
    return clone(attachment);
  }

  async deleteAttachment(attachmentId: string): Promise<void> {
    this.attachments.delete(attachmentId);
  }
}

// ---------------------------------------------------------------------------------------------
// The scripted responder
// ---------------------------------------------------------------------------------------------

interface Source {
  url: string;
  title: string;
}

/** Real pages of the textbook (website/docs), with their front-matter titles. */
const DOCS = {
  intro: { url: '/docs/intro', title: 'Introduction to Physical AI' },
  ros2: { url: '/docs/ros2/overview', title: 'ROS 2: The Robotic Nervous System' },
  nodes: { url: '/docs/ros2/nodes-topics-services', title: 'Nodes, Topics and Services' },
  twins: { url: '/docs/digital-twins/overview', title: 'Digital Twins and Simulation' },
  gazebo: { url: '/docs/digital-twins/gazebo', title: 'Simulating Robots in Gazebo' },
  isaac: { url: '/docs/isaac/overview', title: 'The AI Robot Brain: NVIDIA Isaac' },
  isaacSim: { url: '/docs/isaac/isaac-sim', title: 'Isaac Sim and Synthetic Data' },
  vla: { url: '/docs/vla/overview', title: 'Vision-Language-Action' },
  voice: { url: '/docs/vla/voice-to-action', title: 'From Voice to Action' },
} as const satisfies Record<string, Source>;

const SCRIPT: { match: RegExp; text: string; sources: Source[] }[] = [
  {
    match: /\btopics?\b|\bservices?\b|\bnodes?\b/i,
    text: 'A node publishes on a topic for streams of data, calls a service for a quick request and reply, and uses an action for long goals with feedback.',
    sources: [DOCS.nodes, DOCS.ros2],
  },
  {
    match: /\bros ?2?\b/i,
    text: 'ROS 2 is the middleware that connects a robot’s sensors, planners and motors as a graph of nodes exchanging messages.',
    sources: [DOCS.ros2, DOCS.nodes],
  },
  {
    match: /twin|simulat|gazebo/i,
    text: 'A digital twin is a simulated copy of the robot and its world, where behaviours are trained and tested before they touch hardware.',
    sources: [DOCS.twins, DOCS.gazebo],
  },
  {
    match: /isaac/i,
    text: 'Isaac Sim renders physically accurate scenes and generates labelled synthetic data for training perception models.',
    sources: [DOCS.isaacSim, DOCS.isaac],
  },
  {
    match: /voice|language|vla/i,
    text: 'A vision-language-action model turns a spoken command and what the camera sees into a sequence of robot actions.',
    sources: [DOCS.vla, DOCS.voice],
  },
];

const FALLBACK = {
  text: 'Physical AI is intelligence that senses and acts in the physical world through a robot’s body.',
  sources: [DOCS.intro],
};

export function scriptedAnswer(question: string): { text: string; sources: Source[] } {
  return SCRIPT.find((entry) => entry.match.test(question)) ?? FALLBACK;
}

/** Splits a text into a few deltas (word boundaries kept), so the reader sees it grow. */
function deltas(text: string, parts = 5): string[] {
  const words = text.split(/(?<= )/);
  const size = Math.ceil(words.length / parts);
  const out: string[] = [];
  for (let i = 0; i < words.length; i += size) out.push(words.slice(i, i + size).join(''));
  return out;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const questionOf = (item: UserMessageItem) =>
  item.content
    .map((part) => (part.type === 'input_text' ? part.text : ''))
    .join(' ')
    .trim();

const now = () => new Date().toISOString();

const quietLogger: Logger = {
  info: () => undefined,
  debug: () => undefined,
  warn: (message, extra) => console.warn(`[chatkit-node-backend-sdk] ${message}`, extra ?? ''),
  error: (message, extra) => console.error(`[chatkit-node-backend-sdk] ${message}`, extra ?? ''),
};

export interface FeedbackRecord {
  thread_id: string;
  item_ids: string[];
  kind: string;
}

class ScriptedChatKitServer extends ChatKitServer<RequestContext> {
  /** Questions containing "fail once" that have failed already. */
  private readonly failedOnce = new Set<string>();

  constructor(
    store: MemoryStore,
    private readonly options: { deltaDelayMs: number; feedback: FeedbackRecord[] },
  ) {
    super(store, undefined, quietLogger);
  }

  async *respond(
    thread: ThreadMetadata,
    input: UserMessageItem | null,
    _context: RequestContext,
  ): AsyncGenerator<ThreadStreamEvent> {
    if (!input) return;
    const question = questionOf(input);
    const key = question.toLowerCase();
    if (key.includes('fail once') && !this.failedOnce.has(key)) {
      this.failedOnce.add(key);
      // Python: `raise StreamError(ErrorCode.STREAM_ERROR, allow_retry=True)`.
      throw new StreamError(ErrorCode.STREAM_ERROR, true);
    }

    const { text, sources } = scriptedAnswer(question);
    const id = this.store.generateItemId('message', thread, _context);
    const base = {
      type: 'assistant_message' as const,
      id,
      thread_id: thread.id,
      created_at: now(),
    };
    yield { type: 'thread.item.added', item: { ...base, content: [] } };
    yield {
      type: 'thread.item.updated',
      item_id: id,
      update: {
        type: 'assistant_message.content_part.added',
        content_index: 0,
        content: { type: 'output_text', text: '', annotations: [] },
      },
    };
    for (const delta of deltas(text)) {
      if (this.options.deltaDelayMs > 0) await sleep(this.options.deltaDelayMs);
      yield {
        type: 'thread.item.updated',
        item_id: id,
        update: { type: 'assistant_message.content_part.text_delta', content_index: 0, delta },
      };
    }
    const annotations: Annotation[] = sources.map((source) => ({
      type: 'annotation',
      source: { type: 'url', url: source.url, title: source.title },
    }));
    for (const [index, annotation] of annotations.entries()) {
      yield {
        type: 'thread.item.updated',
        item_id: id,
        update: {
          type: 'assistant_message.content_part.annotation_added',
          content_index: 0,
          annotation_index: index,
          annotation,
        },
      };
    }
    const content = { type: 'output_text' as const, text, annotations };
    yield {
      type: 'thread.item.updated',
      item_id: id,
      update: { type: 'assistant_message.content_part.done', content_index: 0, content },
    };
    const done: AssistantMessageItem = { ...base, content: [content] };
    yield { type: 'thread.item.done', item: done };
    // The SDK notices the change and sends thread.updated (and saves the thread).
    if (!thread.title) thread.title = question.length > 60 ? `${question.slice(0, 57)}…` : question;
  }

  override async addFeedback(threadId: string, itemIds: string[], kind: string): Promise<void> {
    this.options.feedback.push({ thread_id: threadId, item_ids: itemIds, kind });
  }

  /**
   * server.py `_process_events` starts every answer with
   * `yield StreamOptionsEvent(stream_options=self.get_stream_options(thread, context))`
   * (`StreamOptions(allow_cancel=True)`); the node SDK has no stream_options event at all.
   * And after its try/except, Python sends `thread.updated` when the thread changed even if the
   * answer failed (`if thread != last_thread: ... yield ThreadUpdatedEvent(...)`); the node SDK
   * does not after an error.
   */
  protected override async *processEvents(
    thread: ThreadMetadata,
    context: RequestContext,
    streamFn: () => AsyncGenerator<ThreadStreamEvent>,
  ): AsyncGenerator<ThreadStreamEvent> {
    yield {
      type: 'stream_options',
      stream_options: { allow_cancel: true },
    } as unknown as ThreadStreamEvent;
    let seen = JSON.stringify(thread);
    for await (const event of super.processEvents(thread, context, streamFn)) {
      if (event.type === 'thread.updated') seen = JSON.stringify(thread);
      yield event;
    }
    if (JSON.stringify(thread) !== seen) {
      await this.store.saveThread(thread, context);
      yield { type: 'thread.updated', thread: this.toThreadResponse(thread) };
    }
  }

  /**
   * server.py `ThreadsRetryAfterItemReq`: walks the items newest first, requires `item_id` to be a
   * user message (`raise ValueError(f"Item {...} is not a user message")`), deletes every later
   * item from the store, then answers that message. The node SDK deletes nothing (the failed or
   * old answer stays in the thread) and accepts any item, answering the nearest earlier user
   * message.
   */
  protected override async *processStreamingImpl(
    request: StreamingReq,
    context: RequestContext,
  ): AsyncGenerator<ThreadStreamEvent> {
    if (request.type !== 'threads.retry_after_item') {
      yield* super.processStreamingImpl(request, context);
      return;
    }
    const { thread_id: threadId, item_id: itemId } = request.params;
    const thread = await this.store.loadThread(threadId, context);
    const toRemove: ThreadItem[] = [];
    let userMessage: UserMessageItem | null = null;
    let after: string | null = null;
    walk: for (;;) {
      // server.py `_paginate_thread_items_reverse`: DEFAULT_PAGE_SIZE (20), "desc".
      const page = await this.store.loadThreadItems(threadId, after, 20, 'desc', context);
      for (const item of page.data) {
        if (item.id === itemId) {
          if (item.type !== 'user_message') throw new Error(`Item ${itemId} is not a user message`);
          userMessage = item;
          break walk;
        }
        toRemove.push(item);
      }
      if (!page.has_more) break;
      after = page.after;
    }
    if (!userMessage) return; // Python: `if user_message_item:`, else an empty stream.
    for (const item of toRemove) await this.store.deleteThreadItem(threadId, item.id, context);
    const message = userMessage;
    yield* this.processEvents(thread, context, () => this.respond(thread, message, context));
  }

  /**
   * types.py `ItemsListParams.order` and `ThreadListParams.order` default to "desc"; the node SDK
   * defaults `items.list` to "asc" (`params.order || "asc"`).
   */
  protected override async processNonStreaming(
    request: NonStreamingReq,
    context: RequestContext,
  ): Promise<unknown> {
    if (request.type === 'items.list' || request.type === 'threads.list') {
      request.params.order ??= 'desc';
    }
    return super.processNonStreaming(request, context);
  }

  /**
   * server.py `_to_thread_response` builds `Thread(id, title, created_at, items, status,
   * allowed_image_domains)`: the stored `metadata` is never sent (it is the default `{}`); the
   * node SDK echoes `thread.metadata`.
   */
  protected override toThreadResponse(thread: ThreadMetadata | Thread): Thread {
    return { ...super.toThreadResponse(thread), metadata: {} };
  }
}

// ---------------------------------------------------------------------------------------------
// HTTP: the backend's endpoints (api-contracts.md)
// ---------------------------------------------------------------------------------------------

const SESSION_TTL_MS = 60 * 60 * 1000;

export interface NodeSdkServerOptions {
  /** @default 8000 (0 picks a free port; read it from `url`) */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** @default DEV_ALLOWED_ORIGINS */
  allowedOrigins?: readonly string[];
  /** Pause before each text delta, in milliseconds. @default 0 */
  deltaDelayMs?: number;
}

export interface SeedOptions {
  /** Number of items, alternating a question and its answer. @default 30 */
  items?: number;
  title?: string;
}

export interface NodeSdkServer {
  /** e.g. `http://127.0.0.1:8000` */
  url: string;
  /** Every `/chatkit` request body that passed the token check, parsed, in order. */
  requests: { type: string; params?: Record<string, unknown>; metadata?: unknown }[];
  /** Every `items.feedback` the SDK passed to `addFeedback`. */
  feedback: FeedbackRecord[];
  store: MemoryStore;
  /**
   * Stores a thread of `items` messages ("Seeded question 01", "Seeded answer 01", … zero-padded,
   * so no text contains another) and returns its id.
   */
  seedThread(options?: SeedOptions): Promise<string>;
  close(): Promise<void>;
}

function envelope(type: string, message: string, extra: Record<string, unknown> = {}) {
  return { error: { type, message, ...extra }, timestamp: new Date().toISOString() };
}

export async function startNodeSdkServer({
  port = 8000,
  host = '127.0.0.1',
  allowedOrigins = DEV_ALLOWED_ORIGINS,
  deltaDelayMs = 0,
}: NodeSdkServerOptions = {}): Promise<NodeSdkServer> {
  const policy = createCorsPolicy(allowedOrigins);
  const tokens = new Map<string, number>(); // client_secret → expiry (ms)
  const store = new MemoryStore();
  const requests: NodeSdkServer['requests'] = [];
  const feedback: FeedbackRecord[] = [];
  const chatkit = new ScriptedChatKitServer(store, { deltaDelayMs, feedback });

  const cors = (req: IncomingMessage) => policy.headersFor(req.headers.origin);

  function json(req: IncomingMessage, res: ServerResponse, status: number, body: unknown) {
    res.writeHead(status, { ...cors(req), 'Content-Type': 'application/json' });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  }

  function session(req: IncomingMessage, res: ServerResponse) {
    const clientSecret = `chatkit_secret_${randomBytes(16).toString('hex')}`;
    const expires = Date.now() + SESSION_TTL_MS;
    tokens.set(clientSecret, expires);
    json(req, res, 200, {
      client_secret: clientSecret,
      session_id: `sess_${randomBytes(8).toString('hex')}`,
      expires_at: new Date(expires).toISOString(),
    });
  }

  async function chat(req: IncomingMessage, res: ServerResponse) {
    const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const expiry = token ? tokens.get(token) : undefined;
    if (!token || expiry === undefined || expiry < Date.now()) {
      return json(
        req,
        res,
        401,
        envelope(
          'AuthenticationError',
          token ? 'Invalid or expired session' : 'Missing bearer token',
        ),
      );
    }
    const body = await readBody(req);
    let parsed: NodeSdkServer['requests'][number];
    try {
      parsed = JSON.parse(body.toString('utf8'));
      if (!parsed || typeof parsed.type !== 'string') throw new Error('no request type');
    } catch (error) {
      return json(req, res, 400, envelope('ValidationError', `Invalid ChatKit request: ${error}`));
    }
    requests.push(parsed);

    let result: Awaited<ReturnType<typeof chatkit.process>>;
    try {
      result = await chatkit.process(body, { token });
    } catch (error) {
      return json(req, res, 500, envelope('ChatKitError', String(error)));
    }
    if (!result.isStreaming) {
      return json(req, res, 200, JSON.stringify(toPythonWire(result.toJSON())));
    }

    res.writeHead(200, {
      ...cors(req),
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache',
    });
    res.flushHeaders();
    const events = result[Symbol.asyncIterator]();
    let closed = false;
    res.on('close', () => {
      closed = true;
      void events.return(undefined);
    });
    try {
      for (;;) {
        const { value, done } = await events.next();
        if (done || closed) break;
        // The SDK yields "data: <json>\n\n"; each event is re-serialized the way Python writes it.
        res.write(sseLine(JSON.parse(value.replace(/^data: /, ''))));
      }
      res.end();
    } catch (error) {
      // As under uvicorn: an exception after the headers breaks the response mid-body.
      console.error('[nodeSdkServer] stream failed:', error);
      res.destroy();
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const { pathname } = new URL(req.url ?? '/', 'http://backend');
    if (policy.isPreflight(req)) return policy.answerPreflight(req, res);
    if (pathname === '/api/chatkit/session' && req.method === 'POST') {
      await readBody(req);
      return session(req, res);
    }
    if (pathname === '/chatkit' && req.method === 'POST') return chat(req, res);
    if (pathname === '/api/chat/health' && req.method === 'GET') {
      return json(req, res, 200, {
        status: 'healthy',
        server: 'chatkit-node-backend-sdk@1.1.2',
      });
    }
    return json(req, res, 404, { detail: 'Not Found' });
  }

  const server = createServer((req, res) => {
    req.socket.setNoDelay(true);
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) res.destroy();
      else json(req, res, 500, envelope('ChatKitError', String(error)));
    });
  });
  const address = await listen(server, port, host);

  async function seedThread({ items = 30, title = 'A long conversation' }: SeedOptions = {}) {
    const context = { token: 'seed' };
    const id = store.generateThreadId(context);
    const start = Date.now() - items * 60_000;
    const at = (n: number) => new Date(start + n * 60_000).toISOString();
    const thread: ThreadMetadata = {
      id,
      title,
      created_at: at(0),
      status: { type: 'active' },
      metadata: {},
    };
    await store.saveThread(thread);
    for (let n = 0; n < items; n += 1) {
      const pair = String(Math.floor(n / 2) + 1).padStart(2, '0');
      const base = {
        id: `msg_seed${String(n).padStart(3, '0')}`,
        thread_id: id,
        created_at: at(n),
      };
      const item: ThreadItem =
        n % 2 === 0
          ? {
              ...base,
              type: 'user_message',
              content: [{ type: 'input_text', text: `Seeded question ${pair}` }],
              attachments: [],
              inference_options: {},
            }
          : {
              ...base,
              type: 'assistant_message',
              content: [{ type: 'output_text', text: `Seeded answer ${pair}`, annotations: [] }],
            };
      await store.addThreadItem(id, item);
    }
    return id;
  }

  return {
    url: `http://${address.address}:${address.port}`,
    requests,
    feedback,
    store,
    seedThread,
    close: () => closeServer(server),
  };
}

// ---------------------------------------------------------------------------------------------
// CLI
// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', short: 'p' },
      host: { type: 'string' },
      'allow-origin': { type: 'string', multiple: true },
      'delta-delay': { type: 'string' },
      seed: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(
      'Usage: npx tsx tests/conformance/nodeSdkServer.ts [--port 8000] [--host 127.0.0.1]\n' +
        '         [--allow-origin URL]... [--delta-delay ms] [--seed N (a thread of N items)]',
    );
    return;
  }
  const server = await startNodeSdkServer({
    port: Number(values.port ?? process.env.PORT ?? 8000),
    host: values.host ?? process.env.HOST ?? '127.0.0.1',
    allowedOrigins: [...DEV_ALLOWED_ORIGINS, ...(values['allow-origin'] ?? [])],
    deltaDelayMs: Number(values['delta-delay'] ?? 40),
  });
  console.log(`chatkit-node-backend-sdk backend on ${server.url}`);
  if (values.seed) {
    const id = await server.seedThread({ items: Number(values.seed) });
    console.log(`Seeded thread ${id}: sessionStorage['textbook-chat:thread'] = '${id}'`);
  }
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

runIfMain(import.meta.url, main);
