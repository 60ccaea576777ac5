/**
 * What survives a reload within the tab: whether the panel was open and the current thread id.
 * sessionStorage only (gone with the tab), and never the client secret. Every access is guarded:
 * storage may be missing (server rendering), disabled (privacy modes) or full.
 */
/** The default key prefix (`config.storageKey`). */
export const DEFAULT_STORAGE_KEY = 'textbook-chat';

export interface WidgetStorage {
  readOpen(): boolean;
  writeOpen(open: boolean): void;
  readThread(): string | null;
  writeThread(threadId: string | null): void;
}

/**
 * Reads `key` (no `value`), or writes it (null removes it). Every access is guarded: storage may be
 * missing (server rendering), disabled (privacy modes) or full; then the widget works on, only
 * without continuity.
 */
function store(key: string, value?: string | null): string | null {
  try {
    const storage = window.sessionStorage;
    if (value === undefined) return storage.getItem(key);
    if (value === null) storage.removeItem(key);
    else storage.setItem(key, value);
  } catch {
    // Nothing kept.
  }
  return null;
}

const read = (key: string): string | null => store(key);
const write = (key: string, value: string | null): void => void store(key, value);

/** Whether the panel was open (the shell reads it after hydration). */
export const readOpen = (prefix: string): boolean => read(`${prefix}:open`) === '1';

export const writeOpen = (prefix: string, open: boolean): void =>
  write(`${prefix}:open`, open ? '1' : null);

export function createWidgetStorage(prefix: string): WidgetStorage {
  const threadKey = `${prefix}:thread`;
  return {
    readOpen: () => readOpen(prefix),
    writeOpen: (open) => writeOpen(prefix, open),
    readThread: () => read(threadKey),
    writeThread: (threadId) => write(threadKey, threadId),
  };
}
