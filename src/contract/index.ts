/**
 * The backend contract the widget consumes (shared/api-contracts.md and the ChatKit protocol), as one
 * module: URL paths, schemas for runtime validation, and the TypeScript types inferred from them. The
 * widget, the local `<openai-chatkit>` element, the MSW handlers and the contract tests all import from
 * here, so a change to the contract is a change in one place.
 *
 * The protocol shapes follow the reference server, OpenAI's ChatKit Python SDK (`chatkit/types.py`),
 * and are read as a **tolerant reader** (shared/chatkit-protocol.md §6):
 * - `null` and absent mean the same (the reference writes neither for an unset field: it omits it;
 *   other servers write `null`). JSON is read through `parseJson` (./wire), which drops `null`s, so
 *   every optional field here is `optional`, never `nullable`, and a writer's types cannot say `null`.
 * - A field with a default in the reference is optional here with the same default.
 * - Unknown keys are ignored. A known kind of item, update, content part, source or task that the
 *   widget does not render, or a kind that did not exist when this was written, parses as an
 *   `{ type: 'other' }` placeholder carrying its original type, so it can be noted, never fatal.
 *   Stream events of an unknown type are passed over by `readStreamEvent`.
 *
 * Written with `zod/mini` (functional, tree-shakable): the first open loads only what is used.
 */
import * as z from 'zod/mini';

// Object schemas parse without compiling code at run time: zod's JIT probes `new Function`, which a
// strict Content-Security-Policy (no 'unsafe-eval') reports as a violation on every page that
// validates. The schemas here are small, so the interpreted path costs nothing a reader notices.
z.config({ jitless: true });

/** Paths relative to the backend base URL. */
export const paths = {
  session: '/api/chatkit/session',
  chatkit: '/chatkit',
  health: '/api/chat/health',
} as const;

/** Development default; production sets its own through configuration. */
export const DEFAULT_BACKEND_URL = 'http://localhost:8000';

/** Origins the backend's CORS policy allows besides the production site. */
export const DEV_ALLOWED_ORIGINS = ['http://localhost:3000', 'http://127.0.0.1:3000'] as const;
export const CORS_ALLOWED_METHODS = 'GET, POST, OPTIONS';
export const CORS_ALLOWED_HEADERS = 'Content-Type, Accept, Authorization';

const str = z.string();
const opt = <T extends z.ZodMiniType>(schema: T) => z.optional(schema);
const withDefault = <T extends z.ZodMiniType>(schema: T, value: z.output<T>) =>
  z._default(schema, value as never);
const record = () => z.record(str, z.unknown());
const int = () => z.number().check(z.int());
const nonNegativeInt = () => z.number().check(z.int(), z.nonnegative());

/**
 * What a reader gets for a kind it does not render or does not know: the original `type` is kept for
 * logs and notes. `base` is what the placeholder must still have (an item needs its id).
 */
function other<const S extends z.core.$ZodLooseShape>(base: S) {
  return z.pipe(
    z.looseObject({ ...base, type: str }),
    z.transform((value) => {
      const kept: Record<string, unknown> = {};
      for (const key of Object.keys(base)) kept[key] = (value as Record<string, unknown>)[key];
      return {
        ...(kept as z.output<z.ZodMiniObject<S>>),
        type: 'other' as const,
        original_type: (value as { type: string }).type,
      };
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Session endpoint and error envelope
// ---------------------------------------------------------------------------------------------

export const sessionResponseSchema = z.object({
  client_secret: z.string().check(z.minLength(1)),
  session_id: opt(str),
  expires_at: opt(z.iso.datetime({ offset: true })),
});
export type SessionResponse = z.infer<typeof sessionResponseSchema>;

export const errorTypes = [
  'SessionCreationError',
  'ChatKitError',
  'ConfigurationError',
  'AuthenticationError',
  'RateLimitError',
  'ValidationError',
] as const;
export type BackendErrorType = (typeof errorTypes)[number];

export const errorEnvelopeSchema = z.object({
  error: z.object({
    // Unknown types are tolerated: the backend may grow new ones.
    type: str,
    message: str,
    retry_after: opt(z.number().check(z.nonnegative())),
  }),
  timestamp: str,
});
export type ErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;

export const healthResponseSchema = z.union([
  z.looseObject({ status: z.literal('healthy') }),
  z.looseObject({ status: z.literal('unhealthy'), errors: z.array(str) }),
]);
export type HealthResponse = z.infer<typeof healthResponseSchema>;

// ---------------------------------------------------------------------------------------------
// ChatKit protocol: sources, annotations, content
// ---------------------------------------------------------------------------------------------

const sourceBase = {
  title: str,
  description: opt(str),
  timestamp: opt(str),
  group: opt(str),
};

export const urlSourceSchema = z.object({
  ...sourceBase,
  type: z.literal('url'),
  url: str,
  attribution: opt(str),
});
export const fileSourceSchema = z.object({ ...sourceBase, type: z.literal('file'), filename: str });
export const entitySourceSchema = z.object({
  ...sourceBase,
  type: z.literal('entity'),
  id: str,
  icon: opt(str),
  label: opt(str),
  inline_label: opt(str),
  interactive: withDefault(z.boolean(), false),
  data: withDefault(record(), {}),
});
export const sourceSchema = z.union([
  z.discriminatedUnion('type', [urlSourceSchema, fileSourceSchema, entitySourceSchema]),
  other({ title: opt(str) }),
]);
export type Source = z.infer<typeof sourceSchema>;

export const annotationSchema = z.object({
  type: z.literal('annotation'),
  source: sourceSchema,
  index: opt(int()),
});
export type Annotation = z.infer<typeof annotationSchema>;

export const outputTextSchema = z.object({
  type: withDefault(z.literal('output_text'), 'output_text'),
  text: str,
  annotations: withDefault(z.array(annotationSchema), []),
});
export type OutputText = z.infer<typeof outputTextSchema>;

export const inputTextSchema = z.object({ type: z.literal('input_text'), text: str });
export const inputTagSchema = z.object({
  type: z.literal('input_tag'),
  id: str,
  text: str,
  data: withDefault(record(), {}),
  group: opt(str),
  interactive: withDefault(z.boolean(), false),
});
export const userContentSchema = z.union([
  z.discriminatedUnion('type', [inputTextSchema, inputTagSchema]),
  other({ text: opt(str) }),
]);
export type UserContent = z.infer<typeof userContentSchema>;

export const inferenceOptionsSchema = z.object({
  tool_choice: opt(z.object({ id: str })),
  model: opt(str),
});

/** What a client sends to start an answer (`threads.create`, `threads.add_user_message`). */
export const userMessageInputSchema = z.object({
  content: z.array(z.discriminatedUnion('type', [inputTextSchema, inputTagSchema])),
  /** Attachment ids (required by the reference server, usually empty). */
  attachments: z.array(str),
  quoted_text: opt(str),
  inference_options: inferenceOptionsSchema,
});
export type UserMessageInput = z.infer<typeof userMessageInputSchema>;

// ---------------------------------------------------------------------------------------------
// ChatKit protocol: workflows and tasks
// ---------------------------------------------------------------------------------------------

const taskBase = {
  status_indicator: withDefault(z.enum(['none', 'loading', 'complete']), 'none'),
  title: opt(str),
};

export const taskSchema = z.union([
  z.discriminatedUnion('type', [
    z.object({ ...taskBase, type: z.literal('custom'), icon: opt(str), content: opt(str) }),
    z.object({
      ...taskBase,
      type: z.literal('web_search'),
      title_query: opt(str),
      queries: withDefault(z.array(str), []),
      sources: withDefault(z.array(urlSourceSchema), []),
    }),
    z.object({ ...taskBase, type: z.literal('thought'), content: str }),
    z.object({
      ...taskBase,
      type: z.literal('file'),
      sources: withDefault(z.array(fileSourceSchema), []),
    }),
    z.object({ ...taskBase, type: z.literal('image') }),
  ]),
  other({ title: opt(str) }),
]);
export type Task = z.infer<typeof taskSchema>;

export const workflowSchema = z.object({
  type: z.enum(['custom', 'reasoning']),
  tasks: withDefault(z.array(taskSchema), []),
  summary: opt(
    z.union([
      z.object({ duration: z.number().check(z.nonnegative()) }),
      z.object({ title: str, icon: opt(str) }),
    ]),
  ),
  expanded: withDefault(z.boolean(), false),
});
export type Workflow = z.infer<typeof workflowSchema>;

// ---------------------------------------------------------------------------------------------
// ChatKit protocol: items and threads
// ---------------------------------------------------------------------------------------------

const itemBase = {
  id: str,
  thread_id: str,
  created_at: str,
};

export const userMessageItemSchema = z.object({
  ...itemBase,
  type: z.literal('user_message'),
  content: z.array(userContentSchema),
  attachments: withDefault(z.array(z.unknown()), []),
  quoted_text: opt(str),
  inference_options: withDefault(inferenceOptionsSchema, {}),
});
export type UserMessageItem = z.infer<typeof userMessageItemSchema>;

export const assistantMessageItemSchema = z.object({
  ...itemBase,
  type: z.literal('assistant_message'),
  content: withDefault(z.array(outputTextSchema), []),
});
export type AssistantMessageItem = z.infer<typeof assistantMessageItemSchema>;

export const workflowItemSchema = z.object({
  ...itemBase,
  type: z.literal('workflow'),
  workflow: workflowSchema,
});
export type WorkflowItem = z.infer<typeof workflowItemSchema>;

export const taskItemSchema = z.object({ ...itemBase, type: z.literal('task'), task: taskSchema });
export type TaskItem = z.infer<typeof taskItemSchema>;

export const endOfTurnItemSchema = z.object({ ...itemBase, type: z.literal('end_of_turn') });
export type EndOfTurnItem = z.infer<typeof endOfTurnItemSchema>;

/** The item kinds the widget renders; the reference also sends widgets, images, tool calls... */
export const renderedItemSchema = z.discriminatedUnion('type', [
  userMessageItemSchema,
  assistantMessageItemSchema,
  workflowItemSchema,
  taskItemSchema,
  endOfTurnItemSchema,
]);

/** Any item: one the widget renders, or an `other` placeholder (widget, generated image, ...). */
export const threadItemSchema = z.union([renderedItemSchema, other(itemBase)]);
export type ThreadItem = z.infer<typeof threadItemSchema>;
export type OtherItem = Extract<ThreadItem, { type: 'other' }>;

export const pageSchema = <T extends z.ZodMiniType>(item: T) =>
  z.object({
    data: withDefault(z.array(item), []),
    has_more: withDefault(z.boolean(), false),
    /** The cursor for the next page; absent on the last page. */
    after: opt(str),
  });
export type Page<T> = { data: T[]; has_more: boolean; after?: string };

export const threadStatusSchema = z.object({
  type: str, // active, locked or closed; others tolerated
  reason: opt(str),
});

export const threadMetadataSchema = z.object({
  id: str,
  title: opt(str),
  created_at: str,
  status: withDefault(threadStatusSchema, { type: 'active' }),
  metadata: withDefault(record(), {}),
});
export type ThreadMetadata = z.infer<typeof threadMetadataSchema>;

export const threadSchema = z.extend(threadMetadataSchema, {
  items: withDefault(pageSchema(threadItemSchema), { data: [], has_more: false }),
});
export type Thread = z.infer<typeof threadSchema>;

export const threadPageSchema = pageSchema(threadSchema);
export const itemPageSchema = pageSchema(threadItemSchema);

// ---------------------------------------------------------------------------------------------
// ChatKit protocol: requests (validated by the mock server as the reference server's pydantic does)
// ---------------------------------------------------------------------------------------------

const metadata = withDefault(record(), {});
const order = withDefault(z.enum(['asc', 'desc']), 'desc');
const request = <T extends string, P extends z.ZodMiniType>(type: T, params: P) =>
  z.object({ type: z.literal(type), params, metadata });

export const chatkitRequestSchema = z.discriminatedUnion('type', [
  request('threads.create', z.object({ input: userMessageInputSchema })),
  request('threads.add_user_message', z.object({ thread_id: str, input: userMessageInputSchema })),
  request('threads.retry_after_item', z.object({ thread_id: str, item_id: str })),
  request('threads.get_by_id', z.object({ thread_id: str })),
  request(
    'threads.list',
    z.object({ limit: opt(z.number().check(z.int(), z.positive())), order, after: opt(str) }),
  ),
  request(
    'items.list',
    z.object({
      thread_id: str,
      limit: opt(z.number().check(z.int(), z.positive())),
      order,
      after: opt(str),
    }),
  ),
  request('threads.update', z.object({ thread_id: str, title: str })),
  request('threads.delete', z.object({ thread_id: str })),
  request(
    'items.feedback',
    z.object({ thread_id: str, item_ids: z.array(str), kind: z.enum(['positive', 'negative']) }),
  ),
]);
export type ChatKitRequest = z.infer<typeof chatkitRequestSchema>;
export type ChatKitRequestType = ChatKitRequest['type'];
/** What a client sends: `metadata` may be omitted. */
export type ChatKitRequestInput = z.input<typeof chatkitRequestSchema>;

export const STREAMING_REQUEST_TYPES = [
  'threads.create',
  'threads.add_user_message',
  'threads.retry_after_item',
] as const satisfies readonly ChatKitRequestType[];
export type StreamingRequestType = (typeof STREAMING_REQUEST_TYPES)[number];

export function isStreamingRequest(type: string): type is StreamingRequestType {
  return (STREAMING_REQUEST_TYPES as readonly string[]).includes(type);
}

// ---------------------------------------------------------------------------------------------
// ChatKit protocol: item updates and stream events (each SSE `data:` line is one event)
// ---------------------------------------------------------------------------------------------

const contentIndex = nonNegativeInt();

export const assistantUpdateSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('assistant_message.content_part.added'),
    content_index: contentIndex,
    content: outputTextSchema,
  }),
  z.object({
    type: z.literal('assistant_message.content_part.text_delta'),
    content_index: contentIndex,
    delta: str,
  }),
  z.object({
    type: z.literal('assistant_message.content_part.annotation_added'),
    content_index: contentIndex,
    annotation_index: nonNegativeInt(),
    annotation: annotationSchema,
  }),
  z.object({
    type: z.literal('assistant_message.content_part.done'),
    content_index: contentIndex,
    content: outputTextSchema,
  }),
]);
export type AssistantUpdate = z.infer<typeof assistantUpdateSchema>;

export const workflowUpdateSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('workflow.task.added'),
    task_index: nonNegativeInt(),
    task: taskSchema,
  }),
  z.object({
    type: z.literal('workflow.task.updated'),
    task_index: nonNegativeInt(),
    task: taskSchema,
  }),
]);
export type WorkflowUpdate = z.infer<typeof workflowUpdateSchema>;

/** Widget and generated-image updates (and kinds yet unknown) become `other`: not rendered. */
export const itemUpdateSchema = z.union([assistantUpdateSchema, workflowUpdateSchema, other({})]);
export type ItemUpdate = z.infer<typeof itemUpdateSchema>;

const threadEvent = <T extends string>(type: T) =>
  z.object({ type: z.literal(type), thread: threadSchema });
const itemEvent = <T extends string>(type: T) =>
  z.object({ type: z.literal(type), item: threadItemSchema });

export const threadStreamEventSchema = z.discriminatedUnion('type', [
  threadEvent('thread.created'),
  threadEvent('thread.updated'),
  itemEvent('thread.item.added'),
  z.object({ type: z.literal('thread.item.updated'), item_id: str, update: itemUpdateSchema }),
  itemEvent('thread.item.done'),
  z.object({ type: z.literal('thread.item.removed'), item_id: str }),
  itemEvent('thread.item.replaced'),
  z.object({ type: z.literal('progress_update'), icon: opt(str), text: str }),
  z.object({
    type: z.literal('notice'),
    level: z.enum(['info', 'warning', 'danger']),
    message: str,
    title: opt(str),
  }),
  z.object({
    type: z.literal('error'),
    // "stream.error", "custom" (then `message` is for the reader), or a code added later.
    code: withDefault(str, 'custom'),
    message: opt(str),
    allow_retry: withDefault(z.boolean(), false),
  }),
  z.object({
    type: z.literal('stream_options'),
    stream_options: z.object({ allow_cancel: z.boolean() }),
  }),
  z.object({ type: z.literal('client_effect'), name: str, data: withDefault(record(), {}) }),
]);
export type ThreadStreamEvent = z.infer<typeof threadStreamEventSchema>;
export type ThreadStreamEventType = ThreadStreamEvent['type'];

const KNOWN_EVENT_TYPES: ReadonlySet<string> = new Set<ThreadStreamEventType>([
  'thread.created',
  'thread.updated',
  'thread.item.added',
  'thread.item.updated',
  'thread.item.done',
  'thread.item.removed',
  'thread.item.replaced',
  'progress_update',
  'notice',
  'error',
  'stream_options',
  'client_effect',
]);

/** One SSE payload, read tolerantly: an event to apply, or one to pass over (and log) with why. */
export type EventReading =
  { event: ThreadStreamEvent } | { skipped: { type: string; reason: string } };

/**
 * Reads one decoded JSON value (see `parseJson`) as a stream event. An event type this client does not
 * know, or a known one whose shape it cannot use, is skipped with a reason, never thrown: a server
 * newer than this widget must not break its answers.
 */
export function readStreamEvent(json: unknown): EventReading {
  const type =
    typeof json === 'object' && json !== null ? (json as { type?: unknown }).type : undefined;
  if (typeof type !== 'string') {
    return { skipped: { type: String(type), reason: 'not a stream event (no type)' } };
  }
  if (!KNOWN_EVENT_TYPES.has(type)) {
    return { skipped: { type, reason: 'unknown event type' } };
  }
  const parsed = threadStreamEventSchema.safeParse(json);
  if (parsed.success) return { event: parsed.data };
  const issue = parsed.error.issues[0];
  return {
    skipped: { type, reason: `${issue?.path.join('.') || '(event)'}: ${issue?.message}` },
  };
}

// ---------------------------------------------------------------------------------------------
// What a writer (the mock server, a test) sends: the shapes above without the tolerance
// ---------------------------------------------------------------------------------------------

type Input<T extends z.ZodMiniType> = z.input<T>;
/** An item as a server writes it: one of the rendered kinds (placeholders are never written). */
export type WireItem = Input<typeof renderedItemSchema>;
export type WireThread = Omit<Input<typeof threadSchema>, 'items'> & {
  items?: { data?: WireItem[]; has_more?: boolean; after?: string };
};
export type WireUpdate = Input<typeof assistantUpdateSchema> | Input<typeof workflowUpdateSchema>;
type WireEventOf<T extends ThreadStreamEventType> = Extract<
  Input<typeof threadStreamEventSchema>,
  { type: T }
>;
/** A stream event as a server writes it. */
export type ThreadStreamEventInput =
  | { type: 'thread.created' | 'thread.updated'; thread: WireThread }
  | { type: 'thread.item.added' | 'thread.item.done' | 'thread.item.replaced'; item: WireItem }
  | { type: 'thread.item.updated'; item_id: string; update: WireUpdate }
  | WireEventOf<
      | 'thread.item.removed'
      | 'progress_update'
      | 'notice'
      | 'error'
      | 'stream_options'
      | 'client_effect'
    >;

/** Encodes one event as an SSE frame: one `data:` line and a blank line. */
export function encodeSseEvent(event: ThreadStreamEventInput): string {
  return `data: ${JSON.stringify(event)}\n\n`;
}

export {
  createSseDataParser,
  parseJson,
  parseRetryAfter,
  questionText,
  readErrorResponse,
  readJson,
  readRequestBody,
  readSseData,
  type ErrorResponse,
  type RequestReading,
} from './wire';
