/**
 * What only a server writes: the CORS policy's constants, the wire's shapes as a writer sends them
 * (the protocol's shapes without the reader's tolerance: no `other` placeholders, defaults may be
 * omitted), and the SSE frame of one stream event. The mock server, the MSW handlers and the tests
 * write with these; shipped code reads the wire only, so it never imports this module (a rule in
 * .dependency-cruiser.cjs holds that).
 */
import type * as v from 'valibot';
import type {
  assistantUpdateSchema,
  renderedItemSchema,
  threadSchema,
  threadStreamEventSchema,
  ThreadStreamEventType,
  workflowUpdateSchema,
} from './protocol';

/** Origins the backend's CORS policy allows besides the production site. */
export const DEV_ALLOWED_ORIGINS = ['http://localhost:3000', 'http://127.0.0.1:3000'] as const;
export const CORS_ALLOWED_METHODS = 'GET, POST, OPTIONS';
export const CORS_ALLOWED_HEADERS = 'Content-Type, Accept, Authorization';

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
