import { canonicalSubnet } from '@switchyard/core';
import type { Rule } from '../../rule';
import { ipamOf } from '../model';
import { createdNetworks } from '../created';

/**
 * The project's network already exists on the host (from an earlier `up`) with other subnets than the file
 * now says. Compose reuses an existing network or asks to recreate it, so the new subnets do not apply
 * until the network is removed. A warning: nothing fails, but the file and the host disagree.
 */
export const HOST005: Rule = {
  id: 'HOST005',
  title: 'Network exists on the host with other subnets',
  scope: 'networks',
  run({ project, host, report }) {
    if (!host) return;
    for (const net of createdNetworks(project)) {
      const existing = host.networks.find((h) => h.name === net.engineName);
      if (!existing || existing.subnets.length === 0) continue;
      const configs = ipamOf(net).configs.filter((c) => c.subnet && canonicalSubnet(c.subnet.value));
      const onHost = new Set(existing.subnets.map((s) => canonicalSubnet(s.subnet) ?? s.subnet));
      for (const cfg of configs) {
        const want = canonicalSubnet(cfg.subnet?.value ?? '');
        if (!cfg.subnet || want === undefined || onHost.has(want)) continue;
        report({
          code: 'HOST005',
          severity: 'warning',
          message: `network ${net.engineName} already exists on ${host.host} with subnet ${[...onHost].join(', ')}, not ${want}; Compose keeps the existing network (or asks to recreate it), so remove it first: docker compose down`,
          at: cfg.subnet.at,
        });
      }
    }
  },
};
