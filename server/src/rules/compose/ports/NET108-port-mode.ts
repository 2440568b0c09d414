import { longSyntaxRule } from './report';

/** Long-syntax `mode` other than host or ingress (swarm-only; plain Compose ignores it). */
export const NET108 = longSyntaxRule('NET108', 'Unknown port mode');
