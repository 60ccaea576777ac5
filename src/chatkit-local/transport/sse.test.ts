import { describe, expect, it } from 'vitest';
import { encodeSseEvent, type ThreadStreamEventInput } from '../../contract/server';
import { ChatKitStreamError } from './chatkitErrors';
import { createThreadEventParser, readThreadStream } from './sse';

const delta = (text: string): ThreadStreamEventInput => ({
  type: 'thread.item.updated',
  item_id: 'msg_1',
  update: { type: 'assistant_message.content_part.text_delta', content_index: 0, delta: text },
});
const progress: ThreadStreamEventInput = { type: 'progress_update', text: 'Searching the book' };

function bodyOf(chunks: (string | Uint8Array)[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) {
        controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
      }
      controller.close();
    },
  });
}

async function collect(stream: ReadableStream<Uint8Array>) {
  const events = [];
  for await (const event of readThreadStream(stream)) events.push(event);
  return events;
}

describe('createThreadEventParser', () => {
  it('holds an event split across chunks until its blank line arrives', () => {
    const parser = createThreadEventParser();
    const frame = encodeSseEvent(delta('ROS 2 is'));
    const cut = 17;
    expect([...parser.feed(frame.slice(0, cut))]).toEqual([]);
    expect([...parser.feed(frame.slice(cut, -1))]).toEqual([]);
    expect([...parser.feed(frame.slice(-1))]).toEqual([delta('ROS 2 is')]);
  });

  it('returns every event of a chunk that carries several, in order', () => {
    const parser = createThreadEventParser();
    const chunk =
      encodeSseEvent(delta('a')) + encodeSseEvent(progress) + encodeSseEvent(delta('b'));
    expect([...parser.feed(chunk)]).toEqual([delta('a'), progress, delta('b')]);
  });

  it('accepts CRLF framing and ignores comments and keep-alives', () => {
    const parser = createThreadEventParser();
    const chunk = `: keep-alive\r\n\r\ndata: ${JSON.stringify(progress)}\r\n\r\ndata:\r\n\r\n`;
    expect([...parser.feed(chunk)]).toEqual([progress]);
  });

  it('delivers the events before a malformed one, then throws stream.malformed', () => {
    const parser = createThreadEventParser();
    const chunk = encodeSseEvent(delta('a')) + 'data: {"type":"thread.item.updated",\n\n';
    const seen: unknown[] = [];
    const read = () => {
      for (const event of parser.feed(chunk)) seen.push(event);
    };
    expect(read).toThrow(ChatKitStreamError);
    expect(seen).toEqual([delta('a')]);
  });

  it('passes over JSON it cannot use as an event, reports why, and reads on', () => {
    const skipped: unknown[] = [];
    const parser = createThreadEventParser((event) => skipped.push(event));
    const chunk =
      'data: {"type":"thread.item.updated","item_id":1}\n\n' +
      'data: {"type":"thread.item.moved","item_id":"msg_1"}\n\n' +
      'data: [1, 2]\n\n' +
      encodeSseEvent(delta('a'));
    expect([...parser.feed(chunk)]).toEqual([delta('a')]);
    expect(skipped).toEqual([
      { type: 'thread.item.updated', reason: expect.stringContaining('item_id') },
      { type: 'thread.item.moved', reason: 'unknown event type' },
      { type: 'undefined', reason: 'not a stream event (no type)' },
    ]);
  });

  it('reads null members as absent (other servers write null for unset fields)', () => {
    const parser = createThreadEventParser();
    const chunk = 'data: {"type":"progress_update","icon":null,"text":"Searching the book"}\n\n';
    expect([...parser.feed(chunk)]).toEqual([progress]);
  });
});

describe('readThreadStream', () => {
  it('decodes UTF-8 characters split between network chunks', async () => {
    const bytes = new TextEncoder().encode(encodeSseEvent(delta('روبوٹ')));
    const middle = bytes.indexOf(0xd8) + 1; // inside the first two-byte character
    const events = await collect(bodyOf([bytes.slice(0, middle), bytes.slice(middle)]));
    expect(events).toEqual([delta('روبوٹ')]);
  });

  it('reads one byte at a time', async () => {
    const text = encodeSseEvent(progress) + encodeSseEvent(delta('x'));
    const events = await collect(bodyOf([...text].map((ch) => ch)));
    expect(events).toEqual([progress, delta('x')]);
  });

  it('turns a broken connection into stream.interrupted', async () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(encodeSseEvent(progress)));
        controller.error(new TypeError('network error'));
      },
    });
    await expect(collect(body)).rejects.toMatchObject({ code: 'stream.interrupted' });
  });

  it('rethrows an abort as is', async () => {
    const controller = new AbortController();
    const body = new ReadableStream<Uint8Array>({
      pull() {
        return new Promise(() => undefined);
      },
    });
    const reading = (async () => {
      for await (const _ of readThreadStream(body, controller.signal)) {
        // never reached
      }
    })();
    controller.abort();
    await expect(reading).rejects.toSatisfy((error) => !(error instanceof ChatKitStreamError));
  });
});
