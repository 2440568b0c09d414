import type { Rule } from './rule';
import { NET010 } from './NET010-undefined-network';

export const referenceRules: Rule[] = [NET010];
