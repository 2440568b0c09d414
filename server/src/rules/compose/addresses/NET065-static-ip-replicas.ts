import type { Rule } from '../../rule';
import { staticFindings } from './static-findings';
import { macSettings } from './macs';

/**
 * A static address or a fixed MAC on a service with more than one replica: every replica asks for the same
 * one. For the address, replicas 2..n fail with `Address already in use` (error); the engine does not
 * allocate MACs, so it starts every replica with the same one and they clash on the link (warning).
 */
export const NET065: Rule = {
  id: 'NET065',
  title: 'Static IP or MAC with replicas',
  scope: 'service',
  run({ project, report }) {
    for (const f of staticFindings(project, 'NET065')) report(f);
    for (const m of macSettings(project)) {
      const n = m.service.replicas;
      if (n <= 1) continue;
      report({
        code: 'NET065',
        severity: 'warning',
        message: `service "${m.service.name}" runs ${n} replicas with the one mac_address ${m.mac.value}; the engine starts them all with that MAC and they clash on the network; remove mac_address or run one replica`,
        at: m.mac.at,
      });
    }
  },
};
