/**
 * How a reader finds and uses the chat on the built site: by role and name, as they see it.
 * Shared by the suites that drive the widget (site.e2e.test.ts, conformance.e2e.test.ts).
 */
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { SITE } from './harness';

export const dialog = (page: Page) => page.getByRole('dialog', { name: 'Textbook assistant' });
// By role only: its accessible name follows the page's language.
export const composer = (page: Page) => page.locator('openai-chatkit').getByRole('textbox');
export const conversation = (page: Page) => page.getByRole('log', { name: 'Conversation' });

/** Docusaurus marks <html> once React has hydrated; the widget's shortcut works from then on. */
export async function gotoHydrated(page: Page, path: string) {
  await page.goto(`${SITE}${path}`);
  await page.waitForSelector('html[data-has-hydrated="true"]');
}

export async function openChat(page: Page) {
  await page.getByRole('button', { name: /^Open chat/ }).click();
  await expect.poll(() => composer(page).isVisible(), { timeout: 15_000 }).toBe(true);
}

/**
 * Resolves once the element's own animations (the panel's 160 ms rise) have finished, so a
 * measurement reads where it comes to rest, not a frame of its way there.
 */
export async function settled(locator: Locator) {
  await locator.evaluate((el) =>
    Promise.all(el.getAnimations({ subtree: true }).map((a) => a.finished.catch(() => undefined))),
  );
  return locator;
}

export async function ask(page: Page, question: string) {
  await composer(page).fill(question);
  await composer(page).press('Enter');
}
