import { longSyntaxRule } from './report';

/** Long-syntax `published` is not a port or a port range: `invalid port specification: "<published>"`. */
export const NET106 = longSyntaxRule('NET106', 'Invalid published port');
