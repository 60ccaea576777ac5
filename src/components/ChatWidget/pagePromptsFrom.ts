/**
 * A doc's `chat_prompts` front matter, checked before the start screen shows it (the panel's lazy
 * code runs this on what the page published: `pagePrompts.ts`). Front matter is text like any other
 * the widget takes in: labels and prompts are cleaned as the composer's other outside text
 * (`oneLine`: no control, bidirectional or zero-width characters), and anything that is not a short
 * list of short strings is ignored, with one warning naming the page.
 */
import { oneLine } from './compose';
import type { StarterPrompt } from './config';

/** At most this many prompts: the start screen shows four at most (the site's own are four). */
export const MAX_PAGE_PROMPTS = 4;
/** Longest label, in characters (a button on one or two lines of a 320 px phone). */
export const MAX_PROMPT_LABEL = 80;
/** Longest prompt (the question sent), in characters. */
export const MAX_PROMPT_TEXT = 500;

/** Pages already warned about: a page visited again, or re-rendered, warns once. */
const warned = new Set<string>();

/** A label or prompt as shown and sent: one clean line, or null when empty or too long. */
function cleanText(value: unknown, maxLength: number): string | null {
  if (typeof value !== 'string') return null;
  const text = oneLine(value, Number.MAX_SAFE_INTEGER);
  return text !== '' && text.length <= maxLength ? text : null;
}

/**
 * The page's prompts from its front matter's `chat_prompts`: null when absent, and null with one
 * `console.warn` naming `page` when it is anything but a list of one to four `{ label, prompt }`
 * strings (labels ≤ 80 characters, prompts ≤ 500, neither empty once cleaned). Never cut nor
 * partly kept: a prompt that is wrong is the author's to fix, and the site's prompts stand meanwhile.
 */
export function pagePromptsFrom(value: unknown, page: string): StarterPrompt[] | null {
  if (value === undefined || value === null) return null;
  const prompts: StarterPrompt[] = [];
  if (Array.isArray(value) && value.length >= 1 && value.length <= MAX_PAGE_PROMPTS) {
    for (const item of value as unknown[]) {
      const { label, prompt } = (typeof item === 'object' && item !== null ? item : {}) as {
        label?: unknown;
        prompt?: unknown;
      };
      const cleanLabel = cleanText(label, MAX_PROMPT_LABEL);
      const cleanPrompt = cleanText(prompt, MAX_PROMPT_TEXT);
      if (cleanLabel === null || cleanPrompt === null) break;
      prompts.push({ label: cleanLabel, prompt: cleanPrompt });
    }
    if (prompts.length === value.length) return prompts;
  }
  if (!warned.has(page)) {
    warned.add(page);
    console.warn(
      `${page}: chat_prompts ignored; the site's prompts apply. It must be a list of 1 to ` +
        `${MAX_PAGE_PROMPTS} items, each a label (at most ${MAX_PROMPT_LABEL} characters) and a ` +
        `prompt (at most ${MAX_PROMPT_TEXT}), both text.`,
    );
  }
  return null;
}
