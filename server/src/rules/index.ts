import type { Rule } from './rule';
import { referenceRules } from './group-references';
import { addressRules } from './group-addresses';
import { portRules } from './group-ports';

/** Every rule, in the order Compose and the engine would meet the problems. */
export const allRules: Rule[] = [...referenceRules, ...addressRules, ...portRules];
