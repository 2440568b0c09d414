import type { Rule } from './rule';
import { referenceRules } from './compose/group-references';
import { addressRules } from './compose/group-addresses';
import { portRules } from './compose/group-ports';

/** Every rule, in the order Compose and the engine would meet the problems. */
export const allRules: Rule[] = [...referenceRules, ...addressRules, ...portRules];
