export * from './ChatWidgetPanel';
