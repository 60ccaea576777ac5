import { describe, expect, it } from 'vitest';
import {
  parseJson,
  parseRetryAfter,
  questionText,
  readErrorResponse,
  readRequestBody,
  readSseData,
} from './wire';

const NOW = Date.parse('2026-11-30T20:00:00Z');

describe('parseJson', () => {
  it('reads a null member as an absent one, and keeps nulls inside arrays', () => {
    expect(parseJson('{"title":null,"items":{"after":null,"data":[null,1]},"n":0}')).toEqual({
      items: { data: [null, 1] },
      n: 0,
    });
  });
});

describe('parseRetryAfter', () => {
  it.each([
    ['30', 30],
    ['1.5', 1.5],
    [' 7 ', 7],
    ['Mon, 30 Nov 2026 20:00:12 GMT', 12],
    ['Mon, 30 Nov 2026 19:00:00 GMT', 0], // in the past: retry now
    ['soon', null],
    ['-3', null],
    ['', null],
    [null, null],
  ])('%j → %j', (value, seconds) => {
    expect(parseRetryAfter(value, NOW)).toBe(seconds);
  });
});

describe('readErrorResponse', () => {
  const envelope = (error: Record<string, unknown>) =>
    JSON.stringify({ error, timestamp: '2026-11-30T20:00:00Z' });

  it("prefers the body's retry_after to the header", async () => {
    const response = new Response(
      envelope({ type: 'RateLimitError', message: 'Slow down', retry_after: 60 }),
      { status: 429, headers: { 'Retry-After': '5' } },
    );
    expect(await readErrorResponse(response, NOW)).toEqual({
      status: 429,
      errorType: 'RateLimitError',
      retryAfter: 60,
      detail: 'Slow down',
    });
  });

  it('falls back to the header, and reads an HTML page from a proxy as no envelope', async () => {
    const html = new Response('<html><h1>502 Bad Gateway</h1></html>', {
      status: 502,
      headers: { 'Retry-After': '2' },
    });
    expect(await readErrorResponse(html, NOW)).toEqual({
      status: 502,
      errorType: null,
      retryAfter: 2,
      detail: '<html><h1>502 Bad Gateway</h1></html>',
    });
  });

  it('reads retry_after: null as no delay', async () => {
    const response = new Response(
      envelope({ type: 'ChatKitError', message: 'x', retry_after: null }),
      { status: 500 },
    );
    expect((await readErrorResponse(response, NOW)).retryAfter).toBeNull();
  });
});

describe('request bodies', () => {
  const create = (extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      type: 'threads.create',
      params: {
        input: {
          content: [
            { type: 'input_text', text: 'What is ' },
            { type: 'input_text', text: 'ROS 2?' },
          ],
          attachments: [],
          inference_options: { tool_choice: null, model: null },
          quoted_text: null,
          ...extra,
        },
      },
    });

  it('reads a request as pydantic does: nulls are unset, metadata defaults to {}', () => {
    const reading = readRequestBody(create());
    if (!('request' in reading)) throw new Error(reading.detail);
    expect(reading.request.metadata).toEqual({});
    expect(reading.request.type === 'threads.create' && reading.request.params.input).toEqual({
      content: [
        { type: 'input_text', text: 'What is ' },
        { type: 'input_text', text: 'ROS 2?' },
      ],
      attachments: [],
      inference_options: {},
    });
  });

  it('says what is wrong with a body the reference server would refuse', () => {
    expect(readRequestBody('{"type":"threads.create"')).toMatchObject({ problem: 'not JSON' });
    const reading = readRequestBody(create({ attachments: undefined }));
    expect(reading).toMatchObject({ problem: 'not a ChatKit request' });
    expect('detail' in reading && reading.detail).toContain('params.input.attachments');
  });

  it("finds the reader's question, and nothing in other requests", () => {
    expect(questionText(create())).toBe('What is ROS 2?');
    expect(questionText('{"type":"threads.get_by_id","params":{"thread_id":"thr_1"}}')).toBeNull();
    expect(questionText('not json')).toBeNull();
    expect(questionText(undefined)).toBeNull();
  });
});

describe('readSseData', () => {
  /** A body delivering one chunk per read, then ending (or failing, as a cut connection does). */
  function body(chunks: (string | Uint8Array)[], failAtEnd = false) {
    const encoder = new TextEncoder();
    const queue = [...chunks];
    return new ReadableStream<Uint8Array>({
      pull(controller) {
        const chunk = queue.shift();
        if (chunk !== undefined) {
          controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
        } else if (failAtEnd) controller.error(new TypeError('network error'));
        else controller.close();
      },
    });
  }
  async function all(stream: ReadableStream<Uint8Array>) {
    const out: string[] = [];
    for await (const data of readSseData(stream)) out.push(data);
    return out;
  }

  it('frames events split anywhere, even inside a character, and skips keep-alives', async () => {
    const bytes = new TextEncoder().encode('data: {"t":"اردو"}\n\n');
    const cut = 12; // inside the two bytes of an Arabic letter
    expect(
      await all(
        body([
          ': keep-alive\n\n',
          'da',
          'ta: {"a":1}\n',
          '\ndata: {"b":2}\n\n',
          bytes.slice(0, cut),
          bytes.slice(cut),
        ]),
      ),
    ).toEqual(['{"a":1}', '{"b":2}', '{"t":"اردو"}']);
  });

  it('skips named events and empty data', async () => {
    expect(await all(body(['event: ping\ndata: x\n\ndata:\n\ndata: y\n\n']))).toEqual(['y']);
  });

  it('yields what arrived before a failure, then throws', async () => {
    const seen: string[] = [];
    await expect(async () => {
      for await (const data of readSseData(body(['data: 1\n\n', 'data: 2\n\n'], true))) {
        seen.push(data);
      }
    }).rejects.toThrow('network error');
    expect(seen).toEqual(['1', '2']);
  });
});
