/**
 * A story-only window onto the backend contract: it asks for a session, sends `threads.create` and
 * lists every Server-Sent Event as it arrives, so designers and developers can see what the widget
 * receives in each scenario; then it can send `items.feedback` for the answer and show the request,
 * the `{}` the server answers and what the mock backend recorded. It shows raw protocol data on
 * purpose; the widget never does.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import {
  assistantMessageItemSchema,
  assistantUpdateSchema,
  DEFAULT_BACKEND_URL,
  paths,
  sessionResponseSchema,
  userMessageItemSchema,
  type AssistantUpdate,
  type ThreadStreamEvent,
} from '../../src/contract';
import { eventLabel, readSseFrames } from '../../mocks/sse';
import { getFeedback } from '../../mocks/state';
import styles from './ProtocolInspector.module.css';

export interface ProtocolInspectorProps {
  /**
   * Base URL of the backend (in Storybook, MSW answers it).
   * @default DEFAULT_BACKEND_URL ('http://localhost:8000')
   */
  backendUrl?: string;
  /**
   * Text the question field starts with.
   * @default 'What is ROS 2?'
   */
  defaultQuestion?: string;
}

interface Row {
  label: string;
  summary: string;
  problem?: boolean;
}

interface Exchange {
  request: string;
  status: number;
  contentType: string;
}

interface HttpFailure {
  request: string;
  status: number;
  body: string;
}

type Phase = 'idle' | 'session' | 'streaming' | 'done' | 'failed';

type FeedbackKind = 'positive' | 'negative';

/** One `items.feedback` exchange, as sent and answered. */
interface FeedbackExchange {
  request: string;
  status: number | null;
  body: string;
  /** What the mock backend holds for the answer afterwards (mocks/state.ts `getFeedback`). */
  recorded: string;
}

function shorten(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function summariseUpdate(update: AssistantUpdate): string {
  switch (update.type) {
    case 'assistant_message.content_part.text_delta':
      return JSON.stringify(update.delta);
    case 'assistant_message.content_part.annotation_added': {
      const source = update.annotation.source;
      return source.type === 'url'
        ? `${source.title} → ${source.url}`
        : (source.title ?? source.type);
    }
    case 'assistant_message.content_part.added':
      return 'empty output_text';
    case 'assistant_message.content_part.done':
      return `${update.content.text.length} characters, ${update.content.annotations.length} sources`;
  }
}

function summarise(event: ThreadStreamEvent): string {
  switch (event.type) {
    case 'thread.created':
    case 'thread.updated':
      return event.thread.id;
    case 'thread.item.added':
    case 'thread.item.done':
    case 'thread.item.replaced': {
      const user = userMessageItemSchema.safeParse(event.item);
      if (user.success) {
        return `user_message “${shorten(user.data.content.map((c) => c.text).join(' '), 60)}”`;
      }
      const assistant = assistantMessageItemSchema.safeParse(event.item);
      if (assistant.success) {
        const length = assistant.data.content.map((c) => c.text).join('').length;
        return `assistant_message ${assistant.data.id}, ${length} characters`;
      }
      return `${event.item.type} ${event.item.id}`;
    }
    case 'thread.item.updated': {
      const parsed = assistantUpdateSchema.safeParse(event.update);
      return parsed.success ? summariseUpdate(parsed.data) : event.update.type;
    }
    case 'error':
      // `stream.error` carries no message (the reference writes none); `custom` carries the reader's.
      return `${event.code}${event.message ? `: ${event.message}` : ''} (allow_retry: ${event.allow_retry})`;
    case 'thread.item.removed':
      return event.item_id;
    case 'notice':
    case 'progress_update':
      return 'message' in event ? event.message : event.text;
    default:
      return '';
  }
}

async function describeFailure(request: string, response: Response): Promise<HttpFailure> {
  const text = await response.text();
  let body = text;
  try {
    body = JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    // Not JSON (an HTML error page, a truncated body): show it as it came.
  }
  return { request, status: response.status, body };
}

const phaseText: Record<Phase, string> = {
  idle: 'Ready. Ask a question to see the protocol at work.',
  session: 'Creating a session…',
  streaming: 'Streaming the answer…',
  done: 'Done: the answer is complete.',
  failed: 'Failed: see the details below.',
};

/** Sends one question through the contract and lists what comes back. */
export function ProtocolInspector({
  backendUrl = DEFAULT_BACKEND_URL,
  defaultQuestion = 'What is ROS 2?',
}: ProtocolInspectorProps) {
  const id = useId();
  const [question, setQuestion] = useState(defaultQuestion);
  const [phase, setPhase] = useState<Phase>('idle');
  const [exchanges, setExchanges] = useState<Exchange[]>([]);
  const [rows, setRows] = useState<Row[]>([]);
  const [answer, setAnswer] = useState('');
  const [sources, setSources] = useState<{ url: string; title: string }[]>([]);
  const [failure, setFailure] = useState<HttpFailure | null>(null);
  const [streamProblem, setStreamProblem] = useState<string | null>(null);
  /** Who the answer is, for `items.feedback`: the secret, the thread and the answer's item. */
  const [answerRef, setAnswerRef] = useState<{
    secret: string;
    threadId: string;
    itemId: string;
  } | null>(null);
  const [feedback, setFeedback] = useState<FeedbackExchange | null>(null);
  const [sendingFeedback, setSendingFeedback] = useState(false);
  const abortRef = useRef<AbortController | null>(null);

  useEffect(() => () => abortRef.current?.abort(), []);

  async function run(text: string, signal: AbortSignal) {
    setPhase('session');
    const sessionRequest = `POST ${paths.session}`;
    const session = await fetch(`${backendUrl}${paths.session}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
      signal,
    });
    const record = (request: string, response: Response) =>
      setExchanges((list) => [
        ...list,
        {
          request,
          status: response.status,
          contentType: response.headers.get('content-type') ?? '',
        },
      ]);
    record(sessionRequest, session);
    if (!session.ok) {
      setFailure(await describeFailure(sessionRequest, session));
      return setPhase('failed');
    }
    const parsed = sessionResponseSchema.safeParse(await session.json().catch(() => null));
    if (!parsed.success) {
      setStreamProblem('The session response does not match the contract.');
      return setPhase('failed');
    }

    setPhase('streaming');
    const chatRequest = `POST ${paths.chatkit} threads.create`;
    const chat = await fetch(`${backendUrl}${paths.chatkit}`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${parsed.data.client_secret}`,
      },
      body: JSON.stringify({
        type: 'threads.create',
        params: {
          input: {
            content: [{ type: 'input_text', text }],
            attachments: [],
            inference_options: {},
          },
        },
        metadata: {},
      }),
      signal,
    });
    record(chatRequest, chat);
    if (!chat.ok || !chat.body) {
      setFailure(await describeFailure(chatRequest, chat));
      return setPhase('failed');
    }

    let completed = false;
    let errored = false;
    let threadId = '';
    for await (const frame of readSseFrames(chat.body)) {
      if (!frame.ok) {
        setRows((list) => [
          ...list,
          {
            label: 'malformed',
            summary: `${frame.problem}: ${shorten(frame.data)}`,
            problem: true,
          },
        ]);
        continue;
      }
      const event = frame.event;
      if (event.type === 'thread.created') threadId = event.thread.id;
      setRows((list) => [
        ...list,
        { label: eventLabel(event), summary: summarise(event), problem: event.type === 'error' },
      ]);
      if (event.type === 'thread.item.updated') {
        const update = assistantUpdateSchema.safeParse(event.update).data;
        if (!update) continue;
        if (update.type === 'assistant_message.content_part.text_delta') {
          setAnswer((current) => current + update.delta);
        } else if (
          update.type === 'assistant_message.content_part.annotation_added' &&
          update.annotation.source.type === 'url'
        ) {
          const { url, title } = update.annotation.source;
          setSources((list) => [...list, { url, title }]);
        }
      } else if (event.type === 'thread.item.done' && event.item.type === 'assistant_message') {
        completed = true;
        setAnswerRef({ secret: parsed.data.client_secret, threadId, itemId: event.item.id });
      } else if (event.type === 'error') {
        errored = true;
        setStreamProblem(
          `The stream reported ${event.code}${event.allow_retry ? '; a retry is allowed' : '; no retry'}.`,
        );
      }
    }
    if (!completed && !errored)
      setStreamProblem('The stream ended before the answer was complete.');
    setPhase(completed ? 'done' : 'failed');
  }

  function send(event: FormEvent) {
    event.preventDefault();
    abortRef.current?.abort();
    const controller = new AbortController();
    abortRef.current = controller;
    setExchanges([]);
    setRows([]);
    setAnswer('');
    setSources([]);
    setFailure(null);
    setStreamProblem(null);
    setAnswerRef(null);
    setFeedback(null);
    run(question, controller.signal).catch((error: unknown) => {
      if (controller.signal.aborted) return;
      setRows((list) => [
        ...list,
        { label: 'network error', summary: String(error), problem: true },
      ]);
      setStreamProblem(
        'The request failed at the network level (no HTTP response, or the body broke off).',
      );
      setPhase('failed');
    });
  }

  async function sendFeedback(kind: FeedbackKind) {
    if (!answerRef) return;
    const body = {
      type: 'items.feedback',
      params: { thread_id: answerRef.threadId, item_ids: [answerRef.itemId], kind },
      metadata: {},
    };
    const request = JSON.stringify(body, null, 2);
    const recorded = () => getFeedback(answerRef.threadId).get(answerRef.itemId) ?? 'nothing';
    setSendingFeedback(true);
    try {
      const response = await fetch(`${backendUrl}${paths.chatkit}`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Authorization: `Bearer ${answerRef.secret}`,
        },
        body: JSON.stringify(body),
      });
      setFeedback({
        request,
        status: response.status,
        body: await response.text(),
        recorded: recorded(),
      });
    } catch (error) {
      setFeedback({ request, status: null, body: String(error), recorded: recorded() });
    } finally {
      setSendingFeedback(false);
    }
  }

  const busy = phase === 'session' || phase === 'streaming';

  return (
    <main className={styles.inspector}>
      <h1 className={styles.title}>Protocol inspector</h1>
      <p className={styles.intro}>
        Creates a session at <code>{backendUrl}</code>, sends <code>threads.create</code> and lists
        each Server-Sent Event as it arrives.
      </p>
      <form className={styles.form} onSubmit={send}>
        <label htmlFor={`${id}-question`}>Question</label>
        <input
          id={`${id}-question`}
          className={styles.input}
          value={question}
          onChange={(event) => setQuestion(event.target.value)}
        />
        <button className={styles.button} type="submit" disabled={busy || !question.trim()}>
          Send
        </button>
      </form>
      <p role="status" className={phase === 'failed' ? styles.statusFailed : styles.status}>
        {phaseText[phase]}
      </p>

      <div className={styles.columns}>
        <section aria-labelledby={`${id}-events`} className={styles.panel}>
          <h2 id={`${id}-events`}>Stream events ({rows.length})</h2>
          {exchanges.length > 0 && (
            <ul aria-label="HTTP requests" className={styles.exchanges}>
              {exchanges.map((exchange) => (
                <li key={exchange.request}>
                  <code>{exchange.request}</code> → <strong>{exchange.status}</strong>{' '}
                  <span className={styles.muted}>{exchange.contentType}</span>
                </li>
              ))}
            </ul>
          )}
          <ol aria-label="Stream events" className={styles.events}>
            {rows.map((row, index) => (
              <li key={index} className={row.problem ? styles.problem : undefined}>
                <code className={styles.label}>{row.label}</code>{' '}
                <span className={styles.summary}>{row.summary}</span>
              </li>
            ))}
          </ol>
        </section>

        <section aria-labelledby={`${id}-answer`} className={styles.panel}>
          <h2 id={`${id}-answer`}>Answer</h2>
          {answer ? (
            <p className={styles.answer}>{answer}</p>
          ) : (
            <p className={styles.muted}>No answer yet.</p>
          )}
          {sources.length > 0 && (
            <>
              <h3 id={`${id}-sources`}>Sources</h3>
              <ul aria-labelledby={`${id}-sources`}>
                {sources.map((source) => (
                  <li key={source.url}>
                    <a href={source.url}>{source.title}</a>
                  </li>
                ))}
              </ul>
            </>
          )}
          {streamProblem && <p className={styles.problem}>{streamProblem}</p>}
          {failure && (
            <>
              <h3 id={`${id}-failure`}>
                Error response: {failure.request} → {failure.status}
              </h3>
              <pre className={styles.pre}>{failure.body}</pre>
            </>
          )}
        </section>
      </div>

      {answerRef && (
        <section
          aria-labelledby={`${id}-feedback`}
          className={`${styles.panel} ${styles.feedback}`}
        >
          <h2 id={`${id}-feedback`}>Feedback</h2>
          <p className={styles.intro}>
            Thumbs up or down on the answer send <code>items.feedback</code> with the thread, the
            answer&apos;s item id and the kind; the server answers <code>{'{}'}</code>.
          </p>
          <div className={styles.form}>
            <button
              className={styles.button}
              type="button"
              disabled={sendingFeedback}
              onClick={() => void sendFeedback('positive')}
            >
              Send positive feedback
            </button>
            <button
              className={styles.button}
              type="button"
              disabled={sendingFeedback}
              onClick={() => void sendFeedback('negative')}
            >
              Send negative feedback
            </button>
          </div>
          {feedback && (
            <>
              <h3 id={`${id}-feedback-request`}>Request: POST {paths.chatkit}</h3>
              <pre className={styles.pre}>{feedback.request}</pre>
              <h3 id={`${id}-feedback-response`}>Response: {feedback.status ?? 'network error'}</h3>
              <pre className={styles.pre}>{feedback.body}</pre>
              <p>
                Recorded by the mock backend: <strong>{feedback.recorded}</strong>
              </p>
            </>
          )}
        </section>
      )}
    </main>
  );
}
