/**
 * Named failure and edge-case scenarios. Each returns handlers to prepend to the success handlers:
 *
 *   msw.use(...scenarios.session500());          // a story's beforeEach
 *   server.use(...scenarios.sessionFlaky(3));    // a Vitest test
 *   tsx mocks/server.ts --scenario sessionFlaky:3
 *
 * A handler that only delays or annotates a request returns nothing, so MSW falls through to the
 * next handler; that is how scenarios combine (slowFirstByte + longAnswer, sessionFlaky + ...).
 */
import { delay, http, HttpResponse, type RequestHandler } from 'msw';
import { DEFAULT_BACKEND_URL, paths } from '../src/contract';
import {
  hostileAnswerFor,
  pickAnswer,
  reasoningFor,
  specialAnswers,
  specialSources,
} from './corpus';
import { endpoint, errorResponse } from './envelope';
import { addStreamOverrides, bearerToken, type StreamOverrides } from './handlers/chatkit';
import { findSession, newId, seedConversation, type SeededConversation } from './state';

const RATE_LIMIT_MESSAGE = 'Rate limit exceeded. Please try again later.';

/** A reverse proxy's error page, as nginx serves it when the backend is down. */
const PROXY_ERROR_PAGE = `<html>
<head><title>502 Bad Gateway</title></head>
<body>
<center><h1>502 Bad Gateway</h1></center>
<hr><center>nginx</center>
</body>
</html>
`;

/** Earlier conversations `earlierConversations` stores, newest first (one without a title). */
export const EARLIER_CONVERSATIONS: readonly SeededConversation[] = [
  {
    question: 'How does a humanoid keep its balance?',
    title: 'How does a humanoid keep its balance?',
    answer:
      'A humanoid keeps its balance by keeping its centre of mass over its support polygon, ' +
      'measured through the zero-moment point.',
    ageMs: 2 * 60 * 60 * 1000,
  },
  {
    question: 'What is a ROS 2 topic?',
    answer: 'A ROS 2 topic is a named bus over which nodes publish and subscribe to messages.',
    ageMs: 26 * 60 * 60 * 1000,
  },
  {
    question: 'Why do robots need inverse kinematics?',
    title: 'Inverse kinematics for arms',
    answer: 'Inverse kinematics finds the joint angles that put the hand where the task needs it.',
    ageMs: 5 * 24 * 60 * 60 * 1000,
  },
];

export function createScenarios(baseUrl = DEFAULT_BACKEND_URL) {
  const sessionUrl = endpoint(baseUrl, paths.session);
  const chatkitUrl = endpoint(baseUrl, paths.chatkit);
  const healthUrl = endpoint(baseUrl, paths.health);

  const onSession = (resolver: () => Response | undefined | Promise<Response | undefined>) => [
    http.post(sessionUrl, resolver),
  ];
  const bendStream = (overrides: StreamOverrides): RequestHandler[] => [
    http.post(chatkitUrl, ({ request }) => {
      addStreamOverrides(request, overrides);
    }),
  ];
  const sessionFailure = () =>
    errorResponse(
      500,
      'SessionCreationError',
      'Failed to create ChatKit session: upstream returned 503 Service Unavailable',
    );

  return {
    /** The session request fails at the network level (server unreachable, CORS refusal, DNS). */
    sessionDown: () => onSession(() => HttpResponse.error()),

    /** `POST /api/chatkit/session` answers 500 `SessionCreationError` every time. */
    session500: () => onSession(sessionFailure),

    /** The first `failures` session requests answer 500, later ones succeed (counted per call). */
    sessionFlaky: (failures = 2) => {
      let failed = 0;
      return onSession(() => {
        if (failed >= failures) return undefined;
        failed += 1;
        return sessionFailure();
      });
    },

    /** The session answers normally after `ms` milliseconds. */
    sessionSlow: (ms = 1500) =>
      onSession(async () => {
        await delay(ms);
        return undefined;
      }),

    /** The session request never answers (the client's timeout must fire). */
    sessionHangs: () =>
      onSession(async () => {
        await delay('infinite');
        return undefined;
      }),

    /** The session answers 429 `RateLimitError` with `retry_after` and, optionally, `Retry-After`. */
    rateLimited: ({
      retryAfter = 60,
      header = true,
    }: { retryAfter?: number; header?: boolean } = {}) =>
      onSession(() =>
        errorResponse(429, 'RateLimitError', RATE_LIMIT_MESSAGE, {
          retryAfter,
          retryAfterHeader: header,
        }),
      ),

    /** A proxy in front of the backend answers 502 with an HTML page instead of the envelope. */
    sessionHtmlError: () =>
      onSession(
        () =>
          new HttpResponse(PROXY_ERROR_PAGE, {
            status: 502,
            headers: { 'Content-Type': 'text/html; charset=utf-8' },
          }),
      ),

    /** The session answers 200 with a JSON body cut off midway. */
    sessionInvalidJson: () =>
      onSession(
        () =>
          new HttpResponse('{"client_secret": "chatkit_secret_3f9a', {
            status: 200,
            headers: { 'Content-Type': 'application/json' },
          }),
      ),

    /** The session answers 200 JSON without `client_secret`. */
    sessionMissingSecret: () =>
      onSession(() =>
        HttpResponse.json({
          session_id: newId.session(),
          expires_at: new Date(Date.now() + 3_600_000).toISOString(),
        }),
      ),

    /**
     * Each session's secret is refused with 401 after `n` successful `/chatkit` requests;
     * a fresh session works again for `n` requests.
     */
    tokenExpiresAfter: (n = 1) => [
      http.post(chatkitUrl, ({ request }) => {
        const token = bearerToken(request);
        const session = token ? findSession(token) : undefined;
        if (!session || session.chatRequests < n) return undefined;
        return errorResponse(401, 'AuthenticationError', 'Client secret has expired.');
      }),
    ],

    /** Streaming answers send their headers at once and their first byte after `ms`. */
    slowFirstByte: (ms = 1500) => bendStream({ firstByteDelayMs: ms }),

    /**
     * The SSE body stops after `events` events, before `thread.item.done`: by default with a
     * network error (connection reset), with `{ mode: 'end' }` as a clean but premature end.
     */
    streamCutAfter: (events = 4, { mode = 'error' }: { mode?: 'error' | 'end' } = {}) =>
      bendStream({ cutAfterEvents: { events, mode } }),

    /** After three text deltas an `error` stream event (`stream.error`) ends the answer. */
    streamError: ({ allowRetry = true }: { allowRetry?: boolean } = {}) =>
      bendStream({ errorAfterDeltas: { deltas: 3, allowRetry } }),

    /**
     * After three text deltas a `custom` error event carries the backend's own words for the reader
     * (the reference's CustomStreamError: the answer is not stored).
     */
    customStreamError: ({
      message = 'The textbook search is being re-indexed. Please ask again in a few minutes.',
      allowRetry = false,
    }: { message?: string; allowRetry?: boolean } = {}) =>
      bendStream({ errorAfterDeltas: { deltas: 3, allowRetry, message } }),

    /**
     * An Agents-SDK backend with a reasoning model: each answer starts with a `reasoning` workflow
     * (thoughts streamed as tasks, done with `summary: { duration }`); `thoughts=0` sends a
     * workflow done with no thoughts, as agents.py does when the model summarised nothing.
     */
    reasoningAnswer: ({
      thoughts = 2,
      seconds = 4,
    }: { thoughts?: number; seconds?: number } = {}) =>
      bendStream({
        answer: (question) => {
          const answer = pickAnswer(question);
          return { ...answer, reasoning: { thoughts: reasoningFor(question, thoughts), seconds } };
        },
      }),

    /**
     * Every answer cites all three kinds of source (a textbook page, a file, an entity) after a
     * `progress_update` with an icon, as a retrieval tool reports its search.
     */
    mixedSources: () =>
      bendStream({
        answer: (question) => {
          const answer = pickAnswer(question);
          return {
            ...answer,
            progress: [{ icon: 'search', text: 'Searching the textbook…' }],
            sources: [...answer.sources, ...specialSources],
          };
        },
      }),

    /** After the second text delta one `data:` line is not JSON; the rest of the stream is valid. */
    malformedSseEvent: () => bendStream({ malformedAfterDeltas: 2 }),

    /** Every answer is at least `chars` characters long. */
    longAnswer: (chars = 12_000) => bendStream({ answer: () => specialAnswers.long(chars) }),

    /** Every answer is markdown: a heading, a list, inline code and a fenced Python block. */
    markdownAnswer: () => bendStream({ answer: () => specialAnswers.markdown }),

    /** Every answer contains `<script>`, an `<img onerror>` and harmless `<b>` markup. */
    htmlInjectionAnswer: () => bendStream({ answer: () => specialAnswers.htmlInjection }),

    /**
     * Answers written to hurt the reader (issue 18), one per question, chosen by what the question
     * names (corpus.ts `hostileAnswerFor`): the quote staircase of depth 30, a 50 KB lazy list, 50 KB
     * of open strikethrough or comment openers, fences that smuggle a class of the page
     * (`smuggled fence`, or `page classes: navbar hero …`), and bidi overrides with zero-width
     * characters. A question that names none is answered as usual.
     */
    hostileAnswers: () => bendStream({ answer: hostileAnswerFor }),

    /** `POST /chatkit` answers 500 `ChatKitError`. */
    chatkit500: () => [
      http.post(chatkitUrl, () =>
        errorResponse(500, 'ChatKitError', 'ChatKit request failed: agent run raised an exception'),
      ),
    ],

    /** `POST /chatkit` answers 429 `RateLimitError` with `retry_after` and `Retry-After`. */
    chatkitRateLimited: ({ retryAfter = 20 }: { retryAfter?: number } = {}) => [
      http.post(chatkitUrl, () =>
        errorResponse(429, 'RateLimitError', RATE_LIMIT_MESSAGE, { retryAfter }),
      ),
    ],

    /**
     * The first `failures` `items.feedback` requests answer 500 `ChatKitError` (the backend's
     * feedback store is down); later ones are recorded. Other requests are untouched.
     */
    feedbackFails: (failures = 1) => {
      let failed = 0;
      return [
        http.post(chatkitUrl, async ({ request }) => {
          const body = (await request
            .clone()
            .json()
            .catch(() => null)) as { type?: unknown } | null;
          if (body?.type !== 'items.feedback' || failed >= failures) return undefined;
          failed += 1;
          return errorResponse(500, 'ChatKitError', 'Feedback could not be stored.');
        }),
      ];
    },

    /**
     * The reader had earlier conversations (the history lists them): stored before the first
     * `/chatkit` request, `count` of them (the three of EARLIER_CONVERSATIONS, then numbered ones,
     * older, so more than a page shows "Show more").
     */
    earlierConversations: (count = EARLIER_CONVERSATIONS.length) => {
      let seeded = false;
      return [
        http.post(chatkitUrl, ({ request }) => {
          if (seeded) return undefined;
          seeded = true;
          const token = bearerToken(request);
          const session = (token && findSession(token)?.sessionId) || 'sess_earlier';
          // Oldest first, so the store's order (newest first) matches the ages.
          for (let index = count - 1; index >= 0; index--) {
            const known = EARLIER_CONVERSATIONS[index];
            seedConversation(
              session,
              known ?? {
                question: `Question ${index + 1} about the textbook`,
                title: `Question ${index + 1} about the textbook`,
                answer: `Answer ${index + 1}.`,
                ageMs: (index + 3) * 24 * 60 * 60 * 1000,
              },
            );
          }
          return undefined;
        }),
      ];
    },

    /**
     * The history's requests (`threads.list`, `threads.update`, `threads.delete`) answer 400
     * `ValidationError`, which no retry can help (the history shows its error at once); other
     * requests are untouched.
     */
    historyFails: () => [
      http.post(chatkitUrl, async ({ request }) => {
        const body = (await request
          .clone()
          .json()
          .catch(() => null)) as { type?: unknown } | null;
        const type = String(body?.type);
        if (!['threads.list', 'threads.update', 'threads.delete'].includes(type)) return undefined;
        return errorResponse(400, 'ValidationError', `${type} is not available.`);
      }),
    ],

    /** `GET /api/chat/health` answers 503 unhealthy. */
    healthUnhealthy: () => [
      http.get(healthUrl, () =>
        HttpResponse.json(
          { status: 'unhealthy', errors: ['Qdrant is unreachable', 'OPENAI_API_KEY is not set'] },
          { status: 503 },
        ),
      ),
    ],
  } satisfies Record<string, (...args: never[]) => RequestHandler[]>;
}

export const scenarios = createScenarios();
export type ScenarioName = keyof typeof scenarios;
export const scenarioNames = Object.keys(scenarios) as ScenarioName[];

export function isScenarioName(name: string): name is ScenarioName {
  return (scenarioNames as string[]).includes(name);
}

/** Positional and `key=value` arguments of a scenario spec (`rateLimited:30:header=false`). */
class SpecArgs {
  private readonly positional: string[] = [];
  private readonly named = new Map<string, string>();

  constructor(
    private readonly spec: string,
    parts: string[],
  ) {
    for (const part of parts) {
      const eq = part.indexOf('=');
      if (eq > 0) this.named.set(part.slice(0, eq), part.slice(eq + 1));
      else this.positional.push(part);
    }
  }

  private raw(index: number, key: string): string | undefined {
    return this.named.get(key) ?? this.positional[index];
  }

  number(index: number, key: string): number | undefined {
    const value = this.raw(index, key);
    if (value === undefined || value === '') return undefined;
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || parsed < 0) {
      throw new Error(`Scenario "${this.spec}": ${key} must be a non-negative number.`);
    }
    return parsed;
  }

  boolean(index: number, key: string): boolean | undefined {
    const value = this.raw(index, key);
    if (value === undefined || value === '') return undefined;
    if (value === 'true') return true;
    if (value === 'false') return false;
    throw new Error(`Scenario "${this.spec}": ${key} must be true or false.`);
  }

  oneOf<T extends string>(index: number, key: string, allowed: readonly T[]): T | undefined {
    const value = this.raw(index, key);
    if (value === undefined || value === '') return undefined;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    throw new Error(`Scenario "${this.spec}": ${key} must be one of ${allowed.join(', ')}.`);
  }
}

/**
 * Turns a spec such as `sessionFlaky:3`, `rateLimited:30:header=false`, `streamError:allowRetry=false`
 * or `streamCutAfter:6:mode=end` into handlers. Throws on an unknown name or a bad argument.
 */
export function parseScenario(spec: string, baseUrl = DEFAULT_BACKEND_URL): RequestHandler[] {
  const [name = '', ...parts] = spec.trim().split(':');
  if (!isScenarioName(name)) {
    throw new Error(`Unknown scenario "${name}". Known: ${scenarioNames.join(', ')}.`);
  }
  const s = createScenarios(baseUrl);
  const a = new SpecArgs(spec, parts);
  const build: Record<ScenarioName, () => RequestHandler[]> = {
    sessionDown: () => s.sessionDown(),
    session500: () => s.session500(),
    sessionFlaky: () => s.sessionFlaky(a.number(0, 'failures')),
    sessionSlow: () => s.sessionSlow(a.number(0, 'ms')),
    sessionHangs: () => s.sessionHangs(),
    rateLimited: () =>
      s.rateLimited({ retryAfter: a.number(0, 'retryAfter'), header: a.boolean(1, 'header') }),
    sessionHtmlError: () => s.sessionHtmlError(),
    sessionInvalidJson: () => s.sessionInvalidJson(),
    sessionMissingSecret: () => s.sessionMissingSecret(),
    tokenExpiresAfter: () => s.tokenExpiresAfter(a.number(0, 'n')),
    slowFirstByte: () => s.slowFirstByte(a.number(0, 'ms')),
    streamCutAfter: () =>
      s.streamCutAfter(a.number(0, 'events'), { mode: a.oneOf(1, 'mode', ['error', 'end']) }),
    streamError: () => s.streamError({ allowRetry: a.boolean(0, 'allowRetry') }),
    customStreamError: () => s.customStreamError({ allowRetry: a.boolean(0, 'allowRetry') }),
    reasoningAnswer: () =>
      s.reasoningAnswer({ thoughts: a.number(0, 'thoughts'), seconds: a.number(1, 'seconds') }),
    mixedSources: () => s.mixedSources(),
    malformedSseEvent: () => s.malformedSseEvent(),
    longAnswer: () => s.longAnswer(a.number(0, 'chars')),
    markdownAnswer: () => s.markdownAnswer(),
    htmlInjectionAnswer: () => s.htmlInjectionAnswer(),
    hostileAnswers: () => s.hostileAnswers(),
    chatkit500: () => s.chatkit500(),
    chatkitRateLimited: () => s.chatkitRateLimited({ retryAfter: a.number(0, 'retryAfter') }),
    feedbackFails: () => s.feedbackFails(a.number(0, 'failures')),
    earlierConversations: () => s.earlierConversations(a.number(0, 'count')),
    historyFails: () => s.historyFails(),
    healthUnhealthy: () => s.healthUnhealthy(),
  };
  return build[name]();
}

/** Several specs, in order (earlier ones take precedence where they overlap). */
export function parseScenarios(specs: readonly string[], baseUrl = DEFAULT_BACKEND_URL) {
  return specs.flatMap((spec) => parseScenario(spec, baseUrl));
}
