import { conflictRule } from './report';

/**
 * A host-port clash (NET109/NET110) that only happens when certain profiles are enabled: a warning, where
 * the same clash between services that always run together is an error.
 */
export const NET158 = conflictRule('NET158', 'Host-port conflict under some profiles');
