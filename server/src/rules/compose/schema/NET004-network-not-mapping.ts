import type { Rule } from '../../rule';
import { isMap, isScalar } from '../../../yaml/tree';
import { networkDefinitions } from '../files';
import { KEY_PATTERN, validating } from './schema';

/** A network definition that is neither a mapping nor empty (`default: bridge`). */
export const NET004: Rule = {
  id: 'NET004',
  title: 'Network definition is not a mapping',
  scope: 'networks',
  run({ project, report }) {
    for (const { file, entry } of networkDefinitions(project)) {
      const v = entry.value;
      if (!v || isMap(v) || (isScalar(v) && v.value === null) || !KEY_PATTERN.test(entry.key)) continue;
      report({
        code: 'NET004',
        severity: 'error',
        message: validating(file, `networks.${entry.key}`, 'must be a mapping or null'),
        at: v.span,
      });
    }
  },
};
