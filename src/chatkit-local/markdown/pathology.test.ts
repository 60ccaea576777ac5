/**
 * Every family of `tests/support/markdownPathology.ts` read at 1 k, 10 k and 50 k characters, each
 * timed against plain paragraphs of the same length read in the same run: the budget is a ratio
 * to that linear baseline, never absolute milliseconds, so a slower or busier machine moves both.
 * A reader that is quadratic in some family shows a ratio that grows with the length (at 50 k,
 * fifty times its ratio at 1 k); an exponential one does not finish.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { baseline, families, staircase } from '../../../tests/support/markdownPathology';
import { lex } from './lexer';

const SIZES = [1_000, 10_000, 50_000];
/**
 * How many times the baseline's time an input may take. The costliest linear families (list items
 * read line by line, nesting that reads content again) take 10 to 50 times plain paragraphs, and a
 * busy machine adds noise; a quadratic family takes 200 times at 10 k and over 1 000 at 50 k (the
 * lazy list did, before it was fixed), an exponential one does not finish.
 */
const MAX_RATIO = 100;
/** Below this many milliseconds a time is noise: budgets start there. */
const FLOOR_MS = 5;

/** The best of a few readings: the least disturbed by the rest of the machine. */
function time(source: string, repeats = 7): number {
  let best = Infinity;
  for (let i = 0; i < repeats; i++) {
    const started = performance.now();
    lex(source);
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

// Warm the reader up so the first family does not pay for compilation.
for (let i = 0; i < 20; i++) lex(baseline(10_000) + families.unclosedEmphasis!(2_000));
const base = new Map(SIZES.map((n) => [n, time(baseline(n))]));
const rows: string[] = [];

describe('pathological answers take time linear in their length', () => {
  it.each(Object.keys(families))('%s', (name) => {
    const family = families[name]!;
    const times = SIZES.map((n) => time(family(n)));
    const ratios = times.map((ms, i) => ms / base.get(SIZES[i]!)!);
    rows.push(`${name.padEnd(22)}${ratios.map((r) => r.toFixed(1).padStart(7)).join('')}`);
    times.forEach((ms, i) => {
      const n = SIZES[i]!;
      const allowed = Math.max(FLOOR_MS, MAX_RATIO * base.get(n)!);
      expect(ms, `${name} at ${n} characters: ${ms.toFixed(1)} ms`).toBeLessThanOrEqual(allowed);
    });
  });

  it('the quote staircase at depth 30 (once exponential) costs what its length does', () => {
    const source = staircase(30);
    const ms = time(source);
    const linear = time(baseline(source.length));
    expect(ms).toBeLessThanOrEqual(Math.max(FLOOR_MS, MAX_RATIO * linear));
  });

  afterAll(() => {
    const header = `${'family'.padEnd(22)}${SIZES.map((n) => String(n).padStart(7)).join('')}`;
    const baseLine = SIZES.map((n) => `${base.get(n)!.toFixed(2)} ms`).join(', ');
    console.log(
      `Time as a multiple of plain text of the same length (${baseLine}):\n${header}\n${rows.join('\n')}`,
    );
  });
});
