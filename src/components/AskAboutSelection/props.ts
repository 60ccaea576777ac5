/** The props of "Ask about this", shared by its listener (`index.tsx`) and its button. */
export interface AskAboutSelectionProps {
  /** Where selections count: a CSS selector for the article. @default "article" */
  within?: string;
  /** Longest passage quoted, in characters; longer ones are cut with an ellipsis. @default 600 */
  maxLength?: number;
  /** Button text. @default "Ask about this" */
  label?: string | undefined;
}
