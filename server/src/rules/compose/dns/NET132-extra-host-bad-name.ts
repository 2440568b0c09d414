import type { Rule } from '../../rule';
import { extraHostsOf } from './hosts';

/** An `extra_hosts` host name that is empty or holds `:`/`=` (compose-go `HostsList.cleanup`). */
export const NET132: Rule = {
  id: 'NET132',
  title: 'extra_hosts bad host name',
  scope: 'service',
  run({ project, report }) {
    for (const svc of project.services) {
      if (!svc.enabled) continue;
      const seen = new Set<string>();
      for (const h of extraHostsOf(svc)) {
        if (h.separator === '' || (h.host !== '' && !/[:=]/.test(h.host))) continue;
        const key = `${h.hostSpan.file}:${h.hostSpan.start}`;
        if (seen.has(key)) continue;
        seen.add(key);
        report({
          code: 'NET132',
          severity: 'error',
          message: `bad host name '${h.host}'; a host name cannot be empty or contain ":" or "="`,
          at: h.hostSpan,
        });
      }
    }
  },
};
