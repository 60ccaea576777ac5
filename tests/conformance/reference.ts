/**
 * Strict schemas of what the REFERENCE ChatKit server (openai/chatkit-python, commit dacc133) writes,
 * for conformance tests only (never bundled). Where the widget's own contract (src/contract) is a
 * tolerant reader, these are a faithful writer's mirror: a fixture or a mock that passes them writes
 * what production writes.
 *
 * Source of every shape: `chatkit/types.py` (class named in each comment), serialized by
 * `ChatKitServer._serialize` (server.py 1042-1047): `model_dump_json(by_alias=True, exclude_none=True,
 * context={"exclude_metadata": True})`. Hence:
 * - an `X | None = None` field is `.optional()`, never nullable: None is omitted, not written as null;
 * - a field with a non-None default (has_more, allow_retry, status, attachments, expanded,
 *   interactive, data, status_indicator, ...) is REQUIRED here, because the server always writes it;
 * - every object is a `z.strictObject`: an unknown key fails;
 * - keys are declared in pydantic's field order (base-class fields first), so `keyOrderErrors` can
 *   check that a writer also reproduces the byte order of the reference;
 * - datetimes are naive `datetime.now()` ISO strings (pydantic writes `.ffffff`, exactly six digits,
 *   only when the microsecond is non-zero);
 * - `exclude_none` does NOT reach inside free-form `dict[str, Any]` / `Any` values (input_tag.data,
 *   entity data, client_effect data, client tool arguments/output): a null there is written as null.
 *
 * Request bodies (`referenceRequestSchema`) are what the reference ACCEPTS (`TypeAdapter(ChatKitReq)`,
 * pydantic lax mode): extra keys are ignored (z.object), Optional fields take null or absence
 * (.nullish()), defaulted fields may be absent, and every discriminating `type` must be present.
 */
import * as z from 'zod';

/** Naive ISO datetime (no offset), as pydantic writes a naive `datetime.now()`. */
export const NAIVE_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?$/;
/** Exactly what pydantic 2 writes: six fraction digits, or none when the microsecond is 0. */
export const PYDANTIC_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?$/;

const datetime = z.string().regex(NAIVE_DATETIME, 'naive ISO datetime (no offset) expected');
const int = z.number().int();
const freeDict = z.record(z.string(), z.unknown()); // dict[str, Any]
/** Widget bodies (chatkit/widgets.py WidgetRoot / WidgetComponent) are not modelled here. */
const widgetBody = z.record(z.string(), z.unknown());

// ---------------------------------------------------------------- icons.py IconName
export const ICON_NAMES = [
  'agent', 'analytics', 'atom', 'batch', 'bolt', 'book-open', 'book-closed', 'book-clock', 'bug',
  'calendar', 'chart', 'check', 'check-circle', 'check-circle-filled', 'chevron-left',
  'chevron-right', 'circle-question', 'clock', 'compass', 'confetti', 'cube', 'desktop', 'document',
  'dot', 'dots-horizontal', 'dots-vertical', 'empty-circle', 'external-link', 'globe', 'keys', 'lab',
  'images', 'info', 'lifesaver', 'lightbulb', 'mail', 'map-pin', 'maps', 'mobile', 'name', 'notebook',
  'notebook-pencil', 'page-blank', 'phone', 'play', 'plus', 'profile', 'profile-card', 'reload',
  'star', 'star-filled', 'search', 'sparkle', 'sparkle-double', 'square-code', 'square-image',
  'square-text', 'suitcase', 'settings-slider', 'user', 'wreath', 'write', 'write-alt', 'write-alt2',
] as const; // prettier-ignore
const iconName = z.union([
  z.enum(ICON_NAMES),
  z.string().regex(/^vendor:/), // VendorIconName
  z.string().regex(/^lucide:/), // LucideIconName
]);

// ---------------------------------------------------------------- Page (types.py Page[T])
const page = <T extends z.ZodType>(item: T) =>
  z.strictObject({
    data: z.array(item),
    has_more: z.boolean(),
    after: z.string().optional(),
  });

// ---------------------------------------------------------------- sources (SourceBase + subclasses)
const sourceBase = {
  title: z.string(),
  description: z.string().optional(),
  timestamp: z.string().optional(),
  group: z.string().optional(),
};
/** URLSource */
export const urlSourceSchema = z.strictObject({
  ...sourceBase,
  type: z.literal('url'),
  url: z.string(),
  attribution: z.string().optional(),
});
/** FileSource */
export const fileSourceSchema = z.strictObject({
  ...sourceBase,
  type: z.literal('file'),
  filename: z.string(),
});
/** EntitySource (`preview` is deprecated and ignored, but written when set) */
export const entitySourceSchema = z.strictObject({
  ...sourceBase,
  type: z.literal('entity'),
  id: z.string(),
  icon: iconName.optional(),
  label: z.string().optional(),
  inline_label: z.string().optional(),
  interactive: z.boolean(),
  data: freeDict,
  preview: z.literal('lazy').optional(),
});
/** Source = URLSource | FileSource | EntitySource */
export const sourceSchema = z.discriminatedUnion('type', [
  urlSourceSchema,
  fileSourceSchema,
  entitySourceSchema,
]);

/** Annotation */
export const annotationSchema = z.strictObject({
  type: z.literal('annotation'),
  source: sourceSchema,
  index: int.optional(),
});

/** AssistantMessageContent (note the field order: annotations, text, type) */
export const assistantContentSchema = z.strictObject({
  annotations: z.array(annotationSchema),
  text: z.string(),
  type: z.literal('output_text'),
});

// ---------------------------------------------------------------- tasks (BaseTask + subclasses)
const taskBase = { status_indicator: z.enum(['none', 'loading', 'complete']) };
/** Task = CustomTask | SearchTask | ThoughtTask | FileTask | ImageTask */
export const taskSchema = z.discriminatedUnion('type', [
  z.strictObject({
    ...taskBase,
    type: z.literal('custom'),
    title: z.string().optional(),
    icon: iconName.optional(),
    content: z.string().optional(),
  }),
  z.strictObject({
    ...taskBase,
    type: z.literal('web_search'),
    title: z.string().optional(),
    title_query: z.string().optional(),
    queries: z.array(z.string()),
    sources: z.array(urlSourceSchema),
  }),
  z.strictObject({
    ...taskBase,
    type: z.literal('thought'),
    title: z.string().optional(),
    content: z.string(),
  }),
  z.strictObject({
    ...taskBase,
    type: z.literal('file'),
    title: z.string().optional(),
    sources: z.array(fileSourceSchema),
  }),
  z.strictObject({ ...taskBase, type: z.literal('image'), title: z.string().optional() }),
]);

/** Workflow; summary: WorkflowSummary = CustomSummary | DurationSummary */
export const workflowSchema = z.strictObject({
  type: z.enum(['custom', 'reasoning']),
  tasks: z.array(taskSchema),
  summary: z
    .union([
      z.strictObject({ title: z.string(), icon: iconName.optional() }),
      z.strictObject({ duration: int }), // seconds
    ])
    .optional(),
  expanded: z.boolean(),
});

// ---------------------------------------------------------------- user message parts
/** UserMessageContent = UserMessageTextContent | UserMessageTagContent */
export const userContentSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('input_text'), text: z.string() }),
  z.strictObject({
    type: z.literal('input_tag'),
    id: z.string(),
    text: z.string(),
    data: freeDict,
    group: z.string().optional(),
    interactive: z.boolean(),
  }),
]);

/** InferenceOptions (+ ToolChoice) */
export const inferenceOptionsSchema = z.strictObject({
  tool_choice: z.strictObject({ id: z.string() }).optional(),
  model: z.string().optional(),
});

/** AttachmentBase; `metadata` is popped by the exclude_metadata context, so it must never appear. */
const attachmentBase = {
  id: z.string(),
  name: z.string(),
  mime_type: z.string(),
  upload_descriptor: z
    .strictObject({
      url: z.string(),
      method: z.enum(['POST', 'PUT']),
      headers: z.record(z.string(), z.string()),
    })
    .optional(),
  thread_id: z.string().optional(),
};
/** Attachment = FileAttachment | ImageAttachment */
export const attachmentSchema = z.discriminatedUnion('type', [
  z.strictObject({ ...attachmentBase, type: z.literal('file') }),
  z.strictObject({ ...attachmentBase, type: z.literal('image'), preview_url: z.string() }),
]);

// ---------------------------------------------------------------- thread items (ThreadItemBase + …)
const itemBase = { id: z.string(), thread_id: z.string(), created_at: datetime };

/** GeneratedImage */
const generatedImageSchema = z.strictObject({ id: z.string(), url: z.string() });

const structuredInputAnswer = z.strictObject({ values: z.array(z.string()), skipped: z.boolean() });
const structuredInputBase = {
  id: z.string(),
  question: z.string(),
  answer: structuredInputAnswer.optional(),
};

/**
 * ThreadItem, every variant that can reach a client. HiddenContextItem / SDKHiddenContextItem are
 * left out: server.py swallows their `thread.item.done` (886-894) and filters them from pages.
 */
export const threadItemSchema = z.discriminatedUnion('type', [
  // UserMessageItem
  z.strictObject({
    ...itemBase,
    type: z.literal('user_message'),
    content: z.array(userContentSchema),
    attachments: z.array(attachmentSchema),
    quoted_text: z.string().optional(),
    inference_options: inferenceOptionsSchema,
  }),
  // AssistantMessageItem
  z.strictObject({
    ...itemBase,
    type: z.literal('assistant_message'),
    content: z.array(assistantContentSchema),
  }),
  // ClientToolCallItem
  z.strictObject({
    ...itemBase,
    type: z.literal('client_tool_call'),
    status: z.enum(['pending', 'completed']),
    call_id: z.string(),
    name: z.string(),
    arguments: freeDict,
    output: z.unknown().optional(),
  }),
  // WidgetItem
  z.strictObject({
    ...itemBase,
    type: z.literal('widget'),
    widget: widgetBody,
    copy_text: z.string().optional(),
  }),
  // GeneratedImageItem
  z.strictObject({
    ...itemBase,
    type: z.literal('generated_image'),
    image: generatedImageSchema.optional(),
  }),
  // StructuredInputItem (inputs: StructuredInputMultipleChoice | StructuredInputFreeform)
  z.strictObject({
    ...itemBase,
    type: z.literal('structured_input'),
    status: z.enum(['pending', 'answered', 'skipped']),
    inputs: z.array(
      z.discriminatedUnion('type', [
        z.strictObject({
          ...structuredInputBase,
          type: z.literal('multiple_choice'),
          options: z.array(z.strictObject({ value: z.string() })),
          multiple: z.boolean(),
        }),
        z.strictObject({
          ...structuredInputBase,
          type: z.literal('freeform'),
          description: z.string().optional(),
        }),
      ]),
    ),
  }),
  // WorkflowItem
  z.strictObject({ ...itemBase, type: z.literal('workflow'), workflow: workflowSchema }),
  // TaskItem
  z.strictObject({ ...itemBase, type: z.literal('task'), task: taskSchema }),
  // EndOfTurnItem
  z.strictObject({ ...itemBase, type: z.literal('end_of_turn') }),
]);

// ---------------------------------------------------------------- threads
/** ThreadStatus = ActiveStatus | LockedStatus | ClosedStatus */
export const threadStatusSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('active') }),
  z.strictObject({ type: z.literal('locked'), reason: z.string().optional() }),
  z.strictObject({ type: z.literal('closed'), reason: z.string().optional() }),
]);

/**
 * ThreadMetadata fields. `metadata` is `{}` on the wire, always: every Thread the server writes is
 * built by `_to_thread_response` (server.py 1049-1063), which does not copy the stored metadata.
 */
const threadMetadataShape = {
  title: z.string().optional(),
  id: z.string(),
  created_at: datetime,
  status: threadStatusSchema,
  allowed_image_domains: z.array(z.string()).optional(),
  metadata: z.strictObject({}),
};
/** ThreadMetadata (never sent on its own: the server always converts it to a Thread). */
export const threadMetadataSchema = z.strictObject(threadMetadataShape);
/** Thread (threads.get_by_id, threads.update, thread.created / thread.updated) */
export const referenceThreadSchema = z.strictObject({
  ...threadMetadataShape,
  items: page(threadItemSchema),
});
/** Page[Thread] (threads.list): each thread has `items: {"data":[],"has_more":false}`. */
export const referenceThreadPageSchema = page(referenceThreadSchema);
/** Page[ThreadItem] (items.list) */
export const referenceItemPageSchema = page(threadItemSchema);
/** items.feedback, threads.delete, attachments.delete: the literal bytes `{}` */
export const referenceEmptySchema = z.strictObject({});

// ---------------------------------------------------------------- ThreadItemUpdate
/** ThreadItemUpdate, every variant */
export const itemUpdateSchema = z.discriminatedUnion('type', [
  // AssistantMessageContentPartAdded
  z.strictObject({
    type: z.literal('assistant_message.content_part.added'),
    content_index: int,
    content: assistantContentSchema,
  }),
  // AssistantMessageContentPartTextDelta
  z.strictObject({
    type: z.literal('assistant_message.content_part.text_delta'),
    content_index: int,
    delta: z.string(),
  }),
  // AssistantMessageContentPartAnnotationAdded
  z.strictObject({
    type: z.literal('assistant_message.content_part.annotation_added'),
    content_index: int,
    annotation_index: int,
    annotation: annotationSchema,
  }),
  // AssistantMessageContentPartDone
  z.strictObject({
    type: z.literal('assistant_message.content_part.done'),
    content_index: int,
    content: assistantContentSchema,
  }),
  // WidgetStreamingTextValueDelta
  z.strictObject({
    type: z.literal('widget.streaming_text.value_delta'),
    component_id: z.string(),
    delta: z.string(),
    done: z.boolean(),
  }),
  // WidgetComponentUpdated
  z.strictObject({
    type: z.literal('widget.component.updated'),
    component_id: z.string(),
    component: widgetBody,
  }),
  // WidgetRootUpdated
  z.strictObject({ type: z.literal('widget.root.updated'), widget: widgetBody }),
  // WorkflowTaskAdded
  z.strictObject({ type: z.literal('workflow.task.added'), task_index: int, task: taskSchema }),
  // WorkflowTaskUpdated
  z.strictObject({ type: z.literal('workflow.task.updated'), task_index: int, task: taskSchema }),
  // GeneratedImageUpdated
  z.strictObject({
    type: z.literal('generated_image.updated'),
    image: generatedImageSchema,
    progress: z.number().optional(),
  }),
]);

// ---------------------------------------------------------------- ThreadStreamEvent
/**
 * ErrorEvent. `code` is `ErrorCode | Literal["custom"]` where ErrorCode is a str Enum that errors.py
 * calls "not a closed enum, new error codes can and will be added": today "stream.error" (then no
 * `message`: StreamError carries none) or "custom" (then `message` is the text to show). Any string
 * is accepted here for that reason.
 */
export const errorEventSchema = z.strictObject({
  type: z.literal('error'),
  code: z.string().describe('"stream.error" | "custom" | a future ErrorCode'),
  message: z.string().optional(),
  allow_retry: z.boolean(),
});

/** ThreadStreamEvent, every variant; one SSE frame is `data: <json>\n\n`. */
export const referenceEventSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('thread.created'), thread: referenceThreadSchema }),
  z.strictObject({ type: z.literal('thread.updated'), thread: referenceThreadSchema }),
  z.strictObject({ type: z.literal('thread.item.done'), item: threadItemSchema }),
  z.strictObject({ type: z.literal('thread.item.added'), item: threadItemSchema }),
  z.strictObject({
    type: z.literal('thread.item.updated'),
    item_id: z.string(),
    update: itemUpdateSchema,
  }),
  z.strictObject({ type: z.literal('thread.item.removed'), item_id: z.string() }),
  z.strictObject({ type: z.literal('thread.item.replaced'), item: threadItemSchema }),
  z.strictObject({
    type: z.literal('stream_options'),
    stream_options: z.strictObject({ allow_cancel: z.boolean() }),
  }),
  z.strictObject({
    type: z.literal('progress_update'),
    icon: iconName.optional(),
    text: z.string(),
  }),
  z.strictObject({ type: z.literal('client_effect'), name: z.string(), data: freeDict }),
  errorEventSchema,
  z.strictObject({
    type: z.literal('notice'),
    level: z.enum(['info', 'warning', 'danger']),
    message: z.string(),
    title: z.string().optional(),
  }),
]);

export type ReferenceEvent = z.infer<typeof referenceEventSchema>;
export type ReferenceThread = z.infer<typeof referenceThreadSchema>;
export type ReferenceThreadItem = z.infer<typeof threadItemSchema>;

// ---------------------------------------------------------------- requests (ChatKitReq), lenient
const reqUserContent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('input_text'), text: z.string() }),
  z.object({
    type: z.literal('input_tag'),
    id: z.string(),
    text: z.string(),
    data: freeDict,
    group: z.string().nullish(),
    interactive: z.boolean().optional(),
  }),
]);
/** UserMessageInput: content, attachments (ids) and inference_options are all required. */
export const userMessageInputSchema = z.object({
  content: z.array(reqUserContent),
  attachments: z.array(z.string()),
  quoted_text: z.string().nullish(),
  inference_options: z.object({
    tool_choice: z.object({ id: z.string() }).nullish(),
    model: z.string().nullish(),
  }),
});
const req = <T extends string, P extends z.ZodType>(type: T, params: P) =>
  z.object({ type: z.literal(type), params, metadata: freeDict.optional() });
const listParams = {
  limit: int.nullish(),
  order: z.enum(['asc', 'desc']).optional(),
  after: z.string().nullish(),
};
const customActionParams = z.object({
  thread_id: z.string(),
  item_id: z.string().nullish(),
  action: z.object({ type: z.string(), payload: z.unknown().optional() }),
});

/** StreamingReq: the requests answered with SSE. */
export const referenceStreamingRequestSchema = z.discriminatedUnion('type', [
  req('threads.create', z.object({ input: userMessageInputSchema })),
  req(
    'threads.add_user_message',
    z.object({ input: userMessageInputSchema, thread_id: z.string() }),
  ),
  req('threads.add_client_tool_output', z.object({ thread_id: z.string(), result: z.unknown() })),
  req(
    'threads.add_structured_input',
    z.object({
      thread_id: z.string(),
      item_id: z.string(),
      input: z.object({
        status: z.enum(['answered', 'skipped']).optional(),
        answers: z
          .record(
            z.string(),
            z.object({
              values: z.array(z.string()).optional(),
              skipped: z.boolean().optional(),
            }),
          )
          .optional(),
      }),
    }),
  ),
  req('threads.retry_after_item', z.object({ thread_id: z.string(), item_id: z.string() })),
  req('threads.custom_action', customActionParams),
]);

/** ChatKitReq = StreamingReq | NonStreamingReq, as `TypeAdapter(ChatKitReq).validate_json` accepts. */
export const referenceRequestSchema = z.discriminatedUnion('type', [
  ...referenceStreamingRequestSchema.options,
  req('threads.get_by_id', z.object({ thread_id: z.string() })),
  req('threads.list', z.object(listParams)),
  req('items.list', z.object({ thread_id: z.string(), ...listParams })),
  req(
    'items.feedback',
    z.object({
      thread_id: z.string(),
      item_ids: z.array(z.string()),
      kind: z.enum(['positive', 'negative']),
    }),
  ),
  req('attachments.create', z.object({ name: z.string(), size: int, mime_type: z.string() })),
  req('attachments.delete', z.object({ attachment_id: z.string() })),
  req('threads.update', z.object({ thread_id: z.string(), title: z.string() })),
  req('threads.delete', z.object({ thread_id: z.string() })),
  req('input.transcribe', z.object({ audio_base64: z.string(), mime_type: z.string() })),
  req('threads.sync_custom_action', customActionParams),
]);

export const STREAMING_REQUEST_TYPES = referenceStreamingRequestSchema.options.map(
  (o) => o.shape.type.value,
);

// ---------------------------------------------------------------- helpers

/** JSON paths (`$.a.b[0].c`) of every `null` anywhere in a parsed JSON value. */
export function findNulls(value: unknown, path = '$'): string[] {
  if (value === null) return [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => findNulls(v, `${path}[${i}]`));
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
      findNulls(v, /^[A-Za-z_$][\w$]*$/.test(k) ? `${path}.${k}` : `${path}[${JSON.stringify(k)}]`),
    );
  }
  return [];
}

/**
 * Where a value's keys are not in the schema's declaration order (pydantic's field order). Walks
 * objects, arrays, optionals and unions (the first option that parses); records and unknowns end
 * the walk. Only meaningful for a value the schema accepts.
 */
export function keyOrderErrors(schema: z.ZodType, value: unknown, path = '$'): string[] {
  if (schema instanceof z.ZodOptional)
    return keyOrderErrors(schema.unwrap() as z.ZodType, value, path);
  if (schema instanceof z.ZodUnion) {
    const option = (schema.options as z.ZodType[]).find((o) => o.safeParse(value).success);
    return option ? keyOrderErrors(option, value, path) : [];
  }
  if (schema instanceof z.ZodArray && Array.isArray(value)) {
    return value.flatMap((v, i) => keyOrderErrors(schema.element as z.ZodType, v, `${path}[${i}]`));
  }
  if (schema instanceof z.ZodObject && value && typeof value === 'object') {
    const shape = schema.shape as Record<string, z.ZodType>;
    const actual = Object.keys(value);
    const expected = Object.keys(shape).filter((k) => actual.includes(k));
    const errors =
      expected.join() === actual.filter((k) => k in shape).join()
        ? []
        : [`${path}: keys ${actual.join(',')} expected in order ${expected.join(',')}`];
    return errors.concat(
      Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
        shape[k] ? keyOrderErrors(shape[k], v, `${path}.${k}`) : [],
      ),
    );
  }
  return [];
}
