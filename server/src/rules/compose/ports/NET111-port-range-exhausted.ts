import { conflictRule } from './report';

/** A published host range holds fewer ports than its replicas and the fixed ports inside it need. */
export const NET111 = conflictRule('NET111', 'Host port range too small');
