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

function session(): Storage | null {
  try {
    return typeof window === 'undefined' ? null : window.sessionStorage;
  } catch {
    return null;
  }
}

export function createWidgetStorage(prefix: string): WidgetStorage {
  const openKey = `${prefix}:open`;
  const threadKey = `${prefix}:thread`;
  const read = (key: string) => {
    try {
      return session()?.getItem(key) ?? null;
    } catch {
      return null;
    }
  };
  const write = (key: string, value: string | null) => {
    try {
      if (value === null) session()?.removeItem(key);
      else session()?.setItem(key, value);
    } catch {
      // Storage full or blocked: the widget works on, only without continuity.
    }
  };
  return {
    readOpen: () => read(openKey) === '1',
    writeOpen: (open) => write(openKey, open ? '1' : null),
    readThread: () => read(threadKey),
    writeThread: (threadId) => write(threadKey, threadId),
  };
}
