/**
 * The backend contract shipped code reads (shared/api-contracts.md and the ChatKit protocol): the
 * session contract (./session), the protocol (./protocol) and the tolerant wire reader (./wire). The
 * widget, the local `<openai-chatkit>` element, the mocks and the tests all import from here, so a
 * change to the contract is a change in one place. What only a server writes is in ./server, imported
 * by mocks, tests and scripts only.
 */
export * from './session';
export * from './protocol';
export * from './wire';
