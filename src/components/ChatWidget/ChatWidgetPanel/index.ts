export * from './ChatWidgetPanel';
export { createChatConnection } from '../chatConnection';
