/**
 * The success paths of the backend contract. Storybook installs these before every story, Vitest
 * through mocks/node.ts, the contract server through mocks/server.ts; scenarios are prepended.
 */
import type { RequestHandler } from 'msw';
import { DEFAULT_BACKEND_URL } from '../../src/contract';
import { createChatkitHandlers } from './chatkit';

export { followClientRequest } from './chatkit';
import { createHealthHandlers } from './health';
import { createSessionHandlers } from './session';

export function createHandlers(baseUrl = DEFAULT_BACKEND_URL): RequestHandler[] {
  return [
    ...createSessionHandlers(baseUrl),
    ...createChatkitHandlers(baseUrl),
    ...createHealthHandlers(baseUrl),
  ];
}

export const successHandlers = createHandlers();
