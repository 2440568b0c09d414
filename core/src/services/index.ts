export * from './swarm';
export * from './duration';
