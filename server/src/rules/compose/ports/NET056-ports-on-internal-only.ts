import type { Rule } from '../../rule';
import { bool, entry, get, isSeq } from '../../../yaml/tree';
import { usesDefaultNetwork } from '../../../compose/loader';
import { attachments, pushTo } from '../model';

/**
 * A service that publishes ports while every network it is on is `internal: true`: internal networks have
 * no route to the host, so the published ports are unreachable.
 */
export const NET056: Rule = {
  id: 'NET056',
  title: 'Published ports on internal networks only',
  scope: 'service',
  run({ project, report }) {
    const internal = new Set(
      project.networks.filter((n) => bool(get(n.node, 'internal')) === true).map((n) => n.key),
    );
    const onNets = new Map<string, string[]>();
    for (const a of attachments(project)) pushTo(onNets, a.service.name, a.key);
    for (const svc of project.services) {
      if (!svc.enabled || entry(svc.node, 'network_mode')) continue;
      const ports = entry(svc.node, 'ports');
      if (!ports || !isSeq(ports.value) || ports.value.items.length === 0) continue;
      const nets = onNets.get(svc.name) ?? [];
      const all = nets.length > 0 ? nets : usesDefaultNetwork(svc.node) ? ['default'] : [];
      if (all.length === 0 || !all.every((k) => internal.has(k))) continue;
      report({
        code: 'NET056',
        severity: 'warning',
        message: `service "${svc.name}" publishes ports but is only on internal network${all.length > 1 ? 's' : ''} ${all.map((k) => `"${k}"`).join(', ')}, which cannot be reached from the host; add a non-internal network to the service`,
        at: ports.keySpan,
      });
    }
  },
};
