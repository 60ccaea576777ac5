/**
 * The panel's side of "Copy conversation": the click handler and what the status line says. The
 * work (`copyConversation.ts`, with the Markdown writer) is fetched on the first click, so the
 * first open does not carry it.
 */
import { useEffect, useRef, useState } from 'react';
import type { PanelStrings } from '../strings/types';
import type { CopyConversationOptions, CopyOutcome } from './copyConversation';

export type CopyState = 'copying' | CopyOutcome | null;

export interface UseCopyConversation {
  /** The header button's handler. */
  copy: () => void;
  /** What the status line says now (empty when nothing). */
  message: string;
  /** The status is a failure (shown as one). */
  failed: boolean;
}

type Load = () => Promise<{
  copyConversation: (options: CopyConversationOptions) => Promise<CopyOutcome>;
}>;
const loadCopy: Load = () => import('./copyConversation');

/**
 * `options` gives what the copy reads when clicked; the status stays until the next copy, or until
 * the conversation moves on (`moved` turns true: an answer starts).
 */
export function useCopyConversation(
  options: () => Omit<CopyConversationOptions, 'labels'>,
  t: PanelStrings,
  moved: boolean,
  load: Load = loadCopy,
): UseCopyConversation {
  const [state, setState] = useState<CopyState>(null);
  const busy = useRef(false);
  const latest = useRef({ options, t, load });
  useEffect(() => {
    latest.current = { options, t, load };
  });
  useEffect(() => {
    if (moved && !busy.current) setState(null);
  }, [moved]);

  const copy = () => {
    if (busy.current) return;
    busy.current = true;
    setState('copying');
    const { options: read, t: words, load: fetchCode } = latest.current;
    fetchCode()
      .then((code) => code.copyConversation({ ...read(), labels: words.copyLabels }))
      .catch((): CopyOutcome => 'failed')
      .then((outcome) => {
        busy.current = false;
        setState(outcome);
      });
  };

  return {
    copy,
    message: state ? t.copyStatus[state] : '',
    failed: state !== null && state !== 'copying' && state !== 'copied',
  };
}
