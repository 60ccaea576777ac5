/**
 * "Ask about this code": a small icon button for a code block's button group (the site puts it
 * beside Docusaurus's Copy button, `website/src/theme/CodeBlock/Buttons`) that opens the chat with
 * the block quoted above the composer, unsent, through the same path as "Ask about this"
 * (`openChatWithQuote`, sent with the reader's question as `quoted_text`). Every doc page with code
 * loads this button and nothing more: the quoting (`quoteCode.ts`) is fetched on the first click.
 */
import { openChatWithQuote } from '../ChatWidget/compose';

export interface AskCodeButtonProps {
  /** The code block's text, as Copy would copy it. */
  code: string;
  /** The button's name and tooltip, in the page's language. @default "Ask about this code" */
  label?: string | undefined;
  /** The code block buttons' own class (Docusaurus styles its group's buttons alike). */
  className?: string;
}

/** Opens the chat with `code` quoted: its lines kept, cleaned and bounded (`quoteOfCode`). */
export function askAboutCode(code: string): Promise<void> {
  return import('./quoteCode').then(
    ({ quoteOfCode }) => {
      const quote = quoteOfCode(code);
      if (quote !== '') openChatWithQuote(quote);
    },
    () => undefined, // not fetched (offline, say): the next click tries again
  );
}

export function AskCodeButton({ code, label, className }: AskCodeButtonProps) {
  const name = label || 'Ask about this code';
  return (
    <button
      type="button"
      className={className}
      aria-label={name}
      title={name}
      onClick={() => void askAboutCode(code)}
    >
      <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
        <path
          d="M4 5.5A2.5 2.5 0 0 1 6.5 3h11A2.5 2.5 0 0 1 20 5.5v8a2.5 2.5 0 0 1-2.5 2.5H10l-4.2 3.6A.5.5 0 0 1 5 19.2V16A1.5 1.5 0 0 1 4 14.5zm5.3 3.2L7 11l2.3 2.3 1-1L9 11l1.3-1.3zm5.4 0-1 1L15 11l-1.3 1.3 1 1L17 11z"
          fill="currentColor"
          fillRule="evenodd"
        />
      </svg>
    </button>
  );
}

export default AskCodeButton;
