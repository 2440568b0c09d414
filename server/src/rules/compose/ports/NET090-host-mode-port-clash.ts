import { conflictRule } from './report';

/** A `network_mode: host` service listens on a host port another service publishes (§5, NET090). */
export const NET090 = conflictRule('NET090', 'Host-mode service and a published port on the same host port');
