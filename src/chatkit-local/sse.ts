/**
 * Incremental parsing of a ChatKit answer stream: Server-Sent Events whose `data:` lines each hold one
 * `ThreadStreamEvent`. Chunks from the network may split an event anywhere (even inside a UTF-8
 * character) or carry several events, so framing is left to eventsource-parser and decoding to a
 * streaming TextDecoder.
 */
import { createParser } from 'eventsource-parser';
import { threadStreamEventSchema, type ThreadStreamEvent } from '../contract';
import { ChatKitStreamError } from './errors';

/** Parses one SSE `data` payload; anything that is not a protocol event is a malformed stream. */
export function parseThreadStreamEvent(data: string): ThreadStreamEvent {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch (cause) {
    throw new ChatKitStreamError('stream.malformed', true, { cause });
  }
  const parsed = threadStreamEventSchema.safeParse(json);
  if (!parsed.success) {
    throw new ChatKitStreamError('stream.malformed', true, { cause: parsed.error });
  }
  return parsed.data;
}

/** A push parser: feed it decoded text, get back the complete events it closed. */
export interface ThreadEventParser {
  /**
   * Yields the events completed by this chunk, in order. Validation is lazy, so the events before a
   * malformed one are still delivered before `ChatKitStreamError` is thrown.
   */
  feed(chunk: string): Generator<ThreadStreamEvent, void, undefined>;
}

export function createThreadEventParser(): ThreadEventParser {
  let pending: string[] = [];
  const parser = createParser({
    onEvent(message) {
      // Only unnamed (`message`) events carry protocol data; blank keep-alives are skipped.
      if (message.event !== undefined && message.event !== 'message') return;
      if (message.data.trim() === '') return;
      pending.push(message.data);
    },
  });
  return {
    *feed(chunk) {
      parser.feed(chunk);
      const datas = pending;
      pending = [];
      for (const data of datas) yield parseThreadStreamEvent(data);
    },
  };
}

function isAbort(error: unknown, signal?: AbortSignal): boolean {
  return (
    signal?.aborted === true ||
    (error instanceof Error && error.name === 'AbortError') ||
    (typeof DOMException !== 'undefined' &&
      error instanceof DOMException &&
      error.name === 'AbortError')
  );
}

/**
 * Yields the events of a response body as they arrive. A broken connection becomes
 * `ChatKitStreamError('stream.interrupted')`; an abort through `signal` is rethrown as is so callers
 * can tell it apart from a failure.
 */
export async function* readThreadStream(
  body: ReadableStream<Uint8Array>,
  signal?: AbortSignal,
): AsyncGenerator<ThreadStreamEvent, void, undefined> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const parser = createThreadEventParser();
  const onAbort = () => {
    reader.cancel().catch(() => undefined);
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for (;;) {
      let result: ReadableStreamReadResult<Uint8Array>;
      try {
        result = await reader.read();
      } catch (cause) {
        if (isAbort(cause, signal)) throw cause;
        throw new ChatKitStreamError('stream.interrupted', true, { cause });
      }
      if (signal?.aborted) throw signal.reason ?? new DOMException('Aborted', 'AbortError');
      if (result.done) {
        yield* parser.feed(decoder.decode());
        return;
      }
      yield* parser.feed(decoder.decode(result.value, { stream: true }));
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    // Stops the network read when the consumer leaves early (an error, or a newer request).
    reader.cancel().catch(() => undefined);
  }
}
