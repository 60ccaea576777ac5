export * from './ChatDialog';
