/** The contract's success paths intercepting `fetch` in Node, for Vitest. */
import { setupServer } from 'msw/node';
import { successHandlers } from './handlers';

export const server = setupServer(...successHandlers);
