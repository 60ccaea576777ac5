// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';

/** The reader's module arrives only when the test lets it, as a slow network would deliver it. */
let arrive!: () => void;
const arrived = new Promise<void>((resolve) => (arrive = resolve));
vi.mock('./markdown', async (importOriginal) => {
  await arrived;
  return importOriginal();
});

describe('the Markdown reader, fetched after the element starts', () => {
  it('shows text as written until it arrives, then renders what waited for it', async () => {
    const { markdownNow, whenMarkdown, loadMarkdown } = await import('./markdown-loader');
    expect(markdownNow()).toBeUndefined();
    const host = document.createElement('div');
    host.textContent = '**bold** as written';
    const rendered = vi.fn((render: NonNullable<ReturnType<typeof markdownNow>>) =>
      host.replaceChildren(render('**bold** as written', { newTabHint: '' })),
    );
    const cancelled = vi.fn();
    whenMarkdown(rendered);
    whenMarkdown(cancelled)();
    expect(host.textContent).toBe('**bold** as written');

    arrive();
    await loadMarkdown();
    expect(rendered).toHaveBeenCalledOnce();
    expect(cancelled).not.toHaveBeenCalled();
    expect(host.querySelector('strong')).toHaveTextContent('bold');
    expect(markdownNow()).toBeTypeOf('function');
    // Once here, a caller is served at once.
    const late = vi.fn();
    whenMarkdown(late);
    expect(late).toHaveBeenCalledOnce();
  });
});
