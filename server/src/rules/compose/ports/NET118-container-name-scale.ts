import type { Rule } from '../../rule';
import { at, get, str } from '../../../yaml/tree';

/** `container_name` on a service with more than one replica: every replica would need the same name. */
export const NET118: Rule = {
  id: 'NET118',
  title: 'container_name with scale > 1',
  scope: 'service',
  run({ project, report }) {
    for (const svc of project.services) {
      if (!svc.enabled || svc.replicas <= 1) continue;
      const name = get(svc.node, 'container_name');
      // compose-go checks `s.ContainerName != ""`: an empty name (`""`, an unset variable) is no fixed name.
      if (!name || !str(name)) continue;
      // compose-go swaps its format arguments: the attribute comes first, then the service name.
      const attr = get(svc.node, 'scale') !== undefined ? 'scale' : 'deploy.replicas';
      const count = attr === 'scale' ? get(svc.node, 'scale') : at(svc.node, 'deploy', 'replicas');
      report({
        code: 'NET118',
        severity: 'error',
        message: `services.${attr}: can't set container_name and ${svc.name} as container name must be unique: invalid compose project`,
        at: name.span,
        ...(count ? { related: [{ at: count.span, message: `${svc.replicas} replicas are set here` }] } : {}),
      });
    }
  },
};
