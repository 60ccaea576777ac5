/** The contract's success paths in a Service Worker, for the website's offline preview. */
import { setupWorker } from 'msw/browser';
import { successHandlers } from './handlers';

export const worker = setupWorker(...successHandlers);
