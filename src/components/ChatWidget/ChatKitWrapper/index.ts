export * from './ChatKitWrapper';
export type * from './props';
