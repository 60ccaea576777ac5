/**
 * Reads a ChatKit SSE body frame by frame, for contract tests and the protocol inspector story.
 * (The widget has its own client in src/; this is the testing side's view of the wire.)
 */
import { readStreamEvent, type ThreadStreamEvent } from '../src/contract';
import { parseJson, readSseData } from '../src/contract/wire';

export type SseFrame =
  | { ok: true; data: string; event: ThreadStreamEvent }
  | { ok: false; data: string; problem: string };

function toFrame(data: string): SseFrame {
  let json: unknown;
  try {
    json = parseJson(data);
  } catch {
    return { ok: false, data, problem: 'data is not JSON' };
  }
  const reading = readStreamEvent(json);
  return 'event' in reading
    ? { ok: true, data, event: reading.event }
    : { ok: false, data, problem: `${reading.skipped.type}: ${reading.skipped.reason}` };
}

/**
 * Yields each frame as soon as its bytes have arrived, whatever the chunking. A body that fails
 * midway makes the iteration throw after the frames received before the failure.
 */
export async function* readSseFrames(body: ReadableStream<Uint8Array>): AsyncGenerator<SseFrame> {
  for await (const data of readSseData(body)) yield toFrame(data);
}

export interface SseResult {
  frames: SseFrame[];
  /** The frames that parsed as ThreadStreamEvents, in order. */
  events: ThreadStreamEvent[];
  /** Set when the body failed before its end. */
  failure?: unknown;
}

/** Reads a whole SSE response; a failure midway is reported, not thrown. */
export async function collectSse(response: Response): Promise<SseResult> {
  const frames: SseFrame[] = [];
  let failure: unknown;
  if (!response.body) throw new Error('The response has no body.');
  try {
    for await (const frame of readSseFrames(response.body)) frames.push(frame);
  } catch (error) {
    failure = error;
  }
  return {
    frames,
    events: frames.flatMap((frame) => (frame.ok ? [frame.event] : [])),
    ...(failure === undefined ? {} : { failure }),
  };
}

const updateLabels: Record<string, string> = {
  'workflow.task.added': 'task.added',
  'workflow.task.updated': 'task.updated',
  'assistant_message.content_part.added': 'content_part.added',
  'assistant_message.content_part.text_delta': 'text_delta',
  'assistant_message.content_part.annotation_added': 'annotation_added',
  'assistant_message.content_part.done': 'content_part.done',
};

/** A short name for an event: an update's kind stands in for `thread.item.updated`. */
export function eventLabel(event: ThreadStreamEvent): string {
  if (event.type !== 'thread.item.updated') return event.type;
  const update = event.update;
  const type = update.type === 'other' ? update.original_type : update.type;
  return updateLabels[type] ?? type;
}
