import { formatPrefix, masked, prefixOf, prefixesOverlap } from '@switchyard/core';
import type { Rule } from '../../rule';
import { driverOf, ipamOf, usesDefaultIpam } from '../model';
import { createdNetworks } from '../created';
import { hostSubnets, isSameNetwork, sameAddressSpace } from './host';
import { suggestSubnet } from '../ipam/suggest';

/**
 * A subnet of the project that overlaps a network that already exists on the connected host (Docker's or
 * Switchyard's engine), other than this project's own network. The engine refuses it with NET036's text;
 * with `ip_range` it may accept it, so that case is a warning. No catalogue id covers host state, hence HOST.
 */
export const HOST001: Rule = {
  id: 'HOST001',
  title: 'Subnet overlaps a network on the host',
  scope: 'networks',
  run({ project, host, report }) {
    if (!host) return;
    const onHost = hostSubnets(host);
    for (const net of createdNetworks(project).filter(usesDefaultIpam)) {
      const ipam = ipamOf(net);
      for (const cfg of ipam.configs) {
        const p = cfg.subnet ? prefixOf(cfg.subnet.value) : undefined;
        if (!p || !cfg.subnet || (p.addr.family === 6 && ipam.enableIpv6 === false)) continue;
        for (const h of onHost) {
          if (isSameNetwork(project, net, h.network) || !sameAddressSpace(driverOf(net), h.network)) continue;
          if (!prefixesOverlap(p, h.subnet)) continue;
          const free = suggestSubnet(project, host, p.addr.family, p.bits);
          // An overlay of an engine cluster exists on every host of it: say which, not only the connected one.
          const cluster = h.network.clusterHosts;
          const where = cluster?.length
            ? `on ${host.host}'s cluster (overlay across ${cluster.join(', ')})`
            : `on ${host.host}`;
          const what = `subnet ${formatPrefix(masked(p))} of network "${net.key}" overlaps ${h.raw} of network "${h.network.name}" ${where}`;
          const advice = free ? `; use a free subnet such as ${free}` : '';
          report({
            code: 'HOST001',
            severity: cfg.ipRange ? 'warning' : 'error',
            message: cfg.ipRange
              ? `${what}; Docker accepts this only because of ip_range${advice}`
              : `Pool overlaps with other one on this address space: ${what}${advice}`,
            at: cfg.subnet.at,
            ...(free ? { fix: { kind: 'replace', title: `Use free subnet ${free}`, text: free } } : {}),
          });
        }
      }
    }
  },
};
