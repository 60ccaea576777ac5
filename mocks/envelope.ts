/** Error responses in the backend's envelope (shared/api-contracts.md, "Error envelope"). */
import { HttpResponse } from 'msw';
import type { BackendErrorType, ErrorEnvelope } from '../src/contract';
import { nowIso } from './state';

/** `NotFoundError` is ours: the contract is silent on unknown threads and items (see chatkit.ts). */
export type MockErrorType = BackendErrorType | 'NotFoundError';

export function errorEnvelope(
  type: MockErrorType,
  message: string,
  retryAfter?: number,
): ErrorEnvelope {
  return {
    error:
      retryAfter === undefined ? { type, message } : { type, message, retry_after: retryAfter },
    timestamp: nowIso(),
  };
}

export interface ErrorResponseOptions {
  /** Seconds, written into the body's `error.retry_after`. */
  retryAfter?: number;
  /**
   * Also send the `Retry-After` header (only when `retryAfter` is set).
   * @default true
   */
  retryAfterHeader?: boolean;
}

export function errorResponse(
  status: number,
  type: MockErrorType,
  message: string,
  { retryAfter, retryAfterHeader = true }: ErrorResponseOptions = {},
) {
  const headers = new Headers();
  if (retryAfter !== undefined && retryAfterHeader) headers.set('Retry-After', String(retryAfter));
  return HttpResponse.json(errorEnvelope(type, message, retryAfter), { status, headers });
}

/** Joins a base URL that may carry a path prefix (`https://host/api`) with a contract path. */
export function endpoint(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${path}`;
}
