import type { Rule } from './rule';
import { staticFindings } from './addresses/static-findings';
import { macSettings } from './addresses/macs';

/**
 * A static address or a fixed MAC on a service with more than one replica: every replica asks for the same
 * one, so replicas 2..n fail with `Address already in use`.
 */
export const NET065: Rule = {
  id: 'NET065',
  title: 'Static IP or MAC with replicas',
  run({ project, report }) {
    for (const f of staticFindings(project, 'NET065')) report(f);
    for (const m of macSettings(project)) {
      const n = m.service.replicas;
      if (n <= 1) continue;
      report({
        code: 'NET065',
        severity: 'error',
        message: `Address already in use: service "${m.service.name}" runs ${n} replicas with the one mac_address ${m.mac.value}, so replicas 2 to ${n} clash; remove mac_address or run one replica`,
        at: m.mac.at,
      });
    }
  },
};
