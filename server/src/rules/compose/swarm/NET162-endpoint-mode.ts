import { likelyEndpointMode } from '@switchyard/core';
import type { Rule } from '../../rule';
import { endpointModeOf } from './deploy';

/** `deploy.endpoint_mode` other than vip or dnsrr (any case): moby refuses the service spec. */
export const NET162: Rule = {
  id: 'NET162',
  title: 'Unknown endpoint_mode',
  run({ project, report }) {
    for (const svc of project.services) {
      if (!svc.enabled) continue;
      const e = endpointModeOf(svc);
      if (!e?.error) continue;
      const likely = likelyEndpointMode(String(e.node.value));
      report({
        code: 'NET162',
        severity: 'error',
        message: `${e.error}: docker stack deploy refuses services.${svc.name}.deploy.endpoint_mode; use vip (a virtual IP, the default) or dnsrr (every replica's address in DNS)`,
        at: e.node.span,
        fix: { kind: 'replace', title: `Use endpoint_mode ${likely}`, text: likely },
      });
    }
  },
};
