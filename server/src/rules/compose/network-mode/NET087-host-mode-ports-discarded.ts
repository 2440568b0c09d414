import type { Rule } from '../../rule';
import { entry, isSeq } from '../../../yaml/tree';
import { networkMode } from '../ports/model';

/** `network_mode: host` with `ports`: Compose discards them (and says so) since the host's ports are used. */
export const NET087: Rule = {
  id: 'NET087',
  title: 'Ports ignored under network_mode: host',
  scope: 'service',
  run({ project, report }) {
    for (const svc of project.services) {
      if (!svc.enabled || networkMode(svc) !== 'host') continue;
      const ports = entry(svc.node, 'ports');
      if (!ports || !isSeq(ports.value) || ports.value.items.length === 0) continue;
      report({
        code: 'NET087',
        severity: 'warning',
        message: `service "${svc.name}": Published ports are discarded when using host network mode; the process binds the host's ports itself, so remove ports`,
        at: ports.keySpan,
      });
    }
  },
};
