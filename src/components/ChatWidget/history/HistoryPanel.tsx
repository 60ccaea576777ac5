/**
 * The history as the panel shows it (fetched on the first use of the History button): the view,
 * talking to the backend through the chat connection's request pipeline at `${backendUrl}/chatkit`.
 */
import { useMemo } from 'react';
import type { ChatConnection } from '../chatConnection';
import { createHistoryClient } from './historyClient';
import { HistoryView, type HistoryViewProps } from './HistoryView';

export interface HistoryPanelProps extends Omit<HistoryViewProps, 'client'> {
  connection: Pick<ChatConnection, 'fetch'>;
  backendUrl: string;
}

export default function HistoryPanel({ connection, backendUrl, ...view }: HistoryPanelProps) {
  const client = useMemo(
    () => createHistoryClient({ fetch: connection.fetch, backendUrl }),
    [connection, backendUrl],
  );
  return <HistoryView client={client} {...view} />;
}
