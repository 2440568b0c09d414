import type { Rule } from '../../rule';
import { entry, isMap, isScalar } from '../../../yaml/tree';
import { fileRoots } from '../files';
import { validating } from './schema';

/** Top-level `networks:` written as a list or a scalar (`networks: [front]`). */
export const NET005: Rule = {
  id: 'NET005',
  title: 'Top-level networks is not a mapping',
  scope: 'networks',
  run({ project, report }) {
    for (const { file, root } of fileRoots(project)) {
      const v = entry(root, 'networks')?.value;
      if (!v || isMap(v) || (isScalar(v) && v.value === null)) continue;
      report({
        code: 'NET005',
        severity: 'error',
        message:
          validating(file, 'networks', 'must be a mapping') +
          '; write each network as a key: networks: {front: {}}',
        at: v.span,
      });
    }
  },
};
