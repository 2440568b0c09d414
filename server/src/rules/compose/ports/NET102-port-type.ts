import type { Rule } from '../../rule';
import { portModel } from './model';

/**
 * A port item that is neither a string, an integer nor a mapping. A float passes the schema and then fails
 * compose-go's transform (`invalid type float64 for port`); a boolean or null fails the schema.
 */
export const NET102: Rule = {
  id: 'NET102',
  title: 'Port of the wrong type',
  scope: 'service',
  run({ project, report }) {
    for (const item of portModel(project).allItems) {
      if (!item.badType) continue;
      const where = `services.${item.service.name}.ports`;
      report({
        code: 'NET102',
        severity: 'error',
        message:
          item.badType === 'float64'
            ? `${where}: invalid type float64 for port`
            : `${where}.[${item.index}]: a port must be a string, an integer or a mapping, not ${item.badType}`,
        at: item.node.span,
      });
    }
  },
};
