// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';

/** The reader's module arrives only when the test lets it, as a slow network would deliver it. */
let arrive!: () => void;
const arrived = new Promise<void>((resolve) => (arrive = resolve));
vi.mock('./render', async (importOriginal) => {
  await arrived;
  return importOriginal();
});

describe('the Markdown reader, fetched after the element starts', () => {
  it('shows text as written until it arrives, then renders what waited for it', async () => {
    const { markdownNow, whenMarkdown, loadMarkdown } = await import('./loader');
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
    await vi.waitFor(() => expect(rendered).toHaveBeenCalledOnce());
    expect(cancelled).not.toHaveBeenCalled();
    expect(host.querySelector('strong')).toHaveTextContent('bold');
    // In a fresh task with nothing waiting, a caller may render at once.
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(markdownNow()).toBeTypeOf('function');
  });

  it('spreads many renders over tasks: a task that has rendered for its budget leaves the rest', async () => {
    const { markdownNow, whenMarkdown, loadMarkdown, TASK_BUDGET_MS } = await import('./loader');
    arrive();
    await loadMarkdown();
    await new Promise((resolve) => setTimeout(resolve, 0));
    const tasks: number[] = [];
    let task = 0;
    const ticking = setInterval(() => task++, 0);
    /** A render as long as the budget: each one should get a task of its own. */
    const slow = () => {
      tasks.push(task);
      const until = performance.now() + TASK_BUDGET_MS + 1;
      while (performance.now() < until);
    };
    const first = markdownNow();
    expect(first).toBeTypeOf('function');
    slow(); // this task has now spent its budget
    expect(markdownNow()).toBeUndefined();
    for (let i = 0; i < 3; i++) whenMarkdown(slow);
    await vi.waitFor(() => expect(tasks).toHaveLength(4));
    clearInterval(ticking);
    expect(new Set(tasks).size).toBe(4);
  });
});
