/**
 * A local implementation of OpenAI's `<openai-chatkit>` web component for the custom-backend mode.
 *
 * OpenAI serves the real element from its CDN; where that script cannot load (offline development,
 * CI, networks that block AI domains) this element takes the same tag, accepts the same options and
 * methods, speaks the same protocol to the same backend and dispatches the same DOM events, so
 * `<ChatKit>` from `@openai/chatkit-react` drives it unchanged.
 *
 * The element is the lifecycle around its parts: the transport (`transport.ts`: requests, HTTP
 * errors, the answer stream), the thread's state (`thread.ts`: what the events say the conversation
 * holds), the view (`thread-view.ts`, `item-views.ts`: that state as DOM) and the chrome around it
 * (`surface.ts`: header, start screen, composer).
 *
 * The reader's actions follow OpenAI's element and its option names: Stop while an answer streams
 * and the server allows it (`stream_options.allow_cancel`), Copy on each finished answer and code
 * block, thumbs up and down (`threadItemActions.feedback`, sent as `items.feedback`), a quoted
 * passage above the composer (`setComposerValue({ reply })`, sent as `quoted_text`) and one line
 * under it (`disclaimer`).
 *
 * Deliberately unsupported: hosted mode (`api.getClientSecret`), attachments, widgets, client tools,
 * entities, commands, the history panel and custom header actions. Items it cannot show are noted
 * in the thread as such.
 */
import type {
  ChatKitEvents,
  ChatKitOptions,
  OpenAIChatKit,
  StartScreenPrompt,
  UserMessageContent,
} from '@openai/chatkit';
import type { ChatKitRequestInput, Thread, UserMessageInput, UserMessageItem } from '../contract';
import { ChatKitConfigurationError, ChatKitHttpError, ChatKitStreamError } from './errors';
import { h, icon } from './dom';
import { isVisible, type AnswerActionsHost } from './item-views';
import { renderMarkdown } from './markdown';
import type { SkippedEvent } from './sse';
import { directionFor, stringsFor, type UiStrings } from './strings';
import { adoptChatKitStyles } from './styles';
import { createSurface, type Surface } from './surface';
import { ThreadModel, hasText, userText, type ThreadChange } from './thread';
import { ThreadView } from './thread-view';
import { ChatKitTransport, isCustomApi } from './transport';

type EventDetail<K extends keyof ChatKitEvents> =
  ChatKitEvents[K] extends CustomEvent<infer D> ? D : never;

function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

/**
 * Resolves after the next frame (or a short timeout where frames do not run, such as hidden tabs),
 * then one more task: by then React has run the passive effects of the commit that called
 * setOptions, which is where `<ChatKit>` attaches its event listeners.
 */
function afterPaint(): Promise<void> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = () => {
      if (settled) return;
      settled = true;
      setTimeout(resolve, 0);
    };
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(settle);
    setTimeout(settle, 50);
  });
}

function contentToText(content: UserMessageContent[]): string {
  return content.map((part) => part.text).join('');
}

/** `stopped`: the reader pressed Stop; the partial answer stays. */
type AbortReason = 'superseded' | 'disconnected' | 'stopped';

const SEND_ICON = 'M12 19V5M5 12l7-7 7 7';
const STOP_ICON = 'M7 7h10v10H7z';

interface RunContext {
  kind: 'send' | 'retry';
  /** The reader's text, restored into the composer when the request fails before it was accepted. */
  text?: string;
  /** The passage the message quotes (`quoted_text`), restored with the text. */
  reply?: string;
  /** The failed answer's error box whose Retry started this run. */
  errorBox?: HTMLElement;
  retryAfterItemId?: string;
}

/** Importing on a server (Docusaurus renders pages in Node) must not throw; only use needs a DOM. */
const ElementBase: typeof HTMLElement =
  typeof HTMLElement === 'undefined' ? (class {} as unknown as typeof HTMLElement) : HTMLElement;

/** `<openai-chatkit>` for the custom-backend mode, rendered in light DOM. */
export class LocalChatKitElement extends ElementBase implements OpenAIChatKit {
  private options: ChatKitOptions | null = null;
  private strings: UiStrings = stringsFor('en');
  private initialized = false;
  private readyPromise: Promise<void> | null = null;

  private readonly model = new ThreadModel();
  private readonly transport = new ChatKitTransport(() => this.options?.api);
  private view: ThreadView | null = null;

  private runController: AbortController | null = null;
  private loadController: AbortController | null = null;
  private loading: Promise<void> | null = null;
  private busy = false;
  /** The running answer has shown text: the typing line does not come back. */
  private answerShown = false;
  private promptsKey = '';
  private disclaimerKey = '';
  /** The send button is the Stop button (an answer streams and the server allows cancelling). */
  private stopShown = false;
  /** The passage the next composer message quotes (`setComposerValue({ reply })`). */
  private composerReply: string | undefined;

  private dom: Surface | null = null;

  connectedCallback(): void {
    adoptChatKitStyles(this);
    this.setAttribute('data-ck-host', '');
    this.ensureDom();
  }

  disconnectedCallback(): void {
    // A move (disconnect then reconnect in the same task) must not cancel an answer in flight.
    queueMicrotask(() => {
      if (!this.isConnected) this.abortActive('disconnected');
    });
  }

  // -------------------------------------------------------------------------------------------
  // OpenAIChatKit API
  // -------------------------------------------------------------------------------------------

  setOptions(options: ChatKitOptions): void {
    this.options = options;
    this.ensureDom();
    this.applyOptions();
    if (!this.initialized) {
      this.initialized = true;
      this.readyPromise = this.initialize(options.initialThread ?? null);
    } else if (!isCustomApi(options.api)) {
      this.reportHostedMode();
    }
  }

  async focusComposer(): Promise<void> {
    this.ensureDom().input.focus();
  }

  /**
   * Sets the composer's text (`text` or `content`) and, with `reply`, the passage the next message
   * quotes: shown above the text as a removable quote, sent as `quoted_text` (an empty `reply`
   * removes it). What is not given stays as it is.
   */
  async setComposerValue(params: Parameters<OpenAIChatKit['setComposerValue']>[0]): Promise<void> {
    const text = params.text ?? (params.content ? contentToText(params.content) : undefined);
    if (params.reply !== undefined) this.setComposerReply(params.reply);
    if (text !== undefined) this.ensureDom().input.value = text;
    this.updateSendState();
  }

  async sendUserMessage(params: Parameters<OpenAIChatKit['sendUserMessage']>[0]): Promise<void> {
    const text = (params.text ?? (params.content ? contentToText(params.content) : '')).trim();
    if (text === '') return;
    if (this.loading) await this.loading;
    if (this.runController) {
      this.log('message.ignored', { reason: 'an answer is already in progress' });
      return;
    }
    if (params.newThread) {
      const changed = this.model.id !== undefined;
      this.startNewConversation();
      if (changed) this.emit('chatkit.thread.change', { threadId: null });
    }
    // The reference server requires `attachments` and `inference_options`; unset fields are
    // omitted, never null (it writes none, and other readers need not accept them).
    const input: UserMessageInput = {
      content: [{ type: 'input_text', text }],
      attachments: [],
      ...(params.reply != null && { quoted_text: params.reply }),
      inference_options: {
        ...(params.toolChoice != null && { tool_choice: params.toolChoice }),
        ...(params.model != null && { model: params.model }),
      },
    };
    const threadId = this.model.id;
    const request: ChatKitRequestInput = threadId
      ? { type: 'threads.add_user_message', params: { thread_id: threadId, input } }
      : { type: 'threads.create', params: { input } };
    await this.runStream(request, {
      kind: 'send',
      text,
      ...(params.reply != null && { reply: params.reply }),
    });
  }

  async setThreadId(threadId: string | null): Promise<void> {
    if (threadId === null) {
      const changed = this.model.id !== undefined;
      this.abortActive('superseded');
      this.startNewConversation();
      if (changed) this.emit('chatkit.thread.change', { threadId: null });
      return;
    }
    await this.loadThread(threadId, 'switch');
  }

  async fetchUpdates(): Promise<void> {
    if (!this.model.id || this.runController || this.loading) return;
    await this.loadThread(this.model.id, 'refresh');
  }

  /** Widgets are not rendered locally, so there is nothing to send an action from. */
  async sendCustomAction(): Promise<void> {
    this.log('unsupported', { method: 'sendCustomAction' });
  }

  /** The local element has no history panel. */
  async showHistory(): Promise<void> {
    this.log('unsupported', { method: 'showHistory' });
  }

  /** The local element has no history panel. */
  async hideHistory(): Promise<void> {
    this.log('unsupported', { method: 'hideHistory' });
  }

  // -------------------------------------------------------------------------------------------
  // Options
  // -------------------------------------------------------------------------------------------

  private async initialize(initialThread: string | null): Promise<void> {
    // Like OpenAI's element, whose frame loads asynchronously, nothing is emitted synchronously.
    await afterPaint();
    if (!isCustomApi(this.options?.api)) this.reportHostedMode();
    if (initialThread) await this.loadThread(initialThread, 'initial');
    this.emit('chatkit.ready', undefined);
  }

  private reportHostedMode(): void {
    this.emit('chatkit.error', {
      error: new ChatKitConfigurationError(
        'The local ChatKit element supports only the custom backend mode (api.url); ' +
          'hosted mode (api.getClientSecret) needs OpenAI’s ChatKit script.',
      ),
    });
  }

  private applyOptions(): void {
    const options = this.options;
    const dom = this.dom;
    if (!options || !dom) return;

    const locale = options.locale ?? globalThis.navigator?.language ?? 'en';
    this.strings = stringsFor(locale);
    const s = this.strings;
    this.setAttribute('lang', locale);
    this.setAttribute('dir', directionFor(locale));

    const scheme = typeof options.theme === 'string' ? options.theme : options.theme?.colorScheme;
    this.setAttribute('data-color-scheme', scheme === 'dark' ? 'dark' : 'light');

    dom.header.hidden = options.header?.enabled === false;
    this.updateTitle();
    dom.newButton.setAttribute('aria-label', s.newConversation);
    dom.newButton.title = s.newConversation;

    dom.greeting.textContent = options.startScreen?.greeting ?? s.greeting;
    this.renderPrompts(options.startScreen?.prompts ?? []);

    dom.log.setAttribute('aria-label', s.conversation);
    dom.label.textContent = s.composerLabel;
    dom.input.placeholder = options.composer?.placeholder ?? s.placeholder;
    dom.quoteLabel.textContent = `${s.quoteLabel} `;
    dom.quoteRemove.setAttribute('aria-label', s.removeQuote);
    dom.quoteRemove.title = s.removeQuote;
    this.renderSendButton();
    this.renderDisclaimer();
    this.view?.relabel();
    this.view?.refreshActions();
  }

  /** `disclaimer.text` (Markdown) as one short line under the composer. */
  private renderDisclaimer(): void {
    const dom = this.dom!;
    const disclaimer = this.options?.disclaimer;
    const text = disclaimer?.text?.trim() ?? '';
    const key = JSON.stringify([text, this.strings.newTab]);
    dom.disclaimer.classList.toggle('ck-disclaimer--high-contrast', !!disclaimer?.highContrast);
    if (key === this.disclaimerKey) return;
    this.disclaimerKey = key;
    dom.disclaimer.hidden = text === '';
    dom.disclaimer.replaceChildren(
      text === '' ? '' : renderMarkdown(text, { newTabHint: this.strings.newTab }),
    );
  }

  /** The send button as Send, or as Stop while an answer can be stopped. */
  private renderSendButton(): void {
    const send = this.dom!.send;
    const mode = this.stopShown ? 'stop' : 'send';
    const label = this.stopShown ? this.strings.stop : this.strings.send;
    if (send.dataset.mode !== mode) {
      send.dataset.mode = mode;
      send.classList.toggle('ck-send--stop', this.stopShown);
      send.replaceChildren(icon(this.stopShown ? STOP_ICON : SEND_ICON));
    }
    send.setAttribute('aria-label', label);
    send.title = label;
  }

  /** Shows (or with undefined, removes) the passage the next message quotes. */
  private setComposerReply(reply: string | undefined): void {
    const dom = this.ensureDom();
    const value = reply !== undefined && reply.trim() !== '' ? reply : undefined;
    this.composerReply = value;
    dom.quote.hidden = value === undefined;
    dom.quoteText.textContent = value?.trim() ?? '';
    // While a quote is set, the textarea is described by it: the reader hears what they reply to.
    if (value === undefined) dom.input.removeAttribute('aria-describedby');
    else dom.input.setAttribute('aria-describedby', dom.quoteBlock.id);
  }

  private updateTitle(): void {
    const dom = this.dom;
    if (!dom) return;
    const title = this.options?.header?.title;
    dom.title.hidden = title?.enabled === false;
    dom.title.textContent = title?.text ?? this.model.title ?? this.strings.title;
    dom.newButton.hidden = this.model.id === undefined && this.model.items.size === 0;
  }

  private renderPrompts(prompts: StartScreenPrompt[]): void {
    const dom = this.dom!;
    const key = JSON.stringify([this.strings.prompts, prompts]);
    // Rebuilding on every setOptions would drop focus from a prompt the reader is on.
    if (key === this.promptsKey) return;
    this.promptsKey = key;
    dom.prompts.replaceChildren();
    dom.prompts.hidden = prompts.length === 0;
    dom.prompts.setAttribute('aria-label', this.strings.prompts);
    for (const prompt of prompts) {
      const li = h('li');
      const button = h('button', 'ck-prompt');
      button.type = 'button';
      button.textContent = prompt.label;
      // A prompt may be in another script than the UI (an English question on an Urdu page).
      button.dir = 'auto';
      button.disabled = this.busy;
      button.addEventListener('click', () => {
        const text = typeof prompt.prompt === 'string' ? prompt.prompt : undefined;
        const content = typeof prompt.prompt === 'string' ? undefined : prompt.prompt;
        void this.sendUserMessage({ text, content });
      });
      li.append(button);
      dom.prompts.append(li);
    }
  }

  // -------------------------------------------------------------------------------------------
  // DOM
  // -------------------------------------------------------------------------------------------

  private ensureDom(): Surface {
    if (this.dom) return this.dom;
    const dom = createSurface({
      onNew: () => void this.setThreadId(null).then(() => this.dom?.input.focus()),
      onInput: () => this.updateSendState(),
      onSubmit: () => this.submitComposer(),
      onStop: () => this.stopAnswer(),
      onRemoveQuote: () => {
        this.setComposerReply(undefined);
        this.dom?.input.focus();
      },
    });
    this.append(dom.surface);
    this.dom = dom;
    this.view = new ThreadView(dom.log, {
      strings: () => this.strings,
      onLayout: () => this.updateStartScreen(),
      actions: this.answerActions,
    });
    this.applyOptions();
    this.updateTitle();
    return dom;
  }

  private ensureView(): ThreadView {
    this.ensureDom();
    return this.view!;
  }

  private submitComposer(): void {
    const dom = this.ensureDom();
    if (this.busy || this.loading) return;
    const text = dom.input.value;
    if (text.trim() === '') return;
    const reply = this.composerReply;
    void this.sendUserMessage({ text, ...(reply !== undefined && { reply }) });
  }

  private updateSendState(): void {
    const dom = this.dom;
    if (!dom) return;
    const stop = this.busy && this.runController !== null && this.model.allowCancel;
    if (stop !== this.stopShown) {
      this.stopShown = stop;
      this.renderSendButton();
      if (stop) this.announce(this.strings.stopAvailable);
    }
    const disabled = !stop && (this.busy || dom.input.value.trim() === '');
    // A disabled button loses focus at the browser's next rendering, unless it is enabled again
    // by then (Stop arriving quickly): focus would be lost or not by timing. It goes at once to
    // where the next question is typed.
    if (disabled && dom.send === document.activeElement) dom.input.focus();
    dom.send.disabled = disabled;
    for (const button of dom.prompts.querySelectorAll('button')) button.disabled = this.busy;
  }

  /** Stop: ends the request; what arrived stays, marked as stopped (see `onStopped`). */
  private stopAnswer(): void {
    if (!this.stopShown || !this.runController) return;
    this.runController.abort('stopped' satisfies AbortReason);
  }

  /** Says a short message through the status region (polite). */
  private announce(message: string): void {
    const status = this.dom?.status;
    if (!status) return;
    // The same words twice must be heard twice: live regions report changed text.
    status.textContent = status.textContent === message ? `${message}\u00a0` : message;
  }

  /** What the actions under each finished answer (Copy, feedback) act through. */
  private readonly answerActions: AnswerActionsHost = {
    feedbackEnabled: () => this.options?.threadItemActions?.feedback === true,
    copy: async (text) => {
      const clipboard = globalThis.navigator?.clipboard;
      if (typeof clipboard?.writeText !== 'function') {
        throw new Error('The clipboard is not available here.');
      }
      await clipboard.writeText(text);
    },
    sendFeedback: async (itemId, kind) => {
      const threadId = this.model.id;
      if (!threadId) throw new Error('No thread to send feedback for.');
      try {
        const response = await this.transport.post(
          { type: 'items.feedback', params: { thread_id: threadId, item_ids: [itemId], kind } },
          new AbortController().signal,
          false,
        );
        await response.text();
      } catch (error) {
        this.log('feedback.failed', {
          itemId,
          kind,
          ...(error instanceof ChatKitHttpError && { status: error.status }),
        });
        throw error;
      }
    },
    announce: (message) => this.announce(message),
  };

  private setBusy(busy: boolean): void {
    this.busy = busy;
    const dom = this.ensureDom();
    dom.log.setAttribute('aria-busy', String(busy));
    this.updateSendState();
  }

  /** The start screen shows only while the thread area is empty. */
  private updateStartScreen(): void {
    const dom = this.dom;
    if (!dom) return;
    dom.start.hidden = dom.log.childElementCount > 0;
    dom.newButton.hidden = this.model.id === undefined && this.model.items.size === 0;
  }

  /** Clears the thread and shows the start screen; keeps the composer's text. */
  private startNewConversation(): void {
    this.model.reset();
    this.ensureView().clear();
    this.updateTitle();
    this.updateStartScreen();
  }

  // -------------------------------------------------------------------------------------------
  // Applying the thread's changes
  // -------------------------------------------------------------------------------------------

  private applyChanges(changes: readonly ThreadChange[]): void {
    const view = this.ensureView();
    for (const change of changes) {
      switch (change.type) {
        case 'thread':
          this.updateTitle();
          if (change.created) this.emit('chatkit.thread.change', { threadId: this.model.id! });
          break;
        case 'item': {
          const { item } = change;
          view.renderItem(item);
          if (change.added && item.type === 'other' && isVisible(item)) {
            this.emit('chatkit.log', {
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
          this.updateStartScreen();
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
          this.emit('chatkit.effect', { name: change.name, data: change.data });
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
    const view = this.ensureView();
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
    const view = this.ensureView();
    for (const change of this.model.closeOpen()) {
      if (change.type === 'item') view.renderItem(change.item);
      else if (change.type === 'progress') view.setProgress(undefined);
    }
  }

  /** An in-thread error box whose Retry (when allowed) answers the latest question again. */
  private renderErrorBox(message: string, allowRetry: boolean): HTMLElement {
    const view = this.ensureView();
    const threadId = this.model.id;
    const itemId = this.model.lastUserItemId;
    if (!allowRetry || !threadId || !itemId) return view.renderErrorBox(message);
    return view.renderErrorBox(message, (box) => {
      if (this.runController) return undefined;
      return this.runStream(
        { type: 'threads.retry_after_item', params: { thread_id: threadId, item_id: itemId } },
        { kind: 'retry', errorBox: box, retryAfterItemId: itemId },
      );
    });
  }

  // -------------------------------------------------------------------------------------------
  // Answers
  // -------------------------------------------------------------------------------------------

  private onSkipped = (skipped: SkippedEvent): void => {
    this.emit('chatkit.log', { name: 'event.skipped', data: { ...skipped } });
  };

  private async runStream(request: ChatKitRequestInput, ctx: RunContext): Promise<void> {
    const controller = new AbortController();
    const view = this.ensureView();
    this.runController = controller;
    this.answerShown = false;
    // Each answer says for itself whether it may be stopped (`stream_options`).
    this.model.allowCancel = false;
    let accepted = false;
    let answered = false; // the server answered 2xx: it may have stored the message
    this.setBusy(true);
    view.showTyping();
    view.scheduleScroll(true);
    this.emit('chatkit.response.start', undefined);
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
        this.applyChanges(this.model.apply(event));
        if (event.type === 'stream_options') this.updateSendState();
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
      this.emit('chatkit.response.end', undefined);
    }
  }

  private onAccepted(ctx: RunContext): void {
    const dom = this.ensureDom();
    const view = this.ensureView();
    if (ctx.kind === 'send' && ctx.text !== undefined) {
      // Only what was sent is cleared: a draft typed or kept meanwhile stays.
      if (dom.input.value.trim() === ctx.text) dom.input.value = '';
      if (ctx.reply !== undefined && this.composerReply === ctx.reply) {
        this.setComposerReply(undefined);
      }
      this.updateSendState();
      view.showPendingUser(ctx.text, ctx.reply);
    }
    if (ctx.kind === 'retry' && ctx.retryAfterItemId) {
      const hadFocus = ctx.errorBox?.contains(document.activeElement) ?? false;
      // The reference server deletes what followed the question without telling the client.
      this.model.removeAfter(ctx.retryAfterItemId);
      view.removeAfter(ctx.retryAfterItemId);
      ctx.errorBox?.remove();
      this.updateStartScreen();
      if (hadFocus) dom.log.focus({ preventScroll: true });
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
    ctx: RunContext,
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
    this.applyChanges(this.model.apply({ type: 'thread.item.done', item: stored }));
    this.onFailed(error, ctx, true);
  }

  private onAborted(ctx: RunContext, accepted: boolean, reason: AbortReason): void {
    if (reason === 'stopped') return this.onStopped();
    // Superseded runs belong to a view that has already been replaced.
    if (reason !== 'disconnected') return;
    this.closeOpenAnswers();
    if (!accepted) {
      this.restoreComposer(ctx);
    } else {
      this.ensureView().append(this.renderErrorBox(this.strings.answerInterrupted, true));
    }
  }

  /**
   * The reader stopped the answer. What arrived stays, final and marked "Stopped" (the server keeps
   * it too, as `handle_stream_cancelled` does); an answer that had no text yet is dropped (the
   * server keeps none) and the note stands alone. The next question works as usual.
   */
  private onStopped(): void {
    const view = this.ensureView();
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
      if (item.type === 'assistant_message') kept = true;
      view.renderItem(item);
    }
    if (!kept) {
      const note = h('p', 'ck-stopped ck-stopped--alone');
      note.textContent = this.strings.stopped;
      note.setAttribute('aria-live', 'off');
      view.append(note);
    }
    this.announce(this.strings.answerStopped);
    this.log('answer.stopped');
  }

  private onFailed(error: unknown, ctx: RunContext, accepted: boolean): void {
    const reported = error instanceof Error ? error : new Error(String(error));
    this.closeOpenAnswers();
    if (reported instanceof ChatKitStreamError) {
      const message =
        reported.readerMessage ??
        (reported.code === 'stream.interrupted'
          ? this.strings.answerInterrupted
          : this.strings.answerFailed);
      if (!accepted) this.restoreComposer(ctx);
      if (accepted || ctx.kind === 'send') {
        // Unaccepted, the message is back in the composer: Retry here would answer an earlier one.
        this.ensureView().append(this.renderErrorBox(message, reported.allowRetry && accepted));
      }
    } else if (!accepted) {
      // The host owns request failures (session, network, 5xx, 429): no in-thread error.
      this.restoreComposer(ctx);
    }
    this.updateStartScreen();
    this.emit('chatkit.error', { error: reported });
  }

  private restoreComposer(ctx: RunContext): void {
    const dom = this.ensureDom();
    if (ctx.text !== undefined && dom.input.value.trim() === '') {
      dom.input.value = ctx.text;
      if (ctx.reply !== undefined && this.composerReply === undefined) {
        this.setComposerReply(ctx.reply);
      }
    }
    this.updateSendState();
  }

  // -------------------------------------------------------------------------------------------
  // Threads
  // -------------------------------------------------------------------------------------------

  private loadThread(threadId: string, reason: 'initial' | 'switch' | 'refresh'): Promise<void> {
    this.abortActive('superseded');
    const controller = new AbortController();
    this.loadController = controller;
    const promise = this.doLoadThread(threadId, reason, controller).finally(() => {
      if (this.loadController === controller) this.loadController = null;
      if (this.loading === promise) this.loading = null;
    });
    this.loading = promise;
    return promise;
  }

  private async doLoadThread(
    threadId: string,
    reason: 'initial' | 'switch' | 'refresh',
    controller: AbortController,
  ): Promise<void> {
    const dom = this.ensureDom();
    const previous = this.model.id;
    const announce = reason !== 'refresh';
    if (announce) {
      this.emit('chatkit.thread.load.start', { threadId });
      this.startNewConversation();
      const loading = h('p', 'ck-loading');
      loading.textContent = this.strings.loading;
      dom.log.append(loading);
      dom.log.setAttribute('aria-busy', 'true');
      this.updateStartScreen();
    }
    let thread: Thread | null = null;
    let failure: unknown = null;
    try {
      thread = await this.transport.getThread(threadId, controller.signal);
    } catch (error) {
      failure = error;
    }
    if (controller.signal.aborted) {
      if (announce) this.emit('chatkit.thread.load.end', { threadId });
      return;
    }
    dom.log.setAttribute('aria-busy', String(this.busy));
    if (thread) {
      this.renderThread(thread, announce);
      if (announce) this.emit('chatkit.thread.load.end', { threadId });
      if (reason === 'switch' && previous !== thread.id) {
        this.emit('chatkit.thread.change', { threadId: thread.id });
      }
      return;
    }
    const error = failure instanceof Error ? failure : new Error(String(failure));
    if (reason === 'refresh' && !isAbortError(error)) {
      this.emit('chatkit.error', { error });
      return;
    }
    this.startNewConversation();
    this.emit('chatkit.thread.load.end', { threadId });
    this.emit('chatkit.thread.change', { threadId: null });
    this.emit('chatkit.error', { error });
  }

  /**
   * Shows a stored thread as its stream showed it. When the reader comes back to a question whose
   * answer never finished (they reloaded while it streamed), Retry answers it again.
   */
  private renderThread(thread: Thread, offerRetry: boolean): void {
    this.startNewConversation();
    this.model.load(thread);
    this.applyChanges(
      [...this.model.items.values()].map((item) => ({ type: 'item', item, added: true }) as const),
    );
    const unanswered = offerRetry ? this.model.unansweredQuestion() : undefined;
    if (unanswered !== undefined) {
      this.ensureView().append(this.renderErrorBox(this.strings.answerUnfinished, true));
    }
    this.updateTitle();
    this.updateStartScreen();
    this.ensureView().scheduleScroll(true);
  }

  private abortActive(reason: AbortReason): void {
    this.runController?.abort(reason);
    this.runController = null;
    this.loadController?.abort(reason);
    this.loadController = null;
  }

  // -------------------------------------------------------------------------------------------
  // Events
  // -------------------------------------------------------------------------------------------

  private emit<K extends keyof ChatKitEvents>(type: K, detail: EventDetail<K>): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  /** The element's own notes (`local.*`); what the server sent is logged under its own names. */
  private log(name: string, data?: Record<string, unknown>): void {
    this.emit('chatkit.log', { name: `local.${name}`, data });
  }

  /** Resolves once `chatkit.ready` has been dispatched (for tests and hosts that prefer awaiting). */
  whenReady(): Promise<void> {
    return this.readyPromise ?? Promise.resolve();
  }
}
