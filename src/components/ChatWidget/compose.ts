/**
 * Opens the widget with something in the composer (never sent), from anywhere on the page, through
 * one DOM event: callers need no React context and none of the widget's code (a few bytes).
 * - `openChatWithText(text)`: the text in the composer, for the reader to edit and send (the `?ask=`
 *   deep link uses it);
 * - `openChatWithQuote(passage)`: the passage as a quote above the composer ("Ask about this"), sent
 *   with the reader's question as `quoted_text` (ChatKit's `setComposerValue({ reply })`).
 */
export const COMPOSE_EVENT = 'textbook-chat:compose';

/** What goes into the composer: text, a quoted passage, or both. */
export interface ComposeDetail {
  text?: string;
  reply?: string;
  /**
   * The text is the page address's `?ask=` question (a link such as
   * /docs/ros2/overview?ask=What+is+a+topic%3F): the chat takes it, cut to a sane length, and
   * removes the parameter from the address bar.
   */
  fromAddress?: true;
}

function compose(detail: ComposeDetail): void {
  window.dispatchEvent(new CustomEvent<ComposeDetail>(COMPOSE_EVENT, { detail }));
}

export const openChatWithText = (text: string): void => compose({ text });
export const openChatWithQuote = (passage: string): void => compose({ reply: passage });
