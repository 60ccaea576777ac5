import { getResponse, http, HttpResponse, type RequestHandler } from 'msw';
import { successHandlers } from '../../mocks/handlers';
import { DEFAULT_BACKEND_URL, paths } from '../../src/contract';

const DELTA = '"assistant_message.content_part.text_delta"';

/**
 * Passes `upstream` through frame by frame until `deltas` text deltas have gone out, then sends
 * nothing more and never ends: the answer stays mid-sentence for as long as the reader looks.
 * Cancelling (Stop, closing the page) cancels the upstream answer, so the mock keeps what was sent.
 */
function holdAfterDeltas(upstream: ReadableStream<Uint8Array>, deltas: number) {
  const reader = upstream.getReader();
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  let buffer = '';
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          if (sent >= deltas) return new Promise<void>(() => {});
          const frame = buffer.slice(0, end + 2);
          buffer = buffer.slice(end + 2);
          if (frame.includes(DELTA)) sent += 1;
          controller.enqueue(encoder.encode(frame));
          return;
        }
        const { done, value } = await reader.read();
        if (done) {
          controller.close();
          return;
        }
        buffer += decoder.decode(value, { stream: true });
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}

/**
 * Answers questions as the contract mock does, but every answer pauses for good after `deltas`
 * text deltas: a stream caught mid-answer (the Streaming and Stopped states). Other requests fall
 * through to the success handlers.
 */
export function answersPauseMidway(deltas = 12): RequestHandler[] {
  return [
    http.post(`${DEFAULT_BACKEND_URL}${paths.chatkit}`, async ({ request }) => {
      const { type } = (await request.clone().json()) as { type?: string };
      if (type !== 'threads.create' && type !== 'threads.add_user_message') return undefined;
      const answer = await getResponse(successHandlers, request);
      if (!answer?.body || !answer.ok) return answer;
      return new HttpResponse(holdAfterDeltas(answer.body, deltas), {
        status: answer.status,
        headers: answer.headers,
      });
    }),
  ];
}
