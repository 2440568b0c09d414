export * from './finding';
export * from './snapshot';
