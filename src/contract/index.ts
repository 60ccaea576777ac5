/**
 * The backend contract the widget consumes (shared/api-contracts.md and the ChatKit protocol),
 * as one module: URL paths, zod schemas for runtime validation, and the TypeScript types inferred
 * from them. The widget, the local `<openai-chatkit>` element, the MSW handlers and the contract
 * tests all import from here, so a change to the contract is a change in one place.
 */
import * as z from 'zod';

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

// ---------------------------------------------------------------------------------------------
// Session endpoint and error envelope
// ---------------------------------------------------------------------------------------------

export const sessionResponseSchema = z.object({
  client_secret: z.string().min(1),
  session_id: z.string().optional(),
  expires_at: z.iso.datetime({ offset: true }).nullish(),
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
    type: z.string(),
    message: z.string(),
    retry_after: z.number().nonnegative().optional(),
  }),
  timestamp: z.string(),
});
export type ErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;

export const healthResponseSchema = z.union([
  z.looseObject({ status: z.literal('healthy') }),
  z.looseObject({ status: z.literal('unhealthy'), errors: z.array(z.string()) }),
]);
export type HealthResponse = z.infer<typeof healthResponseSchema>;

// ---------------------------------------------------------------------------------------------
// ChatKit protocol: items and threads
// ---------------------------------------------------------------------------------------------

export const inputTextSchema = z.object({ type: z.literal('input_text'), text: z.string() });

export const inferenceOptionsSchema = z.object({
  tool_choice: z.object({ id: z.string() }).nullish(),
  model: z.string().nullish(),
});

export const userMessageInputSchema = z.object({
  content: z.array(inputTextSchema),
  attachments: z.array(z.unknown()).default([]),
  quoted_text: z.string().nullish(),
  inference_options: inferenceOptionsSchema.default({}),
});
export type UserMessageInput = z.infer<typeof userMessageInputSchema>;

export const annotationSourceSchema = z.union([
  z.object({ type: z.literal('url'), url: z.string(), title: z.string() }),
  z.looseObject({ type: z.literal('file'), filename: z.string(), title: z.string() }),
]);

export const annotationSchema = z.object({
  type: z.literal('annotation'),
  source: annotationSourceSchema,
  index: z.number().int().nullish(),
});
export type Annotation = z.infer<typeof annotationSchema>;

export const outputTextSchema = z.object({
  type: z.literal('output_text'),
  text: z.string(),
  annotations: z.array(annotationSchema).default([]),
});
export type OutputText = z.infer<typeof outputTextSchema>;

const itemBase = {
  id: z.string(),
  thread_id: z.string(),
  created_at: z.string(),
};

export const userMessageItemSchema = z.object({
  ...itemBase,
  type: z.literal('user_message'),
  content: z.array(inputTextSchema),
  attachments: z.array(z.unknown()).default([]),
  quoted_text: z.string().nullish(),
  inference_options: inferenceOptionsSchema.default({}),
});
export type UserMessageItem = z.infer<typeof userMessageItemSchema>;

export const assistantMessageItemSchema = z.object({
  ...itemBase,
  type: z.literal('assistant_message'),
  content: z.array(outputTextSchema),
});
export type AssistantMessageItem = z.infer<typeof assistantMessageItemSchema>;

/** Item kinds this project does not render (widgets, workflows, tasks...) are kept, not rejected. */
export const otherItemSchema = z.looseObject({
  ...itemBase,
  type: z.string(),
});

export const threadItemSchema = z.union([
  userMessageItemSchema,
  assistantMessageItemSchema,
  otherItemSchema,
]);
export type ThreadItem = UserMessageItem | AssistantMessageItem | z.infer<typeof otherItemSchema>;

export const pageSchema = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), has_more: z.boolean(), after: z.string().nullable() });
export type Page<T> = { data: T[]; has_more: boolean; after: string | null };

export const threadStatusSchema = z.object({
  type: z.enum(['active', 'locked', 'closed']),
  reason: z.string().nullish(),
});

export const threadMetadataSchema = z.object({
  id: z.string(),
  title: z.string().nullish(),
  created_at: z.string(),
  status: threadStatusSchema.default({ type: 'active' }),
  metadata: z.record(z.string(), z.unknown()).default({}),
});
export type ThreadMetadata = z.infer<typeof threadMetadataSchema>;

export const threadSchema = threadMetadataSchema.extend({
  items: pageSchema(threadItemSchema),
});
export type Thread = z.infer<typeof threadSchema>;

// ---------------------------------------------------------------------------------------------
// ChatKit protocol: requests
// ---------------------------------------------------------------------------------------------

const metadata = z.record(z.string(), z.unknown()).default({});
const order = z.enum(['asc', 'desc']).default('desc');

export const chatkitRequestSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('threads.create'),
    params: z.object({ input: userMessageInputSchema }),
    metadata,
  }),
  z.object({
    type: z.literal('threads.add_user_message'),
    params: z.object({ thread_id: z.string(), input: userMessageInputSchema }),
    metadata,
  }),
  z.object({
    type: z.literal('threads.retry_after_item'),
    params: z.object({ thread_id: z.string(), item_id: z.string() }),
    metadata,
  }),
  z.object({
    type: z.literal('threads.get_by_id'),
    params: z.object({ thread_id: z.string() }),
    metadata,
  }),
  z.object({
    type: z.literal('threads.list'),
    params: z.object({
      limit: z.number().int().positive().nullish(),
      order,
      after: z.string().nullish(),
    }),
    metadata,
  }),
  z.object({
    type: z.literal('items.list'),
    params: z.object({
      thread_id: z.string(),
      limit: z.number().int().positive().nullish(),
      order,
      after: z.string().nullish(),
    }),
    metadata,
  }),
  z.object({
    type: z.literal('threads.update'),
    params: z.object({ thread_id: z.string(), title: z.string() }),
    metadata,
  }),
  z.object({
    type: z.literal('threads.delete'),
    params: z.object({ thread_id: z.string() }),
    metadata,
  }),
  z.object({
    type: z.literal('items.feedback'),
    params: z.object({
      thread_id: z.string(),
      item_ids: z.array(z.string()),
      kind: z.enum(['positive', 'negative']),
    }),
    metadata,
  }),
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
// ChatKit protocol: stream events (each SSE `data:` line is one of these)
// ---------------------------------------------------------------------------------------------

export const assistantUpdateSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('assistant_message.content_part.added'),
    content_index: z.number().int().nonnegative(),
    content: outputTextSchema,
  }),
  z.object({
    type: z.literal('assistant_message.content_part.text_delta'),
    content_index: z.number().int().nonnegative(),
    delta: z.string(),
  }),
  z.object({
    type: z.literal('assistant_message.content_part.annotation_added'),
    content_index: z.number().int().nonnegative(),
    annotation_index: z.number().int().nonnegative(),
    annotation: annotationSchema,
  }),
  z.object({
    type: z.literal('assistant_message.content_part.done'),
    content_index: z.number().int().nonnegative(),
    content: outputTextSchema,
  }),
]);
export type AssistantUpdate = z.infer<typeof assistantUpdateSchema>;

/** Widget and workflow updates exist in the protocol; this project passes over them. */
const otherUpdateSchema = z.looseObject({ type: z.string() });

export const threadStreamEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('thread.created'), thread: threadSchema }),
  z.object({ type: z.literal('thread.updated'), thread: threadSchema }),
  z.object({ type: z.literal('thread.item.added'), item: threadItemSchema }),
  z.object({
    type: z.literal('thread.item.updated'),
    item_id: z.string(),
    update: z.union([assistantUpdateSchema, otherUpdateSchema]),
  }),
  z.object({ type: z.literal('thread.item.done'), item: threadItemSchema }),
  z.object({ type: z.literal('thread.item.removed'), item_id: z.string() }),
  z.object({ type: z.literal('thread.item.replaced'), item: threadItemSchema }),
  z.object({
    type: z.literal('progress_update'),
    icon: z.string().nullish(),
    text: z.string(),
  }),
  z.object({
    type: z.literal('notice'),
    level: z.enum(['info', 'warning', 'danger']),
    message: z.string(),
    title: z.string().nullish(),
  }),
  z.object({
    type: z.literal('error'),
    code: z.string(),
    message: z.string().nullish(),
    allow_retry: z.boolean(),
  }),
  z.object({
    type: z.literal('stream_options'),
    stream_options: z.object({ allow_cancel: z.boolean() }),
  }),
  z.object({
    type: z.literal('client_effect'),
    name: z.string(),
    data: z.record(z.string(), z.unknown()).default({}),
  }),
]);
export type ThreadStreamEvent = z.infer<typeof threadStreamEventSchema>;
/** What a server writes (defaults may be omitted). */
export type ThreadStreamEventInput = z.input<typeof threadStreamEventSchema>;

/** Encodes one event as an SSE frame: one `data:` line and a blank line. */
export function encodeSseEvent(event: ThreadStreamEventInput): string {
  return `data: ${JSON.stringify(event)}\n\n`;
}

export const threadPageSchema = pageSchema(threadSchema);
export const itemPageSchema = pageSchema(threadItemSchema);
