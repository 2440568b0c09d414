import type { Rule } from '../../rule';
import { networkDefinitions } from '../files';
import { KEY_PATTERN } from './schema';

/**
 * A top-level network key outside `^[a-zA-Z0-9._-]+$`. The schema has no `additionalProperties: false` at this
 * level, so Compose accepts the key and never validates the body under it: its typos go unnoticed.
 */
export const NET003: Rule = {
  id: 'NET003',
  title: 'Network key escapes schema validation',
  scope: 'networks',
  run({ project, report }) {
    for (const { entry } of networkDefinitions(project)) {
      if (KEY_PATTERN.test(entry.key)) continue;
      report({
        code: 'NET003',
        severity: 'warning',
        message:
          `network key "${entry.key}" does not match ^[a-zA-Z0-9._-]+$, so Compose does not validate its ` +
          `definition at all; rename it with letters, digits, ".", "_" or "-"`,
        at: entry.keySpan,
      });
    }
  },
};
