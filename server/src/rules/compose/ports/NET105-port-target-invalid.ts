import type { Rule } from '../../rule';
import { portModel } from './model';

/**
 * Container port 0 (or out of range, or not an integer): the engine refuses `invalid port specification:
 * "0/tcp"`. Long syntax `target`, and a short mapping whose container port is 0.
 */
export const NET105: Rule = {
  id: 'NET105',
  title: 'Invalid container port',
  scope: 'service',
  run({ project, report }) {
    for (const item of portModel(project).items) {
      for (const f of item.long?.findings ?? []) if (f.code === 'NET105') report(f);
      const zero = item.short && item.bindings.find((b) => b.containerPort === 0);
      if (!zero || !item.short) continue;
      report({
        code: 'NET105',
        severity: 'error',
        message: `invalid port specification: "0/${zero.protocol}"`,
        at: item.short.scalar.span,
      });
    }
  },
};
