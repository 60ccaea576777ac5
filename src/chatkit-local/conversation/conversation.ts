/**
 * The run lifecycle of the local element: one conversation with the backend. It sends a question
 * and follows its answer's stream (`threads.create`, `threads.add_user_message`), retries an answer
 * (`threads.retry_after_item`), stops it, restores a stored thread (`threads.get_by_id` and
 * `items.list`) and sends feedback. What the events say is kept by `ThreadModel` (`thread.ts`) and
 * drawn by `ThreadView` (`thread-view.ts`); what it means for the composer, the header and the host
 * page goes through `ConversationHost`.
 *
 * The rules it keeps: a request is never sent twice once the server may have stored it (a stream
 * that broke after a 2xx answer is reconciled with `threads.get_by_id`); what the reader typed goes
 * back into the composer whenever the server did not take it; a stopped or broken answer keeps what
 * arrived; a newer run or thread supersedes an older one without the older one touching its view.
 */
import type { ChatKitEvents } from '@openai/chatkit';
import type { ChatKitRequestInput, Thread, UserMessageItem } from '../../contract';
import { forgetCutShort, readCutShort, rememberCutShort, type CutShort } from '../thread/cut-short';
import { ChatKitHttpError, ChatKitStreamError } from '../transport/chatkitErrors';
import { h } from '../views/dom';
import { isVisible } from '../views/item-views';
import type { SkippedEvent } from '../transport/sse';
import type { UiStrings } from '../views/strings';
import { ThreadModel, hasText, userText, type ThreadChange } from '../thread/thread';
import type { ThreadView } from '../views/thread-view';
import type { ChatKitTransport } from '../transport/transport';

/**
 * How long before `pagehide` a broken connection counts as the page leaving: engines that break
 * connections when a navigation starts fire `pagehide` once the next page answers.
 */
const LEAVING_GRACE_MS = 5000;

export type EventDetail<K extends keyof ChatKitEvents> =
  ChatKitEvents[K] extends CustomEvent<infer D> ? D : never;

/** `stopped`: the reader pressed Stop; the partial answer stays. */
export type AbortReason = 'superseded' | 'disconnected' | 'stopped';

export type LoadReason = 'initial' | 'switch' | 'refresh';

/** A question sent (its text and quote go back into the composer if it is not taken), or a retry. */
export type RunContext =
  | { kind: 'send'; text: string; reply?: string }
  | {
      kind: 'retry';
      /** The failed answer's error box whose Retry started this run. */
      errorBox: HTMLElement;
      retryAfterItemId: string;
    };

export interface ConversationHost {
  /** The UI strings of the current locale. */
  strings(): UiStrings;
  emit<K extends keyof ChatKitEvents>(type: K, detail: EventDetail<K>): void;
  /** The element's own notes (`local.*`). */
  log(name: string, data?: Record<string, unknown>): void;
  /** Says a short message through the status region. */
  announce(message: string): void;
  /** Busy, or whether the running answer may be stopped, changed: Send/Stop and prompts follow. */
  runStateChanged(): void;
  /** The thread's id, title or items changed: the header and the start screen follow. */
  threadChanged(): void;
  /** The server took the reader's message: it leaves the composer (if it is still there). */
  messageTaken(text: string, reply: string | undefined): void;
  /** The server did not take it: it goes back into the composer (unless a new draft is there). */
  messageReturned(text: string, reply: string | undefined): void;
}

function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

export class Conversation {
  readonly model = new ThreadModel();
  private runController: AbortController | null = null;
  private loadController: AbortController | null = null;
  /** A thread being restored; sending waits for it. */
  loading: Promise<void> | null = null;
  /** An answer runs (from the request until its stream has ended). */
  busy = false;
  /** The running answer has shown text: the typing line does not come back. */
  private answerShown = false;
  /**
   * The page is going away (`pagehide`): the browser is about to break the answer's connection,
   * and that is the reload, not a dropped connection.
   */
  private leaving = false;
  /** Answers marked 'dropped', and when: a `pagehide` soon after makes them 'reloaded'. */
  private dropped: { threadId: string; itemId: string; at: number }[] = [];

  constructor(
    private readonly view: ThreadView,
    private readonly transport: ChatKitTransport,
    private readonly host: ConversationHost,
  ) {}

  private get strings(): UiStrings {
    return this.host.strings();
  }

  /** An answer is running now. */
  get running(): boolean {
    return this.runController !== null;
  }

  /** The running answer may be stopped (the server said so in `stream_options`). */
  get canStop(): boolean {
    return this.busy && this.runController !== null && this.model.allowCancel;
  }

  // -------------------------------------------------------------------------------------------
  // What the element asks of it
  // -------------------------------------------------------------------------------------------

  /** Sends the reader's question: on the current thread, or as a new one. */
  send(request: ChatKitRequestInput, ctx: RunContext & { kind: 'send' }): Promise<void> {
    return this.runStream(request, ctx);
  }

  /** Stop: ends the request; what arrived stays, marked as stopped (see `onStopped`). */
  stop(): void {
    this.runController?.abort('stopped' satisfies AbortReason);
  }

  /** Clears the thread and shows the start screen; the composer keeps its text. */
  startNew(): void {
    this.model.reset();
    this.view.clear();
    this.host.threadChanged();
  }

  /** Ends what runs (an answer, a thread being restored). */
  abort(reason: AbortReason): void {
    this.runController?.abort(reason);
    this.runController = null;
    this.loadController?.abort(reason);
    this.loadController = null;
  }

  /** Restores a stored thread (on start, on a switch) or reads it again (`fetchUpdates`). */
  load(threadId: string, reason: LoadReason): Promise<void> {
    this.abort('superseded');
    const controller = new AbortController();
    this.loadController = controller;
    const promise = this.doLoad(threadId, reason, controller).finally(() => {
      if (this.loadController === controller) this.loadController = null;
      if (this.loading === promise) {
        this.loading = null;
        // Regenerate waits for the thread to be restored.
        this.view.refreshActions();
      }
    });
    this.loading = promise;
    return promise;
  }

  /** An answer cut short can be answered again: it is the latest, and nothing runs. */
  canRegenerate(answerId: string): boolean {
    return !this.busy && !this.loading && this.model.questionBefore(answerId) !== undefined;
  }

  /**
   * Regenerate: asks for a new answer to the question of an answer cut short
   * (`threads.retry_after_item` on that question); the server replaces what followed it, and so
   * does the view once the new answer starts. Undefined when it cannot start now.
   */
  regenerate(answerId: string, box: HTMLElement): Promise<void> | undefined {
    const threadId = this.model.id;
    const questionId = this.model.questionBefore(answerId);
    if (!threadId || !questionId || !this.canRegenerate(answerId)) return undefined;
    return this.runStream(
      { type: 'threads.retry_after_item', params: { thread_id: threadId, item_id: questionId } },
      { kind: 'retry', errorBox: box, retryAfterItemId: questionId },
    );
  }

  /**
   * The page is going away (`pagehide`: a reload, a link to another site, the tab closed) while an
   * answer streams: the answer will be cut off, so it is remembered for when the thread comes back.
   */
  pageHidden(): void {
    this.leaving = true;
    if (this.running) this.rememberOpenAnswers('reloaded');
    // Firefox and WebKit break the page's connections when a navigation starts, before pagehide:
    // an answer that "dropped" just before was cut by the page leaving.
    const now = performance.now();
    for (const { threadId, itemId, at } of this.dropped) {
      if (now - at < LEAVING_GRACE_MS) rememberCutShort(threadId, itemId, 'reloaded');
    }
    this.dropped = [];
  }

  /** The page is shown again (back from the back/forward cache): it is not leaving any more. */
  pageShown(): void {
    this.leaving = false;
  }

  /** Remembers the answers still streaming, with text, as cut short (`cut-short.ts`). */
  private rememberOpenAnswers(how: CutShort): void {
    const threadId = this.model.id;
    if (!threadId) return;
    for (const item of this.model.items.values()) {
      if (item.type === 'assistant_message' && !item.done && hasText(item)) {
        rememberCutShort(threadId, item.id, how);
        if (how === 'dropped')
          this.dropped.push({ threadId, itemId: item.id, at: performance.now() });
      }
    }
  }

  /** Thumbs up or down on an answer (`items.feedback`); a failure is logged and thrown. */
  async sendFeedback(
    itemId: string,
    kind: 'positive' | 'negative',
    why?: { reasons: readonly string[]; note: string },
  ): Promise<void> {
    const threadId = this.model.id;
    if (!threadId) throw new Error('No thread to send feedback for.');
    try {
      const response = await this.transport.post(
        {
          type: 'items.feedback',
          params: { thread_id: threadId, item_ids: [itemId], kind },
          // Why, where the reader said: the protocol's free-form metadata (a backend may ignore it).
          ...(why && { metadata: { feedback: { reasons: [...why.reasons], note: why.note } } }),
        },
        new AbortController().signal,
        false,
      );
      await response.text();
    } catch (error) {
      this.host.log('feedback.failed', {
        itemId,
        kind,
        ...(error instanceof ChatKitHttpError && { status: error.status }),
      });
      throw error;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Applying the thread's changes
  // -------------------------------------------------------------------------------------------

  private apply(changes: readonly ThreadChange[]): void {
    const { view, host } = this;
    for (const change of changes) {
      switch (change.type) {
        case 'thread':
          host.threadChanged();
          if (change.created) host.emit('chatkit.thread.change', { threadId: this.model.id! });
          break;
        case 'item': {
          const { item } = change;
          view.renderItem(item);
          if (change.added && item.type === 'other' && isVisible(item)) {
            host.emit('chatkit.log', {
              name: 'item.unrendered',
              data: { type: item.originalType, id: item.id },
            });
          }
          this.updateTyping(item.type === 'assistant_message' && (item.done || hasText(item)));
          break;
        }
        case 'text':
          view.appendText(change.item, change.index, change.delta);
          if (change.delta !== '') this.updateTyping(true);
          break;
        case 'item.removed':
          view.removeItem(change.id);
          host.threadChanged();
          break;
        case 'progress':
          view.setProgress(change.text);
          break;
        case 'notice':
          view.append(view.renderNotice(change.level, change.message, change.title));
          break;
        case 'error':
          throw new ChatKitStreamError(change.code, change.allowRetry, {
            ...(change.message !== undefined && { readerMessage: change.message }),
          });
        case 'effect':
          host.emit('chatkit.effect', { name: change.name, data: change.data });
          break;
        case 'update.ignored':
          break;
      }
    }
  }

  /**
   * The typing line shows while an answer runs and nothing of it reads yet: it goes with the first
   * text, steps aside while a workflow thinks, and comes back when the workflow is done.
   */
  private updateTyping(textShown: boolean): void {
    const { view } = this;
    if (textShown) this.answerShown = true;
    if (this.answerShown) {
      view.hideTyping();
      return;
    }
    const thinking = [...this.model.items.values()].some(
      (item) => item.type === 'workflow' && !item.done,
    );
    if (thinking) view.hideTyping();
    else if (this.runController && !view.typingShown) view.showTyping();
  }

  /** A partial answer keeps what arrived, rendered, so nothing is left half-parsed. */
  private closeOpenAnswers(): void {
    for (const change of this.model.closeOpen()) {
      if (change.type === 'item') this.view.renderItem(change.item);
      else if (change.type === 'progress') this.view.setProgress(undefined);
    }
  }

  /** An in-thread error box whose Retry (when allowed) answers the latest question again. */
  private renderErrorBox(message: string, allowRetry: boolean): HTMLElement {
    const threadId = this.model.id;
    const itemId = this.model.lastUserItemId;
    if (!allowRetry || !threadId || !itemId) return this.view.renderErrorBox(message);
    return this.view.renderErrorBox(message, (box) => {
      if (this.runController) return undefined;
      return this.runStream(
        { type: 'threads.retry_after_item', params: { thread_id: threadId, item_id: itemId } },
        { kind: 'retry', errorBox: box, retryAfterItemId: itemId },
      );
    });
  }

  private setBusy(busy: boolean): void {
    this.busy = busy;
    this.view.log.setAttribute('aria-busy', String(busy));
    // Regenerate shows under the latest answer cut short, and only while nothing runs.
    this.view.refreshActions();
    this.host.runStateChanged();
  }

  // -------------------------------------------------------------------------------------------
  // Answers
  // -------------------------------------------------------------------------------------------

  private onSkipped = (skipped: SkippedEvent): void => {
    this.host.emit('chatkit.log', { name: 'event.skipped', data: { ...skipped } });
  };

  private async runStream(request: ChatKitRequestInput, ctx: RunContext): Promise<void> {
    const { view, host } = this;
    const controller = new AbortController();
    this.runController = controller;
    this.answerShown = false;
    // Each answer says for itself whether it may be stopped (`stream_options`).
    this.model.allowCancel = false;
    let accepted = false;
    let answered = false; // the server answered 2xx: it may have stored the message
    this.setBusy(true);
    view.showTyping();
    view.scheduleScroll(true);
    host.emit('chatkit.response.start', undefined);
    try {
      const response = await this.transport.post(request, controller.signal, true);
      answered = true;
      for await (const event of this.transport.events(
        response,
        controller.signal,
        this.onSkipped,
      )) {
        // A listener of an event dispatched below may have started something newer.
        if (controller.signal.aborted) break;
        if (!accepted) {
          accepted = true;
          this.onAccepted(ctx);
        }
        this.apply(this.model.apply(event));
        if (event.type === 'stream_options') host.runStateChanged();
      }
      if (controller.signal.aborted) throw controller.signal.reason;
      if (!accepted || this.model.hasOpenAnswer()) {
        throw new ChatKitStreamError('stream.interrupted', true);
      }
    } catch (error) {
      if (controller.signal.aborted) {
        this.onAborted(ctx, accepted, controller.signal.reason as AbortReason);
      } else if (answered && !accepted && ctx.kind === 'send' && this.model.id) {
        await this.reconcileUnconfirmedSend(error, ctx, controller.signal);
      } else {
        this.onFailed(error, ctx, accepted);
      }
    } finally {
      if (this.runController === controller) this.runController = null;
      // A run superseded by a newer one must not tear down the newer one's status lines.
      if (this.runController === null) {
        // What the server left open (a workflow it never finished) stops looking live.
        this.closeOpenAnswers();
        view.hideTyping();
        view.setProgress(undefined);
        this.setBusy(false);
      }
      host.emit('chatkit.response.end', undefined);
    }
  }

  private onAccepted(ctx: RunContext): void {
    const { view } = this;
    if (ctx.kind === 'send') {
      this.host.messageTaken(ctx.text, ctx.reply);
      view.showPendingUser(ctx.text, ctx.reply);
    } else {
      const hadFocus = ctx.errorBox.contains(document.activeElement);
      // The reference server deletes what followed the question without telling the client.
      const removed = this.model.removeAfter(ctx.retryAfterItemId);
      if (this.model.id) forgetCutShort(this.model.id, removed);
      view.removeAfter(ctx.retryAfterItemId);
      ctx.errorBox.remove();
      this.host.threadChanged();
      if (hadFocus) view.log.focus({ preventScroll: true });
    }
    view.scheduleScroll(true);
  }

  /**
   * The server answered 2xx, then the stream broke before its first event: the message may or may
   * not be stored. Sending it again could store it twice, so look first (`threads.get_by_id`):
   * stored, it is shown and its answer can be retried alone (`threads.retry_after_item`); not
   * stored (or the thread cannot be read), it goes back into the composer as before.
   */
  private async reconcileUnconfirmedSend(
    error: unknown,
    ctx: RunContext & { kind: 'send' },
    signal: AbortSignal,
  ): Promise<void> {
    const threadId = this.model.id;
    let stored: UserMessageItem | undefined;
    try {
      const thread = await this.transport.getThread(threadId!, signal);
      const users = thread.items.data.filter((item) => item.type === 'user_message');
      const last = users[users.length - 1];
      if (last && !this.model.items.has(last.id) && userText(last.content) === ctx.text) {
        stored = last;
      }
    } catch {
      // Unknown: the reader keeps the text and may send it again.
    }
    if (signal.aborted || this.model.id !== threadId) return;
    if (!stored) return this.onFailed(error, ctx, false);
    this.onAccepted(ctx);
    this.apply(this.model.apply({ type: 'thread.item.done', item: stored }));
    this.onFailed(error, ctx, true);
  }

  private onAborted(ctx: RunContext, accepted: boolean, reason: AbortReason): void {
    if (reason === 'stopped') return this.onStopped();
    // Superseded runs belong to a view that has already been replaced.
    if (reason !== 'disconnected') return;
    // The element left the page while the answer streamed.
    this.rememberOpenAnswers('reloaded');
    this.closeOpenAnswers();
    if (!accepted) {
      this.returnMessage(ctx);
    } else {
      this.view.append(this.renderErrorBox(this.strings.answerInterrupted, true));
    }
  }

  /**
   * The reader stopped the answer. What arrived stays, final and marked "Stopped" (the server keeps
   * it too, as `handle_stream_cancelled` does); an answer that had no text yet is dropped (the
   * server keeps none) and the note stands alone. The next question works as usual.
   */
  private onStopped(): void {
    const { view } = this;
    let kept = false;
    for (const change of this.model.closeOpen('stopped')) {
      if (change.type === 'progress') {
        view.setProgress(undefined);
        continue;
      }
      if (change.type !== 'item') continue;
      const { item } = change;
      if (item.type === 'assistant_message' && !hasText(item)) {
        this.model.items.delete(item.id);
        view.removeItem(item.id);
        continue;
      }
      if (item.type === 'assistant_message') {
        kept = true;
        if (this.model.id) rememberCutShort(this.model.id, item.id, 'stopped');
      }
      view.renderItem(item);
    }
    if (!kept) {
      const note = h('p', 'ck-stopped ck-stopped--alone');
      note.textContent = this.strings.stopped;
      note.setAttribute('aria-live', 'off');
      view.append(note);
    }
    this.host.announce(this.strings.answerStopped);
    this.host.log('answer.stopped');
  }

  private onFailed(error: unknown, ctx: RunContext, accepted: boolean): void {
    const reported = error instanceof Error ? error : new Error(String(error));
    // The connection dropped after the server took the question (not an error the server sent).
    if (
      accepted &&
      !this.leaving &&
      !(reported instanceof ChatKitStreamError && reported.code !== 'stream.interrupted')
    ) {
      this.rememberOpenAnswers('dropped');
    }
    this.closeOpenAnswers();
    if (reported instanceof ChatKitStreamError) {
      const message =
        reported.readerMessage ??
        (reported.code === 'stream.interrupted'
          ? this.strings.answerInterrupted
          : this.strings.answerFailed);
      if (!accepted) this.returnMessage(ctx);
      if (accepted || ctx.kind === 'send') {
        // Unaccepted, the message is back in the composer: Retry here would answer an earlier one.
        this.view.append(this.renderErrorBox(message, reported.allowRetry && accepted));
      }
    } else if (!accepted) {
      // The host owns request failures (session, network, 5xx, 429): no in-thread error.
      this.returnMessage(ctx);
    }
    this.host.threadChanged();
    this.host.emit('chatkit.error', { error: reported });
  }

  private returnMessage(ctx: RunContext): void {
    if (ctx.kind === 'send') this.host.messageReturned(ctx.text, ctx.reply);
    else this.host.runStateChanged();
  }

  // -------------------------------------------------------------------------------------------
  // Threads
  // -------------------------------------------------------------------------------------------

  private async doLoad(
    threadId: string,
    reason: LoadReason,
    controller: AbortController,
  ): Promise<void> {
    const { view, host } = this;
    const previous = this.model.id;
    const announce = reason !== 'refresh';
    if (announce) {
      host.emit('chatkit.thread.load.start', { threadId });
      this.startNew();
      const loading = h('p', 'ck-loading');
      loading.textContent = this.strings.loading;
      view.log.append(loading);
      view.log.setAttribute('aria-busy', 'true');
      host.threadChanged();
    }
    let thread: Thread | null = null;
    let failure: unknown = null;
    try {
      thread = await this.transport.getThread(threadId, controller.signal);
    } catch (error) {
      failure = error;
    }
    if (controller.signal.aborted) {
      if (announce) host.emit('chatkit.thread.load.end', { threadId });
      return;
    }
    view.log.setAttribute('aria-busy', String(this.busy));
    if (thread) {
      this.renderThread(thread, announce);
      if (announce) host.emit('chatkit.thread.load.end', { threadId });
      if (reason === 'switch' && previous !== thread.id) {
        host.emit('chatkit.thread.change', { threadId: thread.id });
      }
      return;
    }
    const error = failure instanceof Error ? failure : new Error(String(failure));
    if (reason === 'refresh' && !isAbortError(error)) {
      host.emit('chatkit.error', { error });
      return;
    }
    this.startNew();
    host.emit('chatkit.thread.load.end', { threadId });
    host.emit('chatkit.thread.change', { threadId: null });
    host.emit('chatkit.error', { error });
  }

  /**
   * Shows a stored thread as its stream showed it. When the reader comes back to a question whose
   * answer never started (they reloaded before its first words), Retry answers it again; an answer
   * cut short after its first words says how, with Regenerate.
   */
  private renderThread(thread: Thread, offerRetry: boolean): void {
    this.startNew();
    this.model.load(thread);
    // Answers cut short before a reload say so (the server keeps them as finished items).
    const gone = this.model.markCutShort(readCutShort(thread.id));
    if (gone.length) forgetCutShort(thread.id, gone);
    this.apply(
      [...this.model.items.values()].map((item) => ({ type: 'item', item, added: true }) as const),
    );
    const unanswered = offerRetry ? this.model.unansweredQuestion() : undefined;
    if (unanswered !== undefined) {
      this.view.append(this.renderErrorBox(this.strings.answerUnfinished, true));
    }
    this.host.threadChanged();
    this.view.scheduleScroll(true);
  }
}
