/**
 * What the suites measure inside the reader's page, written once for every driver: Playwright's
 * `page.evaluate` (tests/e2e) and the cross-engine Reader's `evaluate` (tests/browsers). Each
 * function runs in the page as its source text: nothing in it may refer to this module.
 */

/** Runs `fn` in the page; resolves to what it returned. */
export type Evaluate = <R>(fn: () => R) => Promise<R>;

/**
 * Records the conversation's text length at every DOM change until `done`; resolves to the distinct
 * lengths (an answer that streamed has several).
 */
export async function watchGrowth(
  evaluate: Evaluate,
  done: () => Promise<unknown>,
): Promise<number[]> {
  await evaluate(() => {
    const w = window as unknown as { __lengths: number[]; __growth: MutationObserver };
    const log = document.querySelector('openai-chatkit [role="log"]')!;
    w.__lengths = [log.textContent?.length ?? 0];
    w.__growth = new MutationObserver(() => {
      const length = log.textContent?.length ?? 0;
      if (w.__lengths.at(-1) !== length) w.__lengths.push(length);
    });
    w.__growth.observe(log, { subtree: true, childList: true, characterData: true });
  });
  await done();
  return evaluate(() => {
    const w = window as unknown as { __lengths: number[]; __growth: MutationObserver };
    w.__growth.disconnect();
    return w.__lengths;
  });
}
