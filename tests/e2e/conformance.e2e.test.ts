/**
 * The built textbook site against a ChatKit server nobody on this team wrote: the npm package
 * `chatkit-node-backend-sdk` (a TypeScript port of OpenAI's Python ChatKit server) behind the
 * backend's HTTP contract (tests/conformance/nodeSdkServer.ts), on the port the site is built for,
 * in place of our contract mock. What that server writes is checked without a browser in
 * tests/conformance/nodeSdkServer.test.ts, so a journey failing here is the widget's failure.
 *
 * Each wait ends on what the reader sees: the answer, or the friendly error the widget shows
 * instead; a journey that fails says which, and what the page logged.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNodeSdkServer, type NodeSdkServer } from '../conformance/nodeSdkServer';
import { BACKEND_PORT, SITE, type ReaderPage } from './harness';
import { ask, conversation, dialog, openChat } from './reader';
import { e2eSuite } from './suite';

let backend: NodeSdkServer;

beforeAll(async () => {
  backend = await startNodeSdkServer({
    port: BACKEND_PORT,
    deltaDelayMs: 15,
    allowedOrigins: [SITE, SITE.replace('127.0.0.1', 'localhost')],
  });
});
afterAll(async () => {
  await backend?.close();
});
// The harness leaves the backend's port to the node SDK's server. What a page logs is not failed
// on here: `outcome` reports it with the journey that failed.
const suite = e2eSuite({ backend: 'none', noErrors: false });

/** What the widget shows when it gives up: an in-thread error, or the panel's alert. */
const failures = (page: Page) => [
  conversation(page).getByText(
    /Something went wrong while answering\.|The answer was interrupted\./,
  ),
  dialog(page).getByRole('alert'),
];

/** A fresh reader whose page records every `chatkit.error` the widget dispatches, with its cause. */
async function newConformanceReader(): Promise<ReaderPage> {
  const next = await suite.newReader();
  await next.context.addInitScript(() => {
    const w = window as unknown as { __chatkitErrors: string[] };
    w.__chatkitErrors = [];
    const describe = (error: unknown): string => {
      if (!(error instanceof Error)) return String(error);
      const cause = (error as { cause?: unknown }).cause;
      return `${error.name}: ${error.message}${cause ? ` (cause: ${describe(cause)})` : ''}`;
    };
    // Capture phase: seen whether or not the event bubbles.
    document.addEventListener(
      'chatkit.error',
      (event) => w.__chatkitErrors.push(describe((event as CustomEvent).detail?.error)),
      true,
    );
  });
  return next;
}

/** Why the widget failed, as it told the page (chatkit.error) and the console. */
async function why(page: Page): Promise<string> {
  const dispatched = await page
    .evaluate(() => (window as unknown as { __chatkitErrors?: string[] }).__chatkitErrors ?? [])
    .catch(() => []);
  return ` | chatkit.error: ${JSON.stringify(dispatched).slice(0, 1500)} | console: ${JSON.stringify(suite.reader?.errors ?? [])}`;
}

/**
 * Waits until the reader sees every one of `expected`, or a failure instead. Returns `'shown'`, or
 * what the reader saw and why the widget says it failed, so a failed assertion explains itself.
 */
async function outcome(page: Page, expected: Locator[]): Promise<string> {
  const look = async () => {
    const shown = await Promise.all(expected.map((l) => l.first().isVisible()));
    if (shown.every(Boolean)) return 'shown';
    for (const failure of failures(page)) {
      if (await failure.first().isVisible()) return `error: ${await failure.first().textContent()}`;
    }
    return 'waiting';
  };
  try {
    await expect.poll(look, { timeout: 15_000 }).not.toBe('waiting');
  } catch {
    const text =
      (await conversation(page)
        .textContent()
        .catch(() => null)) ?? '(no conversation)';
    return `nothing after 15 s; the conversation reads "${text.slice(0, 300)}"${await why(page)}`;
  }
  const seen = await look();
  return seen === 'shown' ? seen : `${seen}${await why(page)}`;
}

const ROS_ANSWER = /ROS 2 is the middleware that connects/;
const NODES_ANSWER = /A node publishes on a topic for streams of data/;
const TWIN_ANSWER = /A digital twin is a simulated copy of the robot/;
const ISAAC_ANSWER = /Isaac Sim renders physically accurate scenes/;

describe('the textbook site against chatkit-node-backend-sdk', () => {
  it('(a) answers a first question, with its text and its source links', async () => {
    const { page } = await newConformanceReader();
    await page.goto(`${SITE}/docs/intro/`);
    await openChat(page);
    await ask(page, 'What is ROS 2?');
    const ros2 = conversation(page).getByRole('link', {
      name: 'ROS 2: The Robotic Nervous System',
    });
    const nodes = conversation(page).getByRole('link', { name: 'Nodes, Topics and Services' });
    expect(await outcome(page, [conversation(page).getByText(ROS_ANSWER), ros2, nodes])).toBe(
      'shown',
    );
    expect(await ros2.getAttribute('href')).toMatch(/\/docs\/ros2\/overview\/?$/);
    expect(await nodes.getAttribute('href')).toMatch(/\/docs\/ros2\/nodes-topics-services\/?$/);
  });

  it('(b) answers a follow-up in the same thread', async () => {
    const { page } = await newConformanceReader();
    await page.goto(`${SITE}/docs/intro/`);
    await openChat(page);
    await ask(page, 'What is ROS 2?');
    expect(await outcome(page, [conversation(page).getByText(ROS_ANSWER)])).toBe('shown');
    await expect.poll(() => conversation(page).getAttribute('aria-busy')).not.toBe('true');

    await ask(page, 'When should a node use a topic or a service?');
    expect(
      await outcome(page, [
        conversation(page).getByText('When should a node use a topic or a service?'),
        conversation(page).getByText(NODES_ANSWER),
      ]),
    ).toBe('shown');
    // Both answers on screen, the follow-up sent to the thread the first question created.
    expect(await conversation(page).getByText(ROS_ANSWER).isVisible()).toBe(true);
    const [create, followUp] = backend.requests
      .filter((r) => r.type === 'threads.create' || r.type === 'threads.add_user_message')
      .slice(-2);
    expect(create?.type).toBe('threads.create');
    expect(followUp?.type).toBe('threads.add_user_message');
  });

  it('(c) shows the friendly error for a failed answer, and Retry brings the answer', async () => {
    const { page } = await newConformanceReader();
    await page.goto(`${SITE}/docs/intro/`);
    await openChat(page);
    await ask(page, 'Please fail once: what is a digital twin?');
    expect(await outcome(page, [conversation(page).getByText(TWIN_ANSWER)])).toMatch(
      /^error: Something went wrong while answering\./,
    );
    const retry = conversation(page).getByRole('button', { name: 'Retry' });
    await retry.waitFor().catch(async () => {
      throw new Error(`The error has no Retry button${await why(page)}`);
    });
    await retry.click();
    expect(
      await outcome(page, [
        conversation(page).getByText(TWIN_ANSWER),
        conversation(page).getByRole('link', { name: 'Digital Twins and Simulation' }),
      ]),
    ).toBe('shown');
    expect(backend.requests.at(-1)?.type).toBe('threads.retry_after_item');
    // The question is in the thread once.
    await expect
      .poll(() => conversation(page).getByText('Please fail once: what is a digital twin?').count())
      .toBe(1);
  });

  it('(d) restores the conversation after a reload', async () => {
    const { page } = await newConformanceReader();
    await page.goto(`${SITE}/docs/intro/`);
    await openChat(page);
    await ask(page, 'What is Isaac Sim?');
    expect(await outcome(page, [conversation(page).getByText(ISAAC_ANSWER)])).toBe('shown');

    await page.reload();
    await expect.poll(() => dialog(page).isVisible(), { timeout: 15_000 }).toBe(true);
    expect(
      await outcome(page, [
        conversation(page).getByText('What is Isaac Sim?'),
        conversation(page).getByText(ISAAC_ANSWER),
        conversation(page).getByRole('link', { name: 'Isaac Sim and Synthetic Data' }),
      ]),
    ).toBe('shown');
    expect(backend.requests.at(-1)?.type).toBe('threads.get_by_id');
  });

  it('(e) restores a thread longer than one page (items.list), first to last message', async () => {
    const threadId = await backend.seedThread({ items: 30 });
    const { page, context } = await newConformanceReader();
    // What the widget keeps in the tab (src/components/ChatWidget/storage.ts): the panel was open,
    // on this thread.
    await context.addInitScript((id) => {
      sessionStorage.setItem('textbook-chat:open', '1');
      sessionStorage.setItem('textbook-chat:thread', id);
    }, threadId);
    await page.goto(`${SITE}/docs/intro/`);
    await expect.poll(() => dialog(page).isVisible(), { timeout: 15_000 }).toBe(true);
    expect(
      await outcome(page, [
        conversation(page).getByText('Seeded question 01', { exact: true }),
        conversation(page).getByText('Seeded answer 15', { exact: true }),
      ]),
    ).toBe('shown');
    expect(backend.requests.map((r) => r.type)).toContain('items.list');
  });

  it('(f) the history lists, opens, renames and deletes the server’s threads', async () => {
    // Questions of their own: the server lists the threads of the journeys before this one too.
    const ISAAC_Q = 'For my history: what is Isaac Sim?';
    const ROS_Q = 'For my history: what is ROS 2?';
    const { page } = await newConformanceReader();
    await page.goto(`${SITE}/docs/intro/`);
    await openChat(page);
    await ask(page, ISAAC_Q);
    expect(await outcome(page, [conversation(page).getByText(ISAAC_ANSWER)])).toBe('shown');
    await expect.poll(() => conversation(page).getAttribute('aria-busy')).not.toBe('true');
    await dialog(page).getByRole('button', { name: 'New conversation' }).click();
    await ask(page, ROS_Q);
    expect(await outcome(page, [conversation(page).getByText(ROS_ANSWER)])).toBe('shown');
    await expect.poll(() => conversation(page).getAttribute('aria-busy')).not.toBe('true');

    const history = dialog(page).getByRole('button', { name: 'Conversation history' });
    await history.click();
    const list = dialog(page).getByRole('list', { name: 'Earlier conversations' });
    const first = list.getByRole('button', { name: ISAAC_Q, exact: true });
    await first.waitFor().catch(async () => {
      throw new Error(`The history does not list the first thread${await why(page)}`);
    });
    expect(backend.requests.map((r) => r.type)).toContain('threads.list');
    await first.click();
    expect(
      await outcome(page, [
        conversation(page).getByText(ISAAC_Q),
        conversation(page).getByText(ISAAC_ANSWER),
      ]),
    ).toBe('shown');
    expect(await conversation(page).getByText(ROS_ANSWER).count()).toBe(0);

    await history.click();
    await list.getByRole('button', { name: `Rename “${ISAAC_Q}”` }).click();
    const field = dialog(page).getByRole('textbox', { name: 'Conversation title' });
    await field.fill('Isaac Sim notes');
    await field.press('Enter');
    await list.getByRole('button', { name: 'Isaac Sim notes', exact: true }).waitFor();
    expect(backend.requests.at(-1)).toMatchObject({
      type: 'threads.update',
      params: { title: 'Isaac Sim notes' },
    });

    await list.getByRole('button', { name: 'Delete “Isaac Sim notes”' }).click();
    await expect
      .poll(() => backend.requests.at(-1)?.type, { timeout: 10_000 })
      .toBe('threads.delete');
    // The server no longer has it: a fresh history lists the second conversation only of these.
    await dialog(page).getByRole('button', { name: 'Back to chat' }).click();
    await history.click();
    await list.getByRole('button', { name: ROS_Q, exact: true }).waitFor();
    expect(await list.getByRole('button', { name: 'Isaac Sim notes', exact: true }).count()).toBe(
      0,
    );
  });
});
