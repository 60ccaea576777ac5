export * from './ResponseIndicator';
