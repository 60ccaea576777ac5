/**
 * The element's chrome, around the thread: the header (title, New conversation), the start screen
 * (greeting, starter prompts), the log region the thread renders into, and the composer. Built once;
 * the element fills in text from its options and wires behaviour through `handlers`.
 */
import { h, icon, uniqueId } from './dom';

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
  label: HTMLLabelElement;
  input: HTMLTextAreaElement;
  send: HTMLButtonElement;
}

export interface SurfaceHandlers {
  /** New conversation was pressed. */
  onNew(): void;
  /** The composer's text changed. */
  onInput(): void;
  /** Enter (without Shift, outside an IME composition) or the Send button. */
  onSubmit(): void;
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
  form.append(label, input, send);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    handlers.onSubmit();
  });

  surface.append(header, main, form);
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
    label,
    input,
    send,
  };
}
