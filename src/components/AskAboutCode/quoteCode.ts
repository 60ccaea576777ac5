/**
 * A code block as it is quoted ("Ask about this code"), fetched on the button's first click. Code is
 * text from the page, which the widget treats as written by an attacker (a textbook's code may be
 * pasted from anywhere): invisible and bidirectional control characters go (the "Trojan Source"
 * trick shows code in one order and means it in another), but unlike a prose passage (`oneLine`) its
 * lines and indentation stay, and it is bounded on a line boundary with a visible "…" line.
 */
import { visibleText } from '../ChatWidget/compose';

/** Longest quote of a code block, in characters, its "…" line included. */
export const MAX_CODE_QUOTE = 4000;
/** The line that ends a code block cut short. */
export const CUT_LINE = '…';

/** Every line break a code block may hold: CR LF, CR, VT, FF, NEL, U+2028 and U+2029. */
const LINE_BREAKS = /\r\n?|[\v\f\x85\u2028\u2029]/g;

/**
 * `code` quoted: one `\n` between lines, invisible characters removed (see `visibleText`),
 * trailing spaces and blank lines before and after dropped, and at most `maxLength` characters: a
 * longer block keeps its first whole lines and ends with a line of "…" (a first line too long on
 * its own is cut between code points). An empty result means there is nothing to quote.
 */
export function quoteOfCode(code: string, maxLength = MAX_CODE_QUOTE): string {
  const lines = visibleText(code.replace(LINE_BREAKS, '\n'))
    .split('\n')
    .map((line) => line.trimEnd());
  while (lines.length > 0 && lines[0] === '') lines.shift();
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const whole = lines.join('\n');
  if (whole.length <= maxLength) return whole;

  const room = maxLength - CUT_LINE.length - 1; // the kept lines, then "\n…"
  const kept: string[] = [];
  let length = -1; // no newline before the first line
  for (const line of lines) {
    if (length + 1 + line.length > room) break;
    kept.push(line);
    length += 1 + line.length;
  }
  if (kept.length === 0) {
    let end = Math.max(0, room);
    const last = whole.charCodeAt(end - 1);
    if (last >= 0xd800 && last <= 0xdbff) end -= 1; // a pair's first half: cut before the pair
    kept.push(whole.slice(0, end));
  }
  while (kept.length > 1 && kept[kept.length - 1] === '') kept.pop();
  return `${kept.join('\n')}\n${CUT_LINE}`;
}
