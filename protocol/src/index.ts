export * from './severity';
export * from './host-snapshot';
