import { longSyntaxRule } from './report';

/** Long-syntax `host_ip` is not an IP address (compose-go validation; host names are not allowed). */
export const NET103 = longSyntaxRule('NET103', 'Port host_ip is not an IP address', true);
