import { longSyntaxRule } from './report';

/** Long-syntax `protocol` other than tcp, udp or sctp (Compose passes it on; the engine refuses it). */
export const NET107 = longSyntaxRule('NET107', 'Unknown port protocol');
