/**
 * Which answers of a thread ended before they were complete, and how, for the tab's session:
 * the protocol has no way to resume an answer, and the backend keeps a partial answer as an
 * ordinary finished item (the reference server's `handle_stream_cancelled`), so after a reload
 * only the client can say that an answer was cut short. Kept in `sessionStorage`, one key per
 * thread, holding item ids and how each ended: nothing secret, and gone with the tab.
 */

/** How an answer ended early: the reader's Stop, the page left while it streamed, the network. */
export type CutShort = 'stopped' | 'reloaded' | 'dropped';

const PREFIX = 'chatkit-local:cut-short:';
/** A thread keeps at most this many marks (a reader who stops every answer of a long thread). */
const MAX_MARKS = 50;
const KINDS: ReadonlySet<string> = new Set(['stopped', 'reloaded', 'dropped']);

function storage(): Storage | null {
  try {
    return globalThis.sessionStorage ?? null;
  } catch {
    return null; // storage disabled (a sandboxed frame, some private modes)
  }
}

/** The marks of a thread; what is unreadable or not a mark is ignored. */
export function readCutShort(threadId: string): Map<string, CutShort> {
  const marks = new Map<string, CutShort>();
  let raw: string | null = null;
  try {
    raw = storage()?.getItem(PREFIX + threadId) ?? null;
  } catch {
    return marks;
  }
  if (!raw) return marks;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return marks;
    for (const [itemId, how] of Object.entries(parsed)) {
      if (typeof how === 'string' && KINDS.has(how)) marks.set(itemId, how as CutShort);
    }
  } catch {
    // Written by something else: no marks.
  }
  return marks;
}

function write(threadId: string, marks: Map<string, CutShort>): void {
  try {
    const store = storage();
    if (!store) return;
    if (marks.size === 0) store.removeItem(PREFIX + threadId);
    else store.setItem(PREFIX + threadId, JSON.stringify(Object.fromEntries(marks)));
  } catch {
    // Full or refused: the answer just shows without its mark after a reload.
  }
}

/** Remembers how an answer ended early (the newest marks are kept past the limit). */
export function rememberCutShort(threadId: string, itemId: string, how: CutShort): void {
  const marks = readCutShort(threadId);
  marks.delete(itemId);
  marks.set(itemId, how);
  while (marks.size > MAX_MARKS) marks.delete(marks.keys().next().value!);
  write(threadId, marks);
}

/** Forgets the marks of answers that are gone (regenerated, or no longer in the thread). */
export function forgetCutShort(threadId: string, itemIds: Iterable<string>): void {
  const marks = readCutShort(threadId);
  let changed = false;
  for (const id of itemIds) changed = marks.delete(id) || changed;
  if (changed) write(threadId, marks);
}
