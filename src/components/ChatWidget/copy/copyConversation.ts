/**
 * "Copy conversation": reads the current thread from the backend (`threads.get_by_id`, then
 * `items.list` pages while the items say `has_more`), through the widget's authorized fetch, so
 * it works whichever element shows the chat (ours, or OpenAI's, whose insides we cannot read),
 * writes it as Markdown and puts it on the clipboard. Fetched by the panel on the first click.
 */
import { itemPageSchema, paths, threadSchema, type ThreadItem } from '../../../contract';
import { conversationMarkdown, hasConversation, type MarkdownLabels } from './conversationMarkdown';

/** What the panel tells the reader. */
export type CopyOutcome = 'copied' | 'empty' | 'offline' | 'failed' | 'refused';

/** Most `items.list` pages read after the thread's own (100 items each). */
export const MAX_ITEM_PAGES = 50;
const PAGE_SIZE = 100;

export interface CopyConversationOptions {
  /** The widget's authorized fetch (the controller's). */
  fetch: typeof fetch;
  backendUrl: string;
  /** The thread on screen, if there is one yet. */
  threadId: string | null;
  labels: MarkdownLabels;
  /** @default navigator.onLine */
  isOnline?: () => boolean;
  /** @default navigator.clipboard */
  clipboard?: Pick<Clipboard, 'writeText'> | undefined;
  /** Where the fallback's hidden textarea goes. @default document */
  document?: Document;
}

/** JSON where a `null` member is an absent one, as the contract's reader takes it. */
const parseJson = (text: string): unknown =>
  JSON.parse(text, function (this: unknown, _key, value: unknown) {
    return value === null && !Array.isArray(this) ? undefined : value;
  });

async function chatkit(options: CopyConversationOptions, type: string, params: object) {
  const response = await options.fetch(`${options.backendUrl}${paths.chatkit}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ type, params, metadata: {} }),
  });
  return parseJson(await response.text());
}

/** The thread's title and all its items, oldest first. */
export async function readThread(
  options: CopyConversationOptions & { threadId: string },
): Promise<{ title: string | undefined; items: ThreadItem[] }> {
  const thread = threadSchema.parse(
    await chatkit(options, 'threads.get_by_id', { thread_id: options.threadId }),
  );
  const items = [...thread.items.data];
  let page = thread.items;
  for (let read = 0; page.has_more && page.after && read < MAX_ITEM_PAGES; read++) {
    page = itemPageSchema.parse(
      await chatkit(options, 'items.list', {
        thread_id: options.threadId,
        order: 'asc',
        after: page.after,
        limit: PAGE_SIZE,
      }),
    );
    items.push(...page.data);
  }
  return { title: thread.title, items };
}

/**
 * Writes `text` with the Clipboard API, or, where it is missing or refused, with a hidden
 * textarea and `document.execCommand('copy')`. Resolves whether it was written.
 */
export async function writeToClipboard(
  text: string,
  clipboard: Pick<Clipboard, 'writeText'> | undefined,
  doc: Document,
): Promise<boolean> {
  if (typeof clipboard?.writeText === 'function') {
    try {
      await clipboard.writeText(text);
      return true;
    } catch {
      // Refused (no permission, the page not focused): the older way may still be allowed.
    }
  }
  const area = doc.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.setAttribute('aria-hidden', 'true');
  area.style.cssText = 'position:fixed;inset-block-start:0;opacity:0;pointer-events:none';
  const focused = doc.activeElement as HTMLElement | null;
  doc.body.append(area);
  try {
    area.focus({ preventScroll: true });
    area.select();
    return typeof doc.execCommand === 'function' && doc.execCommand('copy');
  } catch {
    return false;
  } finally {
    area.remove();
    focused?.focus?.({ preventScroll: true });
  }
}

/** Reads the thread, writes it as Markdown to the clipboard, and says how that went. */
export async function copyConversation(options: CopyConversationOptions): Promise<CopyOutcome> {
  const { threadId } = options;
  if (!threadId) return 'empty';
  // Asked only once the backend could not be reached: a browser may say "offline" wrongly.
  const online = options.isOnline ?? (() => navigator.onLine !== false);
  let markdown: string;
  try {
    const { title, items } = await readThread({ ...options, threadId });
    if (!hasConversation(items)) return 'empty';
    // Sources may be written relative to the site: the copy links them to the page's origin.
    const base = (options.document ?? document).baseURI;
    markdown = conversationMarkdown({ title, items, labels: options.labels, base });
  } catch (error) {
    // A stored thread the backend no longer has: nothing to copy.
    if ((error as { status?: unknown } | null)?.status === 404) return 'empty';
    return online() ? 'failed' : 'offline';
  }
  const clipboard = 'clipboard' in options ? options.clipboard : globalThis.navigator?.clipboard;
  const written = await writeToClipboard(markdown, clipboard, options.document ?? document);
  return written ? 'copied' : 'refused';
}
