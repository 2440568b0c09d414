import { formatPrefix, masked, prefixOf, prefixesOverlap } from '@switchyard/core';
import type { Prefix } from '@switchyard/core';
import type { Rule } from '../../rule';
import { driverOf, ipamOf, managedNetworks } from '../model';
import { hostSubnets } from './host';
import { suggestSubnet } from '../ipam/suggest';

/**
 * A subnet that overlaps a route of the host (a LAN, a VPN): Docker creates the network, but containers
 * on it can no longer reach that part of the host's network. Routes of existing container networks and
 * default routes are left out (HOST001 covers the former).
 */
export const HOST004: Rule = {
  id: 'HOST004',
  title: 'Subnet overlaps a route of the host',
  scope: 'networks',
  run({ project, host, report }) {
    if (!host) return;
    const networkSubnets = hostSubnets(host).map((h) => formatPrefix(masked(h.subnet)));
    const routes = host.routes
      .map((r) => ({ raw: r, p: prefixOf(r) }))
      .filter((r): r is { raw: string; p: Prefix } => !!r.p && r.p.bits > 0)
      .filter((r) => !networkSubnets.includes(formatPrefix(masked(r.p))));
    for (const net of managedNetworks(project)) {
      // macvlan/ipvlan networks are meant to share the LAN's subnet.
      if (driverOf(net) === 'macvlan' || driverOf(net) === 'ipvlan') continue;
      for (const cfg of ipamOf(net).configs) {
        const p = cfg.subnet ? prefixOf(cfg.subnet.value) : undefined;
        if (!p || !cfg.subnet) continue;
        const route = routes.find((r) => prefixesOverlap(r.p, p));
        if (!route) continue;
        const free = suggestSubnet(project, host, p.addr.family, p.bits);
        report({
          code: 'HOST004',
          severity: 'warning',
          message: `subnet ${formatPrefix(masked(p))} of network "${net.key}" overlaps the route to ${route.raw} on ${host.host}; containers on it cannot reach that network${free ? `. Use a free subnet such as ${free}` : ''}`,
          at: cfg.subnet.at,
          ...(free ? { fix: { kind: 'replace', title: `Use free subnet ${free}`, text: free } } : {}),
        });
      }
    }
  },
};
