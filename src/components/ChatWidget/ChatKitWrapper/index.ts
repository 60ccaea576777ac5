export * from './ChatKitWrapper';
