import { conflictRule } from './report';

/**
 * Two services that always run together publish the same host port on overlapping addresses: the engine
 * refuses the second with `Bind for <ip>:<port> failed: port is already allocated`.
 */
export const NET109 = conflictRule('NET109', 'Host port already allocated');
