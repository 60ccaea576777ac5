/**
 * Opens the widget with something in the composer (never sent), from anywhere on the page, through
 * one DOM event: callers need no React context and none of the widget's code (a few bytes).
 * - `openChatWithText(text)`: the text in the composer, for the reader to edit and send (the `?ask=`
 *   deep link uses it);
 * - `openChatWithQuote(passage)`: the passage as a quote above the composer ("Ask about this"), sent
 *   with the reader's question as `quoted_text` (ChatKit's `setComposerValue({ reply })`).
 *
 * `oneLine` is what text from outside the reader's keyboard (a `?ask=` link, a selected passage)
 * becomes before it reaches the composer: the widget treats such text as written by an attacker.
 */
export const COMPOSE_EVENT = 'textbook-chat:compose';

/** What goes into the composer: text, a quoted passage, or both. */
export interface ComposeDetail {
  text?: string;
  reply?: string;
  /**
   * The text is the page address's `?ask=` question (a link such as
   * /docs/ros2/overview?ask=What+is+a+topic%3F): the chat takes it, cut to a sane length, and
   * removes the parameter from the address bar.
   */
  fromAddress?: true;
}

function compose(detail: ComposeDetail): void {
  window.dispatchEvent(new CustomEvent<ComposeDetail>(COMPOSE_EVENT, { detail }));
}

export const openChatWithText = (text: string): void => compose({ text });
export const openChatWithQuote = (passage: string): void => compose({ reply: passage });

/**
 * Invisible characters: C0/C1 controls other than whitespace, unpaired surrogates, and Unicode's
 * default-ignorable code points (bidirectional embeddings, overrides, isolates and marks U+202A–E,
 * U+2066–9, U+200E/F, U+061C; zero-width U+200B, U+2060, U+FEFF; soft hyphen; the tag characters
 * U+E0000–E007F that smuggle ASCII past the eye; ...). Kept: ZWNJ and ZWJ (U+200C/D; Urdu, Persian
 * and Indic typing, emoji sequences) and the variation selectors U+FE00–FE0F (emoji): none of them
 * reorders text or stands for a character of its own.
 */
const INVISIBLE =
  /(?![\t-\r\x85]|\u200C|\u200D|[\uFE00-\uFE0F])[\p{Cc}\p{Cs}\p{Default_Ignorable_Code_Point}]/gu;
/**
 * A run of joiners (ZWNJ, ZWJ), or of variation selectors (only U+FE00–FE0F are left by then), is
 * its first: more only carries hidden bits.
 */
const REPEATED_MARKS =
  /(\u200C|\u200D)(?:\u200C|\u200D)+|(\p{Variation_Selector})\p{Variation_Selector}+/gu;
/**
 * `text` without its invisible characters (see `INVISIBLE`; runs of joiners or of variation
 * selectors become their first), its lines and spaces as they were: for text whose lines matter
 * (code, "Ask about this code").
 */
export const visibleText = (text: string): string =>
  text.replace(INVISIBLE, '').replace(REPEATED_MARKS, '$1$2');

/** Every space and line break (newlines, tabs, U+2028/9, NBSP, NEL, ...), in runs. */
const SPACES = /[\s\x85]+/g;

/**
 * Text for the composer as the reader will see all of it: invisible characters (see `INVISIBLE`)
 * removed, every run of whitespace one space (so nothing hides below the composer's visible lines),
 * trimmed, and at most `maxLength` UTF-16 units long, cut between code points (never inside a
 * surrogate pair) and ended with `ellipsis` when cut. An empty result means there is no text.
 */
export function oneLine(text: string, maxLength: number, ellipsis = ''): string {
  const clean = visibleText(text).replace(SPACES, ' ').trim();
  if (clean.length <= maxLength) return clean;
  let end = Math.max(0, maxLength - ellipsis.length);
  const last = clean.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1; // a pair's first half: cut before the pair
  return `${clean.slice(0, end).trimEnd()}${ellipsis}`;
}
