import { conflictRule } from './report';

/** A fixed host port on a service with more than one replica: replicas 2..n fail to bind it. */
export const NET110 = conflictRule('NET110', 'Fixed host port on a replicated service');
