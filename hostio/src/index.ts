export * from './engine-client';
export * from './docker-reader';
export * from './ssh/known-hosts';
export * from './ssh/ssh-targets';
