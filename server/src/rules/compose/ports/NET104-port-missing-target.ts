import { longSyntaxRule } from './report';

/** Long-syntax port without `target` (compose-go's de-duplication indexer refuses it). */
export const NET104 = longSyntaxRule('NET104', 'Port without target', true);
