/**
 * A local implementation of OpenAI's `<openai-chatkit>` web component for the custom-backend mode.
 *
 * OpenAI serves the real element from its CDN; where that script cannot load (offline development,
 * CI, networks that block AI domains) this element takes the same tag, accepts the same options and
 * methods, speaks the same protocol to the same backend and dispatches the same DOM events, so
 * `<ChatKit>` from `@openai/chatkit-react` drives it unchanged.
 *
 * The element is the lifecycle around its parts: the run lifecycle (`conversation.ts`: sending,
 * streaming, stopping, retrying and restoring), the transport (`transport.ts`: requests, HTTP
 * errors, the answer stream), the thread's state (`thread.ts`: what the events say the conversation
 * holds), the view (`thread-view.ts`, `item-views.ts`: that state as DOM) and the chrome around it
 * (`surface.ts`: header, start screen, composer). What is left here: options, the OpenAIChatKit
 * methods, the composer's state and the DOM events.
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
import type { ChatKitRequestInput, UserMessageInput } from '../../contract';
import {
  Conversation,
  type AbortReason,
  type ConversationHost,
  type EventDetail,
} from '../conversation/conversation';
import { ChatKitConfigurationError } from '../transport/chatkitErrors';
import { h, icon } from '../views/dom';
import type { AnswerActionsHost } from '../views/item-views';
import { loadMarkdown, markdownNow, whenMarkdown } from '../markdown/loader';
import { directionFor, stringsFor, type UiStrings } from '../views/strings';
import { adoptChatKitStyles } from './styles';
import { createSurface, type Surface } from './chrome';
import { ThreadView } from '../views/thread-view';
import { ChatKitTransport, isCustomApi } from '../transport/transport';

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

const SEND_ICON = 'M12 19V5M5 12l7-7 7 7';
const STOP_ICON = 'M7 7h10v10H7z';

/** Importing on a server (Docusaurus renders pages in Node) must not throw; only use needs a DOM. */
const ElementBase: typeof HTMLElement =
  typeof HTMLElement === 'undefined' ? (class {} as unknown as typeof HTMLElement) : HTMLElement;

/** `<openai-chatkit>` for the custom-backend mode, rendered in light DOM. */
export class LocalChatKitElement extends ElementBase implements OpenAIChatKit {
  private options: ChatKitOptions | null = null;
  private strings: UiStrings = stringsFor('en');
  private initialized = false;
  private readyPromise: Promise<void> | null = null;

  private readonly transport = new ChatKitTransport(() => this.options?.api);
  private view: ThreadView | null = null;
  private conversation: Conversation | null = null;
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
    globalThis.addEventListener?.('pagehide', this.onPageHide);
    globalThis.addEventListener?.('pageshow', this.onPageShow);
  }

  /** The page is going away: an answer streaming now is remembered as cut short. */
  private readonly onPageHide = (): void => this.conversation?.pageHidden();
  private readonly onPageShow = (): void => this.conversation?.pageShown();

  disconnectedCallback(): void {
    globalThis.removeEventListener?.('pagehide', this.onPageHide);
    globalThis.removeEventListener?.('pageshow', this.onPageShow);
    // A move (disconnect then reconnect in the same task) must not cancel an answer in flight.
    queueMicrotask(() => {
      if (!this.isConnected) this.conversation?.abort('disconnected' satisfies AbortReason);
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
    const chat = this.chat();
    if (chat.loading) await chat.loading;
    if (chat.running) {
      this.log('message.ignored', { reason: 'an answer is already in progress' });
      return;
    }
    if (params.newThread) {
      const changed = chat.model.id !== undefined;
      chat.startNew();
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
    const threadId = chat.model.id;
    const request: ChatKitRequestInput = threadId
      ? { type: 'threads.add_user_message', params: { thread_id: threadId, input } }
      : { type: 'threads.create', params: { input } };
    await chat.send(request, {
      kind: 'send',
      text,
      ...(params.reply != null && { reply: params.reply }),
    });
  }

  async setThreadId(threadId: string | null): Promise<void> {
    const chat = this.chat();
    if (threadId === null) {
      const changed = chat.model.id !== undefined;
      chat.abort('superseded');
      chat.startNew();
      if (changed) this.emit('chatkit.thread.change', { threadId: null });
      return;
    }
    await chat.load(threadId, 'switch');
  }

  async fetchUpdates(): Promise<void> {
    const chat = this.chat();
    if (!chat.model.id || chat.running || chat.loading) return;
    await chat.load(chat.model.id, 'refresh');
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
    // The Markdown reader: beside a thread being restored (its answers need it), else once ready
    // (a first answer comes seconds later), so it is no part of what the first open waits for.
    if (initialThread) {
      loadMarkdown().catch(() => undefined);
      await this.chat().load(initialThread, 'initial');
    }
    this.emit('chatkit.ready', undefined);
    loadMarkdown().catch(() => undefined);
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
  private renderDisclaimer(render = markdownNow()): void {
    const dom = this.dom!;
    const disclaimer = this.options?.disclaimer;
    const text = disclaimer?.text?.trim() ?? '';
    const key = JSON.stringify([text, this.strings.newTab]);
    dom.disclaimer.classList.toggle('ck-disclaimer--high-contrast', !!disclaimer?.highContrast);
    if (key === this.disclaimerKey) return;
    this.disclaimerKey = key;
    dom.disclaimer.hidden = text === '';
    dom.disclaimer.replaceChildren(
      text === '' || !render ? text : render(text, { newTabHint: this.strings.newTab }),
    );
    // As written until the Markdown reader arrives, then rendered (unless it changed meanwhile).
    if (!render && text !== '') {
      whenMarkdown((arrived) => {
        if (this.disclaimerKey !== key) return;
        this.disclaimerKey = '';
        this.renderDisclaimer(arrived);
      });
    }
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
    // A passage of several lines (a code block) keeps them, within a box that scrolls (and so can
    // take focus, for keyboard readers to scroll it); one line is clamped to three as it wraps.
    const lines = value?.includes('\n') ?? false;
    dom.quoteText.textContent = lines ? value!.replace(/^\s*\n|\s+$/g, '') : (value?.trim() ?? '');
    dom.quoteBlock.classList.toggle('ck-quote-text--lines', lines);
    if (lines) dom.quoteBlock.tabIndex = 0;
    else dom.quoteBlock.removeAttribute('tabindex');
    // While a quote is set, the textarea is described by it: the reader hears what they reply to.
    if (value === undefined) dom.input.removeAttribute('aria-describedby');
    else dom.input.setAttribute('aria-describedby', dom.quoteBlock.id);
  }

  private updateTitle(): void {
    const { dom, conversation } = this;
    if (!dom || !conversation) return;
    const title = this.options?.header?.title;
    dom.title.hidden = title?.enabled === false;
    dom.title.textContent = title?.text ?? conversation.model.title ?? this.strings.title;
    this.updateStartScreen();
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
      button.disabled = this.conversation?.busy ?? false;
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
    this.conversation = new Conversation(this.view, this.transport, this.conversationHost);
    this.applyOptions();
    this.updateTitle();
    return dom;
  }

  /** The conversation, with the DOM it draws into. */
  private chat(): Conversation {
    this.ensureDom();
    return this.conversation!;
  }

  private submitComposer(): void {
    const dom = this.ensureDom();
    const chat = this.chat();
    if (chat.busy || chat.loading) return;
    const text = dom.input.value;
    if (text.trim() === '') return;
    const reply = this.composerReply;
    void this.sendUserMessage({ text, ...(reply !== undefined && { reply }) });
  }

  private updateSendState(): void {
    const { dom, conversation } = this;
    if (!dom || !conversation) return;
    const { busy } = conversation;
    const stop = conversation.canStop;
    if (stop !== this.stopShown) {
      this.stopShown = stop;
      this.renderSendButton();
      if (stop) this.announce(this.strings.stopAvailable);
    }
    const disabled = !stop && (busy || dom.input.value.trim() === '');
    // A disabled button loses focus at the browser's next rendering, unless it is enabled again
    // by then (Stop arriving quickly): focus would be lost or not by timing. It goes at once to
    // where the next question is typed.
    if (disabled && dom.send === document.activeElement) dom.input.focus();
    dom.send.disabled = disabled;
    for (const button of dom.prompts.querySelectorAll('button')) button.disabled = busy;
  }

  /** Stop: ends the request; what arrived stays, marked as stopped (see `onStopped`). */
  private stopAnswer(): void {
    if (this.stopShown) this.conversation?.stop();
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
    sendFeedback: (itemId, kind, why) => this.chat().sendFeedback(itemId, kind, why),
    announce: (message) => this.announce(message),
    canRegenerate: (answerId) => this.conversation?.canRegenerate(answerId) ?? false,
    regenerate: (answerId, box) => this.chat().regenerate(answerId, box),
  };

  /** The start screen shows only while the thread area is empty. */
  private updateStartScreen(): void {
    const { dom, conversation } = this;
    if (!dom || !conversation) return;
    const { model } = conversation;
    dom.start.hidden = dom.log.childElementCount > 0;
    dom.newButton.hidden = model.id === undefined && model.items.size === 0;
  }

  /** What the conversation tells the element: the composer, the header and the page follow. */
  private readonly conversationHost: ConversationHost = {
    strings: () => this.strings,
    emit: (type, detail) => this.emit(type, detail),
    log: (name, data) => this.log(name, data),
    announce: (message) => this.announce(message),
    runStateChanged: () => this.updateSendState(),
    threadChanged: () => this.updateTitle(),
    messageTaken: (text, reply) => {
      const dom = this.ensureDom();
      // Only what was sent leaves. What the reader typed after it while it was on its way (they
      // went on typing after Enter) stays; so does a draft they changed or wrote meanwhile.
      const value = dom.input.value.trimStart();
      if (value.startsWith(text)) dom.input.value = value.slice(text.length).trimStart();
      if (reply !== undefined && this.composerReply === reply) this.setComposerReply(undefined);
      this.updateSendState();
    },
    messageReturned: (text, reply) => {
      const dom = this.ensureDom();
      if (dom.input.value.trim() === '') {
        dom.input.value = text;
        if (reply !== undefined && this.composerReply === undefined) this.setComposerReply(reply);
      }
      this.updateSendState();
    },
  };

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
