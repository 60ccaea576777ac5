/**
 * How an end-to-end suite file stands on the harness (harness.ts), written once: the harness starts
 * before the file's tests and closes after them; a reader taken with `suite.newReader()` is closed
 * after its test, and what it logged is checked then. Vitest's hooks live here, not in harness.ts,
 * which the benchmark (scripts/bench/) loads outside Vitest through reader.ts.
 */
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import {
  newReader,
  startHarness,
  type Harness,
  type HarnessOptions,
  type NewReaderOptions,
  type ReaderPage,
} from './harness';

export interface SuiteOptions extends HarnessOptions {
  /**
   * After each test, once its reader is closed: no uncaught exception and no console error in it.
   * @default true
   */
  noErrors?: boolean;
}

export interface Suite {
  /** The file's harness (started in `beforeAll`). */
  readonly harness: Harness;
  /** The reader this test took, until it is closed after the test. */
  readonly reader: ReaderPage | undefined;
  /** A fresh reader (harness.ts `newReader`) for this test, closed after it. */
  newReader(options?: NewReaderOptions): Promise<ReaderPage>;
}

/**
 * Registers the file's hooks and returns its suite. With the contract server as the backend, a test
 * that stopped it gets it back afterwards.
 */
export function e2eSuite({ noErrors = true, ...options }: SuiteOptions = {}): Suite {
  let harness: Harness | undefined;
  let reader: ReaderPage | undefined;

  beforeAll(async () => {
    harness = await startHarness(options);
  });
  afterAll(async () => {
    await harness?.close();
  });
  afterEach(async () => {
    if (reader) {
      const { errors } = reader;
      await reader.context.close();
      reader = undefined;
      if (noErrors) expect(errors).toEqual([]);
    }
    if (options.backend !== 'none' && harness && !harness.backend) await harness.startBackend();
  });

  return {
    get harness() {
      if (!harness) throw new Error('The harness starts in beforeAll: use it inside a test.');
      return harness;
    },
    get reader() {
      return reader;
    },
    async newReader(readerOptions) {
      reader = await newReader(this.harness, readerOptions);
      return reader;
    },
  };
}
