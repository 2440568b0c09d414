import { defaultPoolOverlapping, formatPrefix, masked, prefixOf } from '@switchyard/core';
import type { Rule } from '../../rule';
import { driverOf, ipamOf, managedNetworks } from '../model';
import { suggestSubnet } from './suggest';

/**
 * An explicit subnet inside Docker's default local pools: networks created without a subnet (this or
 * another project's, and docker0 on 172.17.0.0/16) take their subnets from there, so whether this one is
 * free depends on the host.
 */
/** Overlay uses the global pool; macvlan/ipvlan take the LAN's own subnet, which the user does not choose. */
const SKIP = new Set(['overlay', 'macvlan', 'ipvlan']);

export const NET037: Rule = {
  id: 'NET037',
  title: "Subnet in Docker's default address pools",
  scope: 'networks',
  run({ project, host, report }) {
    for (const net of managedNetworks(project)) {
      if (SKIP.has(driverOf(net))) continue;
      for (const cfg of ipamOf(net).configs) {
        const p = cfg.subnet ? prefixOf(cfg.subnet.value) : undefined;
        if (!p || !cfg.subnet || p.addr.family !== 4) continue;
        const pool = defaultPoolOverlapping(p);
        if (!pool) continue;
        const free = suggestSubnet(project, host, 4, p.bits);
        const s = formatPrefix(masked(p));
        report({
          code: 'NET037',
          severity: 'warning',
          message: `subnet ${s} of network "${net.key}" lies in Docker's default address pool ${pool.base}, from which the engine hands out subnets to networks created without one (docker0 holds 172.17.0.0/16); if one already holds it, creation fails with "Pool overlaps with other one on this address space"${free ? `. Use a subnet outside the pools such as ${free}` : ''}`,
          at: cfg.subnet.at,
          ...(free ? { fix: { kind: 'replace', title: `Use ${free}`, text: free } } : {}),
        });
      }
    }
  },
};
