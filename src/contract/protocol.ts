/**
 * The ChatKit protocol as the widget's local element reads it: content, sources, workflows and tasks,
 * thread items, threads and pages, the requests a client sends, item updates and stream events (each
 * SSE `data:` line is one event). The shapes follow the reference server, OpenAI's ChatKit Python SDK
 * (`chatkit/types.py`), and are read as a **tolerant reader** (shared/chatkit-protocol.md §6):
 * - `null` and absent mean the same (the reference writes neither for an unset field: it omits it;
 *   other servers write `null`). JSON is read through `parseJson` (./wire), which drops `null`s, so
 *   every optional field here is `optional`, never `nullable`, and a writer's types cannot say `null`.
 * - A field with a default in the reference is optional here with the same default.
 * - Unknown keys are ignored. A known kind of item, update, content part, source or task that the
 *   widget does not render, or a kind this reader does not know, parses as an `{ type: 'other' }`
 *   placeholder carrying its original type, so it can be noted, never fatal.
 *   Stream events of an unknown type are passed over by `readStreamEvent`.
 * What only a server writes (the `Wire*` types, SSE encoding) is in ./server, which ships nowhere.
 */
import * as v from 'valibot';
import {
  int,
  noArray,
  nonNegative,
  nonNegativeInt,
  opt,
  other,
  positiveInt,
  record,
  schema,
  str,
  withDefault,
} from './schema';

// ---------------------------------------------------------------------------------------------
// Sources, annotations, content
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

/**
 * What a client sends to start an answer (`threads.create`, `threads.add_user_message`). Read only
 * by servers and tests: built in a pure call so that the widget's bundle leaves it out (./schema).
 */
export const userMessageInputSchema = /* @__PURE__ */ (() =>
  schema(
    v.object({
      content: v.array(v.variant('type', [inputTextSchema, inputTagSchema])),
      /** Attachment ids (required by the reference server, usually empty). */
      attachments: v.array(str),
      quoted_text: opt(str),
      inference_options: inferenceOptionsSchema,
    }),
  ))();
export type UserMessageInput = v.InferOutput<typeof userMessageInputSchema>;

// ---------------------------------------------------------------------------------------------
// Workflows and tasks
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
// Items and threads
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
// Requests (validated by the mock server as the reference server's pydantic does)
// ---------------------------------------------------------------------------------------------

const metadata = withDefault(record(), {});
const order = withDefault(v.picklist(['asc', 'desc']), 'desc');
/* @__NO_SIDE_EFFECTS__ */
const request = <T extends string, P extends v.GenericSchema>(type: T, params: P) =>
  v.object({ type: v.literal(type), params, metadata });

/**
 * A request to `/chatkit`, as the reference server's pydantic validates it. Read only by servers
 * and tests: built in a pure call so that the widget's bundle leaves it out (./schema).
 */
export const chatkitRequestSchema = /* @__PURE__ */ (() =>
  schema(
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
  ))();
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
// Item updates and stream events (each SSE `data:` line is one event)
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
