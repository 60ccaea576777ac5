/**
 * Incremental parsing of a ChatKit answer stream: Server-Sent Events whose `data:` lines each hold one
 * `ThreadStreamEvent`. Chunks from the network may split an event anywhere (even inside a UTF-8
 * character) or carry several events, so framing is left to eventsource-parser and decoding to a
 * streaming TextDecoder.
 *
 * Events are read tolerantly (`readStreamEvent`): one of a type this client does not know, or one it
 * cannot use, is passed over and reported through `onSkipped`, never a failed answer. Only a `data:`
 * payload that is not JSON at all means the stream itself is broken (`stream.malformed`).
 */
import { readStreamEvent, type EventReading, type ThreadStreamEvent } from '../../contract';
import { createSseDataParser, parseJson, readSseData } from '../../contract/wire';
import { ChatKitStreamError } from './chatkitErrors';

/** An event passed over, and why. */
export type SkippedEvent = Extract<EventReading, { skipped: unknown }>['skipped'];
export type OnSkipped = (skipped: SkippedEvent) => void;

/** Reads one SSE `data` payload; a payload that is not JSON is a malformed stream. */
export function parseThreadStreamEvent(data: string): EventReading {
  let json: unknown;
  try {
    json = parseJson(data);
  } catch (cause) {
    throw new ChatKitStreamError('stream.malformed', true, { cause });
  }
  return readStreamEvent(json);
}

/** A push parser: feed it decoded text, get back the complete events it closed. */
export interface ThreadEventParser {
  /**
   * Yields the events completed by this chunk, in order. Reading is lazy, so the events before a
   * malformed one are still delivered before `ChatKitStreamError` is thrown.
   */
  feed(chunk: string): Generator<ThreadStreamEvent, void, undefined>;
}

/** Yields the events among SSE payloads; those passed over go to `onSkipped`. */
function* eventsOf(datas: Iterable<string>, onSkipped?: OnSkipped) {
  for (const data of datas) {
    const reading = parseThreadStreamEvent(data);
    if ('event' in reading) yield reading.event;
    else onSkipped?.(reading.skipped);
  }
}

export function createThreadEventParser(onSkipped?: OnSkipped): ThreadEventParser {
  const parser = createSseDataParser();
  return { feed: (chunk) => eventsOf(parser.feed(chunk), onSkipped) };
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
 * can tell it apart from a failure. Events passed over are reported to `onSkipped`.
 */
export async function* readThreadStream(
  body: ReadableStream<Uint8Array>,
  signal?: AbortSignal,
  onSkipped?: OnSkipped,
): AsyncGenerator<ThreadStreamEvent, void, undefined> {
  const datas = readSseData(body, signal);
  try {
    for (;;) {
      let next: IteratorResult<string>;
      try {
        next = await datas.next();
      } catch (cause) {
        if (isAbort(cause, signal)) throw cause;
        throw new ChatKitStreamError('stream.interrupted', true, { cause });
      }
      if (next.done) return;
      yield* eventsOf([next.value], onSkipped);
    }
  } finally {
    // Stops the network read when the consumer leaves early (an error, or a newer request).
    await datas.return(undefined);
  }
}
