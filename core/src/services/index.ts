export * from './swarm';
