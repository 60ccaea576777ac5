export * from './RetryPanel';
