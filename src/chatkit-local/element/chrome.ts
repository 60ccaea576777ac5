/**
 * The element's chrome, around the thread: the header (title, New conversation), the start screen
 * (greeting, starter prompts), the log region the thread renders into, the composer (a quoted
 * passage above the text, the send button that becomes Stop while an answer can be stopped), the
 * disclaimer under it and a status region for short announcements. Built once; the element fills
 * in text from its options and wires behaviour through `handlers`.
 */
import { h, icon, uniqueId } from '../views/dom';

export interface Surface {
  surface: HTMLElement;
  header: HTMLElement;
  title: HTMLElement;
  newButton: HTMLButtonElement;
  start: HTMLElement;
  greeting: HTMLElement;
  prompts: HTMLUListElement;
  log: HTMLElement;
  form: HTMLFormElement;
  /** The passage the next message quotes (`setComposerValue({ reply })`), with Remove. */
  quote: HTMLElement;
  /** The quoted passage (its id describes the textarea while a quote is set). */
  quoteBlock: HTMLElement;
  quoteLabel: HTMLElement;
  quoteText: HTMLElement;
  quoteRemove: HTMLButtonElement;
  label: HTMLLabelElement;
  input: HTMLTextAreaElement;
  /** Send, or Stop while an answer streams (`data-mode="stop"`). */
  send: HTMLButtonElement;
  /** One short line under the composer (`disclaimer.text`). */
  disclaimer: HTMLElement;
  /** A polite status region: "Copied", "Answer stopped."... */
  status: HTMLElement;
}

export interface SurfaceHandlers {
  /** New conversation was pressed. */
  onNew(): void;
  /** The composer's text changed. */
  onInput(): void;
  /** Enter (without Shift, outside an IME composition) or the Send button. */
  onSubmit(): void;
  /** The send button while it is Stop. */
  onStop(): void;
  /** The quote's Remove button. */
  onRemoveQuote(): void;
}

export function createSurface(handlers: SurfaceHandlers): Surface {
  const surface = h('div', 'ck-surface');

  const header = h('div', 'ck-header');
  const title = h('h2', 'ck-title');
  const newButton = h('button', 'ck-icon-button ck-new');
  newButton.type = 'button';
  newButton.append(icon('M12 5v14M5 12h14'));
  newButton.addEventListener('click', () => handlers.onNew());
  header.append(title, newButton);

  const main = h('div', 'ck-main');
  const start = h('div', 'ck-start');
  const greeting = h('p', 'ck-greeting');
  const prompts = h('ul', 'ck-prompts');
  start.append(greeting, prompts);

  const log = h('div', 'ck-thread');
  log.setAttribute('role', 'log');
  log.setAttribute('aria-busy', 'false');
  // A long answer without links is a scrollable region that must be reachable by keyboard.
  log.tabIndex = 0;
  main.append(start, log);

  const form = h('form', 'ck-composer');
  form.noValidate = true;

  const quote = h('div', 'ck-quote');
  quote.hidden = true;
  const quoteText = h('blockquote', 'ck-quote-text');
  quoteText.id = uniqueId('quote');
  const quoteLabel = h('span', 'ck-visually-hidden');
  // The passage takes its own direction; the label (in the UI's language) must not decide it.
  const quoteBody = h('span');
  quoteBody.dir = 'auto';
  quoteText.append(quoteLabel, quoteBody);
  const quoteRemove = h('button', 'ck-icon-button ck-quote-remove');
  quoteRemove.type = 'button';
  quoteRemove.append(icon('M18 6 6 18M6 6l12 12'));
  quoteRemove.addEventListener('click', () => handlers.onRemoveQuote());
  quote.append(quoteText, quoteRemove);

  const row = h('div', 'ck-composer-row');
  const inputId = uniqueId('input');
  const label = h('label', 'ck-visually-hidden');
  label.htmlFor = inputId;
  const input = h('textarea', 'ck-input');
  input.id = inputId;
  input.rows = 1;
  input.addEventListener('input', () => handlers.onInput());
  input.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing || event.keyCode === 229) {
      return;
    }
    event.preventDefault();
    handlers.onSubmit();
  });
  const send = h('button', 'ck-icon-button ck-send');
  send.type = 'submit';
  send.disabled = true;
  send.append(icon('M12 19V5M5 12l7-7 7 7'));
  row.append(label, input, send);
  form.append(quote, row);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (send.dataset.mode === 'stop') handlers.onStop();
    else handlers.onSubmit();
  });

  const disclaimer = h('div', 'ck-disclaimer');
  disclaimer.hidden = true;
  const status = h('div', 'ck-visually-hidden');
  status.setAttribute('role', 'status');

  surface.append(header, main, form, disclaimer, status);
  return {
    surface,
    header,
    title,
    newButton,
    start,
    greeting,
    prompts,
    log,
    form,
    quote,
    quoteBlock: quoteText,
    quoteLabel,
    quoteText: quoteBody,
    quoteRemove,
    label,
    input,
    send,
    disclaimer,
    status,
  };
}
