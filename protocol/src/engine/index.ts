export * from './common';
export * from './network';
export * from './sandbox';
export * from './diag';
export * from './logs';
export * from './cluster';
export * from './kernel';
export * from './methods';
