/**
 * What readers expect of a docs assistant (issue 14), on the built site in Chromium against the
 * contract server: Stop, Copy, feedback the backend records, "Ask about this" as a quote sent as
 * `quoted_text`, `?ask=` deep links that fill but never send, and the backend told the reader's
 * language and page.
 */
import { readFileSync } from 'node:fs';
import type { Page, Request } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { getFeedback, listThreads, setMockOptions } from '../../mocks/state';
import {
  stringsFor as chatStringsFor,
  type UiStrings,
} from '../../src/chatkit-local/views/strings';
import { en as widgetEnglish } from '../../src/components/ChatWidget/strings/en';
import { ur as widgetUrdu } from '../../src/components/ChatWidget/strings/ur';
import { chatWidgetConfigFromEnv } from '../../website/src/chatWidgetConfig';
import { SITE } from './harness';
import { ask, composer, conversation, dialog, gotoHydrated, idle, openChat } from './reader';
import { e2eSuite } from './suite';

const suite = e2eSuite();

afterEach(() => {
  setMockOptions({ deltaDelayMs: 15 });
});

/** Every request to the contract server's chat endpoint, with what it carried. */
function chatRequests(page: Page) {
  const seen: { url: string; headers: Record<string, string>; body: unknown }[] = [];
  page.on('request', (request: Request) => {
    if (!/:\d+\/(chatkit|api\/chatkit\/session)$/.test(request.url())) return;
    if (request.method() !== 'POST') return;
    const data = request.postData();
    seen.push({
      url: request.url(),
      headers: request.headers(),
      body: data ? (JSON.parse(data) as unknown) : undefined,
    });
  });
  return seen;
}

const answers = (page: Page) => conversation(page).locator('.ck-message--assistant');

/** Opens the Urdu intro page and the chat from its toggle; resolves once the composer shows. */
async function openUrduChat(page: Page) {
  await gotoHydrated(page, '/ur/docs/intro/');
  await page.getByRole('button', { name: 'چیٹ کھولیں' }).click();
  await expect.poll(() => composer(page).isVisible(), { timeout: 15_000 }).toBe(true);
}

describe("a docs assistant's actions", () => {
  it('Stop keeps the partial answer, marked as stopped; the next question is answered', async () => {
    const { page } = await suite.newReader();
    setMockOptions({ deltaDelayMs: 120 }); // slow enough to stop mid-answer
    await gotoHydrated(page);
    await openChat(page);
    await ask(page, 'What is ROS 2?');
    const stop = page.getByRole('button', { name: 'Stop answer' });
    await expect.poll(() => answers(page).last().textContent()).toMatch(/Robot Operating/);
    await stop.click();
    await expect.poll(() => conversation(page).getByText('Stopped').count()).toBe(1);
    const partial = (await answers(page).last().textContent()) ?? '';
    expect(partial).toMatch(/Robot Operating/);
    expect(partial).not.toMatch(/motors\.$/); // the end of the full answer never came
    await idle(page);

    setMockOptions({ deltaDelayMs: 0 });
    await ask(page, 'What is URDF?');
    await conversation(page).getByRole('link', { name: 'URDF and TF' }).waitFor();
  });

  it('a reload mid-answer leaves the partial answer marked; Regenerate brings the whole answer, once', async () => {
    const { page } = await suite.newReader();
    const sent = chatRequests(page);
    const before = new Set(listThreads().map((thread) => thread.id));
    setMockOptions({ deltaDelayMs: 120 }); // slow enough to reload in the middle
    await gotoHydrated(page);
    await openChat(page);
    await ask(page, 'What is ROS 2?');
    await expect.poll(() => answers(page).last().textContent()).toMatch(/Robot Operating/);
    await page.reload();
    setMockOptions({ deltaDelayMs: 0 });
    const regenerate = conversation(page).getByRole('button', { name: 'Regenerate' });
    await regenerate.waitFor({ timeout: 15_000 });
    await expect
      .poll(() => conversation(page).textContent())
      .toContain('Cut off when the page reloaded');
    const partial = (await answers(page).last().textContent()) ?? '';
    expect(partial).not.toMatch(/motors\./); // the end of the full answer never came
    // No thumbs on a fragment; Copy stays.
    expect(await answers(page).last().getByRole('button', { name: 'Helpful' }).count()).toBe(0);
    await idle(page);

    await regenerate.click();
    await conversation(page)
      .getByRole('link', { name: 'ROS 2: The Robotic Nervous System' })
      .waitFor();
    await idle(page);
    expect(await answers(page).count()).toBe(1);
    await expect.poll(() => answers(page).last().textContent()).toMatch(/motors\./);
    expect(await conversation(page).textContent()).not.toContain('Cut off when the page reloaded');
    // The question went to the backend once; the answer was asked for again once.
    const types = sent.map((request) => (request.body as { type?: string } | undefined)?.type);
    expect(types.filter((type) => type === 'threads.create')).toHaveLength(1);
    expect(types.filter((type) => type === 'threads.add_user_message')).toHaveLength(0);
    expect(types.filter((type) => type === 'threads.retry_after_item')).toHaveLength(1);
    const [thread, ...others] = listThreads().filter((each) => !before.has(each.id));
    expect(others).toEqual([]);
    expect(thread!.items.map((item) => item.type)).toEqual(['user_message', 'assistant_message']);
  });

  it('Copy puts the answer on the clipboard and says so', async () => {
    const { page, context } = await suite.newReader();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: SITE });
    await gotoHydrated(page);
    await openChat(page);
    await ask(page, 'What is URDF?');
    await conversation(page).getByRole('link', { name: 'URDF and TF' }).waitFor();
    await conversation(page).getByRole('button', { name: 'Copy answer' }).click();
    await conversation(page).getByText('Copied').first().waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toMatch(/^URDF \(Unified Robot Description Format\)/);
  });

  it('Copy conversation puts both questions, their answers and source links on the clipboard as Markdown', async () => {
    const { page, context } = await suite.newReader();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: SITE });
    const { copyConversation, copyStatus, copyLabels } = widgetEnglish.panel;
    await gotoHydrated(page);
    await openChat(page);
    await ask(page, 'What is ROS 2?');
    await conversation(page)
      .getByRole('link', { name: 'ROS 2: The Robotic Nervous System' })
      .waitFor();
    await idle(page);
    await ask(page, 'What is URDF?');
    await conversation(page).getByRole('link', { name: 'URDF and TF' }).waitFor();
    await idle(page);
    await dialog(page).getByRole('button', { name: copyConversation }).click();
    await dialog(page).getByRole('status').filter({ hasText: copyStatus.copied }).waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    const turns = copied.split('\n\n---\n\n');
    expect(turns).toHaveLength(2);
    expect(turns[0]).toContain(
      `**${copyLabels.you}:**\n\nWhat is ROS 2?\n\n**${copyLabels.assistant}:**`,
    );
    expect(turns[0]).toMatch(/Robot Operating System/);
    expect(turns[0]).toMatch(
      /- \[ROS 2: The Robotic Nervous System\]\(http[^)]+\/docs\/ros2\/overview\/?\)/,
    );
    expect(turns[1]).toContain(`**${copyLabels.you}:**\n\nWhat is URDF?`);
    expect(turns[1]).toMatch(/URDF \(Unified Robot Description Format\)/);
    expect(turns[1]).toMatch(/- \[URDF and TF\]\(http[^)]+\/docs\/ros2\/urdf-and-tf\/?\)/);
  });

  it('feedback is recorded by the backend, shown pressed, and can be changed', async () => {
    const { page } = await suite.newReader();
    await gotoHydrated(page);
    await openChat(page);
    await ask(page, 'What is Nav2?');
    await idle(page);
    const helpful = conversation(page).getByRole('button', { name: 'Helpful', exact: true });
    const notHelpful = conversation(page).getByRole('button', { name: 'Not helpful' });
    await helpful.click();
    await expect.poll(() => helpful.getAttribute('aria-pressed')).toBe('true');
    const [thread] = listThreads();
    const answerId = [...(thread?.items ?? [])]
      .reverse()
      .find((i) => i.type !== 'user_message')?.id;
    await expect.poll(() => getFeedback(thread!.id).get(answerId!)).toBe('positive');
    await notHelpful.click();
    await expect.poll(() => notHelpful.getAttribute('aria-pressed')).toBe('true');
    expect(await helpful.getAttribute('aria-pressed')).toBe('false');
    await expect.poll(() => getFeedback(thread!.id).get(answerId!)).toBe('negative');
  });
});

describe('reaching the assistant from the page', () => {
  it('"Ask about this" quotes the selection above the composer and sends it as quoted_text', async () => {
    const { page } = await suite.newReader();
    const requests = chatRequests(page);
    await gotoHydrated(page, '/docs/ros2/overview/');
    const paragraph = page.locator('article p').first();
    const passage = ((await paragraph.textContent()) ?? '').replace(/\s+/g, ' ').trim();
    await paragraph.selectText();
    await page.keyboard.press('Shift'); // the selection settles on a key release, as with Shift+arrows
    await page.getByRole('button', { name: 'Ask about this', exact: true }).click();
    await expect.poll(() => composer(page).isVisible(), { timeout: 15_000 }).toBe(true);
    const quote = page.locator('openai-chatkit blockquote').first();
    await expect.poll(() => quote.textContent()).toContain(passage.slice(0, 40));
    expect(await composer(page).inputValue()).toBe('');
    await ask(page, 'Can you say that more simply?');
    await idle(page);
    const sent = requests.find(
      (r) => (r.body as { type?: string } | undefined)?.type === 'threads.create',
    );
    const input = (sent?.body as { params: { input: { quoted_text?: string } } }).params.input;
    expect(input.quoted_text).toBe(passage.slice(0, 600));
    // The reader's bubble shows the passage with the question.
    const bubble = conversation(page).locator('.ck-message--user').last();
    expect(await bubble.textContent()).toContain(passage.slice(0, 40));
  });

  it('?ask= fills the composer, sends nothing, and leaves the address bar', async () => {
    const { page } = await suite.newReader();
    const requests = chatRequests(page);
    await gotoHydrated(
      page,
      '/docs/intro/?ask=What%20is%20a%20%3Cscript%3Etopic%3C%2Fscript%3E%3F',
    );
    await expect.poll(() => composer(page).isVisible(), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => composer(page).inputValue()).toBe('What is a <script>topic</script>?');
    expect(new URL(page.url()).search).toBe('');
    await expect
      .poll(() => requests.some((r) => r.url.endsWith('/api/chatkit/session')))
      .toBe(true);
    expect(requests.filter((r) => r.url.endsWith('/chatkit'))).toEqual([]);
  });

  it("the backend is told the reader's language and page", async () => {
    const { page } = await suite.newReader();
    const requests = chatRequests(page);
    await openUrduChat(page);
    await ask(page, 'ROS 2 کیا ہے؟');
    await idle(page);
    const session = requests.find((r) => r.url.endsWith('/api/chatkit/session'));
    const lang = await page.evaluate(() => document.documentElement.lang); // ur-PK on this site
    expect(lang).toMatch(/^ur/);
    expect(session?.headers['accept-language']).toBe(lang);
    const create = requests.find(
      (r) => (r.body as { type?: string } | undefined)?.type === 'threads.create',
    );
    expect(create?.headers['accept-language']).toBe(lang);
    expect((create?.body as { metadata: unknown }).metadata).toEqual({
      page: { url: '/ur/docs/intro/', title: await page.title(), locale: lang },
    });
    // The mock answers an Urdu question from an Urdu page in Urdu.
    expect(await answers(page).last().textContent()).toMatch(/یہ سوال/);
  });

  it('an Urdu page has no English widget words: toggle, panel, start screen, answer, actions', async () => {
    // Every word of the widget's own in English (its tables and the chat's), as written.
    const english = new Set<string>();
    const collect = (value: unknown): void => {
      if (typeof value === 'string') english.add(value);
      else if (value && typeof value === 'object') Object.values(value).forEach(collect);
    };
    collect(widgetEnglish);
    collect(chatStringsFor('en') satisfies UiStrings);
    const words = [...english].filter((word) => /[A-Za-z]{3}/.test(word));
    expect(words.length).toBeGreaterThan(60);

    // The toggle is Urdu in the server's HTML, before any script runs.
    const html = await (await fetch(`${SITE}/ur/docs/intro/`)).text();
    expect(html).toMatch(/<button[^>]*aria-label="چیٹ کھولیں"/);

    const { page } = await suite.newReader();
    await openUrduChat(page);
    await ask(page, 'ROS 2 کیا ہے؟');
    await idle(page);
    await expect.poll(() => answers(page).count()).toBe(1);
    // What the reader sees and hears of the widget: its text and every name, hint and label.
    const shown = await page.evaluate(() => {
      const root = document.querySelector('button[aria-keyshortcuts]')!.parentElement!;
      const texts: string[] = [];
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent?.trim();
        if (text) texts.push(text);
      }
      for (const el of root.querySelectorAll('*')) {
        for (const name of ['aria-label', 'title', 'placeholder', 'alt', 'aria-description']) {
          const value = el.getAttribute(name);
          if (value) texts.push(value);
        }
      }
      return texts;
    });
    expect(shown.length).toBeGreaterThan(20);
    const leftInEnglish = shown.filter((text) => words.some((word) => text.includes(word)));
    expect(leftInEnglish).toEqual([]);
  });

  it('draws Urdu typed on an English page with the shipped font, fetched only once Urdu is drawn', async () => {
    const { page } = await suite.newReader();
    const fonts: string[] = [];
    page.on('request', (request) => {
      if (/\.woff2(\?|$)/.test(request.url())) fonts.push(request.url());
    });
    await gotoHydrated(page);
    await openChat(page);
    await page.evaluate(() => document.fonts.ready);
    // An English page, its language menu included, fetches no Arabic-script font.
    expect(fonts.filter((url) => /naskh|nastaliq/i.test(url))).toEqual([]);

    const question = 'روبوٹ کیا ہے؟';
    await ask(page, question);
    const bubble = conversation(page).locator('.ck-message--user').last();
    await expect.poll(() => bubble.textContent()).toContain(question);
    await page.evaluate(() => document.fonts.ready);
    await expect.poll(() => fonts.some((url) => /naskh/i.test(url))).toBe(true);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
    const { nodeId } = await cdp.send('DOM.querySelector', {
      nodeId: root.nodeId,
      selector: 'openai-chatkit .ck-message--user > span[dir]',
    });
    const { fonts: drawn } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    const described = drawn.map((f) => `${f.familyName}×${f.glyphCount}`).join(', ');
    const naskh = drawn.filter((f) => /Noto Naskh Arabic/.test(f.familyName));
    // This machine's own fonts (DejaVu Sans) have most Arabic letters but not all of Urdu's (ٹ, ؟):
    // those are drawn by the shipped face, listed before the generic family. Without it they were
    // empty boxes. Every character is drawn by some font.
    expect(
      naskh.reduce((n, f) => n + f.glyphCount, 0),
      described,
    ).toBeGreaterThan(0);
    expect(
      drawn.reduce((n, f) => n + f.glyphCount, 0),
      described,
    ).toBeGreaterThanOrEqual([...question].filter((c) => c !== ' ').length);
  });

  it('renders Urdu with the shipped fonts, never a missing glyph (this machine has none of its own)', async () => {
    const { page } = await suite.newReader();
    await openUrduChat(page);
    await page.evaluate(() => document.fonts.ready);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    /** The fonts that drew the node's text, with how many glyphs each, and the text itself. */
    const fontsOf = async (selector: string) => {
      const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
      const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
      const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
      const text = await page.locator(selector).first().textContent();
      return { fonts, text: text ?? '' };
    };
    // The widget's title, the article's heading and the start screen's greeting. Spaces and Latin
    // may come from another font; every Arabic-script letter must be drawn by a shipped Noto face
    // (a letter no installed font has is what shows as an empty box).
    for (const selector of ['[role="dialog"] h2', 'article h1', 'openai-chatkit .ck-greeting']) {
      const { fonts, text } = await fontsOf(selector);
      const noto = fonts.filter((f) => /Noto (Naskh Arabic|Nastaliq Urdu)/.test(f.familyName));
      const others = fonts.filter((f) => !noto.includes(f));
      const notArabic = [...text].filter((c) => !/[\u0600-\u06ff]/.test(c)).length;
      const described = `${selector}: ${fonts.map((f) => `${f.familyName}×${f.glyphCount}`).join(', ')}`;
      expect(noto.length, described).toBeGreaterThan(0);
      expect(
        others.reduce((n, f) => n + f.glyphCount, 0),
        described,
      ).toBeLessThanOrEqual(notArabic);
    }
  });

  it('history: two conversations via New; open the first, rename it, delete it', async () => {
    const { page } = await suite.newReader();
    const t = widgetEnglish.panel.history;
    // Questions of their own: the contract server lists every reader's threads.
    const URDF_Q = 'For my history: what is URDF?';
    const ROS_Q = 'For my history: what is ROS 2?';
    setMockOptions({ deltaDelayMs: 0 });
    await gotoHydrated(page);
    await openChat(page);
    await ask(page, URDF_Q);
    await conversation(page).getByRole('link', { name: 'URDF and TF' }).waitFor();
    await idle(page);
    await page.getByRole('button', { name: widgetEnglish.panel.newConversation }).click();
    await ask(page, ROS_Q);
    await conversation(page)
      .getByRole('link', { name: 'ROS 2: The Robotic Nervous System' })
      .waitFor();
    await idle(page);

    // The history lists both, newest first, the current one marked; the chat is hidden meanwhile.
    const history = page.getByRole('button', { name: t.title });
    await history.click();
    const list = page.getByRole('list', { name: t.listLabel });
    await list.waitFor();
    expect(await composer(page).isVisible()).toBe(false);
    // Each conversation's button is named by its title (its date describes it).
    const names = await list
      .locator('[data-conversation]')
      .evaluateAll((buttons) =>
        buttons.map(
          (button) =>
            document.getElementById(button.getAttribute('aria-labelledby') ?? '')?.textContent,
        ),
      );
    expect(names.slice(0, 2)).toEqual([ROS_Q, URDF_Q]);
    expect(
      await list.getByRole('button', { name: ROS_Q, exact: true }).getAttribute('aria-current'),
    ).toBe('true');

    // Opening the first restores it as a reload does: its question and cited answer.
    await list.getByRole('button', { name: URDF_Q, exact: true }).click();
    await conversation(page).getByRole('link', { name: 'URDF and TF' }).waitFor();
    expect(await conversation(page).textContent()).not.toContain(ROS_Q);
    await expect
      .poll(() => composer(page).evaluate((el) => el === document.activeElement))
      .toBe(true);

    // Rename: Enter saves, and the backend has the new title.
    await history.click();
    await list.getByRole('button', { name: t.rename(URDF_Q) }).click();
    const field = page.getByRole('textbox', { name: t.titleLabel });
    await field.fill('URDF notes');
    await field.press('Enter');
    await list.getByRole('button', { name: 'URDF notes', exact: true }).waitFor();
    const renamed = listThreads().find((thread) => thread.title === 'URDF notes');
    expect(renamed).toBeDefined();

    // Delete: Undo is offered; when its window ends the backend deletes the thread.
    await list.getByRole('button', { name: t.remove('URDF notes') }).click();
    await page.getByRole('button', { name: t.undo }).waitFor();
    expect(await list.getByRole('button', { name: 'URDF notes', exact: true }).count()).toBe(0);
    await expect
      .poll(() => listThreads().some((thread) => thread.id === renamed!.id), { timeout: 10_000 })
      .toBe(false);
    expect(await page.getByRole('button', { name: t.undo }).count()).toBe(0);

    // Back: the chat, a fresh conversation (the one it showed is gone), focus on History.
    await page.getByRole('button', { name: t.back }).click();
    await expect.poll(() => history.evaluate((el) => el === document.activeElement)).toBe(true);
    await expect.poll(() => composer(page).isVisible()).toBe(true);
    expect(await conversation(page).textContent()).not.toContain(URDF_Q);
  });
});

/** The chat's start screen buttons with these labels (the surface's own, in either element). */
const startPrompt = (page: Page, label: string) =>
  page.locator('openai-chatkit').getByRole('button', { name: label, exact: true });

/** The labels of a page's `chat_prompts`, as its front matter writes them. */
function pagePromptLabels(file: string): string[] {
  const source = readFileSync(new URL(`../../website/${file}`, import.meta.url), 'utf8');
  const frontMatter = source.split('\n---\n')[0]!;
  return [...frontMatter.matchAll(/^ {2}- label: (.+)$/gm)].map((match) => match[1]!.trim());
}

/** Follows a sidebar link as a reader does: a client-side route change, the panel staying open. */
async function followSidebarLink(page: Page, path: string) {
  await page.locator(`nav.menu a[href$="${path}/"], nav.menu a[href$="${path}"]`).first().click();
  await page.waitForURL((url) => url.pathname.replace(/\/$/, '').endsWith(path));
}

describe('page-aware help', () => {
  const locales = [
    {
      name: 'English',
      prefix: '',
      docs: 'docs',
      site: chatWidgetConfigFromEnv({}, 'en').starterPrompts,
      openChat: widgetEnglish.shell.openChat,
    },
    {
      name: 'Urdu',
      prefix: '/ur',
      docs: 'i18n/ur/docusaurus-plugin-content-docs/current',
      site: chatWidgetConfigFromEnv({}, 'ur').starterPrompts,
      openChat: widgetUrdu.shell.openChat,
    },
  ];

  it.each(locales)(
    "a page's chat_prompts replace the site's, and follow the reader from page to page ($name)",
    async ({ prefix, docs, site, openChat: openName }) => {
      const nodes = pagePromptLabels(`${docs}/ros2/nodes-topics-services.md`);
      const urdf = pagePromptLabels(`${docs}/ros2/urdf-and-tf.md`);
      expect(nodes.length).toBeGreaterThanOrEqual(2);
      expect(urdf.length).toBeGreaterThanOrEqual(2);
      const siteFirst = site[0]!.label;

      const { page } = await suite.newReader();
      await gotoHydrated(page, `${prefix}/docs/ros2/nodes-topics-services/`);
      await page.getByRole('button', { name: openName }).click();
      await expect.poll(() => composer(page).isVisible(), { timeout: 15_000 }).toBe(true);
      for (const label of nodes) await startPrompt(page, label).waitFor();
      expect(await startPrompt(page, siteFirst).count()).toBe(0);

      // A page without chat_prompts: the site's, the panel open all along.
      await followSidebarLink(page, `${prefix}/docs/ros2/overview`);
      await startPrompt(page, siteFirst).waitFor();
      for (const { label } of site) expect(await startPrompt(page, label).isVisible()).toBe(true);
      expect(await startPrompt(page, nodes[0]!).count()).toBe(0);

      // Another page with its own.
      await followSidebarLink(page, `${prefix}/docs/ros2/urdf-and-tf`);
      for (const label of urdf) await startPrompt(page, label).waitFor();
      expect(await startPrompt(page, siteFirst).count()).toBe(0);
      expect(await composer(page).isVisible()).toBe(true);
    },
  );

  it('"Ask about this code" quotes a ROS 2 code block, its lines kept, and sends it as quoted_text', async () => {
    const source = readFileSync(
      new URL('../../website/docs/ros2/nodes-topics-services.md', import.meta.url),
      'utf8',
    );
    const code = /```python title="heartbeat_publisher.py"\n([\s\S]*?)\n```/.exec(source)![1]!;
    const { page } = await suite.newReader();
    const requests = chatRequests(page);
    await gotoHydrated(page, '/docs/ros2/nodes-topics-services/');
    const block = page.locator('.theme-code-block').first();
    await block.hover();
    await block.getByRole('button', { name: 'Ask about this code' }).click();
    await expect.poll(() => composer(page).isVisible(), { timeout: 15_000 }).toBe(true);
    const quote = page.locator('openai-chatkit form blockquote').first();
    await expect.poll(() => quote.textContent()).toContain(code.split('\n').slice(0, 3).join('\n'));
    expect(await composer(page).inputValue()).toBe('');
    await expect.poll(() => composer(page).evaluate((el) => el.matches(':focus'))).toBe(true);
    await ask(page, 'What does this code do?');
    await idle(page);
    const sent = requests.find(
      (r) => (r.body as { type?: string } | undefined)?.type === 'threads.create',
    );
    const input = (sent?.body as { params: { input: { quoted_text?: string } } }).params.input;
    expect(input.quoted_text).toBe(code);
  });

  it('"Ask about this code" is reached by keyboard and named in Urdu on Urdu pages', async () => {
    const { page } = await suite.newReader();
    await gotoHydrated(page, '/ur/docs/ros2/nodes-topics-services/');
    const button = page
      .locator('.theme-code-block')
      .first()
      .getByRole('button', { name: widgetUrdu.shell.askAboutCode! });
    await button.focus();
    // Hidden until hover or focus, like Docusaurus's Copy: shown once focused by keyboard.
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    await expect.poll(() => button.evaluate((el) => getComputedStyle(el).opacity)).toBe('1');
    await page.keyboard.press('Enter');
    await expect.poll(() => composer(page).isVisible(), { timeout: 15_000 }).toBe(true);
    const quote = page.locator('openai-chatkit form blockquote').first();
    await expect.poll(() => quote.textContent()).toContain('class Heartbeat');
  });

  it("OpenAI's element is given the page's prompts as startScreen.prompts, and the site's after leaving", async () => {
    const nodes = pagePromptLabels('docs/ros2/nodes-topics-services.md');
    const site = chatWidgetConfigFromEnv({}, 'en').starterPrompts.map(({ label }) => label);
    const { page, requests } = await suite.newReader({ openai: 'works' });
    const given = () =>
      page.evaluate(() => {
        const standIn = (
          window as unknown as {
            __standIn?: {
              calls: { method: string }[];
              options?: { startScreen?: { prompts?: { label: string }[] } };
            };
          }
        ).__standIn;
        return {
          prompts: standIn?.options?.startScreen?.prompts?.map(({ label }) => label) ?? null,
          calls: standIn?.calls.map(({ method }) => method) ?? [],
        };
      });
    await gotoHydrated(page, '/docs/ros2/nodes-topics-services/');
    await page.getByRole('button', { name: 'Open chat' }).click();
    await expect.poll(async () => (await given()).prompts, { timeout: 15_000 }).toEqual(nodes);

    await followSidebarLink(page, '/docs/ros2/overview');
    await expect.poll(async () => (await given()).prompts).toEqual(site);
    // Only the element heard of it: one session for the whole visit.
    expect(requests.filter((url) => url.endsWith('/api/chatkit/session'))).toHaveLength(1);

    // "Ask about this code" reaches OpenAI's element the same way (setComposerValue).
    const block = page.locator('.theme-code-block').first();
    await block.hover();
    await block.getByRole('button', { name: 'Ask about this code' }).click();
    await expect.poll(async () => (await given()).calls).toContain('setComposerValue');
  });
});
