/**
 * One view per thread item: the DOM of a user message (with the passage it quotes), an answer (its
 * streaming text, markdown, sources and, once finished, its actions: Copy and feedback), a workflow (a disclosure of its tasks: "Thinking…", then "Thought for 3s"), a task line,
 * or a neutral note for an item this element cannot show. Each view owns its element and brings it
 * up to date from the item's state (`sync`); an answer's text delta has its own constant-time path.
 */
import type { Annotation, Source, Task, UserContent, Workflow } from '../../contract';
import { h, icon, uniqueId } from './dom';
import { decorateLink, sourceHref } from '../markdown/links';
import { loadMarkdown, markdownNow, whenMarkdown } from '../markdown/loader';
import { FEEDBACK_REASONS, type FeedbackReason, type UiStrings } from './strings';
import type { CutShort } from '../thread/cut-short';
import {
  hasText,
  userText,
  type AssistantItemState,
  type ItemState,
  type OtherItemState,
  type PartState,
  type TaskItemState,
  type UserItemState,
  type WorkflowItemState,
} from '../thread/thread';

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

/** The passage a question quotes (`quoted_text`), shown above the question in its bubble. */
function renderQuote(quote: string, strings: UiStrings): HTMLElement {
  // A quote of several lines (a code block): each line in its own direction (styles.ts).
  const block = h(
    'blockquote',
    quote.includes('\n') ? 'ck-user-quote ck-user-quote--lines' : 'ck-user-quote',
  );
  const label = h('span', 'ck-visually-hidden');
  label.textContent = `${strings.quoteLabel} `;
  // The passage takes its own direction; the label (in the UI's language) must not decide it.
  const text = h('span');
  text.dir = 'auto';
  text.textContent = quote;
  block.append(label, text);
  return block;
}

/** Shows, replaces or removes the quote of a user bubble (it sits just before the body). */
function setUserQuote(el: HTMLElement, quote: string | undefined, strings: UiStrings): void {
  const existing = el.querySelector(':scope > .ck-user-quote');
  if (quote === undefined || quote.trim() === '') {
    existing?.remove();
    return;
  }
  const fresh = renderQuote(quote, strings);
  if (existing) existing.replaceWith(fresh);
  else el.lastElementChild?.before(fresh);
}

export function renderUserMessage(
  content: readonly UserContent[] | string,
  strings: UiStrings,
  quote?: string,
): HTMLElement {
  const el = h('div', 'ck-message ck-message--user');
  const label = h('span', 'ck-visually-hidden');
  label.textContent = `${strings.youSaid} `;
  // Readers may write in another script than the UI's: each message takes its own direction.
  const body = h('span');
  body.dir = 'auto';
  fillUserBody(body, content);
  el.append(label, body);
  setUserQuote(el, quote, strings);
  return el;
}

export class UserView {
  readonly kind = 'user_message';
  private key: string | undefined;

  constructor(
    readonly el: HTMLElement,
    private readonly strings: UiStrings,
  ) {}

  sync(item: UserItemState): void {
    const key = JSON.stringify([
      item.content.map((part) => [part.type, part.text]),
      item.quotedText,
    ]);
    if (key === this.key) return;
    this.key = key;
    const shownQuote = this.el.querySelector(':scope > .ck-user-quote');
    const quoteText = shownQuote?.lastChild?.textContent ?? undefined;
    if (quoteText !== item.quotedText) setUserQuote(this.el, item.quotedText, this.strings);
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
      return { key: source.url, title: source.title || source.url, href: sourceHref(source.url) };
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

/** What an answer's actions need from the element: the clipboard, the backend, the status line. */
/** Content below an opened feedback question up to this height still makes it the thread's end. */
const LAST_IN_THREAD_PX = 48;

export interface AnswerActionsHost {
  /** Whether thumbs up and down show (`threadItemActions.feedback`). */
  feedbackEnabled(): boolean;
  /** Writes text to the clipboard; rejects when the browser refuses. */
  copy(text: string): Promise<void>;
  /** Sends `items.feedback` for the answer; rejects when the backend did not take it. */
  sendFeedback(itemId: string, kind: FeedbackKind, why?: FeedbackWhy): Promise<void>;
  /** Says a short message through the surface's status region. */
  announce(message: string): void;
  /** Whether an answer cut short can be answered again now (it is the latest; nothing runs). */
  canRegenerate(answerId: string): boolean;
  /**
   * Answers its question again (`threads.retry_after_item`); the new answer replaces it. `box`
   * goes once the server takes the request. Undefined when it cannot start now.
   */
  regenerate(answerId: string, box: HTMLElement): Promise<void> | undefined;
}

export type FeedbackKind = 'positive' | 'negative';

/** Why an answer did not help: the reasons picked and a note (at most 1 000 characters). */
export interface FeedbackWhy {
  reasons: FeedbackReason[];
  note: string;
}

/** The longest note a reader may add to "Not helpful". */
export const FEEDBACK_NOTE_MAX = 1000;

/** How long "Copied" stays on screen. */
const COPIED_MS = 2000;

const ICONS = {
  copy:
    'M10 8h10a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H10a2 2 0 0 1-2-2V10a2 2 0 0 1 2-2z' +
    'M4 16a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2h10a2 2 0 0 1 2 2',
  check: 'M20 6 9 17l-5-5',
  thumbUp:
    'M7 10v12M15 5.88 14 10h5.83a2 2 0 0 1 1.92 2.56l-2.33 8A2 2 0 0 1 17.5 22H4a2 2 0 0 1-2-2v-8' +
    'a2 2 0 0 1 2-2h2.76a2 2 0 0 0 1.79-1.11L12 2a3.13 3.13 0 0 1 3 3.88Z',
  thumbDown:
    'M17 14V2M9 18.12 10 14H4.17a2 2 0 0 1-1.92-2.56l2.33-8A2 2 0 0 1 6.5 2H20a2 2 0 0 1 2 2v8' +
    'a2 2 0 0 1-2 2h-2.76a2 2 0 0 0-1.79 1.11L12 22a3.13 3.13 0 0 1-3-3.88Z',
};

function actionButton(className: string, label: string, path: string): HTMLButtonElement {
  const button = h('button', `ck-action ${className}`);
  button.type = 'button';
  button.setAttribute('aria-label', label);
  button.title = label;
  button.append(icon(path));
  return button;
}

/**
 * A code block's Copy shows its word through CSS (`data-label`), so the answer's text, and what a
 * reader selects and copies by hand, holds only the answer.
 */
function setCodeCopyLabel(button: HTMLButtonElement, visible: string, label: string): void {
  button.dataset.label = visible;
  button.setAttribute('aria-label', label);
}

/**
 * The buttons under a finished answer: Copy (its Markdown) and, when the host asks for them, thumbs
 * up and down (`items.feedback`). Beside them, one note for copying ("Copied" for a moment, or a
 * refused clipboard) and one for feedback that did not reach the backend, with Send again; the
 * status region says each to screen readers.
 */
class AnswerActions {
  readonly el: HTMLElement;
  private readonly copyButton: HTMLButtonElement;
  private readonly up: HTMLButtonElement;
  private readonly down: HTMLButtonElement;
  private readonly copyNote: HTMLElement;
  private readonly feedbackNote: HTMLElement;
  private readonly retry: HTMLButtonElement;
  private copyTimer: ReturnType<typeof setTimeout> | undefined;
  /** After "Not helpful": what was wrong (reasons and a note), until sent or skipped. */
  private reasonBox: HTMLElement | null = null;
  /** The reader's choice, kept while it is sent and after a failure, to send again. */
  private choice: { kind: FeedbackKind; state: 'sending' | 'sent' | 'failed' } | null = null;
  private attempt = 0;

  constructor(
    private readonly itemId: string,
    private readonly text: () => string,
    private readonly strings: UiStrings,
    private readonly host: AnswerActionsHost,
    /** A partial answer: no thumbs (a verdict on a fragment says nothing of the answer). */
    private readonly partial: boolean,
  ) {
    this.el = h('div', 'ck-actions');
    this.el.setAttribute('role', 'group');
    this.el.setAttribute('aria-label', strings.answerActions);
    // What the notes say is announced through the status region; the log must not repeat it.
    this.el.setAttribute('aria-live', 'off');
    this.copyButton = actionButton('ck-copy', strings.copyAnswer, ICONS.copy);
    this.copyButton.addEventListener('click', () => void this.copyAnswer());
    this.up = actionButton('ck-feedback', strings.feedbackPositive, ICONS.thumbUp);
    this.down = actionButton('ck-feedback', strings.feedbackNegative, ICONS.thumbDown);
    for (const [button, kind] of [
      [this.up, 'positive'],
      [this.down, 'negative'],
    ] as const) {
      button.setAttribute('aria-pressed', 'false');
      button.addEventListener('click', () => this.choose(kind));
    }
    this.copyNote = h('span', 'ck-action-note');
    this.feedbackNote = h('span', 'ck-action-note ck-action-note--problem');
    this.retry = h('button', 'ck-action-retry');
    this.retry.type = 'button';
    this.retry.textContent = strings.feedbackRetry;
    this.retry.hidden = true;
    this.retry.addEventListener('click', () => {
      if (this.choice) this.send(this.choice.kind);
    });
    this.el.append(
      this.copyButton,
      this.up,
      this.down,
      this.copyNote,
      this.feedbackNote,
      this.retry,
    );
    this.refresh();
  }

  /** Shows or hides the thumbs (and a pending Send again) after the host's options changed. */
  refresh(): void {
    const feedback = this.host.feedbackEnabled() && !this.partial;
    this.up.hidden = !feedback;
    this.down.hidden = !feedback;
    const failed = feedback && this.choice?.state === 'failed';
    this.retry.hidden = !failed;
    this.feedbackNote.hidden = !failed;
  }

  /** The copy note: "Copied" for a moment, or a refused clipboard until the next try. */
  private sayCopy(message: string, problem: boolean): void {
    clearTimeout(this.copyTimer);
    this.copyNote.textContent = message;
    this.copyNote.classList.toggle('ck-action-note--problem', problem);
    this.copyButton.replaceChildren(icon(problem ? ICONS.copy : ICONS.check));
    this.host.announce(message);
    if (problem) return;
    this.copyTimer = setTimeout(() => {
      this.copyNote.textContent = '';
      this.copyButton.replaceChildren(icon(ICONS.copy));
    }, COPIED_MS);
  }

  private async copyAnswer(): Promise<void> {
    try {
      await this.host.copy(this.text());
    } catch {
      this.sayCopy(this.strings.copyFailed, true);
      return;
    }
    this.sayCopy(this.strings.copied, false);
  }

  /** A code block's Copy: the button itself says "Copied" for a moment. */
  async copyCode(button: HTMLButtonElement, code: string): Promise<void> {
    const { copyCode, copied } = this.strings;
    try {
      await this.host.copy(code);
    } catch {
      this.sayCopy(this.strings.copyFailed, true);
      return;
    }
    setCodeCopyLabel(button, copied, copied);
    this.host.announce(copied);
    setTimeout(() => setCodeCopyLabel(button, copyCode.visible, copyCode.label), COPIED_MS);
  }

  private choose(kind: FeedbackKind): void {
    // A choice already sent (or on its way) stays; after a failure, pressing it again resends.
    if (this.choice?.kind === kind && this.choice.state !== 'failed') return;
    this.send(kind);
    if (kind === 'negative') this.askWhy();
    else this.closeWhy();
  }

  /**
   * "Not helpful" asks what was wrong: a few reasons to pick and an optional note, sent with the
   * feedback again (the kind in `items.feedback`, the reasons and note in its `metadata`, which a
   * backend may ignore). Skip closes it; nothing is asked twice.
   */
  private askWhy(): void {
    if (this.reasonBox) return;
    const t = this.strings.feedbackReason;
    const box = h('div', 'ck-feedback-reason');
    box.setAttribute('role', 'group');
    const question = h('p', 'ck-feedback-reason-question');
    question.id = uniqueId('why');
    question.textContent = t.question;
    box.setAttribute('aria-labelledby', question.id);
    const chips = h('div', 'ck-feedback-reason-chips');
    const picked = new Set<FeedbackReason>();
    for (const reason of FEEDBACK_REASONS) {
      const chip = h('button', 'ck-feedback-reason-chip');
      chip.type = 'button';
      chip.textContent = t.reasons[reason];
      chip.setAttribute('aria-pressed', 'false');
      chip.addEventListener('click', () => {
        if (picked.has(reason)) picked.delete(reason);
        else picked.add(reason);
        chip.setAttribute('aria-pressed', String(picked.has(reason)));
      });
      chips.append(chip);
    }
    const note = h('textarea', 'ck-feedback-reason-note');
    note.rows = 2;
    note.maxLength = FEEDBACK_NOTE_MAX;
    note.setAttribute('aria-label', t.note);
    note.placeholder = t.note;
    note.dir = 'auto';
    const send = h('button', 'ck-action-retry');
    send.type = 'button';
    send.textContent = t.send;
    send.addEventListener('click', () => {
      const why = { reasons: [...picked], note: note.value.trim().slice(0, FEEDBACK_NOTE_MAX) };
      this.closeWhy();
      this.send('negative', why);
    });
    const skip = h('button', 'ck-feedback-reason-skip');
    skip.type = 'button';
    skip.textContent = t.skip;
    skip.addEventListener('click', () => this.closeWhy());
    const buttons = h('div', 'ck-feedback-reason-buttons');
    buttons.append(send, skip);
    box.append(question, chips, note, buttons);
    this.el.after(box);
    this.reasonBox = box;
    // The question opens below the answer's actions, often past the thread's end: bring it in. At
    // the thread's end that is the end itself (its padding included), where the thread's own pin to
    // the end would put it too: one place, whichever of the two runs last.
    const log = box.closest<HTMLElement>('[role="log"]');
    const past = log ? box.getBoundingClientRect().bottom - log.getBoundingClientRect().bottom : 0;
    const rest = log ? log.scrollHeight - log.scrollTop - log.clientHeight - past : Infinity;
    if (log && rest <= LAST_IN_THREAD_PX) log.scrollTop = log.scrollHeight;
    else box.scrollIntoView?.({ block: 'nearest' });
  }

  private closeWhy(): void {
    this.reasonBox?.remove();
    this.reasonBox = null;
  }

  private send(kind: FeedbackKind, why?: FeedbackWhy): void {
    this.choice = { kind, state: 'sending' };
    this.up.setAttribute('aria-pressed', String(kind === 'positive'));
    this.down.setAttribute('aria-pressed', String(kind === 'negative'));
    this.feedbackNote.textContent = '';
    this.refresh();
    const attempt = ++this.attempt;
    this.host.sendFeedback(this.itemId, kind, why).then(
      () => {
        if (attempt !== this.attempt) return;
        this.choice = { kind, state: 'sent' };
        this.host.announce(this.strings.feedbackSent);
      },
      () => {
        if (attempt !== this.attempt) return;
        this.choice = { kind, state: 'failed' };
        this.feedbackNote.textContent = this.strings.feedbackFailed;
        this.refresh();
        this.host.announce(this.strings.feedbackFailed);
      },
    );
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
  /** After the body and sources: how it was cut short, then the actions of a finished answer. */
  private readonly end: HTMLElement;
  /** "Stopped", "Cut off when the page reloaded"…, with Regenerate while it can be used. */
  private cutNote: { el: HTMLElement; how: CutShort; regenerate: HTMLButtonElement } | null = null;
  private actions: AnswerActions | null = null;
  private readonly itemId: string;

  constructor(
    private readonly strings: UiStrings,
    private readonly host: AnswerActionsHost,
    item: AssistantItemState,
  ) {
    this.itemId = item.id;
    this.el = h('div', 'ck-message ck-message--assistant');
    const label = h('span', 'ck-visually-hidden');
    label.textContent = `${strings.assistantSaid} `;
    this.body = h('div', 'ck-message-body');
    this.body.dir = 'auto';
    this.end = h('div', 'ck-message-end');
    this.el.append(label, this.body, this.end);
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
    this.renderEnd(item);
  }

  /** The host's options changed (feedback turned on or off), or a run started or ended. */
  refreshActions(): void {
    this.actions?.refresh();
    if (this.cutNote) this.cutNote.regenerate.hidden = !this.host.canRegenerate(this.itemId);
  }

  /** The answer as Markdown, as the model wrote it: what Copy puts on the clipboard. */
  private markdown(): string {
    return this.parts
      .filter((part) => part !== undefined && part.text.trim() !== '')
      .map((part) => part.text.trim())
      .join('\n\n');
  }

  /**
   * A finished answer (done, or cut short, with text) gets its actions; one cut short says how
   * (stopped, cut off by a reload, a dropped connection) and, while it is the latest answer,
   * offers Regenerate. An answer that broke off while the page watched has its error box instead.
   */
  private renderEnd(item: AssistantItemState): void {
    const how = item.ended === 'broken' ? undefined : item.ended;
    if (this.cutNote && this.cutNote.how !== how) {
      this.cutNote.el.remove();
      this.cutNote = null;
    }
    if (how && !this.cutNote) {
      const el = h('p', 'ck-stopped');
      const words = h('span');
      words.textContent =
        how === 'stopped'
          ? this.strings.stopped
          : how === 'reloaded'
            ? this.strings.cutOffReload
            : this.strings.connectionDropped;
      // The element announces "Answer stopped."; the log must not read the note as news.
      el.setAttribute('aria-live', 'off');
      const regenerate = h('button', 'ck-regenerate');
      regenerate.type = 'button';
      regenerate.textContent = this.strings.regenerate;
      regenerate.addEventListener('click', () => {
        if (!this.host.regenerate(this.itemId, el)) regenerate.hidden = true;
      });
      el.append(words, ' ', regenerate);
      this.end.prepend(el);
      this.cutNote = { el, how, regenerate };
    }
    if (this.cutNote) this.cutNote.regenerate.hidden = !this.host.canRegenerate(this.itemId);
    const finished = item.done && item.ended !== 'broken' && hasText(item);
    if (finished && !this.actions) {
      this.actions = new AnswerActions(
        this.itemId,
        () => this.markdown(),
        this.strings,
        this.host,
        how !== undefined,
      );
      this.end.append(this.actions.el);
      for (const part of this.parts) if (part?.done) this.addCodeCopy(part.el);
    } else if (!finished && this.actions) {
      this.actions.el.remove();
      this.actions = null;
    }
  }

  /** Each code block of a finished answer gets its own Copy. */
  private addCodeCopy(root: HTMLElement): void {
    const actions = this.actions;
    if (!actions) return;
    for (const pre of root.querySelectorAll('pre')) {
      if (pre.parentElement?.classList.contains('ck-code')) continue;
      const wrap = h('div', 'ck-code');
      const button = h('button', 'ck-code-copy');
      button.type = 'button';
      setCodeCopyLabel(button, this.strings.copyCode.visible, this.strings.copyCode.label);
      button.addEventListener('click', () => void actions.copyCode(button, pre.textContent ?? ''));
      pre.replaceWith(wrap);
      wrap.append(button, pre);
    }
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

  /**
   * Markdown is rendered once, when the part's text is final (and the reader has arrived: until
   * then the text stays as it streamed, and is rendered when it comes).
   */
  private finalize(part: PartView, text: string, render = markdownNow()): void {
    part.text = text;
    part.done = true;
    if (!render) {
      if (part.textNode) part.textNode.data = text;
      else part.el.replaceChildren((part.textNode = document.createTextNode(text)));
      loadMarkdown().catch(() => undefined); // an answer ended: it is needed now
      whenMarkdown((arrived) => {
        if (part.text === text && this.parts.includes(part)) this.finalize(part, text, arrived);
      });
      return;
    }
    part.el.className = 'ck-markdown';
    part.el.replaceChildren(render(text, { newTabHint: this.strings.newTab }));
    part.textNode = null;
    this.addCodeCopy(part.el);
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
    else this.el.insertBefore(container, this.end);
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
        this.text = content;
        this.final = true;
        this.renderThought(content, strings);
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

  /** A final thought as Markdown, once the reader has arrived (as written until then). */
  private renderThought(content: string, strings: UiStrings, render = markdownNow()): void {
    if (!render) {
      this.content.replaceChildren(content);
      this.content.classList.remove('ck-markdown');
      this.textNode = null;
      loadMarkdown().catch(() => undefined);
      whenMarkdown((arrived) => {
        if (this.final && this.text === content) this.renderThought(content, strings, arrived);
      });
      return;
    }
    this.content.replaceChildren(render(content, { newTabHint: strings.newTab }));
    this.content.classList.add('ck-markdown');
    this.textNode = null;
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
export function createItemView(
  item: ItemState,
  strings: UiStrings,
  actions: AnswerActionsHost,
): ItemView | null {
  if (!isVisible(item)) return null;
  switch (item.type) {
    case 'user_message':
      return new UserView(renderUserMessage(item.content, strings, item.quotedText), strings);
    case 'assistant_message':
      return new AssistantView(strings, actions, item);
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
