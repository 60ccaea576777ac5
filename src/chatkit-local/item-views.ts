/**
 * One view per thread item: the DOM of a user message, an answer (its streaming text, markdown and
 * sources), a workflow (a disclosure of its tasks: "Thinking…", then "Thought for 3s"), a task line,
 * or a neutral note for an item this element cannot show. Each view owns its element and brings it
 * up to date from the item's state (`sync`); an answer's text delta has its own constant-time path.
 */
import type { Annotation, Source, Task, UserContent, Workflow } from '../contract';
import { h, icon, safeHref, uniqueId } from './dom';
import { decorateLink, renderMarkdown } from './markdown';
import type { UiStrings } from './strings';
import {
  userText,
  type AssistantItemState,
  type ItemState,
  type OtherItemState,
  type PartState,
  type TaskItemState,
  type UserItemState,
  type WorkflowItemState,
} from './thread';

/** Item kinds the server keeps to itself; should one arrive, it is not the reader's business. */
const HIDDEN_TYPES = new Set(['hidden_context_item', 'sdk_hidden_context']);

// ---------------------------------------------------------------------------------------------
// User messages
// ---------------------------------------------------------------------------------------------

function fillUserBody(body: HTMLElement, content: readonly UserContent[] | string): void {
  if (typeof content === 'string' || !content.some((part) => part.type === 'input_tag')) {
    body.textContent = typeof content === 'string' ? content : userText(content);
    return;
  }
  body.replaceChildren(
    ...content.map((part) => {
      if (part.type !== 'input_tag') return document.createTextNode(part.text ?? '');
      const tag = h('span', 'ck-tag');
      tag.textContent = part.text;
      return tag;
    }),
  );
}

export function renderUserMessage(
  content: readonly UserContent[] | string,
  strings: UiStrings,
): HTMLElement {
  const el = h('div', 'ck-message ck-message--user');
  const label = h('span', 'ck-visually-hidden');
  label.textContent = `${strings.youSaid} `;
  // Readers may write in another script than the UI's: each message takes its own direction.
  const body = h('span');
  body.dir = 'auto';
  fillUserBody(body, content);
  el.append(label, body);
  return el;
}

export class UserView {
  readonly kind = 'user_message';
  private key: string | undefined;

  constructor(readonly el: HTMLElement) {}

  sync(item: UserItemState): void {
    const key = JSON.stringify(item.content.map((part) => [part.type, part.text]));
    if (key === this.key) return;
    this.key = key;
    const body = this.el.lastElementChild as HTMLElement | null;
    const plain = !item.content.some((part) => part.type === 'input_tag');
    if (!body || (plain && body.textContent === userText(item.content))) return;
    fillUserBody(body, item.content);
  }
}

// ---------------------------------------------------------------------------------------------
// Answers
// ---------------------------------------------------------------------------------------------

interface PartView {
  el: HTMLElement;
  text: string;
  /** Live while streaming: deltas are appended here, so a delta costs the same at any length. */
  textNode: Text | null;
  done: boolean;
}

interface SourceEntry {
  title: string;
  href: string | null;
}

/** How a source is listed: web sources link (when safe), the others are named only. */
function sourceEntry(source: Source): (SourceEntry & { key: string }) | null {
  switch (source.type) {
    case 'url':
      return { key: source.url, title: source.title || source.url, href: safeHref(source.url) };
    case 'file':
      return { key: `file:${source.filename}`, title: source.title || source.filename, href: null };
    case 'entity': {
      const title = source.title || source.label || source.inline_label;
      return title ? { key: `entity:${source.id}`, title, href: null } : null;
    }
    case 'other':
      return source.title
        ? { key: `${source.original_type}:${source.title}`, title: source.title, href: null }
        : null;
  }
}

export class AssistantView {
  readonly kind = 'assistant_message';
  readonly el: HTMLElement;
  private readonly body: HTMLElement;
  private sources: HTMLElement | null = null;
  /** What the rendered Sources list shows, so unchanged lists are not rebuilt under the reader. */
  private sourcesKey = '';
  private readonly parts: PartView[] = [];

  constructor(private readonly strings: UiStrings) {
    this.el = h('div', 'ck-message ck-message--assistant');
    const label = h('span', 'ck-visually-hidden');
    label.textContent = `${strings.assistantSaid} `;
    this.body = h('div', 'ck-message-body');
    this.body.dir = 'auto';
    this.el.append(label, this.body);
  }

  /** The streaming fast path: one Text node grows, nothing is re-rendered. */
  appendText(item: AssistantItemState, index: number, delta: string): void {
    const part = this.parts[index];
    if (!part) {
      this.sync(item);
      return;
    }
    if (part.done) return;
    part.text += delta;
    part.textNode?.appendData(delta);
  }

  sync(item: AssistantItemState): void {
    item.parts.forEach((state, index) => {
      const part = this.ensurePart(index, state.text);
      if (state.done) {
        // Parts already rendered at content_part.done are not parsed a second time.
        if (!part.done || part.text !== state.text) this.finalize(part, state.text);
      } else if (!part.done && part.text !== state.text) {
        part.text = state.text;
        if (part.textNode) part.textNode.data = state.text;
      }
    });
    for (const extra of this.parts.splice(item.parts.length)) extra?.el.remove();
    this.renderSources(item.parts);
  }

  private ensurePart(index: number, initialText: string): PartView {
    const existing = this.parts[index];
    if (existing) return existing;
    const el = h('div', 'ck-streaming');
    const textNode = document.createTextNode(initialText);
    el.append(textNode);
    const part: PartView = { el, text: initialText, textNode, done: false };
    this.parts[index] = part;
    // Parts may be announced out of order; keep the DOM in content order.
    const next = this.parts.slice(index + 1).find((p) => p !== undefined);
    this.body.insertBefore(el, next?.el ?? null);
    return part;
  }

  /** Markdown is rendered once, when the part's text is final. */
  private finalize(part: PartView, text: string): void {
    part.text = text;
    part.el.className = 'ck-markdown';
    part.el.replaceChildren(renderMarkdown(text, { newTabHint: this.strings.newTab }));
    part.textNode = null;
    part.done = true;
  }

  private renderSources(parts: readonly (PartState | undefined)[]): void {
    const seen = new Set<string>();
    const sources: SourceEntry[] = [];
    for (const part of parts) {
      for (const annotation of (part?.annotations ?? []) as (Annotation | undefined)[]) {
        if (!annotation) continue;
        const entry = sourceEntry(annotation.source);
        if (!entry || seen.has(entry.key)) continue;
        seen.add(entry.key);
        sources.push({ title: entry.title, href: entry.href });
      }
    }
    const key = JSON.stringify(sources);
    if (key === this.sourcesKey) return;
    this.sourcesKey = key;
    if (sources.length === 0) {
      this.sources?.remove();
      this.sources = null;
      return;
    }
    const container = h('div', 'ck-sources');
    const labelId = uniqueId('sources');
    const label = h('p', 'ck-sources-label');
    label.id = labelId;
    label.textContent = this.strings.sources;
    const list = h('ul');
    list.setAttribute('aria-labelledby', labelId);
    for (const source of sources) {
      const li = h('li');
      li.dir = 'auto';
      if (source.href) {
        const a = h('a');
        a.href = source.href;
        a.textContent = source.title;
        decorateLink(a, this.strings.newTab);
        li.append(a);
      } else {
        li.textContent = source.title;
      }
      list.append(li);
    }
    container.append(label, list);
    if (this.sources) this.sources.replaceWith(container);
    else this.el.append(container);
    this.sources = container;
  }
}

// ---------------------------------------------------------------------------------------------
// Tasks (inside workflows, and as items of their own)
// ---------------------------------------------------------------------------------------------

/** What a task says, whatever its kind: a title and a line (or, for thoughts, paragraphs). */
export function taskText(task: Task): { title?: string; content?: string } {
  const text = (title?: string, content?: string) => ({
    ...(title && { title }),
    ...(content && { content }),
  });
  switch (task.type) {
    case 'custom':
      return text(task.title, task.content);
    case 'thought':
      return text(task.title, task.content);
    case 'web_search':
      return text(task.title ?? task.title_query, task.queries.join(', '));
    case 'file':
      return text(task.title, task.sources.map((source) => source.title).join(', '));
    case 'image':
      return text(task.title);
    case 'other':
      return text(task.title);
  }
}

class TaskView {
  readonly el: HTMLElement;
  private readonly title: HTMLElement;
  private readonly content: HTMLElement;
  private text = '';
  private textNode: Text | null = null;
  private final = false;

  /** `line`: a task item of its own, one short line; otherwise a step inside a workflow. */
  constructor(private readonly line: boolean) {
    this.el = h('div', line ? 'ck-task ck-task-line' : 'ck-task');
    this.el.dir = 'auto';
    this.title = h(line ? 'span' : 'p', 'ck-task-title');
    this.content = h(line ? 'span' : 'div', 'ck-task-content');
    // On one line, a space keeps title and content two words for screen readers and copy.
    if (line) this.el.append(this.title, ' ', this.content);
    else this.el.append(this.title, this.content);
  }

  sync(task: Task, final: boolean, strings: UiStrings): void {
    const { title = '', content = '' } = taskText(task);
    this.el.className = `${this.line ? 'ck-task ck-task-line' : 'ck-task'} ck-task--${task.type}`;
    const status = task.type === 'other' ? 'none' : task.status_indicator;
    if (status !== 'none') this.el.classList.add(`ck-task--${status}`);
    if (this.title.textContent !== title) this.title.textContent = title;
    this.title.hidden = title === '';
    this.content.hidden = content === '';
    this.el.hidden = title === '' && content === '';
    // A thought is the model's markdown: rendered once it is final, streamed as text until then.
    const markdown = final && task.type === 'thought';
    if (markdown) {
      if (!this.final || this.text !== content) {
        this.content.replaceChildren(renderMarkdown(content, { newTabHint: strings.newTab }));
        this.content.classList.add('ck-markdown');
        this.textNode = null;
        this.text = content;
        this.final = true;
      }
      return;
    }
    if (this.final || !this.textNode) {
      this.textNode = document.createTextNode(content);
      this.content.replaceChildren(this.textNode);
      this.content.classList.remove('ck-markdown');
      this.final = false;
    } else if (content.startsWith(this.text)) {
      // The reference streams a thought by resending it whole, one word longer each time.
      this.textNode.appendData(content.slice(this.text.length));
    } else {
      this.textNode.data = content;
    }
    this.text = content;
  }
}

export class TaskItemView {
  readonly kind = 'task';
  private readonly task = new TaskView(true);
  readonly el = this.task.el;

  constructor(private readonly strings: UiStrings) {}

  sync(item: TaskItemState): void {
    this.task.sync(item.task, item.done, this.strings);
  }
}

// ---------------------------------------------------------------------------------------------
// Workflows
// ---------------------------------------------------------------------------------------------

/** The workflow's one-line summary: live, from its summary, or a plain name. */
export function workflowLabel(workflow: Workflow, done: boolean, strings: UiStrings): string {
  const reasoning = workflow.type === 'reasoning';
  if (!done) return reasoning ? strings.thinking : strings.working;
  const summary = workflow.summary;
  if (summary && 'title' in summary && summary.title) return summary.title;
  if (summary && 'duration' in summary) {
    return reasoning ? strings.thoughtFor(summary.duration) : strings.workedFor(summary.duration);
  }
  return reasoning ? strings.thoughts : strings.steps;
}

export class WorkflowView {
  readonly kind = 'workflow';
  readonly el: HTMLElement;
  private readonly toggle: HTMLButtonElement;
  private readonly label: HTMLElement;
  private readonly panel: HTMLElement;
  private readonly tasks: TaskView[] = [];
  private wasDone = false;

  constructor(
    private readonly strings: UiStrings,
    item: WorkflowItemState,
  ) {
    this.el = h('div', `ck-workflow ck-workflow--${item.workflow.type}`);
    this.toggle = h('button', 'ck-workflow-toggle');
    this.toggle.type = 'button';
    this.label = h('span', 'ck-workflow-label');
    this.toggle.append(this.label, icon('M9 6l6 6-6 6'));
    this.panel = h('div', 'ck-workflow-tasks');
    this.panel.id = uniqueId('workflow');
    this.toggle.setAttribute('aria-controls', this.panel.id);
    this.toggle.addEventListener('click', () => {
      this.setExpanded(this.toggle.getAttribute('aria-expanded') !== 'true');
    });
    this.setExpanded(item.workflow.expanded);
    this.el.append(this.toggle, this.panel);
  }

  private setExpanded(expanded: boolean): void {
    this.toggle.setAttribute('aria-expanded', String(expanded));
    this.panel.hidden = !expanded;
  }

  sync(item: WorkflowItemState): void {
    const label = workflowLabel(item.workflow, item.done, this.strings);
    if (this.label.textContent !== label) this.label.textContent = label;
    this.el.classList.toggle('ck-workflow--live', !item.done);
    item.workflow.tasks.forEach((task, index) => {
      let view = this.tasks[index];
      if (!view) {
        view = new TaskView(false);
        this.tasks[index] = view;
        this.panel.append(view.el);
      }
      view.sync(task, item.done, this.strings);
    });
    for (const extra of this.tasks.splice(item.workflow.tasks.length)) extra.el.remove();
    // Finished with nothing to show (a reasoning item without a summary): nothing to disclose.
    const titled = item.workflow.summary !== undefined && 'title' in item.workflow.summary;
    this.el.hidden = item.done && item.workflow.tasks.length === 0 && !titled;
    // A server that finishes a workflow expanded wants it read; a reader's own choice otherwise stays.
    if (item.done && !this.wasDone && item.workflow.expanded) this.setExpanded(true);
    this.wasDone = item.done;
  }
}

// ---------------------------------------------------------------------------------------------
// Items this element cannot show
// ---------------------------------------------------------------------------------------------

export class NoteView {
  readonly kind = 'other';
  readonly el: HTMLElement;

  constructor(strings: UiStrings) {
    this.el = h('p', 'ck-note');
    this.el.textContent = strings.unsupportedItem;
  }

  sync(_item: OtherItemState): void {
    // The note says the same whatever the item becomes.
  }
}

export type ItemView = UserView | AssistantView | WorkflowView | TaskItemView | NoteView;

/** Whether an item shows anything: an end of turn and the server's hidden context do not. */
export function isVisible(item: ItemState): boolean {
  if (item.type === 'end_of_turn') return false;
  return item.type !== 'other' || !HIDDEN_TYPES.has(item.originalType);
}

/** A new view for an item (not yet synced), or null for an item that shows nothing. */
export function createItemView(item: ItemState, strings: UiStrings): ItemView | null {
  if (!isVisible(item)) return null;
  switch (item.type) {
    case 'user_message':
      return new UserView(renderUserMessage(item.content, strings));
    case 'assistant_message':
      return new AssistantView(strings);
    case 'workflow':
      return new WorkflowView(strings, item);
    case 'task':
      return new TaskItemView(strings);
    case 'other':
      return new NoteView(strings);
    case 'end_of_turn':
      return null;
  }
}

/** Brings a view up to date; the item must be of the view's kind. */
export function syncItemView(view: ItemView, item: ItemState): void {
  switch (view.kind) {
    case 'user_message':
      view.sync(item as UserItemState);
      break;
    case 'assistant_message':
      view.sync(item as AssistantItemState);
      break;
    case 'workflow':
      view.sync(item as WorkflowItemState);
      break;
    case 'task':
      view.sync(item as TaskItemState);
      break;
    case 'other':
      view.sync(item as OtherItemState);
      break;
  }
}
