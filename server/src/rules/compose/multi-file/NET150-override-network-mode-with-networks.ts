import type { Rule } from '../../rule';
import { basename } from 'node:path';
import { exclusiveClash, exclusiveMessage } from '../network-mode/exclusive';

/**
 * `network_mode` in one file and `networks` in another (base + override): the merged service has both, which
 * compose-go refuses. Reported where the override writes its side.
 */
export const NET150: Rule = {
  id: 'NET150',
  title: 'Override combines network_mode and networks',
  run({ project, report }) {
    for (const svc of project.services) {
      if (!svc.enabled) continue;
      const clash = exclusiveClash(project, svc);
      if (!clash?.acrossOverride) continue;
      const other = basename(clash.other.keySpan.file);
      report({
        code: 'NET150',
        severity: 'error',
        message:
          `${exclusiveMessage(svc.name)} (${clash.other.key} comes from ${other}; merging keeps both, so ` +
          `reset it here with "${clash.other.key}: !reset ${clash.other.key === 'networks' ? '{}' : '""'}" or remove ${clash.at.key})`,
        at: clash.at.keySpan,
        related: [{ at: clash.other.keySpan, message: `${clash.other.key} is set here` }],
        fix: { kind: 'remove', title: `Remove ${clash.at.key}` },
      });
    }
  },
};
