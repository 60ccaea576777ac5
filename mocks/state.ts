/**
 * The in-memory backend behind every mock handler (Storybook, Vitest and the contract server share it):
 * sessions by client secret, threads with their items, id generators and tunables.
 *
 * Threads live in one store rather than under the session that created them. The backend identifies a
 * reader beyond a single token: after a 401 the widget fetches a fresh session and replays the request
 * against the same thread, which must still be there. Sessions only gate authentication.
 */
import type { ThreadMetadata } from '../src/contract';
import type { WireItem } from '../src/contract/server';

/** Knobs a story or test may turn; `resetMockBackend()` restores the defaults. */
export interface MockOptions {
  /**
   * Pause between two `text_delta` chunks, so streaming is visible to people and measurable in tests.
   * @default 12 in a browser, 0 under Node (Vitest, contract server started from code)
   */
  deltaDelayMs: number;
  /**
   * Pause before the responder's first event (after `stream_options`): the model's time to its first
   * token. A real model takes hundreds of milliseconds, so its first delta never shares a network
   * read with `thread.created` and the question; with 0 the whole start of an answer is one burst.
   * @default 0
   */
  firstTokenDelayMs: number;
  /**
   * Lifetime of a session's `client_secret`; `expires_at` is now plus this.
   * @default 3600
   */
  sessionTtlSeconds: number;
}

export interface SessionRecord {
  clientSecret: string;
  sessionId: string;
  expiresAt: Date;
  /** Authenticated `/chatkit` requests made with this secret (used by `tokenExpiresAfter`). */
  chatRequests: number;
}

export interface StoredThread extends ThreadMetadata {
  /** Oldest first, as the server writes them. */
  items: WireItem[];
  /** Session that created the thread (informational). */
  sessionId: string;
  /** Feedback given with `items.feedback`, by item id. */
  feedback: Map<string, 'positive' | 'negative'>;
  /** Creation order, to sort threads whose `created_at` fall in the same millisecond. */
  seq: number;
}

/**
 * Under Node (including Vitest's jsdom environment) streams run at full speed; in a real browser a
 * small pause makes the stream visible.
 */
const runsInNode = typeof globalThis.process !== 'undefined' && !!globalThis.process.versions?.node;

function defaultOptions(): MockOptions {
  return { deltaDelayMs: runsInNode ? 0 : 12, firstTokenDelayMs: 0, sessionTtlSeconds: 3600 };
}

let options: MockOptions = defaultOptions();
const sessions = new Map<string, SessionRecord>();
const threads = new Map<string, StoredThread>();
let threadSeq = 0;
const openStreams = new Set<AbortController>();

/**
 * Clears sessions and threads, restores the default options and ends every answer still streaming,
 * so nothing from one story or test (a long pause, a half-read body) leaks into the next.
 */
export function resetMockBackend(): void {
  for (const stream of openStreams) stream.abort(new Error('Mock backend reset.'));
  openStreams.clear();
  sessions.clear();
  threads.clear();
  threadSeq = 0;
  options = defaultOptions();
}

export function setMockOptions(partial: Partial<MockOptions>): void {
  options = { ...options, ...partial };
}

export function getMockOptions(): MockOptions {
  return { ...options };
}

/** Registers a streaming answer so a reset can end it; call the returned function when it ends. */
export function trackStream(controller: AbortController): () => void {
  openStreams.add(controller);
  return () => openStreams.delete(controller);
}

function randomHex(length: number): string {
  let hex = '';
  while (hex.length < length) hex += crypto.randomUUID().replace(/-/g, '');
  return hex.slice(0, length);
}

/** Ids shaped like the ChatKit Python server's default store (`chatkit/store.py`: prefix + 8 hex). */
export const newId = {
  clientSecret: () => `chatkit_secret_${randomHex(32)}`,
  session: () => `sess_${randomHex(24)}`,
  thread: () => `thr_${randomHex(8)}`,
  item: () => `msg_${randomHex(8)}`,
  workflow: () => `wf_${randomHex(8)}`,
  task: () => `tsk_${randomHex(8)}`,
  /** An assistant message of an Agents-SDK responder keeps the Responses API's id. */
  responsesMessage: () => `msg_${randomHex(48)}`,
};

/** An ISO 8601 instant with its offset, as the textbook's FastAPI app writes `timestamp`s. */
export function nowIso(): string {
  return new Date().toISOString();
}

/**
 * A ChatKit datetime as the reference server writes it: pydantic's dump of a naive `datetime.now()`,
 * `2026-11-30T19:50:41.528000`, no offset, the fraction left out when it is zero.
 */
export function naiveNow(date = new Date()): string {
  const iso = date.toISOString(); // 2026-11-30T19:50:41.528Z
  const ms = date.getUTCMilliseconds();
  return ms === 0 ? iso.slice(0, 19) : `${iso.slice(0, 19)}.${String(ms * 1000).padStart(6, '0')}`;
}

// ---------------------------------------------------------------------------------------------
// Sessions
// ---------------------------------------------------------------------------------------------

export function createSession(): SessionRecord {
  const record: SessionRecord = {
    clientSecret: newId.clientSecret(),
    sessionId: newId.session(),
    expiresAt: new Date(Date.now() + options.sessionTtlSeconds * 1000),
    chatRequests: 0,
  };
  sessions.set(record.clientSecret, record);
  return record;
}

export function findSession(clientSecret: string): SessionRecord | undefined {
  return sessions.get(clientSecret);
}

/** Makes a secret expire now, so tests can exercise the expired-token path without waiting. */
export function expireSession(clientSecret: string): void {
  const record = sessions.get(clientSecret);
  if (record) record.expiresAt = new Date(Date.now() - 1000);
}

// ---------------------------------------------------------------------------------------------
// Threads and items
// ---------------------------------------------------------------------------------------------

export function createThread(sessionId: string): StoredThread {
  const thread: StoredThread = {
    id: newId.thread(),
    created_at: naiveNow(),
    status: { type: 'active' },
    metadata: {},
    items: [],
    sessionId,
    feedback: new Map(),
    seq: threadSeq++,
  };
  threads.set(thread.id, thread);
  return thread;
}

export function getThread(threadId: string): StoredThread | undefined {
  return threads.get(threadId);
}

/** Newest first, as `threads.list` orders by default. */
export function listThreads(): StoredThread[] {
  return [...threads.values()].sort((a, b) => b.seq - a.seq);
}

export function deleteThread(threadId: string): boolean {
  return threads.delete(threadId);
}

export function getFeedback(threadId: string): ReadonlyMap<string, 'positive' | 'negative'> {
  return threads.get(threadId)?.feedback ?? new Map();
}

/** An earlier conversation for `seedConversation`: one question and its answer. */
export interface SeededConversation {
  question: string;
  answer: string;
  /** Its title; none leaves the thread untitled (the history names it "Untitled conversation"). */
  title?: string | undefined;
  /** How long ago it started, in ms. @default 0 */
  ageMs?: number;
}

/**
 * Stores a finished conversation as if the reader had had it earlier (stories and tests of the
 * history): a thread with the question and the answer, newest seeded last.
 */
export function seedConversation(sessionId: string, seed: SeededConversation): StoredThread {
  const thread = createThread(sessionId);
  const at = new Date(Date.now() - (seed.ageMs ?? 0));
  thread.created_at = naiveNow(at);
  if (seed.title !== undefined) thread.title = seed.title;
  const base = { thread_id: thread.id, created_at: naiveNow(at) };
  thread.items.push(
    {
      ...base,
      id: newId.item(),
      type: 'user_message',
      content: [{ type: 'input_text', text: seed.question }],
      attachments: [],
      inference_options: {},
    },
    {
      ...base,
      id: newId.responsesMessage(),
      type: 'assistant_message',
      content: [{ annotations: [], text: seed.answer, type: 'output_text' }],
    },
  );
  return thread;
}
