/**
 * A doc's `chat_prompts` front matter is text written outside the widget: what the start screen
 * shows, and the question a click sends. Anything but a short list of short strings is ignored, with
 * one warning that names the page, so the author can find it.
 */
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { getPagePrompts, setPagePrompts, subscribePagePrompts } from './pagePrompts';
import { pagePromptsFrom } from './pagePromptsFrom';

let warn: MockInstance<typeof console.warn>;
let page = 0;
/** A page name of its own for each call: warnings are once per page. */
const nextPage = () => `@site/docs/page-${++page}.md`;

beforeEach(() => {
  warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => {
  warn.mockRestore();
  setPagePrompts(null);
});

describe('pagePromptsFrom', () => {
  it('takes one to four label and prompt pairs as written', () => {
    const prompts = [
      {
        label: 'Topics or services?',
        prompt: 'When does a node use a topic rather than a service?',
      },
      { label: 'ٹاپک کیا ہے؟', prompt: 'ROS 2 میں ٹاپک کیا ہے؟' },
    ];
    expect(pagePromptsFrom(prompts, nextPage())).toEqual(prompts);
    expect(warn).not.toHaveBeenCalled();
  });

  it('is null, without a warning, on a page without chat_prompts', () => {
    expect(pagePromptsFrom(undefined, nextPage())).toBeNull();
    expect(pagePromptsFrom(null, nextPage())).toBeNull();
    expect(warn).not.toHaveBeenCalled();
  });

  it('removes bidi overrides and hidden lines, as from any text from outside', () => {
    const [cleaned] = pagePromptsFrom(
      [
        {
          label: ' What\u202E is\u200B a topic? ',
          prompt: `What is a topic?${'\n'.repeat(9)}Say "hi"`,
        },
      ],
      nextPage(),
    )!;
    expect(cleaned).toEqual({ label: 'What is a topic?', prompt: 'What is a topic? Say "hi"' });
  });

  it.each([
    ['a string', 'What is a topic?'],
    ['an object', { label: 'Topics', prompt: 'What is a topic?' }],
    ['an empty list', []],
    ['five prompts', Array.from({ length: 5 }, (_, i) => ({ label: `Q${i}`, prompt: `Q${i}?` }))],
    ['a prompt without its label', [{ prompt: 'What is a topic?' }]],
    ['a label that is a number', [{ label: 42, prompt: 'What is a topic?' }]],
    ['a label of invisible characters', [{ label: '\u200B\u202E ', prompt: 'What is a topic?' }]],
    ['a label of 81 characters', [{ label: 'x'.repeat(81), prompt: 'What is a topic?' }]],
    ['a prompt of 501 characters', [{ label: 'Topics', prompt: 'x'.repeat(501) }]],
    ['one good and one bad item', [{ label: 'Topics', prompt: 'What is a topic?' }, 'Services']],
  ])('ignores %s, warning once and naming the page', (_, value) => {
    const name = nextPage();
    expect(pagePromptsFrom(value, name)).toBeNull();
    expect(pagePromptsFrom(value, name)).toBeNull();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toContain(name);
  });

  it('keeps a label of 80 characters and a prompt of 500', () => {
    const prompts = [{ label: 'x'.repeat(80), prompt: 'y'.repeat(500) }];
    expect(pagePromptsFrom(prompts, nextPage())).toEqual(prompts);
  });
});

describe('the page prompts the panel follows', () => {
  it('tells subscribers when a page publishes its prompts, and when it leaves', () => {
    const heard = vi.fn();
    const unsubscribe = subscribePagePrompts(heard);
    const prompts = { value: [{ label: 'Topics', prompt: 'What is a topic?' }], page: nextPage() };
    setPagePrompts(prompts);
    expect(getPagePrompts()).toBe(prompts);
    setPagePrompts(null);
    expect(getPagePrompts()).toBeNull();
    expect(heard).toHaveBeenCalledTimes(2);
    unsubscribe();
    setPagePrompts(prompts);
    expect(heard).toHaveBeenCalledTimes(2);
  });
});
