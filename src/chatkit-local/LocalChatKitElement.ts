/**
 * A local implementation of OpenAI's `<openai-chatkit>` web component for the custom-backend mode.
 *
 * OpenAI serves the real element from its CDN; where that script cannot load (offline development,
 * CI, networks that block AI domains) this element takes the same tag, accepts the same options and
 * methods, speaks the same protocol to the same backend and dispatches the same DOM events, so
 * `<ChatKit>` from `@openai/chatkit-react` drives it unchanged.
 *
 * Deliberately unsupported: hosted mode (`api.getClientSecret`), attachments, widgets, client tools,
 * entities, commands, the history panel and custom header actions.
 */
import type {
  ChatKitEvents,
  ChatKitOptions,
  CustomApiConfig,
  OpenAIChatKit,
  StartScreenPrompt,
  UserMessageContent,
} from '@openai/chatkit';
import {
  errorEnvelopeSchema,
  itemPageSchema,
  threadSchema,
  type Annotation,
  type AssistantMessageItem,
  type AssistantUpdate,
  type ChatKitRequestInput,
  type OutputText,
  type Page,
  type Thread,
  type ThreadItem,
  type ThreadStreamEvent,
  type UserMessageItem,
  type UserMessageInput,
} from '../contract';
import {
  ChatKitConfigurationError,
  ChatKitHttpError,
  ChatKitProtocolError,
  ChatKitStreamError,
  parseRetryAfter,
} from './errors';
import { decorateLink, renderMarkdown } from './markdown';
import { readThreadStream } from './sse';
import { directionFor, stringsFor, type UiStrings } from './strings';
import { adoptChatKitStyles } from './styles';

type EventDetail<K extends keyof ChatKitEvents> =
  ChatKitEvents[K] extends CustomEvent<infer D> ? D : never;

/** Restoring pages through `items.list`: at most this many pages of this size. */
const ITEM_PAGE_SIZE = 100;
const MAX_ITEM_PAGES = 20;

/** How close (px) to the bottom counts as "reading the latest message" for auto-scroll. */
const STICK_THRESHOLD_PX = 48;

const SVG_NS = 'http://www.w3.org/2000/svg';

let idCounter = 0;
function uniqueId(prefix: string): string {
  idCounter += 1;
  return `ck-${prefix}-${idCounter}`;
}

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

function isCustomApi(api: ChatKitOptions['api'] | undefined): api is CustomApiConfig {
  return api != null && typeof (api as Partial<CustomApiConfig>).url === 'string';
}

function contentToText(content: UserMessageContent[]): string {
  return content.map((part) => part.text).join('');
}

/** Only web and same-site links may become `href`s; anything else (javascript:, data:) stays text. */
function safeHref(url: string): string | null {
  try {
    const parsed = new URL(url, window.location.href);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

interface ContentPartView {
  el: HTMLElement;
  text: string;
  /** Live while streaming: deltas are appended here, so a delta costs the same at any length. */
  textNode: Text | null;
  annotations: Annotation[];
  done: boolean;
}

interface AssistantView {
  kind: 'assistant';
  el: HTMLElement;
  body: HTMLElement;
  sources: HTMLElement | null;
  /** What the rendered Sources list shows, so unchanged lists are not rebuilt under the reader. */
  sourcesKey: string;
  parts: ContentPartView[];
  done: boolean;
}

interface UserView {
  kind: 'user';
  el: HTMLElement;
}

type ItemView = AssistantView | UserView;

type AbortReason = 'superseded' | 'disconnected';

interface RunContext {
  kind: 'send' | 'retry';
  /** The reader's text, restored into the composer when the request fails before it was accepted. */
  text?: string;
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

  private threadId: string | null = null;
  private threadTitle: string | null = null;
  private lastUserItemId: string | null = null;
  private readonly items = new Map<string, ItemView>();
  private pendingUser: HTMLElement | null = null;

  private runController: AbortController | null = null;
  private loadController: AbortController | null = null;
  private loading: Promise<void> | null = null;
  private busy = false;
  private stickToBottom = true;
  private scrollScheduled = false;
  private promptsKey = '';

  private dom: {
    surface: HTMLElement;
    header: HTMLElement;
    title: HTMLElement;
    newButton: HTMLButtonElement;
    start: HTMLElement;
    greeting: HTMLElement;
    prompts: HTMLUListElement;
    log: HTMLElement;
    form: HTMLFormElement;
    label: HTMLLabelElement;
    input: HTMLTextAreaElement;
    send: HTMLButtonElement;
    typing: HTMLElement | null;
    progress: HTMLElement | null;
  } | null = null;

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

  async setComposerValue(params: Parameters<OpenAIChatKit['setComposerValue']>[0]): Promise<void> {
    const text = params.text ?? (params.content ? contentToText(params.content) : undefined);
    if (text === undefined) return;
    this.ensureDom().input.value = text;
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
      const changed = this.threadId !== null;
      this.startNewConversation();
      if (changed) this.emit('chatkit.thread.change', { threadId: null });
    }
    const input: UserMessageInput = {
      content: [{ type: 'input_text', text }],
      attachments: [],
      quoted_text: params.reply ?? null,
      inference_options: {
        tool_choice: params.toolChoice ?? null,
        model: params.model ?? null,
      },
    };
    const request: ChatKitRequestInput = this.threadId
      ? { type: 'threads.add_user_message', params: { thread_id: this.threadId, input } }
      : { type: 'threads.create', params: { input } };
    await this.runStream(request, { kind: 'send', text });
  }

  async setThreadId(threadId: string | null): Promise<void> {
    if (threadId === null) {
      const changed = this.threadId !== null;
      this.abortActive('superseded');
      this.startNewConversation();
      if (changed) this.emit('chatkit.thread.change', { threadId: null });
      return;
    }
    await this.loadThread(threadId, 'switch');
  }

  async fetchUpdates(): Promise<void> {
    if (!this.threadId || this.runController || this.loading) return;
    await this.loadThread(this.threadId, 'refresh');
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
    dom.send.setAttribute('aria-label', s.send);
    if (dom.typing) dom.typing.querySelector('.ck-visually-hidden')!.textContent = s.typing;
  }

  private updateTitle(): void {
    const dom = this.dom;
    if (!dom) return;
    const title = this.options?.header?.title;
    dom.title.hidden = title?.enabled === false;
    dom.title.textContent = title?.text ?? this.threadTitle ?? this.strings.title;
    dom.newButton.hidden = this.threadId === null && this.items.size === 0;
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
      const li = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'ck-prompt';
      button.textContent = prompt.label;
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

  private ensureDom(): NonNullable<LocalChatKitElement['dom']> {
    if (this.dom) return this.dom;
    const surface = document.createElement('div');
    surface.className = 'ck-surface';

    const header = document.createElement('div');
    header.className = 'ck-header';
    const title = document.createElement('h2');
    title.className = 'ck-title';
    const newButton = document.createElement('button');
    newButton.type = 'button';
    newButton.className = 'ck-icon-button ck-new';
    newButton.append(icon('M12 5v14M5 12h14'));
    newButton.addEventListener('click', () => {
      void this.setThreadId(null).then(() => this.dom?.input.focus());
    });
    header.append(title, newButton);

    const main = document.createElement('div');
    main.className = 'ck-main';
    const start = document.createElement('div');
    start.className = 'ck-start';
    const greeting = document.createElement('p');
    greeting.className = 'ck-greeting';
    const prompts = document.createElement('ul');
    prompts.className = 'ck-prompts';
    start.append(greeting, prompts);

    const log = document.createElement('div');
    log.className = 'ck-thread';
    log.setAttribute('role', 'log');
    log.setAttribute('aria-busy', 'false');
    // A long answer without links is a scrollable region that must be reachable by keyboard.
    log.tabIndex = 0;
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
    main.append(start, log);

    const form = document.createElement('form');
    form.className = 'ck-composer';
    form.noValidate = true;
    const inputId = uniqueId('input');
    const label = document.createElement('label');
    label.className = 'ck-visually-hidden';
    label.htmlFor = inputId;
    const input = document.createElement('textarea');
    input.id = inputId;
    input.className = 'ck-input';
    input.rows = 1;
    input.addEventListener('input', () => this.updateSendState());
    input.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter' || event.shiftKey || event.isComposing || event.keyCode === 229) {
        return;
      }
      event.preventDefault();
      this.submitComposer();
    });
    const send = document.createElement('button');
    send.type = 'submit';
    send.className = 'ck-icon-button ck-send';
    send.disabled = true;
    send.append(icon('M12 19V5M5 12l7-7 7 7'));
    form.append(label, input, send);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submitComposer();
    });

    surface.append(header, main, form);
    this.append(surface);
    this.dom = {
      surface,
      header,
      title,
      newButton,
      start,
      greeting,
      prompts,
      log,
      form,
      label,
      input,
      send,
      typing: null,
      progress: null,
    };
    this.applyOptions();
    this.updateTitle();
    return this.dom;
  }

  private submitComposer(): void {
    const dom = this.ensureDom();
    if (this.busy || this.loading) return;
    const text = dom.input.value;
    if (text.trim() === '') return;
    void this.sendUserMessage({ text });
  }

  private updateSendState(): void {
    const dom = this.dom;
    if (!dom) return;
    dom.send.disabled = this.busy || dom.input.value.trim() === '';
    for (const button of dom.prompts.querySelectorAll('button')) button.disabled = this.busy;
  }

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
    dom.newButton.hidden = this.threadId === null && this.items.size === 0;
  }

  /** Items go above the status lines (progress, typing) that trail the thread. */
  private appendToThread(node: Node): void {
    const dom = this.ensureDom();
    dom.log.insertBefore(node, dom.progress ?? dom.typing ?? null);
    this.updateStartScreen();
    this.scheduleScroll();
  }

  private scheduleScroll(force = false): void {
    if (force) this.stickToBottom = true;
    if (!this.stickToBottom || this.scrollScheduled) return;
    this.scrollScheduled = true;
    const run = () => {
      this.scrollScheduled = false;
      const log = this.dom?.log;
      if (log && this.stickToBottom) log.scrollTop = log.scrollHeight;
    };
    // One layout read per frame, however many deltas arrived in it.
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(run);
    else setTimeout(run, 0);
  }

  private showTyping(): void {
    const dom = this.ensureDom();
    if (dom.typing) return;
    const typing = document.createElement('div');
    typing.className = 'ck-typing';
    const text = document.createElement('span');
    text.className = 'ck-visually-hidden';
    text.textContent = this.strings.typing;
    typing.append(text);
    for (let i = 0; i < 3; i += 1) {
      const dot = document.createElement('span');
      dot.className = 'ck-typing-dot';
      dot.setAttribute('aria-hidden', 'true');
      typing.append(dot);
    }
    dom.typing = typing;
    dom.log.append(typing);
    this.updateStartScreen();
    this.scheduleScroll();
  }

  private hideTyping(): void {
    const dom = this.dom;
    if (!dom?.typing) return;
    dom.typing.remove();
    dom.typing = null;
    this.updateStartScreen();
  }

  private showProgress(text: string): void {
    const dom = this.ensureDom();
    if (!dom.progress) {
      dom.progress = document.createElement('p');
      dom.progress.className = 'ck-progress';
      dom.log.insertBefore(dom.progress, dom.typing);
    }
    dom.progress.textContent = text;
    this.updateStartScreen();
    this.scheduleScroll();
  }

  private hideProgress(): void {
    const dom = this.dom;
    if (!dom?.progress) return;
    dom.progress.remove();
    dom.progress = null;
    this.updateStartScreen();
  }

  /** Clears the thread and shows the start screen; keeps the composer's text. */
  private startNewConversation(): void {
    const dom = this.ensureDom();
    this.threadId = null;
    this.threadTitle = null;
    this.lastUserItemId = null;
    this.pendingUser = null;
    this.items.clear();
    dom.typing = null;
    dom.progress = null;
    dom.log.replaceChildren();
    this.updateTitle();
    this.updateStartScreen();
  }

  private renderUserMessage(text: string): HTMLElement {
    const el = document.createElement('div');
    el.className = 'ck-message ck-message--user';
    const label = document.createElement('span');
    label.className = 'ck-visually-hidden';
    label.textContent = `${this.strings.youSaid} `;
    // Readers may write in another script than the UI's: each message takes its own direction.
    const body = document.createElement('span');
    body.dir = 'auto';
    body.textContent = text;
    el.append(label, body);
    return el;
  }

  private setUserText(el: HTMLElement, text: string): void {
    const body = el.lastElementChild;
    if (body && body.textContent !== text) body.textContent = text;
  }

  private createAssistantView(): AssistantView {
    const el = document.createElement('div');
    el.className = 'ck-message ck-message--assistant';
    const label = document.createElement('span');
    label.className = 'ck-visually-hidden';
    label.textContent = `${this.strings.assistantSaid} `;
    const body = document.createElement('div');
    body.className = 'ck-message-body';
    body.dir = 'auto';
    el.append(label, body);
    return { kind: 'assistant', el, body, sources: null, sourcesKey: '', parts: [], done: false };
  }

  private ensurePart(view: AssistantView, index: number, initialText = ''): ContentPartView {
    const existing = view.parts[index];
    if (existing) return existing;
    const el = document.createElement('div');
    el.className = 'ck-streaming';
    const textNode = document.createTextNode(initialText);
    el.append(textNode);
    const part: ContentPartView = {
      el,
      text: initialText,
      textNode,
      annotations: [],
      done: false,
    };
    view.parts[index] = part;
    // Parts may be announced out of order; keep the DOM in content order.
    const next = view.parts.slice(index + 1).find((p) => p !== undefined);
    view.body.insertBefore(el, next?.el ?? null);
    return part;
  }

  /** Markdown is rendered once, when the part's text is final. */
  private finalizePart(part: ContentPartView, content?: OutputText): void {
    if (content) {
      part.text = content.text;
      part.annotations = [...content.annotations];
    }
    const rendered = renderMarkdown(part.text, { newTabHint: this.strings.newTab });
    part.el.className = 'ck-markdown';
    part.el.replaceChildren(rendered);
    part.textNode = null;
    part.done = true;
  }

  private renderSources(view: AssistantView): void {
    const seen = new Set<string>();
    const sources: { title: string; href: string | null }[] = [];
    for (const part of view.parts) {
      for (const annotation of part?.annotations ?? []) {
        if (!annotation) continue;
        const source = annotation.source;
        const href = source.type === 'url' ? safeHref(source.url) : null;
        const key = source.type === 'url' ? source.url : `file:${source.filename}`;
        if (seen.has(key)) continue;
        seen.add(key);
        sources.push({
          title: source.title || (source.type === 'url' ? source.url : source.filename),
          href,
        });
      }
    }
    const key = JSON.stringify(sources);
    if (key === view.sourcesKey) return;
    view.sourcesKey = key;
    if (sources.length === 0) {
      view.sources?.remove();
      view.sources = null;
      return;
    }
    const container = document.createElement('div');
    container.className = 'ck-sources';
    const labelId = uniqueId('sources');
    const label = document.createElement('p');
    label.className = 'ck-sources-label';
    label.id = labelId;
    label.textContent = this.strings.sources;
    const list = document.createElement('ul');
    list.setAttribute('aria-labelledby', labelId);
    for (const source of sources) {
      const li = document.createElement('li');
      li.dir = 'auto';
      if (source.href) {
        const a = document.createElement('a');
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
    if (view.sources) view.sources.replaceWith(container);
    else view.el.append(container);
    view.sources = container;
  }

  private renderAssistantItem(item: AssistantMessageItem, view?: AssistantView): AssistantView {
    const target = view ?? this.createAssistantView();
    item.content.forEach((content, index) => {
      const part = this.ensurePart(target, index, content.text);
      // Parts already rendered at content_part.done are not parsed a second time.
      if (part.done && part.text === content.text) part.annotations = [...content.annotations];
      else this.finalizePart(part, content);
    });
    for (const extra of target.parts.splice(item.content.length)) extra?.el.remove();
    target.done = true;
    this.renderSources(target);
    return target;
  }

  private renderErrorBox(message: string, allowRetry: boolean): HTMLElement {
    const box = document.createElement('div');
    box.className = 'ck-error';
    const text = document.createElement('p');
    text.textContent = message;
    box.append(text);
    const threadId = this.threadId;
    const itemId = this.lastUserItemId;
    if (allowRetry && threadId && itemId) {
      const retry = document.createElement('button');
      retry.type = 'button';
      retry.className = 'ck-retry';
      retry.textContent = this.strings.retry;
      retry.addEventListener('click', () => {
        if (this.runController || retry.disabled) return;
        retry.disabled = true;
        void this.runStream(
          { type: 'threads.retry_after_item', params: { thread_id: threadId, item_id: itemId } },
          { kind: 'retry', errorBox: box, retryAfterItemId: itemId },
        ).finally(() => {
          if (box.isConnected) retry.disabled = false;
        });
      });
      box.append(retry);
    }
    return box;
  }

  // -------------------------------------------------------------------------------------------
  // Protocol
  // -------------------------------------------------------------------------------------------

  private async post(
    request: ChatKitRequestInput,
    signal: AbortSignal,
    streaming: boolean,
  ): Promise<Response> {
    const api = this.options?.api;
    if (!isCustomApi(api)) {
      throw new ChatKitConfigurationError(
        'The local ChatKit element needs api.url (custom backend mode).',
      );
    }
    const init: RequestInit = {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: streaming ? 'text/event-stream' : 'application/json',
      },
      body: JSON.stringify({ ...request, metadata: request.metadata ?? {} }),
      signal,
    };
    // A rejection propagates untouched: the host classifies network and session failures by it.
    const response = api.fetch
      ? await api.fetch(api.url, init)
      : await globalThis.fetch(api.url, init);
    if (!response.ok) throw await toHttpError(response);
    return response;
  }

  private async runStream(request: ChatKitRequestInput, ctx: RunContext): Promise<void> {
    const controller = new AbortController();
    this.runController = controller;
    let accepted = false;
    let answered = false; // the server answered 2xx: it may have stored the message
    this.setBusy(true);
    this.showTyping();
    this.scheduleScroll(true);
    this.emit('chatkit.response.start', undefined);
    try {
      const response = await this.post(request, controller.signal, true);
      answered = true;
      if (!response.body) throw new ChatKitStreamError('stream.interrupted', true);
      for await (const event of readThreadStream(response.body, controller.signal)) {
        // A listener of an event dispatched below may have started something newer.
        if (controller.signal.aborted) break;
        if (!accepted) {
          accepted = true;
          this.onAccepted(ctx);
        }
        this.handleStreamEvent(event);
      }
      if (controller.signal.aborted) throw controller.signal.reason;
      const open = [...this.items.values()].some((v) => v.kind === 'assistant' && !v.done);
      if (!accepted || open) throw new ChatKitStreamError('stream.interrupted', true);
    } catch (error) {
      if (controller.signal.aborted) {
        this.onAborted(ctx, accepted, controller.signal.reason as AbortReason);
      } else if (answered && !accepted && ctx.kind === 'send' && this.threadId) {
        await this.reconcileUnconfirmedSend(error, ctx, controller.signal);
      } else {
        this.onFailed(error, ctx, accepted);
      }
    } finally {
      if (this.runController === controller) this.runController = null;
      // A run superseded by a newer one must not tear down the newer one's status lines.
      if (this.runController === null) {
        this.hideTyping();
        this.hideProgress();
        this.setBusy(false);
      }
      this.emit('chatkit.response.end', undefined);
    }
  }

  private onAccepted(ctx: RunContext): void {
    const dom = this.ensureDom();
    if (ctx.kind === 'send' && ctx.text !== undefined) {
      // Only what was sent is cleared: a draft typed or kept meanwhile stays.
      if (dom.input.value.trim() === ctx.text) dom.input.value = '';
      this.updateSendState();
      this.pendingUser = this.renderUserMessage(ctx.text);
      this.appendToThread(this.pendingUser);
    }
    if (ctx.kind === 'retry' && ctx.retryAfterItemId) {
      const hadFocus = ctx.errorBox?.contains(document.activeElement) ?? false;
      this.removeItemsAfter(ctx.retryAfterItemId);
      ctx.errorBox?.remove();
      if (hadFocus) dom.log.focus({ preventScroll: true });
    }
    this.scheduleScroll(true);
  }

  /** Drops what followed a user message (a failed answer, its error box) before it is retried. */
  private removeItemsAfter(itemId: string): void {
    const dom = this.ensureDom();
    const anchor = this.items.get(itemId)?.el;
    if (!anchor) return;
    let node = anchor.nextElementSibling;
    while (node && node !== dom.progress && node !== dom.typing) {
      const next = node.nextElementSibling;
      node.remove();
      node = next;
    }
    for (const [id, view] of this.items) if (!view.el.isConnected) this.items.delete(id);
    this.updateStartScreen();
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
    const threadId = this.threadId;
    let stored: UserMessageItem | undefined;
    try {
      const response = await this.post(
        { type: 'threads.get_by_id', params: { thread_id: threadId! } },
        signal,
        false,
      );
      const parsed = threadSchema.safeParse(await response.json());
      if (parsed.success) {
        const thread = await this.loadRemainingItems(parsed.data, signal);
        const users = thread.items.data.filter((item) => item.type === 'user_message');
        const last = users[users.length - 1] as UserMessageItem | undefined;
        if (last && !this.items.has(last.id) && contentToText(last.content) === ctx.text) {
          stored = last;
        }
      }
    } catch {
      // Unknown: the reader keeps the text and may send it again.
    }
    if (signal.aborted || this.threadId !== threadId) return;
    if (!stored) return this.onFailed(error, ctx, false);
    this.onAccepted(ctx);
    if (this.pendingUser) {
      this.items.set(stored.id, { kind: 'user', el: this.pendingUser });
      this.lastUserItemId = stored.id;
      this.pendingUser = null;
    }
    this.onFailed(error, ctx, true);
  }

  private onAborted(ctx: RunContext, accepted: boolean, reason: AbortReason): void {
    // Superseded runs belong to a view that has already been replaced.
    if (reason !== 'disconnected') return;
    this.closeOpenAnswers();
    if (!accepted) {
      this.restoreComposer(ctx);
    } else {
      this.appendToThread(this.renderErrorBox(this.strings.answerInterrupted, true));
    }
  }

  private onFailed(error: unknown, ctx: RunContext, accepted: boolean): void {
    const reported = error instanceof Error ? error : new Error(String(error));
    this.closeOpenAnswers();
    if (reported instanceof ChatKitStreamError) {
      const message =
        reported.code === 'stream.interrupted'
          ? this.strings.answerInterrupted
          : this.strings.answerFailed;
      if (!accepted) this.restoreComposer(ctx);
      if (accepted || ctx.kind === 'send') {
        // Unaccepted, the message is back in the composer: Retry here would answer an earlier one.
        this.appendToThread(this.renderErrorBox(message, reported.allowRetry && accepted));
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
    if (ctx.text !== undefined && dom.input.value.trim() === '') dom.input.value = ctx.text;
    this.updateSendState();
  }

  /** A partial answer keeps what arrived, rendered, so nothing is left half-parsed. */
  private closeOpenAnswers(): void {
    for (const view of this.items.values()) {
      if (view.kind !== 'assistant' || view.done) continue;
      for (const part of view.parts) if (part && !part.done) this.finalizePart(part);
      view.done = true;
      this.renderSources(view);
    }
  }

  private handleStreamEvent(event: ThreadStreamEvent): void {
    switch (event.type) {
      case 'thread.created':
        this.threadId = event.thread.id;
        this.threadTitle = event.thread.title ?? null;
        this.updateTitle();
        this.emit('chatkit.thread.change', { threadId: event.thread.id });
        break;
      case 'thread.updated':
        this.threadTitle = event.thread.title ?? null;
        this.updateTitle();
        break;
      case 'thread.item.added':
      case 'thread.item.done':
      case 'thread.item.replaced':
        this.upsertItem(event.item, event.type);
        break;
      case 'thread.item.updated':
        this.applyUpdate(event.item_id, event.update);
        break;
      case 'thread.item.removed': {
        this.items.get(event.item_id)?.el.remove();
        this.items.delete(event.item_id);
        this.updateStartScreen();
        break;
      }
      case 'progress_update':
        this.showProgress(event.text);
        break;
      case 'notice':
        this.appendToThread(this.renderNotice(event.level, event.message, event.title));
        break;
      case 'error':
        throw new ChatKitStreamError(event.code, event.allow_retry);
      case 'client_effect':
        this.emit('chatkit.effect', { name: event.name, data: event.data });
        break;
      case 'stream_options':
        break;
    }
  }

  private renderNotice(
    level: 'info' | 'warning' | 'danger',
    message: string,
    title: string | null | undefined,
  ): HTMLElement {
    const box = document.createElement('div');
    box.className = `ck-notice ck-notice--${level}`;
    const heading = document.createElement('span');
    heading.className = 'ck-notice-title';
    heading.textContent = `${title ?? this.strings.notice[level]} `;
    box.append(heading, document.createTextNode(message));
    return box;
  }

  private upsertItem(
    item: ThreadItem,
    phase: 'thread.item.added' | 'thread.item.done' | 'thread.item.replaced',
  ): void {
    if (item.type === 'user_message') {
      const userItem = item as UserMessageItem;
      const text = contentToText(userItem.content);
      this.lastUserItemId = userItem.id;
      // The bubble shown on acceptance becomes the server's item: one message, one node.
      const pending = this.pendingUser?.isConnected ? this.pendingUser : null;
      this.pendingUser = null;
      const el = this.items.get(userItem.id)?.el ?? pending;
      if (el) {
        this.setUserText(el, text);
      } else {
        const fresh = this.renderUserMessage(text);
        this.appendToThread(fresh);
        this.items.set(userItem.id, { kind: 'user', el: fresh });
        return;
      }
      this.items.set(userItem.id, { kind: 'user', el });
      return;
    }
    if (item.type === 'assistant_message') {
      const assistant = item as AssistantMessageItem;
      const existing = this.items.get(assistant.id);
      if (phase === 'thread.item.added' && !existing) {
        const view = this.createAssistantView();
        assistant.content.forEach((content, index) => {
          this.ensurePart(view, index, content.text).annotations = [...content.annotations];
        });
        if (assistant.content.some((c) => c.text !== '')) this.hideTyping();
        this.items.set(assistant.id, view);
        this.appendToThread(view.el);
        return;
      }
      if (phase === 'thread.item.added') return;
      const view = existing?.kind === 'assistant' ? existing : undefined;
      const rendered = this.renderAssistantItem(assistant, view);
      if (!view) {
        existing?.el.replaceWith(rendered.el);
        if (!existing) this.appendToThread(rendered.el);
        this.items.set(assistant.id, rendered);
      }
      this.hideTyping();
      this.hideProgress();
      this.scheduleScroll();
      return;
    }
    this.log('item.skipped', { type: item.type });
  }

  private applyUpdate(itemId: string, update: AssistantUpdate | { type: string }): void {
    const view = this.items.get(itemId);
    if (!view || view.kind !== 'assistant') return;
    const u = update as AssistantUpdate;
    switch (u.type) {
      case 'assistant_message.content_part.added': {
        const part = this.ensurePart(view, u.content_index, u.content.text);
        part.annotations = [...u.content.annotations];
        break;
      }
      case 'assistant_message.content_part.text_delta': {
        const part = this.ensurePart(view, u.content_index);
        if (part.done) break;
        part.text += u.delta;
        part.textNode?.appendData(u.delta);
        if (u.delta !== '') {
          this.hideTyping();
          this.hideProgress();
        }
        break;
      }
      case 'assistant_message.content_part.annotation_added': {
        const part = this.ensurePart(view, u.content_index);
        part.annotations[u.annotation_index] = u.annotation;
        this.renderSources(view);
        break;
      }
      case 'assistant_message.content_part.done': {
        const part = this.ensurePart(view, u.content_index);
        this.finalizePart(part, u.content);
        this.renderSources(view);
        break;
      }
      default:
        return;
    }
    this.scheduleScroll();
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
    const previous = this.threadId;
    const announce = reason !== 'refresh';
    if (announce) {
      this.emit('chatkit.thread.load.start', { threadId });
      this.startNewConversation();
      const loading = document.createElement('p');
      loading.className = 'ck-loading';
      loading.textContent = this.strings.loading;
      dom.log.append(loading);
      dom.log.setAttribute('aria-busy', 'true');
      this.updateStartScreen();
    }
    let thread: Thread | null = null;
    let failure: unknown = null;
    try {
      const response = await this.post(
        { type: 'threads.get_by_id', params: { thread_id: threadId } },
        controller.signal,
        false,
      );
      const parsed = threadSchema.safeParse(await response.json());
      if (!parsed.success) {
        throw new ChatKitProtocolError('threads.get_by_id answered with an invalid thread', {
          cause: parsed.error,
        });
      }
      thread = await this.loadRemainingItems(parsed.data, controller.signal);
    } catch (error) {
      failure = error;
    }
    if (controller.signal.aborted) {
      if (announce) this.emit('chatkit.thread.load.end', { threadId });
      return;
    }
    dom.log.setAttribute('aria-busy', String(this.busy));
    if (thread) {
      this.renderThread(thread);
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
   * `threads.get_by_id` returns only the first page of items, oldest first; the rest come from
   * `items.list`, so a long conversation is restored up to its latest message.
   */
  private async loadRemainingItems(thread: Thread, signal: AbortSignal): Promise<Thread> {
    const data = [...thread.items.data];
    let page: Page<ThreadItem> = thread.items;
    for (let fetched = 0; page.has_more && page.after && fetched < MAX_ITEM_PAGES; fetched += 1) {
      const response = await this.post(
        {
          type: 'items.list',
          params: { thread_id: thread.id, order: 'asc', after: page.after, limit: ITEM_PAGE_SIZE },
        },
        signal,
        false,
      );
      const parsed = itemPageSchema.safeParse(await response.json());
      if (!parsed.success) {
        throw new ChatKitProtocolError('items.list answered with an invalid page', {
          cause: parsed.error,
        });
      }
      page = parsed.data;
      data.push(...page.data);
    }
    return { ...thread, items: { data, has_more: page.has_more, after: page.after } };
  }

  private renderThread(thread: Thread): void {
    this.startNewConversation();
    this.threadId = thread.id;
    this.threadTitle = thread.title ?? null;
    for (const item of thread.items.data) {
      if (item.type === 'user_message') {
        const userItem = item as UserMessageItem;
        const el = this.renderUserMessage(contentToText(userItem.content));
        this.items.set(userItem.id, { kind: 'user', el });
        this.lastUserItemId = userItem.id;
        this.appendToThread(el);
      } else if (item.type === 'assistant_message') {
        const view = this.renderAssistantItem(item as AssistantMessageItem);
        this.items.set(item.id, view);
        this.appendToThread(view.el);
      }
    }
    this.updateTitle();
    this.updateStartScreen();
    this.scheduleScroll(true);
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

  private log(name: string, data?: Record<string, unknown>): void {
    this.emit('chatkit.log', { name: `local.${name}`, data });
  }

  /** Resolves once `chatkit.ready` has been dispatched (for tests and hosts that prefer awaiting). */
  whenReady(): Promise<void> {
    return this.readyPromise ?? Promise.resolve();
  }
}

function icon(path: string): SVGSVGElement {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('fill', 'none');
  svg.setAttribute('stroke', 'currentColor');
  svg.setAttribute('stroke-width', '2');
  svg.setAttribute('stroke-linecap', 'round');
  svg.setAttribute('stroke-linejoin', 'round');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const p = document.createElementNS(SVG_NS, 'path');
  p.setAttribute('d', path);
  svg.append(p);
  return svg;
}

async function toHttpError(response: Response): Promise<ChatKitHttpError> {
  let retryAfter = parseRetryAfter(response.headers.get('Retry-After'));
  let errorType: string | null = null;
  try {
    const envelope = errorEnvelopeSchema.safeParse(await response.json());
    if (envelope.success) {
      errorType = envelope.data.error.type;
      retryAfter = envelope.data.error.retry_after ?? retryAfter;
    }
  } catch {
    // A body that is not the error envelope still yields a usable status.
  }
  return new ChatKitHttpError(response.status, { retryAfter, errorType });
}
