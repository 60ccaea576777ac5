/**
 * The reader's journeys, written once against the driver-neutral `Reader` and run in every engine
 * (reader.browsers.test.ts). Each starts from a fresh reader (its own storage) on the built site,
 * against the contract server, with OpenAI's CDN unreachable (outside.ts).
 */
import { expect } from 'vitest';
import { pickAnswer } from '../../mocks/corpus';
import { listThreads, setMockOptions } from '../../mocks/state';
import { BACKEND, BACKEND_PORT, STRICT_CSP, type Harness } from '../e2e/harness';
import { watchGrowth } from '../e2e/inPage';
import { OPEN_CHAT } from '../e2e/reader';
import type { Outside } from './outside';
import type { EngineName, Reader, ReaderOptions, Target } from './page';

export interface World {
  engine: EngineName;
  harness: Harness;
  outside: Outside;
}

export interface Journey {
  name: string;
  /** The reader's browser: viewport, OS dark mode, languages. */
  reader?: ReaderOptions;
  /** Response headers for the site's files (a Content-Security-Policy). */
  headers?: Record<string, string>;
  /** Console errors this journey causes on purpose, besides OpenAI's unreachable CDN. */
  allow?: RegExp[];
  run(r: Reader, world: World): Promise<void>;
}

const CDN_HOST = 'cdn.platform.openai.com';

/** Every journey: surface `auto` tries OpenAI's script first, and it cannot load here. */
export const ALWAYS_ALLOWED = [new RegExp(CDN_HOST.replace(/\./g, '\\.'))];

// ---------------------------------------------------------------------------------------------
// What the reader sees
// ---------------------------------------------------------------------------------------------

const toggle: Target = { role: 'button', name: OPEN_CHAT };
const dialog: Target = { role: 'dialog', name: 'Textbook assistant' };
const composer: Target = { role: 'textbox', within: 'openai-chatkit' };
/** By role within the surface: its name is translated on Urdu pages. */
const conversation: Target = { role: 'log', within: 'openai-chatkit' };
/** A source link cited in the conversation. */
const source = (name: string | RegExp): Target => ({
  role: 'link',
  name,
  within: 'openai-chatkit [role="log"]',
});

/** What the reader's messages read in the thread, in order. */
const userMessages = (r: Reader) =>
  r.evaluate(() =>
    [...document.querySelectorAll('openai-chatkit .ck-message--user > span[dir]')].map(
      (el) => el.textContent,
    ),
  );
const answerCount = (r: Reader) =>
  r.evaluate(() => document.querySelectorAll('openai-chatkit .ck-message--assistant').length);

/** Resource entries for the backend: every fetch the page made to it, by URL. */
const backendFetches = (r: Reader) =>
  r.evaluate(
    (backend) =>
      performance
        .getEntriesByType('resource')
        .map((entry) => entry.name)
        .filter((name) => name.startsWith(backend)),
    BACKEND,
  );

async function openChat(r: Reader) {
  await r.click(toggle);
  r.doing('wait for the composer');
  await r.waitFor(composer, 15_000);
}

/** Nothing streams any more. */
async function idle(r: Reader) {
  r.doing('wait for the answer to end');
  await r.untilValue(
    'the conversation to stop being busy',
    () => r.attribute(conversation, 'aria-busy'),
    (busy) => busy === 'false',
  );
}

/** Clicks the composer, types the question key by key, presses Enter; waits until it is in the thread. */
async function ask(r: Reader, question: string) {
  const before = (await userMessages(r)).length;
  await r.click(composer);
  await r.type(question);
  await r.press('Enter');
  r.doing(`wait for "${question}" in the thread`);
  await r.untilValue(
    `the question in the thread`,
    () => userMessages(r),
    (messages) => messages.length > before,
  );
  // What reached the thread is what was typed, every space included.
  expect((await userMessages(r)).at(-1)).toBe(question);
}

/** An answer cites `name`, and nothing is streaming any more. */
async function answeredWith(r: Reader, name: string | RegExp) {
  r.doing(`wait for the answer citing ${String(name)}`);
  await r.waitFor(source(name), 15_000);
  await idle(r);
}

const background = (r: Reader) =>
  r.evaluate(() => {
    const el = document.querySelector('[role="dialog"]');
    return el ? getComputedStyle(el).backgroundColor : null;
  });

/**
 * The composer's text against what is behind it: WCAG contrast ratio of the textarea's colour on
 * its nearest opaque background. Catches form controls painted in the OS's colours, not the panel's.
 */
const composerContrast = (r: Reader) =>
  r.evaluate(() => {
    const parse = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = ([red = 0, green = 0, blue = 0]: number[]) => {
      const lin = (v: number) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * lin(red) + 0.7152 * lin(green) + 0.0722 * lin(blue);
    };
    const input = document.querySelector('openai-chatkit textarea');
    if (!input) return null;
    const color = getComputedStyle(input).color;
    let el: Element | null = input;
    let back = 'rgb(255, 255, 255)';
    for (; el; el = el.parentElement) {
      const bg = getComputedStyle(el).backgroundColor;
      const alpha = parse(bg)[3];
      if (bg !== 'transparent' && alpha !== 0) {
        back = bg;
        break;
      }
    }
    const [a, b] = [luminance(parse(color)), luminance(parse(back))];
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    return { color, background: back, ratio: Math.round(ratio * 10) / 10 };
  });

// ---------------------------------------------------------------------------------------------
// The journeys
// ---------------------------------------------------------------------------------------------

export const journeys: Journey[] = [
  {
    name: 'first open: a streamed answer with its sources',
    async run(r, { outside }) {
      await r.goto('/docs/intro/');
      expect(await backendFetches(r)).toEqual([]); // nothing for chat before the first open
      await openChat(r);
      expect(
        (await backendFetches(r)).filter((url) => url.endsWith('/api/chatkit/session')),
      ).toHaveLength(1);
      // surface 'auto': OpenAI's script was tried, could not load, and the local surface took over.
      expect(outside.hosts.filter((host) => host.startsWith(CDN_HOST))).not.toEqual([]);
      const lengths = await watchGrowth(
        (fn) => r.evaluate(fn),
        async () => {
          await ask(r, 'What is ROS 2?');
          await answeredWith(r, 'ROS 2: The Robotic Nervous System');
        },
      );
      expect(lengths.length).toBeGreaterThanOrEqual(4); // it streamed: several visible increments
      await r.screenshot('answer');
    },
  },
  {
    name: 'follow-up: a second question in the same thread',
    async run(r) {
      await r.goto('/docs/intro/');
      await openChat(r);
      await ask(r, 'What is ROS 2?');
      await answeredWith(r, 'ROS 2: The Robotic Nervous System');
      await ask(r, 'What is a digital twin?');
      await answeredWith(r, /Digital Twins and Simulation/);
      expect(await userMessages(r)).toEqual(['What is ROS 2?', 'What is a digital twin?']);
      expect(await answerCount(r)).toBe(2);
      // The backend holds one thread with both questions: the follow-up did not start another.
      const threads = listThreads().map((thread) =>
        thread.items.flatMap((item) =>
          item.type === 'user_message' ? [item.content.map((part) => part.text).join('')] : [],
        ),
      );
      expect(threads).toEqual([['What is ROS 2?', 'What is a digital twin?']]);
    },
  },
  {
    name: 'reload: the thread comes back, and goes on',
    async run(r) {
      await r.goto('/docs/intro/');
      await openChat(r);
      await ask(r, 'What is ROS 2?');
      await answeredWith(r, 'ROS 2: The Robotic Nervous System');
      await r.reload();
      r.doing('wait for the panel and the thread after the reload');
      await r.waitFor(dialog, 15_000);
      await r.waitFor(source('ROS 2: The Robotic Nervous System'), 15_000);
      await idle(r); // the thread has loaded: the composer sends again
      expect(await userMessages(r)).toEqual(['What is ROS 2?']);
      await ask(r, 'What is a digital twin?');
      await answeredWith(r, /Digital Twins and Simulation/);
      expect(await userMessages(r)).toEqual(['What is ROS 2?', 'What is a digital twin?']);
    },
  },
  {
    name: 'reload mid-answer: the partial answer is marked, and Regenerate brings the whole answer once',
    async run(r) {
      const question = 'What is ROS 2?';
      setMockOptions({ deltaDelayMs: 120 }); // slow enough to reload in the middle
      try {
        await r.goto('/docs/intro/');
        await openChat(r);
        await ask(r, question);
        r.doing('wait for the answer to be under way');
        await r.untilValue(
          'some of the answer',
          () => r.evaluate(() => document.querySelector('.ck-message--assistant')?.textContent),
          (text) => (text ?? '').length > 40,
        );
        await r.reload();
        setMockOptions({ deltaDelayMs: 15 });
        r.doing('wait for the restored partial answer and its mark');
        const cutOff: Target = { role: 'button', name: 'Regenerate', within: '[role="log"]' };
        await r.waitFor(cutOff, 15_000);
        expect(await r.text(conversation)).toContain('Cut off when the page reloaded');
        await idle(r);
        await r.click(cutOff);
        await answeredWith(r, 'ROS 2: The Robotic Nervous System');
        expect(await r.text(conversation)).not.toContain('Cut off when the page reloaded');
        expect(await answerCount(r)).toBe(1);
        expect(await userMessages(r)).toEqual([question]);
        // The backend holds the question once and the whole answer once: nothing was sent twice.
        const [thread, ...others] = listThreads();
        expect(others).toEqual([]);
        expect(thread!.items.map((item) => item.type)).toEqual([
          'user_message',
          'assistant_message',
        ]);
        const answer = thread!.items[1]!;
        expect(answer.type === 'assistant_message' && answer.content?.[0]?.text).toBe(
          pickAnswer(question).text,
        );
      } finally {
        setMockOptions({ deltaDelayMs: 15 });
      }
    },
  },
  {
    name: 'another page mid-answer: the answer goes on across a client-side navigation',
    async run(r) {
      setMockOptions({ deltaDelayMs: 60 });
      try {
        await r.goto('/docs/intro/');
        const marker = await r.evaluate(() => {
          const w = window as unknown as { __sameDocument: string };
          w.__sameDocument = String(Math.random());
          return w.__sameDocument;
        });
        await openChat(r);
        await ask(r, 'What is ROS 2?');
        r.doing('wait for the answer to be under way');
        await r.untilValue(
          'some of the answer',
          () => r.evaluate(() => document.querySelector('.ck-message--assistant')?.textContent),
          (text) => (text ?? '').length > 20,
        );
        r.doing("follow the intro's link to the ROS 2 chapter (the page's own router)");
        await r.evaluate(() =>
          document.querySelector<HTMLAnchorElement>('main a[href*="/docs/ros2/overview"]')!.click(),
        );
        await r.until('the ROS 2 chapter', () => location.pathname.includes('/docs/ros2/'), []);
        await answeredWith(r, 'ROS 2: The Robotic Nervous System');
        expect(await r.text(conversation)).not.toMatch(/Cut off|connection dropped|interrupted/);
        expect(await answerCount(r)).toBe(1);
        expect(
          await r.evaluate(() => (window as unknown as { __sameDocument: string }).__sameDocument),
        ).toBe(marker);
      } finally {
        setMockOptions({ deltaDelayMs: 15 });
      }
    },
  },
  {
    name: 'history: New keeps the first conversation; open it, rename it, delete it with Undo',
    async run(r) {
      const list = '[aria-label="Earlier conversations"]';
      const history: Target = { role: 'button', name: 'Conversation history' };
      const titled = (name: string): Target => ({ role: 'button', name, within: list });
      await r.goto('/docs/intro/');
      await openChat(r);
      await ask(r, 'What is URDF?');
      await answeredWith(r, 'URDF and TF');
      await r.click({ role: 'button', name: 'New conversation' });
      await ask(r, 'What is ROS 2?');
      await answeredWith(r, 'ROS 2: The Robotic Nervous System');

      // The history lists both, the current one marked; its heading has the focus.
      await r.click(history);
      await r.waitFor(titled('What is URDF?'));
      expect(await r.attribute(titled('What is ROS 2?'), 'aria-current')).toBe('true');
      expect(await r.focused()).toMatchObject({ tag: 'h3' });

      // Opening the first brings back its question and answer, as a reload does.
      await r.click(titled('What is URDF?'));
      await r.waitFor(source('URDF and TF'), 15_000);
      await r.untilValue(
        'the first conversation in the thread',
        () => userMessages(r),
        (messages) => messages.join('|') === 'What is URDF?',
      );

      // Rename: the field holds the title; Enter saves; the backend has it.
      await r.click(history);
      await r.click({ role: 'button', name: 'Rename “What is URDF?”' });
      await r.untilValue(
        'focus in the title field',
        () => r.focused(),
        (f) => f?.tag === 'input',
      );
      await r.type(' notes');
      await r.press('Enter');
      await r.waitFor(titled('What is URDF? notes'));
      const renamed = listThreads().find((thread) => thread.title === 'What is URDF? notes');
      expect(renamed).toBeDefined();

      // Delete, then Undo by keyboard (it has the focus): the conversation is back, still stored.
      await r.click({ role: 'button', name: 'Delete “What is URDF? notes”' });
      await r.waitForGone(titled('What is URDF? notes'));
      await r.untilValue(
        'focus on Undo',
        () => r.evaluate(() => document.activeElement?.textContent ?? null),
        (text) => text === 'Undo',
      );
      await r.press('Enter');
      await r.waitFor(titled('What is URDF? notes'));
      expect(listThreads().some((thread) => thread.id === renamed!.id)).toBe(true);

      // Delete for good: when the Undo window ends, the backend forgets it.
      await r.click({ role: 'button', name: 'Delete “What is URDF? notes”' });
      await r.untilValue(
        'the thread deleted',
        async () => listThreads().some((thread) => thread.id === renamed!.id),
        (still) => !still,
      );
      await r.click({ role: 'button', name: 'Back to chat' });
      await r.waitFor(composer);
      await r.untilValue(
        'focus back on the History button',
        () => r.focused(),
        (f) => f?.label === 'Conversation history',
      );
    },
  },
  {
    name: 'keyboard only: Ctrl+I, Tab order, Escape, focus back on the toggle',
    async run(r) {
      await r.goto('/docs/intro/');
      await r.press('Control+i');
      r.doing('wait for the composer to take focus');
      await r.untilValue(
        'focus in the composer',
        () => r.focused(),
        (f) => f?.tag === 'textarea' && f.inChatKit,
        15_000,
      );
      await r.type('What is Isaac Sim?');
      await r.press('Enter');
      r.doing('wait for the answer citing Isaac Sim');
      await r.waitFor(source(/Isaac Sim/), 15_000);
      await idle(r);
      expect(await userMessages(r)).toEqual(['What is Isaac Sim?']);
      // Sending leaves the reader in the composer, ready for the next question.
      expect(await r.focused()).toMatchObject({ tag: 'textarea', inChatKit: true });
      await r.type('Thanks');
      await r.press('Tab');
      expect(await r.focused()).toMatchObject({ label: 'Send message' });
      await r.press('Escape');
      await r.waitForGone(dialog);
      r.doing('check focus went back to the toggle');
      await r.untilValue(
        'focus on the toggle',
        () => r.focused(),
        (f) => f?.label === 'Open chat',
      );
    },
  },
  {
    name: 'phone, 320 px: a full-screen sheet, the composer reachable',
    reader: { width: 320, height: 640 },
    async run(r, { engine }) {
      await r.goto('/docs/intro/');
      const [width, height] = await r.evaluate(() => [innerWidth, innerHeight]);
      // MiniBrowser's window cannot be narrower than ~334 px (GTK): still a phone, under 480 px.
      if (engine === 'webkit') expect(width).toBeLessThan(480);
      else expect([width, height]).toEqual([320, 640]);
      await openChat(r);
      // The sheet covers the viewport less its classic scrollbar, where the engine shows one
      // (headless Firefox does, 12 px; phones and headless Chromium overlay theirs).
      const client = await r.evaluate(() => ({
        width: document.documentElement.clientWidth,
        height: document.documentElement.clientHeight,
      }));
      expect(await r.settledBox(dialog)).toEqual({ x: 0, y: 0, ...client });
      const input = await r.settledBox(composer);
      expect(input.x).toBeGreaterThanOrEqual(0);
      expect(input.x + input.width).toBeLessThanOrEqual(width);
      expect(input.y + input.height).toBeLessThanOrEqual(height);
      await ask(r, 'What is ROS 2?');
      await answeredWith(r, 'ROS 2: The Robotic Nervous System');
      await r.screenshot('phone');
    },
  },
  {
    name: 'Urdu page: right to left, mirrored, a question in Urdu',
    reader: { languages: ['ur-PK', 'ur', 'en'] },
    async run(r, { engine }) {
      await r.goto('/ur/docs/intro/');
      if (engine !== 'webkit') {
        // The browser's own languages took (WebKitGTK takes them from the locale: C here).
        expect(await r.evaluate(() => navigator.languages[0])).toMatch(/^ur/);
      }
      expect(await r.evaluate(() => [document.documentElement.lang, document.dir])).toEqual([
        'ur-PK',
        'rtl',
      ]);
      await openChat(r);
      const panel: Target = { role: 'dialog' };
      expect(await r.attribute(panel, 'dir')).toBe('rtl');
      expect(
        await r.evaluate(() => document.querySelector<HTMLElement>('openai-chatkit')?.dir),
      ).toBe('rtl');
      const box = await r.settledBox(panel);
      expect(box.x).toBe(16); // mirrored to the bottom left
      await ask(r, 'ROS 2 کیا ہے؟');
      r.doing('wait for the answer');
      await r.untilValue(
        'an answer',
        () => answerCount(r),
        (n) => n === 1,
        15_000,
      );
      await idle(r);
      await r.screenshot('urdu');
    },
  },
  {
    name: 'dark mode: the OS prefers dark, the widget follows the site',
    reader: { prefersDark: true },
    async run(r) {
      await r.goto('/docs/intro/');
      // The reader's OS prefers dark; the site (respectPrefersColorScheme: false) stays light.
      expect(await r.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(true);
      expect(await r.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
      await openChat(r);
      expect(await background(r)).toBe('rgb(255, 255, 255)');
      expect(
        await r.evaluate(
          () => document.querySelector<HTMLElement>('openai-chatkit')?.dataset.colorScheme,
        ),
      ).toBe('light');
      expect((await composerContrast(r))?.ratio).toBeGreaterThanOrEqual(4.5);
      await r.click({ role: 'button', name: /dark mode|light mode|system mode/i });
      await r.untilEqual(
        'the site theme',
        () => document.documentElement.dataset.theme,
        [],
        'dark',
      );
      await r.untilValue(
        'the panel to turn dark',
        () => background(r),
        (bg) => bg === 'rgb(36, 37, 38)',
      );
      expect(
        await r.evaluate(
          () => document.querySelector<HTMLElement>('openai-chatkit')?.dataset.colorScheme,
        ),
      ).toBe('dark');
      expect((await composerContrast(r))?.ratio).toBeGreaterThanOrEqual(4.5);
      await ask(r, 'What is ROS 2?');
      await answeredWith(r, 'ROS 2: The Robotic Nervous System');
      await r.screenshot('dark');
    },
  },
  {
    name: 'backend down, then back: recovers without a reload',
    // Refused connections to the backend are the point: engines log them, naming its URL.
    allow: [new RegExp(`localhost:${BACKEND_PORT}/`)],
    async run(r, { harness }) {
      await harness.stopBackend();
      await r.goto('/docs/intro/');
      const marker = await r.evaluate(() => {
        const w = window as unknown as { __sameDocument: string };
        w.__sameDocument = String(Math.random());
        return w.__sameDocument;
      });
      await r.click({ role: 'button', name: 'Open chat' });
      r.doing('wait for the retry countdown');
      await r.waitFor({ role: 'status', name: 'Retry status' }, 15_000);
      await harness.startBackend();
      r.doing('wait for the composer once the backend is back');
      await r.waitFor(composer, 20_000);
      await ask(r, 'What is a digital twin?');
      await answeredWith(r, /Digital Twins and Simulation/);
      expect(
        await r.evaluate(() => (window as unknown as { __sameDocument: string }).__sameDocument),
      ).toBe(marker);
    },
  },
  {
    name: 'strict Content-Security-Policy: the local surface works',
    headers: { 'Content-Security-Policy': STRICT_CSP },
    // Docusaurus's inline theme script, and OpenAI's script, are refused by the policy.
    allow: [/Content[- ]Security[- ]Policy|inline script/i],
    async run(r) {
      await r.goto('/docs/intro/');
      r.doing('check the policy is served and enforced');
      expect(
        await r.evaluate(() =>
          fetch(location.href, { method: 'HEAD' }).then((res) =>
            res.headers.get('content-security-policy'),
          ),
        ),
      ).toBe(STRICT_CSP);
      await r.evaluate(() => {
        const w = window as unknown as { __violations: string[] };
        w.__violations = [];
        addEventListener('securitypolicyviolation', (event) =>
          w.__violations.push(`${event.effectiveDirective} ${event.blockedURI}`),
        );
      });
      await openChat(r);
      await ask(r, 'What is ROS 2?');
      await answeredWith(r, 'ROS 2: The Robotic Nervous System');
      // What the policy refused from the first open on: OpenAI's script, at most, nothing else.
      const violations = await r.evaluate(
        () => (window as unknown as { __violations: string[] }).__violations,
      );
      expect(violations.filter((v) => !v.includes(`https://${CDN_HOST}/`))).toEqual([]);
    },
  },
];
