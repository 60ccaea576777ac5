export * from './ChatToggle';
