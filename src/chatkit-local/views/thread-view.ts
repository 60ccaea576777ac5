/**
 * The conversation's DOM: the `role="log"` region holding one view per item, notices and error
 * boxes in the order they came, and the status lines that trail it (progress, typing). It renders
 * what `ThreadModel` says and keeps the reader at the latest message while they are reading it.
 */
import { h } from './dom';
import {
  AssistantView,
  createItemView,
  renderUserMessage,
  syncItemView,
  UserView,
  type AnswerActionsHost,
  type ItemView,
} from './item-views';
import type { UiStrings } from './strings';
import type { AssistantItemState, ItemState } from '../thread/thread';

/** How close (px) to the bottom counts as "reading the latest message" for auto-scroll. */
const STICK_THRESHOLD_PX = 48;

export interface ThreadViewHost {
  /** The UI strings of the current locale. */
  strings(): UiStrings;
  /** The log gained or lost children (the start screen shows only while it is empty). */
  onLayout(): void;
  /** What the actions under a finished answer (Copy, feedback) act through. */
  readonly actions: AnswerActionsHost;
}

export class ThreadView {
  private readonly views = new Map<string, ItemView>();
  /** The reader's message, shown once the server accepted it and until its item arrives. */
  private pendingUser: HTMLElement | null = null;
  private typing: HTMLElement | null = null;
  private progress: HTMLElement | null = null;
  private stickToBottom = true;
  private scrollScheduled = false;

  constructor(
    readonly log: HTMLElement,
    private readonly host: ThreadViewHost,
  ) {
    let lastTop = 0;
    log.addEventListener('scroll', () => {
      // Scroll events arrive a frame late, when more text may already have grown the log: only a
      // move upwards is the reader leaving the end; reaching the end again re-attaches.
      const top = log.scrollTop;
      const nearEnd = log.scrollHeight - top - log.clientHeight <= STICK_THRESHOLD_PX;
      if (top < lastTop - 1) this.stickToBottom = nearEnd;
      else if (nearEnd) this.stickToBottom = true;
      lastTop = top;
    });
    // The log shrinks when the composer grows (a quoted passage above it, a second line): a reader
    // at the end stays at the end, as the last answer was, whichever came first.
    if (typeof ResizeObserver === 'function') {
      new ResizeObserver(() => this.scheduleScroll()).observe(log);
    }
  }

  private get strings(): UiStrings {
    return this.host.strings();
  }

  /** Empties the log (a new conversation, or before a thread is restored). */
  clear(): void {
    this.views.clear();
    this.pendingUser = null;
    this.typing = null;
    this.progress = null;
    this.log.replaceChildren();
    this.host.onLayout();
  }

  /** Items go above the status lines (progress, typing) that trail the thread. */
  append(node: Node): void {
    this.log.insertBefore(node, this.progress ?? this.typing ?? null);
    this.host.onLayout();
    this.scheduleScroll();
  }

  /** Shows the reader's message (and the passage it quotes) as soon as the server accepted it. */
  showPendingUser(text: string, quote?: string): void {
    this.pendingUser = renderUserMessage(text, this.strings, quote);
    this.append(this.pendingUser);
  }

  /** The host's options changed: answers show or hide their feedback buttons. */
  refreshActions(): void {
    for (const view of this.views.values()) {
      if (view instanceof AssistantView) view.refreshActions();
    }
  }

  /** Creates or updates the view of an item from its state. */
  renderItem(item: ItemState): void {
    let view = this.views.get(item.id);
    if (item.type === 'user_message') {
      // The bubble shown on acceptance becomes the server's item: one message, one node.
      const pending = this.pendingUser?.isConnected ? this.pendingUser : null;
      this.pendingUser = null;
      if (!view && pending) {
        view = new UserView(pending, this.strings);
        this.views.set(item.id, view);
      }
    }
    if (view && view.kind !== item.type) {
      // Replaced by an item of another kind.
      const fresh = createItemView(item, this.strings, this.host.actions);
      if (fresh) view.el.replaceWith(fresh.el);
      else view.el.remove();
      this.views.delete(item.id);
      if (!fresh) return;
      view = fresh;
      this.views.set(item.id, view);
    } else if (!view) {
      view = createItemView(item, this.strings, this.host.actions) ?? undefined;
      if (!view) return;
      this.views.set(item.id, view);
      this.append(view.el);
    }
    syncItemView(view, item);
    this.scheduleScroll();
  }

  /** The streaming fast path: appends `delta` to a live Text node. */
  appendText(item: AssistantItemState, index: number, delta: string): void {
    const view = this.views.get(item.id);
    if (view?.kind !== 'assistant_message') {
      this.renderItem(item);
      return;
    }
    (view as AssistantView).appendText(item, index, delta);
    this.scheduleScroll();
  }

  removeItem(id: string): void {
    const view = this.views.get(id);
    if (!view) return;
    view.el.remove();
    this.views.delete(id);
    this.host.onLayout();
  }

  /** Drops what followed a user message (a failed answer, its error box) before it is retried. */
  removeAfter(itemId: string): void {
    const anchor = this.views.get(itemId)?.el;
    if (!anchor) return;
    let node = anchor.nextElementSibling;
    while (node && node !== this.progress && node !== this.typing) {
      const next = node.nextElementSibling;
      node.remove();
      node = next;
    }
    for (const [id, view] of this.views) if (!view.el.isConnected) this.views.delete(id);
    this.host.onLayout();
  }

  setProgress(text: string | undefined): void {
    if (text === undefined) {
      if (!this.progress) return;
      this.progress.remove();
      this.progress = null;
      this.host.onLayout();
      return;
    }
    if (!this.progress) {
      this.progress = h('p', 'ck-progress');
      this.log.insertBefore(this.progress, this.typing);
    }
    this.progress.textContent = text;
    this.host.onLayout();
    this.scheduleScroll();
  }

  get typingShown(): boolean {
    return this.typing !== null;
  }

  showTyping(): void {
    if (this.typing) return;
    const typing = h('div', 'ck-typing');
    const text = h('span', 'ck-visually-hidden');
    text.textContent = this.strings.typing;
    typing.append(text);
    for (let i = 0; i < 3; i += 1) {
      const dot = h('span', 'ck-typing-dot');
      dot.setAttribute('aria-hidden', 'true');
      typing.append(dot);
    }
    this.typing = typing;
    this.log.append(typing);
    this.host.onLayout();
    this.scheduleScroll();
  }

  hideTyping(): void {
    if (!this.typing) return;
    this.typing.remove();
    this.typing = null;
    this.host.onLayout();
  }

  /** After a locale change, the typing line speaks the new language. */
  relabel(): void {
    const label = this.typing?.querySelector('.ck-visually-hidden');
    if (label) label.textContent = this.strings.typing;
  }

  renderNotice(level: 'info' | 'warning' | 'danger', message: string, title?: string): HTMLElement {
    const box = h('div', `ck-notice ck-notice--${level}`);
    const heading = h('span', 'ck-notice-title');
    heading.textContent = `${title ?? this.strings.notice[level]} `;
    box.append(heading, document.createTextNode(message));
    return box;
  }

  /**
   * An in-thread error. With `retry`, it offers a Retry button; `retry` returns undefined when it
   * cannot start now (another answer is running), else a promise that settles when the retry ends.
   */
  renderErrorBox(
    message: string,
    retry?: (box: HTMLElement) => Promise<void> | undefined,
  ): HTMLElement {
    const box = h('div', 'ck-error');
    const text = h('p');
    text.textContent = message;
    box.append(text);
    if (retry) {
      const button = h('button', 'ck-retry');
      button.type = 'button';
      button.textContent = this.strings.retry;
      button.addEventListener('click', () => {
        if (button.disabled) return;
        const running = retry(box);
        if (!running) return;
        button.disabled = true;
        void running.finally(() => {
          if (box.isConnected) button.disabled = false;
        });
      });
      box.append(button);
    }
    return box;
  }

  scheduleScroll(force = false): void {
    if (force) this.stickToBottom = true;
    if (!this.stickToBottom || this.scrollScheduled) return;
    this.scrollScheduled = true;
    const run = () => {
      this.scrollScheduled = false;
      if (this.stickToBottom) this.log.scrollTop = this.log.scrollHeight;
    };
    // One layout read per frame, however many deltas arrived in it.
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(run);
    else setTimeout(run, 0);
  }
}
