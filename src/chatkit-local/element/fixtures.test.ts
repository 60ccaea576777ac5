// @vitest-environment jsdom
/**
 * Every golden answer the reference server wrote (tests/fixtures/wire/*.sse, bytes exactly as
 * chatkit-python sends them), replayed through the element by a stub `api.fetch`, checked for what
 * a reader sees. The expectations are read from each fixture's own events, so a fixture added later
 * is checked too; a few fixtures have extra checks of their own below.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { within } from '@testing-library/dom';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { readStreamEvent, type ThreadStreamEvent } from '../../contract';
import { parseJson } from '../../contract/wire';
import type { LocalChatKitElement } from './LocalChatKitElement';
import { renderMarkdown } from '../markdown/render';
import { registerLocalChatKit } from './register';
import { stringsFor } from '../views/strings';

// Paths, not URLs: under jsdom, `URL` is jsdom's, which node:fs does not take.
const WIRE = join(dirname(fileURLToPath(import.meta.url)), '../../../tests/fixtures/wire');
const names = existsSync(WIRE)
  ? readdirSync(WIRE)
      .filter((name) => name.endsWith('.sse'))
      .map((name) => name.slice(0, -'.sse'.length))
      .sort()
  : [];
/**
 * The golden answers this file was written against. The replay below runs over whatever is there,
 * so one renamed or deleted would quietly drop its test: the inventory test fails instead.
 */
const EXPECTED = [
  'error-custom',
  'error-stream',
  'event-variants',
  'follow-up',
  'guardrail-removed',
  'plain-answer',
  'reasoning',
  'reasoning-empty',
  'retry-after-item',
  'sources',
  'task-and-tag',
];
const read = (name: string) => readFileSync(join(WIRE, name), 'utf8');
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const en = stringsFor('en');

function eventsOf(body: string): ThreadStreamEvent[] {
  return body
    .split('\n')
    .filter((line) => line.startsWith('data: '))
    .map((line) => readStreamEvent(parseJson(line.slice('data: '.length))))
    .map((reading) => {
      if (!('event' in reading)) throw new Error(`fixture event skipped: ${reading.skipped.type}`);
      return reading.event;
    });
}

type FixtureRequest = { params?: { thread_id?: string; input?: { content?: { text: string }[] } } };

function requestOf(name: string): FixtureRequest | null {
  const path = join(WIRE, `${name}.request.json`);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as FixtureRequest) : null;
}

/** The question the fixture's request sent, or a stand-in for requests that send none. */
function questionOf(name: string): string {
  const content = requestOf(name)?.params?.input?.content;
  return content ? content.map((part) => part.text).join('') : `Replay ${name}`;
}

const markdownText = (text: string) => renderMarkdown(text, { newTabHint: en.newTab }).textContent;

/** What a reader must see, read from the events independently of the element's own model. */
function expectationsOf(events: ThreadStreamEvent[]) {
  const answers = new Map<string, string>();
  const workflows = new Map<string, Extract<ThreadStreamEvent, { item: unknown }>['item']>();
  const sources: { title: string; link: boolean }[] = [];
  const notes = new Set<string>();
  const tasks: string[] = [];
  const notices: string[] = [];
  let title: string | undefined;
  let error: Extract<ThreadStreamEvent, { type: 'error' }> | undefined;
  for (const event of events) {
    switch (event.type) {
      case 'thread.created':
      case 'thread.updated':
        title = event.thread.title ?? title;
        break;
      case 'thread.item.added':
      case 'thread.item.done':
      case 'thread.item.replaced': {
        const item = event.item;
        if (item.type === 'assistant_message') {
          if (item.content.length || !answers.has(item.id)) {
            answers.set(item.id, item.content.map((c) => c.text).join(''));
          }
          if (event.type !== 'thread.item.added') {
            for (const part of item.content) {
              for (const a of part.annotations) {
                const s = a.source;
                if (s.type === 'other') continue;
                const entry = { title: s.title, link: s.type === 'url' };
                if (!sources.some((e) => e.title === entry.title)) sources.push(entry);
              }
            }
          }
        }
        if (item.type === 'workflow') workflows.set(item.id, item);
        if (item.type === 'task' && item.task.type === 'custom') tasks.push(item.task.title ?? '');
        if (item.type === 'other') notes.add(item.id);
        break;
      }
      case 'thread.item.updated':
        if (event.update.type === 'assistant_message.content_part.text_delta') {
          answers.set(event.item_id, (answers.get(event.item_id) ?? '') + event.update.delta);
        }
        break;
      case 'thread.item.removed':
        workflows.delete(event.item_id);
        break;
      case 'notice':
        notices.push(event.message);
        break;
      case 'error':
        error = event;
        break;
      default:
        break;
    }
  }
  return { answers, workflows, sources, notes, tasks, notices, title, error };
}

/** Answers the fixture to the answer's request; a thread to open first is empty. */
function stubFetch(body: string): typeof fetch {
  return async (_input, init) => {
    const request = JSON.parse(String(init?.body)) as {
      type: string;
      params: { thread_id: string };
    };
    if (request.type === 'threads.get_by_id') {
      const thread = {
        id: request.params.thread_id,
        created_at: '2026-11-30T19:50:41.528123',
        status: { type: 'active' },
        metadata: {},
        items: { data: [], has_more: false },
      };
      return new Response(JSON.stringify(thread), {
        headers: { 'Content-Type': 'application/json' },
      });
    }
    return new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } });
  };
}

async function replay(name: string) {
  const el = document.createElement('openai-chatkit') as LocalChatKitElement;
  const logs: string[] = [];
  const errors: Error[] = [];
  el.addEventListener('chatkit.log', (e) =>
    logs.push((e as CustomEvent<{ name: string }>).detail.name),
  );
  el.addEventListener('chatkit.error', (e) =>
    errors.push((e as CustomEvent<{ error: Error }>).detail.error),
  );
  document.body.append(el);
  el.setOptions({
    api: {
      url: 'http://localhost:8000/chatkit',
      domainKey: 'local-dev',
      fetch: stubFetch(read(`${name}.sse`)),
    },
  });
  await el.whenReady();
  // An answer in an existing thread (a follow-up, a retry) is replayed in that thread.
  const threadId = requestOf(name)?.params?.thread_id;
  if (threadId) await el.setThreadId(threadId);
  await el.sendUserMessage({ text: questionOf(name) });
  const log = within(el).getByRole('log', { name: 'Conversation' });
  return { el, log, ui: within(log), logs, errors };
}

beforeAll(() => {
  registerLocalChatKit();
});

afterEach(() => {
  document.body.replaceChildren();
});

describe('golden answers from the reference server', () => {
  it('has every golden answer expected (tests/fixtures/wire/*.sse)', () => {
    const missing = EXPECTED.filter((name) => !names.includes(name));
    expect(missing, `missing from ${WIRE} (expected: ${EXPECTED.join(', ')})`).toEqual([]);
  });

  it.each(names)('%s.sse shows the reader what the server sent', async (name) => {
    const events = eventsOf(read(`${name}.sse`));
    const expected = expectationsOf(events);
    const { el, log, ui, logs, errors } = await replay(name);

    // Nothing was passed over, and the answer settled.
    expect(logs).not.toContain('event.skipped');
    expect(log.getAttribute('aria-busy')).toBe('false');
    expect(ui.queryByText(en.typing)).toBeNull();
    expect(log.querySelector('.ck-progress')).toBeNull();
    expect(log.querySelector('.ck-workflow--live')).toBeNull();

    // The question, once.
    const asked = [...log.querySelectorAll('.ck-message--user')].filter(
      (bubble) => bubble.textContent === `${en.youSaid} ${questionOf(name)}`,
    );
    expect(asked).toHaveLength(1);

    // Each answer's text, rendered (the Markdown reader may render it a task later).
    const bodies = () => [...log.querySelectorAll('.ck-message--assistant .ck-message-body')];
    await vi.waitFor(() =>
      expect(bodies().map((b) => b.textContent)).toEqual(
        [...expected.answers.values()].map(markdownText),
      ),
    );

    // Sources: web pages link, the others are named.
    for (const source of expected.sources) {
      if (source.link) {
        expect(
          ui.getByRole('link', { name: new RegExp(`^${escape(source.title)}`) }),
        ).toBeInTheDocument();
      } else {
        const item = ui.getByText(source.title, { selector: '.ck-sources li' });
        expect(item.querySelector('a')).toBeNull();
      }
    }

    // Workflows, collapsed, with their summaries; an empty one shows nothing.
    const shown = [...log.querySelectorAll<HTMLElement>('.ck-workflow')].filter((w) => !w.hidden);
    const visible = [...expected.workflows.values()].filter(
      (w) =>
        w.type === 'workflow' &&
        (w.workflow.tasks.length > 0 || (w.workflow.summary && 'title' in w.workflow.summary)),
    );
    expect(shown).toHaveLength(visible.length);
    for (const w of visible) {
      if (w.type !== 'workflow') continue;
      const summary = w.workflow.summary;
      const label =
        summary && 'title' in summary
          ? summary.title
          : summary && w.workflow.type === 'reasoning'
            ? en.thoughtFor(summary.duration)
            : en.workedFor(summary?.duration ?? 0);
      expect(ui.getByRole('button', { name: label }).getAttribute('aria-expanded')).toBe('false');
    }

    // Tasks as lines, notes for what cannot be shown, notices.
    for (const title of expected.tasks) {
      expect(ui.getByText(title, { selector: '.ck-task-line .ck-task-title' })).toBeInTheDocument();
    }
    expect(ui.queryAllByText(en.unsupportedItem)).toHaveLength(expected.notes.size);
    for (const message of expected.notices) {
      expect(ui.getByText(message, { exact: false })).toBeInTheDocument();
    }

    // A title the thread got while answering is the header's.
    if (expected.title) {
      expect(within(el).getByRole('heading', { level: 2 }).textContent).toBe(expected.title);
    }

    // A failed answer: the server's own words for a `custom` error, otherwise the friendly one;
    // Retry only where the server allows it.
    if (expected.error) {
      expect(errors).toEqual([expect.objectContaining({ code: expected.error.code })]);
      const shown =
        expected.error.code === 'custom' && expected.error.message
          ? expected.error.message
          : en.answerFailed;
      expect(ui.getByText(shown)).toBeVisible();
      expect(ui.queryAllByRole('button', { name: en.retry })).toHaveLength(
        expected.error.allow_retry ? 1 : 0,
      );
    } else {
      expect(errors).toEqual([]);
      expect(log.querySelector('.ck-error')).toBeNull();
    }
  });

  it('reasoning.sse: thoughts are behind the summary, as markdown', async () => {
    const { ui, log } = await replay('reasoning');
    const toggle = ui.getByRole('button', { name: /^Thought for \d+s$/ });
    const panel = log.querySelector<HTMLElement>(`#${toggle.getAttribute('aria-controls')}`)!;
    expect(panel.hidden).toBe(true);
    expect((await within(panel).findByText('Comparing model availability')).tagName).toBe('STRONG');
  });

  it('task-and-tag.sse: the tag reads as its text', async () => {
    const { log } = await replay('task-and-tag');
    expect(log.querySelector('.ck-message--user .ck-tag')?.textContent).toBe(
      'From Voice to Action',
    );
  });

  it('event-variants.sse: widgets, the image and the tool call are notes; the effect is dispatched', async () => {
    const el = document.createElement('openai-chatkit') as LocalChatKitElement;
    const effects: unknown[] = [];
    el.addEventListener('chatkit.effect', (e) => effects.push((e as CustomEvent).detail));
    document.body.append(el);
    el.setOptions({
      api: {
        url: 'http://localhost:8000/chatkit',
        domainKey: 'local-dev',
        fetch: stubFetch(read('event-variants.sse')),
      },
    });
    await el.whenReady();
    await el.sendUserMessage({ text: 'Replay' });
    expect(effects).toEqual([
      { name: 'scroll_to_section', data: { path: '/docs/ros2/urdf-and-tf' } },
    ]);
    const notes = el.querySelectorAll('.ck-note');
    expect(notes).toHaveLength(4);
  });
});
