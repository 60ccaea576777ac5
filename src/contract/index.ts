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
 * Written with valibot, whose functions are each their own export: the first open loads only those
 * used here (about a third of what `zod/mini` cost). Each exported schema is the valibot schema itself
 * with zod's two methods added, `parse` and `safeParse` (see `schema` below): the widget, the mocks
 * and the tests call those, as they did when this module was written with zod, and read the same
 * values from them (the building blocks below keep zod's readings where valibot's differ).
 */
import * as v from 'valibot';

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

// ---------------------------------------------------------------------------------------------
// Parsing as zod did: `parse` returns the value or throws, `safeParse` says which
// ---------------------------------------------------------------------------------------------

/** One problem a failed parse found: where (`path`, keys from the root) and what. */
export interface SchemaIssue {
  path: PropertyKey[];
  message: string;
}
/** What a failed parse gives (and `parse` throws): an Error with its `issues`, as zod's had. */
export type SchemaError = Error & { issues: SchemaIssue[] };
export type SafeParseResult<T> =
  | { success: true; data: T; error?: undefined }
  | { success: false; data?: undefined; error: SchemaError };
/** A valibot schema that also parses as a zod schema did. */
export type Schema<S extends v.GenericSchema> = S & {
  parse(input: unknown): v.InferOutput<S>;
  safeParse(input: unknown): SafeParseResult<v.InferOutput<S>>;
};

/**
 * Adds `parse` and `safeParse` to a valibot schema (it stays one, so schemas compose directly).
 * Never pipe a schema made here as the first item of `v.pipe`, which copies that item's properties.
 */
/* @__NO_SIDE_EFFECTS__ */
function schema<S extends v.GenericSchema>(raw: S): Schema<S> {
  const safeParse = (input: unknown): SafeParseResult<v.InferOutput<S>> => {
    const result = v.safeParse(raw, input);
    if (result.success) return { success: true, data: result.output };
    const issues = result.issues.map((issue) => ({
      path: issue.path?.map((item) => item.key as PropertyKey) ?? [],
      message: issue.message,
    }));
    const error = new Error(
      issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; '),
    );
    error.name = 'SchemaError';
    return { success: false, error: Object.assign(error, { issues }) };
  };
  return Object.assign(raw, {
    parse(input: unknown) {
      const result = safeParse(input);
      if (result.success) return result.data;
      throw result.error;
    },
    safeParse,
  });
}

// ---------------------------------------------------------------------------------------------
// Building blocks, each reading as its zod counterpart did
// ---------------------------------------------------------------------------------------------

const str = v.string();
/* @__NO_SIDE_EFFECTS__ */
const opt = <T extends v.GenericSchema>(wrapped: T) => v.optional(wrapped);
/** Absent (or `undefined`) reads as `value`; like zod's default, never a shared object. */
/* @__NO_SIDE_EFFECTS__ */
const withDefault = <T extends v.GenericSchema>(wrapped: T, value: v.InferInput<T>) =>
  v.optional(wrapped, value);
/** zod's numbers are finite; valibot's take `Infinity` (JSON's `1e999`) unless told. */
/* @__NO_SIDE_EFFECTS__ */
const nonNegative = () => v.pipe(v.number(), v.finite(), v.minValue(0));
/** zod's `int()` is a safe integer. */
/* @__NO_SIDE_EFFECTS__ */
const int = () => v.pipe(v.number(), v.safeInteger());
/* @__NO_SIDE_EFFECTS__ */
const nonNegativeInt = () => v.pipe(v.number(), v.safeInteger(), v.minValue(0));
/* @__NO_SIDE_EFFECTS__ */
const positiveInt = () => v.pipe(v.number(), v.safeInteger(), v.gtValue(0));

/**
 * zod's objects refuse an array; valibot's read one as an object. That matters only where every
 * field is optional (an array has none of the required ones), so only those objects go through this.
 */
/* @__NO_SIDE_EFFECTS__ */
const noArray = <S extends v.GenericSchema>(object: S) =>
  v.pipe(
    v.custom<v.InferInput<S>>((input) => !Array.isArray(input)),
    object,
  );

const hasOwn = Object.prototype.hasOwnProperty;

/** zod's `isPlainObject`: what `z.record` reads (never an array, a `Map`, a class instance...). */
function isPlainObject(input: unknown): input is Record<string, unknown> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return false;
  const ctor = (input as { constructor?: unknown }).constructor;
  if (typeof ctor !== 'function') return true;
  const prototype: unknown = ctor.prototype;
  return (
    typeof prototype === 'object' &&
    prototype !== null &&
    !Array.isArray(prototype) &&
    hasOwn.call(prototype, 'isPrototypeOf')
  );
}

/**
 * `z.record(z.string(), z.unknown())`: a plain object, copied with every key but `__proto__`
 * (valibot's record would also drop keys named `constructor` and `prototype`). Symbol keys, which
 * JSON cannot write, are not read.
 */
/* @__NO_SIDE_EFFECTS__ */
const record = () =>
  v.pipe(
    v.custom<Record<string, unknown>>(isPlainObject),
    v.transform((input) => {
      const copy: Record<string, unknown> = {};
      for (const key of Object.keys(input)) if (key !== '__proto__') copy[key] = input[key];
      return copy;
    }),
  );

/**
 * `z.looseObject`: the fields of `entries` read, every other key but `__proto__` kept as sent (valibot's
 * `looseObject` would also drop keys named `constructor` and `prototype`).
 */
/* @__NO_SIDE_EFFECTS__ */
function looseObject<const E extends v.ObjectEntries>(entries: E) {
  const declared = v.object(entries);
  type Loose = v.InferOutput<v.LooseObjectSchema<E, undefined>>;
  return v.pipe(
    v.custom<v.InferInput<v.LooseObjectSchema<E, undefined>>>(
      (input) => !Array.isArray(input) && v.is(declared, input),
    ),
    v.transform((input) => {
      const read: Record<string, unknown> = v.parse(declared, input);
      for (const key in input) {
        if (key !== '__proto__' && !hasOwn.call(entries, key)) read[key] = input[key];
      }
      return read as Loose;
    }),
  );
}

/** What `other` keeps of `base`, typed as zod typed an object's output (`{}` as a record of nevers). */
type Kept<S extends v.ObjectEntries> = keyof S extends never
  ? Record<string, never>
  : v.InferOutput<v.ObjectSchema<S, undefined>>;

/**
 * What a reader gets for a kind it does not render or does not know: the original `type` is kept for
 * logs and notes. `base` is what the placeholder must still have (an item needs its id).
 */
/* @__NO_SIDE_EFFECTS__ */
function other<const S extends v.ObjectEntries>(base: S) {
  return v.pipe(
    v.looseObject({ ...base, type: str }),
    v.transform((value) => {
      const kept: Record<string, unknown> = {};
      for (const key of Object.keys(base)) kept[key] = (value as Record<string, unknown>)[key];
      return {
        ...(kept as Kept<S>),
        type: 'other' as const,
        original_type: (value as { type: string }).type,
      };
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Session endpoint and error envelope
// ---------------------------------------------------------------------------------------------

/** zod's `iso.datetime({ offset: true })`: seconds required, any fraction, `Z` or `±hh:mm`. */
const ISO_DATETIME =
  /^(?:(?:\d\d[2468][048]|\d\d[13579][26]|\d\d0[48]|[02468][048]00|[13579][26]00)-02-29|\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)|(?:02)-(?:0[1-9]|1\d|2[0-8])))T(?:(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?(?:Z|([+-](?:[01]\d|2[0-3]):[0-5]\d)))$/;

export const sessionResponseSchema = schema(
  v.object({
    client_secret: v.pipe(str, v.minLength(1)),
    session_id: opt(str),
    expires_at: opt(v.pipe(str, v.regex(ISO_DATETIME))),
  }),
);
export type SessionResponse = v.InferOutput<typeof sessionResponseSchema>;

export const errorTypes = [
  'SessionCreationError',
  'ChatKitError',
  'ConfigurationError',
  'AuthenticationError',
  'RateLimitError',
  'ValidationError',
] as const;
export type BackendErrorType = (typeof errorTypes)[number];

export const errorEnvelopeSchema = schema(
  v.object({
    error: v.object({
      // Unknown types are tolerated: the backend may grow new ones.
      type: str,
      message: str,
      retry_after: opt(nonNegative()),
    }),
    timestamp: str,
  }),
);
export type ErrorEnvelope = v.InferOutput<typeof errorEnvelopeSchema>;

export const healthResponseSchema = schema(
  v.union([
    looseObject({ status: v.literal('healthy') }),
    looseObject({ status: v.literal('unhealthy'), errors: v.array(str) }),
  ]),
);
export type HealthResponse = v.InferOutput<typeof healthResponseSchema>;

// ---------------------------------------------------------------------------------------------
// ChatKit protocol: sources, annotations, content
// ---------------------------------------------------------------------------------------------

const sourceBase = {
  title: str,
  description: opt(str),
  timestamp: opt(str),
  group: opt(str),
};

export const urlSourceSchema = schema(
  v.object({ ...sourceBase, type: v.literal('url'), url: str, attribution: opt(str) }),
);
export const fileSourceSchema = schema(
  v.object({ ...sourceBase, type: v.literal('file'), filename: str }),
);
export const entitySourceSchema = schema(
  v.object({
    ...sourceBase,
    type: v.literal('entity'),
    id: str,
    icon: opt(str),
    label: opt(str),
    inline_label: opt(str),
    interactive: withDefault(v.boolean(), false),
    data: withDefault(record(), {}),
  }),
);
export const sourceSchema = schema(
  v.union([
    v.variant('type', [urlSourceSchema, fileSourceSchema, entitySourceSchema]),
    other({ title: opt(str) }),
  ]),
);
export type Source = v.InferOutput<typeof sourceSchema>;

export const annotationSchema = schema(
  v.object({ type: v.literal('annotation'), source: sourceSchema, index: opt(int()) }),
);
export type Annotation = v.InferOutput<typeof annotationSchema>;

export const outputTextSchema = schema(
  v.object({
    type: withDefault(v.literal('output_text'), 'output_text'),
    text: str,
    annotations: withDefault(v.array(annotationSchema), []),
  }),
);
export type OutputText = v.InferOutput<typeof outputTextSchema>;

export const inputTextSchema = schema(v.object({ type: v.literal('input_text'), text: str }));
export const inputTagSchema = schema(
  v.object({
    type: v.literal('input_tag'),
    id: str,
    text: str,
    data: withDefault(record(), {}),
    group: opt(str),
    interactive: withDefault(v.boolean(), false),
  }),
);
export const userContentSchema = schema(
  v.union([v.variant('type', [inputTextSchema, inputTagSchema]), other({ text: opt(str) })]),
);
export type UserContent = v.InferOutput<typeof userContentSchema>;

export const inferenceOptionsSchema = schema(
  noArray(v.object({ tool_choice: opt(v.object({ id: str })), model: opt(str) })),
);

/** What a client sends to start an answer (`threads.create`, `threads.add_user_message`). */
export const userMessageInputSchema = schema(
  v.object({
    content: v.array(v.variant('type', [inputTextSchema, inputTagSchema])),
    /** Attachment ids (required by the reference server, usually empty). */
    attachments: v.array(str),
    quoted_text: opt(str),
    inference_options: inferenceOptionsSchema,
  }),
);
export type UserMessageInput = v.InferOutput<typeof userMessageInputSchema>;

// ---------------------------------------------------------------------------------------------
// ChatKit protocol: workflows and tasks
// ---------------------------------------------------------------------------------------------

const taskBase = {
  status_indicator: withDefault(v.picklist(['none', 'loading', 'complete']), 'none'),
  title: opt(str),
};

export const taskSchema = schema(
  v.union([
    v.variant('type', [
      v.object({ ...taskBase, type: v.literal('custom'), icon: opt(str), content: opt(str) }),
      v.object({
        ...taskBase,
        type: v.literal('web_search'),
        title_query: opt(str),
        queries: withDefault(v.array(str), []),
        sources: withDefault(v.array(urlSourceSchema), []),
      }),
      v.object({ ...taskBase, type: v.literal('thought'), content: str }),
      v.object({
        ...taskBase,
        type: v.literal('file'),
        sources: withDefault(v.array(fileSourceSchema), []),
      }),
      v.object({ ...taskBase, type: v.literal('image') }),
    ]),
    other({ title: opt(str) }),
  ]),
);
export type Task = v.InferOutput<typeof taskSchema>;

export const workflowSchema = schema(
  v.object({
    type: v.picklist(['custom', 'reasoning']),
    tasks: withDefault(v.array(taskSchema), []),
    summary: opt(
      v.union([v.object({ duration: nonNegative() }), v.object({ title: str, icon: opt(str) })]),
    ),
    expanded: withDefault(v.boolean(), false),
  }),
);
export type Workflow = v.InferOutput<typeof workflowSchema>;

// ---------------------------------------------------------------------------------------------
// ChatKit protocol: items and threads
// ---------------------------------------------------------------------------------------------

const itemBase = {
  id: str,
  thread_id: str,
  created_at: str,
};

export const userMessageItemSchema = schema(
  v.object({
    ...itemBase,
    type: v.literal('user_message'),
    content: v.array(userContentSchema),
    attachments: withDefault(v.array(v.unknown()), []),
    quoted_text: opt(str),
    inference_options: withDefault(inferenceOptionsSchema, {}),
  }),
);
export type UserMessageItem = v.InferOutput<typeof userMessageItemSchema>;

export const assistantMessageItemSchema = schema(
  v.object({
    ...itemBase,
    type: v.literal('assistant_message'),
    content: withDefault(v.array(outputTextSchema), []),
  }),
);
export type AssistantMessageItem = v.InferOutput<typeof assistantMessageItemSchema>;

export const workflowItemSchema = schema(
  v.object({ ...itemBase, type: v.literal('workflow'), workflow: workflowSchema }),
);
export type WorkflowItem = v.InferOutput<typeof workflowItemSchema>;

export const taskItemSchema = schema(
  v.object({ ...itemBase, type: v.literal('task'), task: taskSchema }),
);
export type TaskItem = v.InferOutput<typeof taskItemSchema>;

export const endOfTurnItemSchema = schema(
  v.object({ ...itemBase, type: v.literal('end_of_turn') }),
);
export type EndOfTurnItem = v.InferOutput<typeof endOfTurnItemSchema>;

/** The item kinds the widget renders; the reference also sends widgets, images, tool calls... */
export const renderedItemSchema = schema(
  v.variant('type', [
    userMessageItemSchema,
    assistantMessageItemSchema,
    workflowItemSchema,
    taskItemSchema,
    endOfTurnItemSchema,
  ]),
);

/** Any item: one the widget renders, or an `other` placeholder (widget, generated image, ...). */
export const threadItemSchema = schema(v.union([renderedItemSchema, other(itemBase)]));
export type ThreadItem = v.InferOutput<typeof threadItemSchema>;
export type OtherItem = Extract<ThreadItem, { type: 'other' }>;

/* @__NO_SIDE_EFFECTS__ */
export const pageSchema = <T extends v.GenericSchema>(item: T) =>
  schema(
    noArray(
      v.object({
        data: withDefault(v.array(item), []),
        has_more: withDefault(v.boolean(), false),
        /** The cursor for the next page; absent on the last page. */
        after: opt(str),
      }),
    ),
  );
export type Page<T> = { data: T[]; has_more: boolean; after?: string };

export const threadStatusSchema = schema(
  v.object({
    type: str, // active, locked or closed; others tolerated
    reason: opt(str),
  }),
);

export const threadMetadataSchema = schema(
  v.object({
    id: str,
    title: opt(str),
    created_at: str,
    status: withDefault(threadStatusSchema, { type: 'active' }),
    metadata: withDefault(record(), {}),
  }),
);
export type ThreadMetadata = v.InferOutput<typeof threadMetadataSchema>;

export const threadSchema = schema(
  v.object({
    ...threadMetadataSchema.entries,
    items: withDefault(pageSchema(threadItemSchema), { data: [], has_more: false }),
  }),
);
export type Thread = v.InferOutput<typeof threadSchema>;

export const threadPageSchema = pageSchema(threadSchema);
export const itemPageSchema = pageSchema(threadItemSchema);

// ---------------------------------------------------------------------------------------------
// ChatKit protocol: requests (validated by the mock server as the reference server's pydantic does)
// ---------------------------------------------------------------------------------------------

const metadata = withDefault(record(), {});
const order = withDefault(v.picklist(['asc', 'desc']), 'desc');
/* @__NO_SIDE_EFFECTS__ */
const request = <T extends string, P extends v.GenericSchema>(type: T, params: P) =>
  v.object({ type: v.literal(type), params, metadata });

export const chatkitRequestSchema = schema(
  v.variant('type', [
    request('threads.create', v.object({ input: userMessageInputSchema })),
    request(
      'threads.add_user_message',
      v.object({ thread_id: str, input: userMessageInputSchema }),
    ),
    request('threads.retry_after_item', v.object({ thread_id: str, item_id: str })),
    request('threads.get_by_id', v.object({ thread_id: str })),
    request(
      'threads.list',
      noArray(v.object({ limit: opt(positiveInt()), order, after: opt(str) })),
    ),
    request(
      'items.list',
      v.object({ thread_id: str, limit: opt(positiveInt()), order, after: opt(str) }),
    ),
    request('threads.update', v.object({ thread_id: str, title: str })),
    request('threads.delete', v.object({ thread_id: str })),
    request(
      'items.feedback',
      v.object({
        thread_id: str,
        item_ids: v.array(str),
        kind: v.picklist(['positive', 'negative']),
      }),
    ),
  ]),
);
export type ChatKitRequest = v.InferOutput<typeof chatkitRequestSchema>;
export type ChatKitRequestType = ChatKitRequest['type'];
/** What a client sends: `metadata` may be omitted. */
export type ChatKitRequestInput = v.InferInput<typeof chatkitRequestSchema>;

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

export const assistantUpdateSchema = schema(
  v.variant('type', [
    v.object({
      type: v.literal('assistant_message.content_part.added'),
      content_index: contentIndex,
      content: outputTextSchema,
    }),
    v.object({
      type: v.literal('assistant_message.content_part.text_delta'),
      content_index: contentIndex,
      delta: str,
    }),
    v.object({
      type: v.literal('assistant_message.content_part.annotation_added'),
      content_index: contentIndex,
      annotation_index: nonNegativeInt(),
      annotation: annotationSchema,
    }),
    v.object({
      type: v.literal('assistant_message.content_part.done'),
      content_index: contentIndex,
      content: outputTextSchema,
    }),
  ]),
);
export type AssistantUpdate = v.InferOutput<typeof assistantUpdateSchema>;

export const workflowUpdateSchema = schema(
  v.variant('type', [
    v.object({
      type: v.literal('workflow.task.added'),
      task_index: nonNegativeInt(),
      task: taskSchema,
    }),
    v.object({
      type: v.literal('workflow.task.updated'),
      task_index: nonNegativeInt(),
      task: taskSchema,
    }),
  ]),
);
export type WorkflowUpdate = v.InferOutput<typeof workflowUpdateSchema>;

/** Widget and generated-image updates (and kinds yet unknown) become `other`: not rendered. */
export const itemUpdateSchema = schema(
  v.union([assistantUpdateSchema, workflowUpdateSchema, other({})]),
);
export type ItemUpdate = v.InferOutput<typeof itemUpdateSchema>;

/* @__NO_SIDE_EFFECTS__ */
const threadEvent = <T extends string>(type: T) =>
  v.object({ type: v.literal(type), thread: threadSchema });
/* @__NO_SIDE_EFFECTS__ */
const itemEvent = <T extends string>(type: T) =>
  v.object({ type: v.literal(type), item: threadItemSchema });

export const threadStreamEventSchema = schema(
  v.variant('type', [
    threadEvent('thread.created'),
    threadEvent('thread.updated'),
    itemEvent('thread.item.added'),
    v.object({ type: v.literal('thread.item.updated'), item_id: str, update: itemUpdateSchema }),
    itemEvent('thread.item.done'),
    v.object({ type: v.literal('thread.item.removed'), item_id: str }),
    itemEvent('thread.item.replaced'),
    v.object({ type: v.literal('progress_update'), icon: opt(str), text: str }),
    v.object({
      type: v.literal('notice'),
      level: v.picklist(['info', 'warning', 'danger']),
      message: str,
      title: opt(str),
    }),
    v.object({
      type: v.literal('error'),
      // "stream.error", "custom" (then `message` is for the reader), or a code added later.
      code: withDefault(str, 'custom'),
      message: opt(str),
      allow_retry: withDefault(v.boolean(), false),
    }),
    v.object({
      type: v.literal('stream_options'),
      stream_options: v.object({ allow_cancel: v.boolean() }),
    }),
    v.object({ type: v.literal('client_effect'), name: str, data: withDefault(record(), {}) }),
  ]),
);
export type ThreadStreamEvent = v.InferOutput<typeof threadStreamEventSchema>;
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

type Input<T extends v.GenericSchema> = v.InferInput<T>;
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
