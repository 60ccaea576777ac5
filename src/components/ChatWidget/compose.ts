/**
 * Opens the widget with text placed in the composer (not sent), from anywhere on the page: the
 * website's "Ask about this" selection button uses it. A DOM event keeps callers free of React
 * context and of the widget's code: importing this costs a few bytes.
 */
export const COMPOSE_EVENT = 'textbook-chat:compose';

export interface ComposeDetail {
  text: string;
}

export function openChatWithText(text: string): void {
  window.dispatchEvent(new CustomEvent<ComposeDetail>(COMPOSE_EVENT, { detail: { text } }));
}
