import { hostModePending, unplacedHostModeReplicas } from '@switchyard/core';
import type { Rule } from '../../rule';
import { get } from '../../../yaml/tree';
import { portModel } from '../ports/model';
import { deployModeOf, publishModeOf } from './deploy';

/**
 * A fixed host port published in `mode: host` binds that port on the node of each replica, so a node holds
 * one replica of the service: with more replicas than nodes, swarm's scheduler leaves the rest pending. With
 * a connected host the node count is known (its engine cluster's live hosts, or its swarm's nodes; one when
 * it stands alone) and this is an error; without one it is a warning about a single node.
 */
export const NET161: Rule = {
  id: 'NET161',
  title: 'Fixed host-mode port on more replicas than nodes',
  run({ project, host, report }) {
    for (const item of portModel(project).items) {
      const svc = item.service;
      if (item.unknown || !item.long || svc.replicas <= 1) continue;
      if (deployModeOf(svc)?.mode.startsWith('global')) continue; // one replica per node by definition
      if (publishModeOf(item).mode !== 'host') continue;
      const b = item.bindings[0];
      if (!b?.hostPort || b.hostPort.start !== b.hostPort.end) continue;
      const nodes = host ? (host.nodes ?? 1) : 1;
      const pending = unplacedHostModeReplicas(svc.replicas, nodes);
      if (pending === 0) continue;
      const port = `${b.hostPort.start}/${b.protocol}`;
      const asks = `service "${svc.name}" runs ${svc.replicas} replicas that each bind host port ${port} (mode: host)`;
      const where = host
        ? `${host.host} has ${nodes} node${nodes === 1 ? '' : 's'}, so ${pending} replica${pending === 1 ? '' : 's'} stay pending`
        : `one node holds one of them, so on a single node ${pending} stay pending (connect a host to check against its node count)`;
      const published = get(item.long.map, 'published');
      report({
        code: 'NET161',
        severity: host ? 'error' : 'warning',
        message: `${hostModePending(nodes)}: ${asks}; ${where}; leave out published so each replica gets a free host port, or publish it in ingress mode`,
        at: published?.span ?? b.at,
        fix: { kind: 'remove', title: 'Leave out the published port (each replica gets a free one)' },
      });
    }
  },
};
