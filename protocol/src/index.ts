export * from './severity';
export * from './host-snapshot';
export * from './engine';
export * from './docker-api';
export * from './server-launch';
export * from './rule-settings';
export * from './server-options';
export * from './compose-project';
