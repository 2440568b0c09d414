import type { Rule } from './rule';

export const portRules: Rule[] = [];
