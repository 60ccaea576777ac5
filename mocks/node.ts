/** The contract's success paths intercepting `fetch` in Node, for Vitest. */
import { setupServer } from 'msw/node';
import { followClientRequest, successHandlers } from './handlers';

export const server = setupServer(...successHandlers);
server.events.on('request:start', ({ request, requestId }) => {
  followClientRequest(requestId, request);
});
server.events.on('request:end', ({ requestId }) => followClientRequest(requestId, undefined));
