import type { Rule } from '../../rule';
import { portModel, publishesPorts } from './model';

/** A published host port below 1024, which rootless Docker cannot bind by default. */
export const NET115: Rule = {
  id: 'NET115',
  title: 'Privileged host port',
  scope: 'service',
  run({ project, report }) {
    for (const item of portModel(project).items) {
      // Only ports that get published: host, none and container modes discard them (NET087, NET089, NET080).
      if (!publishesPorts(item.service)) continue;
      const low = item.bindings.find((b) => b.hostPort && b.hostPort.start > 0 && b.hostPort.start < 1024);
      if (!low?.hostPort) continue;
      report({
        code: 'NET115',
        severity: 'information',
        message: `host port ${low.hostPort.start} is below 1024: rootless Docker cannot bind it unless net.ipv4.ip_unprivileged_port_start is lowered`,
        at: low.at,
      });
    }
  },
};
