export * from './finding';
export * from './snapshot';
export * from './net';
export * from './ports';
export * from './services';
export * from './host/proc';
export { memoByText } from './memo';
export * from './manifest-kind';
export { matchesLabel } from './labels';
