/**
 * The history as the panel shows it (fetched on the first use of the History button): the view,
 * talking to the backend through the controller's authorized fetch at `${backendUrl}/chatkit`.
 */
import { useMemo } from 'react';
import type { ChatController } from '../chatController';
import { createHistoryClient } from './historyClient';
import { HistoryView, type HistoryViewProps } from './HistoryView';

export interface HistoryPanelProps extends Omit<HistoryViewProps, 'client'> {
  controller: Pick<ChatController, 'fetch'>;
  backendUrl: string;
}

export default function HistoryPanel({ controller, backendUrl, ...view }: HistoryPanelProps) {
  const client = useMemo(
    () => createHistoryClient({ fetch: controller.fetch, backendUrl }),
    [controller, backendUrl],
  );
  return <HistoryView client={client} {...view} />;
}
