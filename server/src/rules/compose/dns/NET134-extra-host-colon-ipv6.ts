import type { Rule } from '../../rule';
import { extraHostsOf } from './hosts';

/** `host:::1`: legal (split at the first colon) but hard to read; Compose ≥ 2.24.1 takes `host=::1`. */
export const NET134: Rule = {
  id: 'NET134',
  title: 'extra_hosts IPv6 after a colon',
  scope: 'service',
  run({ project, report }) {
    for (const svc of project.services) {
      if (!svc.enabled) continue;
      for (const h of extraHostsOf(svc)) {
        const ip = h.raw.slice(h.host.length + 1);
        if (h.separator !== ':' || !ip.includes(':')) continue;
        const better = `${h.host}=${ip}`;
        report({
          code: 'NET134',
          severity: 'information',
          message: `"${h.raw}" separates host and IPv6 address with ":"; "${better}" says the same more clearly`,
          at: h.node.span,
          ...(h.node.vars?.length
            ? {}
            : { fix: { kind: 'replace', title: `Write "${better}"`, text: `"${better}"` } }),
        });
      }
    }
  },
};
