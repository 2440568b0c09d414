import { conflictRule } from './report';

/** A fixed host port inside another binding's dynamic range: the outcome depends on allocation order. */
export const NET112 = conflictRule('NET112', 'Fixed host port inside a dynamic range');
