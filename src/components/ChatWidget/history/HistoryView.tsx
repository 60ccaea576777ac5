/**
 * The history view: the reader's earlier conversations, as the backend lists them (newest first,
 * a page at a time), in the panel in place of the chat. Each conversation is a button named by its
 * title that opens it; beside it, Rename (inline: Enter saves, Escape cancels, an empty title is
 * refused) and Delete (the row goes at once, with "Undo" for `undoMs`; the request is sent when
 * that window ends, or at once when the view closes). Loading, empty and error states; focus goes
 * to the heading when the view opens and stays with what the reader acts on.
 */
import { use, useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { ErrorState } from '../errors';
import { PanelStringsContext, usePanelStrings } from '../strings/context';
import { oneLine } from '../compose';
import { IconButton } from '../IconButton';
import ui from '../ui.module.css';
import { HistoryError, type Conversation, type HistoryClient } from './historyClient';
import styles from './HistoryView.module.css';

/** Longest title shown or typed, in characters. */
const MAX_TITLE = 200;

export interface HistoryViewProps {
  /** Lists, renames and deletes (the chat-request pipeline underneath). */
  client: HistoryClient;
  /** The conversation the chat shows now, marked `aria-current`. */
  currentId: string | null;
  /** The reader chose a conversation: the panel shows it in the chat. */
  onOpen: (id: string) => void;
  /** "Back to chat". */
  onBack: () => void;
  /** A conversation was deleted for good (the panel starts a fresh one if it was the current). */
  onDeleted?: ((id: string) => void) | undefined;
  /** How long "Undo" is offered after a delete, in ms. @default 5000 */
  undoMs?: number | undefined;
  /** The clock relative dates are measured against. @default Date.now */
  now?: (() => number) | undefined;
}

type Load = { status: 'loading' } | { status: 'ready' } | { status: 'error'; error: ErrorState };

interface Editing {
  id: string;
  text: string;
  problem: 'required' | 'failed' | null;
  reason: ErrorState['reason'] | null;
  saving: boolean;
}

interface PendingDelete {
  conversation: Conversation;
  index: number;
}

const errorOf = (error: unknown): ErrorState | null =>
  error instanceof HistoryError ? error.state : null;

/** A ChatKit datetime (ISO 8601; the reference writes naive UTC with microseconds) as epoch ms. */
export function parseCreatedAt(value: string): number {
  const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d)?)(\.\d+)?(Z|[+-]\d\d:?\d\d)?$/i.exec(value);
  if (!match) return Date.parse(value);
  const [, base, fraction = '', zone = 'Z'] = match;
  return Date.parse(`${base}${fraction.slice(0, 4)}${zone}`);
}

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** "2 hours ago", "yesterday", "now" in the page's language. */
export function relativeDate(createdAt: string, now: number, lang: string): string {
  const at = parseCreatedAt(createdAt);
  if (!Number.isFinite(at)) return '';
  let format: Intl.RelativeTimeFormat;
  try {
    format = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' });
  } catch {
    format = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  }
  const seconds = Math.round((at - now) / 1000);
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return format.format(Math.trunc(seconds / size), unit);
  }
  return format.format(0, 'second');
}

export function HistoryView({
  client,
  currentId,
  onOpen,
  onBack,
  onDeleted,
  undoMs = 5000,
  now = Date.now,
}: HistoryViewProps) {
  const { t: panel } = usePanelStrings();
  const { lang } = use(PanelStringsContext);
  const t = panel.history;
  const id = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const undoRef = useRef<HTMLButtonElement>(null);
  /** What to focus after the next render: a conversation button (by id), or "Undo". */
  const focusNext = useRef<string | null>(null);
  const focusUndo = useRef(false);

  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [items, setItems] = useState<Conversation[]>([]);
  const [after, setAfter] = useState<string | null>(null);
  const [more, setMore] = useState<{ loading: boolean; error: ErrorState | null }>({
    loading: false,
    error: null,
  });
  const [editing, setEditing] = useState<Editing | null>(null);
  const [pending, setPending] = useState<PendingDelete | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const pendingRef = useRef<PendingDelete | null>(null);

  // A title is the backend's (often a model's) text: shown on one line, without control, bidi or
  // zero-width characters, and bounded, as every text from outside the widget is (`oneLine`).
  const title = (conversation: Conversation) =>
    oneLine(conversation.title ?? '', MAX_TITLE, '…') || t.untitled;

  /** Fetches the first page; the state is 'loading' already (the first render, or Try again). */
  const fetchFirst = useCallback(() => {
    let live = true;
    client.list().then(
      (page) => {
        if (!live) return;
        setItems(page.conversations);
        setAfter(page.after);
        setLoad({ status: 'ready' });
      },
      (error: unknown) => {
        if (!live) return;
        const state = errorOf(error);
        setLoad({
          status: 'error',
          error: state ?? {
            type: 'unknown',
            reason: 'unknown',
            message: '',
            retryable: false,
            timestamp: 0,
          },
        });
      },
    );
    return () => {
      live = false;
    };
  }, [client]);

  useEffect(() => fetchFirst(), [fetchFirst]);
  useEffect(() => headingRef.current?.focus(), []);

  // Focus a conversation button the last action asked for, once it is rendered.
  useEffect(() => {
    if (focusUndo.current && undoRef.current) {
      focusUndo.current = false;
      undoRef.current.focus();
    }
    const wanted = focusNext.current;
    if (wanted === null) return;
    const button = listRef.current?.querySelector<HTMLElement>(
      `[data-conversation="${CSS.escape(wanted)}"]`,
    );
    if (button) {
      focusNext.current = null;
      button.focus();
    }
  });

  // ---- delete, with Undo -----------------------------------------------------------------

  // The latest callback and words, so a parent's re-render (a new `onDeleted` arrow) neither
  // restarts the undo window nor ends it early.
  const latest = useRef({ onDeleted, deleteFailed: t.deleteFailed, messages: panel.messages });
  useEffect(() => {
    latest.current = { onDeleted, deleteFailed: t.deleteFailed, messages: panel.messages };
  });

  const commitDelete = useCallback(
    (target: PendingDelete) => {
      if (pendingRef.current === target) pendingRef.current = null;
      client.remove(target.conversation.id).then(
        () => latest.current.onDeleted?.(target.conversation.id),
        (error: unknown) => {
          // It is still there: put it back where it was, and say so.
          setItems((list) => {
            const next = [...list];
            next.splice(Math.min(target.index, next.length), 0, target.conversation);
            return next;
          });
          const state = errorOf(error);
          const { deleteFailed, messages } = latest.current;
          setNotice(`${deleteFailed} ${state ? messages[state.reason] : ''}`.trim());
        },
      );
    },
    [client],
  );

  // The undo window: the request goes when it ends.
  useEffect(() => {
    if (!pending) return;
    const timer = setTimeout(() => {
      const hadFocus = document.activeElement === undoRef.current;
      setPending(null);
      commitDelete(pending);
      if (hadFocus) headingRef.current?.focus();
    }, undoMs);
    return () => clearTimeout(timer);
  }, [pending, undoMs, commitDelete]);

  // Closing the view ends the window: what was deleted is deleted.
  useEffect(
    () => () => {
      if (pendingRef.current) commitDelete(pendingRef.current);
    },
    [commitDelete],
  );

  function remove(conversation: Conversation) {
    if (pendingRef.current) commitDelete(pendingRef.current); // one undo at a time
    const index = items.findIndex((item) => item.id === conversation.id);
    const next = { conversation, index };
    pendingRef.current = next;
    setPending(next);
    setNotice(null);
    setItems((list) => list.filter((item) => item.id !== conversation.id));
    // Focus moves to "Undo", which the next render shows.
    focusUndo.current = true;
  }

  function undo() {
    const target = pendingRef.current;
    if (!target) return;
    pendingRef.current = null;
    setPending(null);
    setItems((list) => {
      const next = [...list];
      next.splice(Math.min(target.index, next.length), 0, target.conversation);
      return next;
    });
    focusNext.current = target.conversation.id;
  }

  // ---- rename ------------------------------------------------------------------------------

  function startRename(conversation: Conversation) {
    setNotice(null);
    setEditing({
      id: conversation.id,
      text: conversation.title ?? '',
      problem: null,
      reason: null,
      saving: false,
    });
  }

  function cancelRename() {
    if (editing) focusNext.current = editing.id;
    setEditing(null);
  }

  function saveRename(event: FormEvent) {
    event.preventDefault();
    if (!editing || editing.saving) return;
    const text = editing.text.trim();
    if (!text) return setEditing({ ...editing, problem: 'required', reason: null });
    const target = editing;
    setEditing({ ...target, problem: null, reason: null, saving: true });
    client.rename(target.id, text).then(
      () => {
        setItems((list) =>
          list.map((item) => (item.id === target.id ? { ...item, title: text } : item)),
        );
        focusNext.current = target.id;
        setEditing(null);
      },
      (error: unknown) => {
        // The typed text stays, with what went wrong.
        setEditing((now) =>
          now?.id === target.id
            ? { ...now, saving: false, problem: 'failed', reason: errorOf(error)?.reason ?? null }
            : now,
        );
      },
    );
  }

  // ---- paging ------------------------------------------------------------------------------

  function showMore() {
    if (after === null || more.loading) return;
    setMore({ loading: true, error: null });
    client.list({ after }).then(
      (page) => {
        const known = new Set(items.map((item) => item.id));
        const fresh = page.conversations.filter((item) => !known.has(item.id));
        setItems((list) => [...list, ...fresh]);
        setAfter(page.after);
        setMore({ loading: false, error: null });
        // Keyboard readers carry on from the first conversation that arrived.
        if (fresh[0]) focusNext.current = fresh[0].id;
      },
      (error: unknown) => setMore({ loading: false, error: errorOf(error) }),
    );
  }

  // ---- rendering ---------------------------------------------------------------------------

  const clock = now();
  const headingId = `${id}-heading`;

  return (
    <section className={styles.view} aria-labelledby={headingId}>
      <div className={styles.bar}>
        <button type="button" className={styles.back} onClick={onBack}>
          <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false" className={styles.backIcon}>
            <path
              d="M15 5l-7 7 7 7"
              stroke="currentColor"
              strokeWidth="2"
              fill="none"
              strokeLinecap="round"
              strokeLinejoin="round"
            />
          </svg>
          {t.back}
        </button>
        <h3 id={headingId} ref={headingRef} tabIndex={-1} className={styles.heading}>
          {t.title}
        </h3>
      </div>

      {load.status === 'loading' && (
        <div className={ui.centered}>
          <span className={ui.spinner} aria-hidden="true" />
          <p role="status">{t.loading}</p>
        </div>
      )}

      {load.status === 'error' && (
        <div className={ui.centered} role="alert">
          <p className={styles.errorHeading}>{t.loadFailed}</p>
          <p className={styles.muted}>{panel.messages[load.error.reason]}</p>
          <div className={ui.actions}>
            <button
              type="button"
              className={ui.primaryButton}
              onClick={() => {
                setLoad({ status: 'loading' });
                fetchFirst();
              }}
            >
              {panel.tryAgain}
            </button>
          </div>
        </div>
      )}

      {load.status === 'ready' && (
        <div className={styles.scroll}>
          {items.length === 0 && !pending && <p className={styles.empty}>{t.empty}</p>}
          {items.length > 0 && (
            <ul ref={listRef} className={styles.list} aria-label={t.listLabel}>
              {items.map((conversation) => {
                const name = title(conversation);
                const titleId = `${id}-${conversation.id}-title`;
                const dateId = `${id}-${conversation.id}-date`;
                const current = conversation.id === currentId;
                const edit = editing?.id === conversation.id ? editing : null;
                if (edit) {
                  const problemId = `${id}-${conversation.id}-problem`;
                  const problem =
                    edit.problem === 'required'
                      ? t.titleRequired
                      : edit.problem === 'failed'
                        ? `${t.renameFailed} ${edit.reason ? panel.messages[edit.reason] : ''}`.trim()
                        : null;
                  return (
                    <li key={conversation.id} className={styles.item}>
                      <form className={styles.rename} onSubmit={saveRename} noValidate>
                        <label htmlFor={`${id}-${conversation.id}-input`} className={styles.label}>
                          {t.titleLabel}
                        </label>
                        <input
                          id={`${id}-${conversation.id}-input`}
                          className={styles.input}
                          value={edit.text}
                          maxLength={MAX_TITLE}
                          // eslint-disable-next-line jsx-a11y/no-autofocus -- the reader asked to rename
                          autoFocus
                          aria-invalid={edit.problem === 'required' || undefined}
                          aria-describedby={problem ? problemId : undefined}
                          onChange={(event) =>
                            setEditing({ ...edit, text: event.target.value, problem: null })
                          }
                          // Capture: before the panel's own Escape (which closes the panel).
                          onKeyDownCapture={(event) => {
                            if (event.key === 'Escape') {
                              event.preventDefault();
                              event.stopPropagation();
                              cancelRename();
                            }
                          }}
                        />
                        {problem && (
                          <p id={problemId} className={styles.problem} role="alert">
                            {problem}
                          </p>
                        )}
                        <div className={styles.renameActions}>
                          <button
                            type="submit"
                            className={ui.primaryButton}
                            aria-disabled={edit.saving || undefined}
                          >
                            {t.save}
                          </button>
                          <button
                            type="button"
                            className={ui.secondaryButton}
                            onClick={cancelRename}
                          >
                            {panel.cancel}
                          </button>
                        </div>
                      </form>
                    </li>
                  );
                }
                return (
                  <li key={conversation.id} className={styles.item}>
                    <button
                      type="button"
                      className={styles.open}
                      data-conversation={conversation.id}
                      aria-current={current ? 'true' : undefined}
                      aria-labelledby={titleId}
                      aria-describedby={dateId}
                      onClick={() => onOpen(conversation.id)}
                    >
                      <span id={titleId} className={styles.title}>
                        {name}
                      </span>
                      <time id={dateId} dateTime={conversation.createdAt} className={styles.date}>
                        {relativeDate(conversation.createdAt, clock, lang)}
                      </time>
                    </button>
                    <IconButton
                      className={styles.action}
                      label={t.rename(name)}
                      onClick={() => startRename(conversation)}
                      path="M4 20h4L19 9l-4-4L4 16v4zM14 6l4 4"
                      strokeWidth={1.8}
                      cap="butt"
                    />
                    <IconButton
                      className={styles.action}
                      label={t.remove(name)}
                      onClick={() => remove(conversation)}
                      path="M5 7h14M10 7V5h4v2M7 7l1 12h8l1-12"
                      strokeWidth={1.8}
                      cap="butt"
                    />
                  </li>
                );
              })}
            </ul>
          )}
          {after !== null && (
            <div className={styles.more}>
              {more.error && (
                <p className={styles.problem} role="alert">
                  {panel.messages[more.error.reason]}
                </p>
              )}
              <button
                type="button"
                className={ui.secondaryButton}
                aria-disabled={more.loading || undefined}
                onClick={showMore}
              >
                {more.loading ? t.loading : t.showMore}
              </button>
            </div>
          )}
        </div>
      )}

      <div className={styles.status} role="status">
        {pending && (
          <>
            <span>{t.deleted}</span>
            <button ref={undoRef} type="button" className={styles.undo} onClick={undo}>
              {t.undo}
            </button>
          </>
        )}
        {!pending && notice}
      </div>
    </section>
  );
}
