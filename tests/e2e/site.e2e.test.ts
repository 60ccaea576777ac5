/**
 * The widget as a reader meets it: the built textbook site in Chromium, against the contract server.
 * Screenshots of the main states are written to docs/screenshots/ (linked from the README).
 */
import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { backendRequests, CDN, SITE } from './harness';
import { watchGrowth } from './inPage';
import { ask, composer, conversation, dialog, gotoHydrated, openChat, settled } from './reader';
import { e2eSuite } from './suite';

// The README's screenshots are refreshed on request (`npm run screenshots`); ordinary runs keep theirs.
const SHOTS = process.env.UPDATE_SCREENSHOTS ? 'docs/screenshots' : 'test-results/screenshots';
mkdirSync(SHOTS, { recursive: true });
const shot = (page: Page, name: string) =>
  page.screenshot({ path: `${SHOTS}/${name}.jpg`, type: 'jpeg', quality: 70 });

const suite = e2eSuite();

describe('the textbook site with the chat widget', () => {
  it('serves the toggle in the HTML, and fetches nothing for chat before the first open', async () => {
    const html = await (await fetch(`${SITE}/docs/intro/`)).text();
    expect(html).toMatch(/<button[^>]*aria-label="Open chat"[^>]*aria-expanded="false"/);

    const { page, requests } = await suite.newReader();
    await page.goto(`${SITE}/docs/intro/`, { waitUntil: 'networkidle' });
    await expect.poll(() => page.getByRole('button', { name: 'Open chat' }).isVisible()).toBe(true);
    expect(backendRequests(requests)).toEqual([]);
    expect(requests.filter((url) => url.startsWith(CDN))).toEqual([]);
  });

  it('opens, streams an answer, follows a citation, and keeps the conversation across navigation and reload', async () => {
    const { page, requests } = await suite.newReader();
    await page.goto(`${SITE}/docs/intro/`);
    await openChat(page);
    // surface 'auto': OpenAI's script was tried, blocked, and the local surface took over.
    expect(requests.some((url) => url.startsWith(CDN))).toBe(true);
    expect(
      backendRequests(requests).filter((url) => url.endsWith('/api/chatkit/session')),
    ).toHaveLength(1);

    const lengths = await watchGrowth(
      (fn) => page.evaluate(fn),
      async () => {
        await ask(page, 'What is ROS 2?');
        await conversation(page)
          .getByRole('link', { name: 'ROS 2: The Robotic Nervous System' })
          .waitFor();
      },
    );
    expect(lengths.length).toBeGreaterThanOrEqual(4); // several visible increments
    await shot(page, 'answer-desktop-light');

    await conversation(page)
      .getByRole('link', { name: 'ROS 2: The Robotic Nervous System' })
      .click();
    await page.waitForURL(/\/docs\/ros2\/overview\/?$/);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toMatch(/ROS 2/);
    // Client-side navigation: the panel and the conversation are still there.
    await expect.poll(() => conversation(page).textContent()).toContain('What is ROS 2?');

    await page.reload();
    await expect.poll(() => dialog(page).isVisible(), { timeout: 15_000 }).toBe(true);
    await expect
      .poll(() => conversation(page).textContent(), { timeout: 15_000 })
      .toContain('What is ROS 2?');
  });

  it('recovers when the backend comes back, without a page reload', async () => {
    await suite.harness.stopBackend();
    const { page } = await suite.newReader();
    // Connection refusals are the point of this test: the browser logs each one.
    page.removeAllListeners('console');
    await page.goto(`${SITE}/docs/intro/`);
    await page.getByRole('button', { name: 'Open chat' }).click();
    await page.getByRole('status', { name: 'Retry status' }).waitFor({ timeout: 15_000 });
    await shot(page, 'retrying-desktop-light');
    await suite.harness.startBackend();
    await expect.poll(() => composer(page).isVisible(), { timeout: 20_000 }).toBe(true);
    await ask(page, 'What is a digital twin?');
    await conversation(page)
      .getByRole('link', { name: /Digital Twins and Simulation/ })
      .waitFor();
  });

  it('works with the keyboard alone', async () => {
    const { page } = await suite.newReader();
    await gotoHydrated(page, '/docs/intro/');
    await page.keyboard.press('Control+i');
    await expect
      .poll(() => composer(page).evaluate((el) => el === document.activeElement), {
        timeout: 15_000,
      })
      .toBe(true);
    await page.keyboard.type('What is Isaac Sim?');
    await page.keyboard.press('Enter');
    await page
      .getByRole('link', { name: /Isaac Sim/ })
      .first()
      .waitFor();
    // Tab order runs from the composer to its Send button (enabled once there is text), in the panel.
    // The answer has ended (the log is no longer busy), so Send is enabled once there is text.
    await expect.poll(() => conversation(page).getAttribute('aria-busy')).not.toBe('true');
    await composer(page).focus();
    await page.keyboard.type('Thanks');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120))).toContain(
      'aria-label="Send message"',
    );
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog(page).isVisible()).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(
      'Open chat',
    );
  });

  it('is a full-screen sheet on a 320 px phone, with the composer reachable', async () => {
    const { page } = await suite.newReader({ width: 320, height: 640 });
    await page.goto(`${SITE}/docs/intro/`);
    await openChat(page);
    const box = await (await settled(dialog(page))).boundingBox();
    expect(box).toEqual({ x: 0, y: 0, width: 320, height: 640 });
    const input = await composer(page).boundingBox();
    expect(input!.y + input!.height).toBeLessThanOrEqual(640);
    await shot(page, 'mobile-320-light');
  });

  it('is a 400 × 600 panel at the bottom right on a 2560 px screen', async () => {
    const { page } = await suite.newReader({ width: 2560, height: 1440 });
    await page.goto(`${SITE}/docs/intro/`);
    await openChat(page);
    const box = (await (await settled(dialog(page))).boundingBox())!;
    expect([box.width, box.height]).toEqual([400, 600]);
    expect(box.x + box.width).toBe(2560 - 16);
    const toggle = (await page
      .getByRole('button', { name: 'Close chat', expanded: true })
      .boundingBox())!;
    expect(box.y + box.height).toBeLessThan(toggle.y); // clear of the toggle and its focus ring
  });

  it('runs right to left on an Urdu page', async () => {
    const { page } = await suite.newReader();
    await page.goto(`${SITE}/ur/docs/intro/`);
    await page.getByRole('button', { name: 'چیٹ کھولیں' }).click();
    const panel = page.getByRole('dialog');
    await expect.poll(() => panel.getAttribute('dir')).toBe('rtl');
    await expect.poll(() => composer(page).isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await page.locator('openai-chatkit').getAttribute('dir')).toBe('rtl');
    const box = (await panel.boundingBox())!;
    expect(box.x).toBe(16); // mirrored to the bottom left
    await shot(page, 'urdu-rtl-light');
  });

  it('follows the site’s dark mode switch live', async () => {
    const { page } = await suite.newReader();
    await page.goto(`${SITE}/docs/intro/`);
    await openChat(page);
    const background = () => dialog(page).evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(await background()).toBe('rgb(255, 255, 255)');
    await page.getByRole('button', { name: /dark mode|light mode|system mode/i }).click();
    await expect
      .poll(() => page.evaluate(() => document.documentElement.dataset.theme))
      .toBe('dark');
    await expect.poll(background).toBe('rgb(36, 37, 38)');
    await expect
      .poll(() => page.locator('openai-chatkit').getAttribute('data-color-scheme'))
      .toBe('dark');
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`has no axe violations with the widget open (${colorScheme})`, async () => {
      const { page } = await suite.newReader({ colorScheme });
      await page.goto(`${SITE}/docs/intro/`);
      await openChat(page);
      await ask(page, 'What is ROS 2?');
      await conversation(page)
        .getByRole('link', { name: 'ROS 2: The Robotic Nervous System' })
        .waitFor();
      if (colorScheme === 'dark') await shot(page, 'answer-desktop-dark');
      const results = await new AxeBuilder({ page }).analyze();
      expect(
        results.violations.map(
          (v) =>
            `${v.id}: ${v.nodes.map((n) => `${n.target.join(' ')} (${n.failureSummary ?? ''})`).join(', ')}`,
        ),
      ).toEqual([]);
    });
  }

  // A doc page with code, as a reader meets "Ask about this code": the code block's buttons shown
  // (keyboard focus on ours), then the chat with the block quoted above the composer.
  for (const locale of ['en', 'ur'] as const) {
    for (const width of [1280, 320]) {
      for (const colorScheme of ['light', 'dark'] as const) {
        const name = `code-${locale}-${width}-${colorScheme}`;
        it(`a doc page with code and "Ask about this code" (${name})`, async () => {
          const { page } = await suite.newReader({ width, height: 800, colorScheme });
          const prefix = locale === 'ur' ? '/ur' : '';
          await gotoHydrated(page, `${prefix}/docs/ros2/nodes-topics-services/`);
          const block = page.locator('.theme-code-block').first();
          const label = locale === 'ur' ? 'اس کوڈ کے بارے میں پوچھیں' : 'Ask about this code';
          const button = block.getByRole('button', { name: label });
          await button.focus();
          await page.keyboard.press('Shift+Tab');
          await page.keyboard.press('Tab'); // focus by keyboard: shown as focus-visible
          await block.scrollIntoViewIfNeeded();
          await expect.poll(() => button.evaluate((el) => getComputedStyle(el).opacity)).toBe('1');
          await page.screenshot({ path: `${SHOTS}/${name}-block.png` });
          await page.keyboard.press('Enter');
          await expect.poll(() => composer(page).isVisible(), { timeout: 15_000 }).toBe(true);
          await settled(page.getByRole('dialog'));
          await page.screenshot({ path: `${SHOTS}/${name}-quote.png` });
        });
      }
    }
  }
});
