import type { Rule } from '../../rule';
import { basename } from 'node:path';
import { entry, get } from '../../../yaml/tree';
import { includers } from '../files';

/**
 * A file defines a network key that a file it includes defines too. Current compose-go merges the two
 * definitions; the spec says Compose should warn and keep them apart. Either way one definition changes the
 * other behind the user's back.
 */
export const NET156: Rule = {
  id: 'NET156',
  title: 'Included file defines the same network',
  run({ project, report }) {
    for (const [included, includer] of includers(project)) {
      const theirs = get(project.sources.get(included)?.root, 'networks');
      const ours = get(project.sources.get(includer)?.root, 'networks');
      if (!theirs || !ours || theirs.kind !== 'map') continue;
      for (const e of theirs.entries) {
        const local = entry(ours, e.key);
        if (!local) continue;
        report({
          code: 'NET156',
          severity: 'warning',
          message:
            `network "${e.key}" is also defined by the included ${basename(included)}; Compose merges the two ` +
            `definitions (the spec says it should not), so rename one or drop the local one`,
          at: local.keySpan,
          related: [{ at: e.keySpan, message: `${basename(included)} defines ${e.key} here` }],
        });
      }
    }
  },
};
