/**
 * The session contract (shared/api-contracts.md): where the backend answers, the session it gives the
 * widget, the error envelope every non-2xx answer carries, and the health check. Read as tolerantly as
 * the protocol (./protocol): unknown keys are ignored, an unknown error type is kept as sent.
 */
import * as v from 'valibot';
import { looseObject, nonNegative, opt, schema, str } from './schema';

/** Paths relative to the backend base URL. */
export const paths = {
  session: '/api/chatkit/session',
  chatkit: '/chatkit',
  health: '/api/chat/health',
} as const;

/** Development default; production sets its own through configuration. */
export const DEFAULT_BACKEND_URL = 'http://localhost:8000';

/**
 * An ISO 8601 date-time with an offset: a real calendar date (leap days included), seconds
 * required, any fraction, then `Z` or `±hh:mm`.
 */
const ISO_DATETIME =
  /^(?:(?:\d\d[2468][048]|\d\d[13579][26]|\d\d0[48]|[02468][048]00|[13579][26]00)-02-29|\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)|(?:02)-(?:0[1-9]|1\d|2[0-8])))T(?:(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?(?:Z|([+-](?:[01]\d|2[0-3]):[0-5]\d)))$/;

export const sessionResponseSchema = schema(
  v.object({
    client_secret: v.pipe(str, v.minLength(1)),
    session_id: opt(str),
    expires_at: opt(v.pipe(str, v.regex(ISO_DATETIME))),
  }),
);
export type SessionResponse = v.InferOutput<typeof sessionResponseSchema>;

export const errorTypes = [
  'SessionCreationError',
  'ChatKitError',
  'ConfigurationError',
  'AuthenticationError',
  'RateLimitError',
  'ValidationError',
] as const;
export type BackendErrorType = (typeof errorTypes)[number];

export const errorEnvelopeSchema = schema(
  v.object({
    error: v.object({
      // Unknown types are tolerated: the backend may grow new ones.
      type: str,
      message: str,
      retry_after: opt(nonNegative()),
    }),
    timestamp: str,
  }),
);
export type ErrorEnvelope = v.InferOutput<typeof errorEnvelopeSchema>;

/**
 * The health check's answer. Read only by servers and tests: built in a pure call so that the
 * widget's bundle leaves it out (./schema).
 */
export const healthResponseSchema = /* @__PURE__ */ (() =>
  schema(
    v.union([
      looseObject({ status: v.literal('healthy') }),
      looseObject({ status: v.literal('unhealthy'), errors: v.array(str) }),
    ]),
  ))();
export type HealthResponse = v.InferOutput<typeof healthResponseSchema>;
