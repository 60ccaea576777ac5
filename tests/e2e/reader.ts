/**
 * How a reader finds and uses the chat on the built site: by role and name, as they see it.
 * Shared by the suites that drive the widget in Chromium (site, conformance and fault suites).
 */
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { SITE } from './harness';

export const dialog = (page: Page) => page.getByRole('dialog', { name: 'Textbook assistant' });
/** The toggle: the panel's header has a "Close chat" button too; only the toggle has aria-expanded. */
export const toggle = (page: Page) =>
  page.getByRole('button', { name: /^(Open|Close) chat/ }).and(page.locator('[aria-expanded]'));
// By role within the surface, not by name: the surface's words are translated on Urdu pages.
export const composer = (page: Page) => page.locator('openai-chatkit').getByRole('textbox');
export const conversation = (page: Page) => page.locator('openai-chatkit').getByRole('log');

/** Docusaurus marks <html> once React has hydrated; clicks before that reach no handler. */
export async function gotoHydrated(page: Page, path = '/docs/intro/') {
  const response = await page.goto(`${SITE}${path}`);
  await page.waitForSelector('html[data-has-hydrated="true"]');
  return response;
}

/** The surface is ready: the composer shows. */
export async function ready(page: Page, timeout = 15_000) {
  await expect.poll(() => composer(page).isVisible(), { timeout }).toBe(true);
}

/** No answer is streaming. */
export async function idle(page: Page) {
  await expect.poll(() => conversation(page).getAttribute('aria-busy')).toBe('false');
}

/** Opens the chat with the toggle and waits until the reader can type. */
export async function openChat(page: Page) {
  await page.getByRole('button', { name: /^Open chat/ }).click();
  await ready(page);
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
