/** `POST /api/chatkit/session`: mints a client secret (shared/api-contracts.md §1). */
import { http, HttpResponse, type PathParams, type RequestHandler } from 'msw';
import {
  DEFAULT_BACKEND_URL,
  paths,
  type ErrorEnvelope,
  type SessionResponse,
} from '../../src/contract';
import { endpoint } from '../envelope';
import { createSession } from '../state';

/** The request has no body (or `{}`); the backend ignores whatever is sent. */
type SessionRequestBody = Record<string, never> | undefined;

export function createSessionHandlers(baseUrl = DEFAULT_BACKEND_URL): RequestHandler[] {
  return [
    http.post<PathParams, SessionRequestBody, SessionResponse | ErrorEnvelope>(
      endpoint(baseUrl, paths.session),
      () => {
        const session = createSession();
        return HttpResponse.json({
          client_secret: session.clientSecret,
          session_id: session.sessionId,
          expires_at: session.expiresAt.toISOString(),
        });
      },
    ),
  ];
}
