export * from './engine-client';
export * from './docker-reader';
export * from './ssh/known-hosts';
export * from './ssh/ssh-targets';
export * from './ssh/connection';
export * from './stream-agent';
export * from './ssh/ssh-include';
export * from './ssh/keys';
