export * from './severity';
export * from './host-snapshot';
export * from './engine';
