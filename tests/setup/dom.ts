// Set up for every unit test file. DOM matchers (`toBeInTheDocument`, `toHaveFocus`,
// `toHaveAccessibleName`…); in the node environment they are registered and not used.
import '@testing-library/jest-dom/vitest';
import { beforeEach } from 'vitest';

// Each test starts as a fresh tab: nothing left in session storage by the test before.
beforeEach(() => globalThis.sessionStorage?.clear());
