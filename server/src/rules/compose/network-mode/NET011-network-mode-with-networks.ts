import type { Rule } from '../../rule';
import { exclusiveClash, exclusiveMessage } from './exclusive';

/** `network_mode` and `networks` on one service, written in one file (or inherited through `extends`). */
export const NET011: Rule = {
  id: 'NET011',
  title: 'network_mode together with networks',
  scope: 'service',
  run({ project, report }) {
    for (const svc of project.services) {
      if (!svc.enabled) continue;
      const clash = exclusiveClash(project, svc);
      if (!clash || clash.acrossOverride) continue;
      report({
        code: 'NET011',
        severity: 'error',
        message: exclusiveMessage(svc.name),
        at: clash.at.keySpan,
        related: [{ at: clash.other.keySpan, message: `${clash.other.key} is set here` }],
        // Removing the service's own network_mode is rarely the intent when networks is inherited.
        ...(clash.at.key === 'networks' ? { fix: { kind: 'remove', title: 'Remove networks' } } : {}),
      });
    }
  },
};
