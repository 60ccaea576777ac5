/** `GET /api/chat/health` (shared/api-contracts.md, "Health"). */
import { http, HttpResponse, type PathParams, type RequestHandler } from 'msw';
import { DEFAULT_BACKEND_URL, paths, type HealthResponse } from '../../src/contract';
import { endpoint } from '../envelope';
import { nowIso } from '../state';

export function createHealthHandlers(baseUrl = DEFAULT_BACKEND_URL): RequestHandler[] {
  return [
    http.get<PathParams, never, HealthResponse>(endpoint(baseUrl, paths.health), () =>
      HttpResponse.json({ status: 'healthy', service: 'chatkit-mock', timestamp: nowIso() }),
    ),
  ];
}
