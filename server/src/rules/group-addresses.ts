import type { Rule } from './rule';

export const addressRules: Rule[] = [];
