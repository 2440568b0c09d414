import type { Rule } from '../../rule';
import { portModel } from './model';

/** A short-syntax port that go-connections' ParsePortSpec refuses, with its exact message. */
export const NET100: Rule = {
  id: 'NET100',
  title: 'Invalid port mapping',
  scope: 'service',
  run({ project, report }) {
    for (const item of portModel(project).allItems) {
      if (!item.short?.error) continue;
      report({ code: 'NET100', severity: 'error', message: item.short.error, at: item.short.scalar.span });
    }
  },
};
