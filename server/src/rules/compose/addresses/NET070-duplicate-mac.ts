import { canonicalMac } from '@switchyard/core';
import type { Rule } from '../../rule';
import { attachments, pushTo } from '../model';
import { macSettings } from './macs';
import type { MacSetting } from './macs';

/**
 * One MAC on two services that share a network: both end up on one L2 segment with the same address.
 * A service-level MAC counts on the service's first network (where Compose applies it).
 */
export const NET070: Rule = {
  id: 'NET070',
  title: 'Same MAC on two services of one network',
  run({ project, report }) {
    const netsOf = new Map<string, string[]>();
    for (const a of attachments(project)) pushTo(netsOf, a.service.name, a.key);
    const seen = new Map<string, MacSetting>();
    for (const m of macSettings(project)) {
      const mac = canonicalMac(m.mac.value);
      if (!mac) continue;
      const nets =
        m.network !== undefined ? [m.network] : (netsOf.get(m.service.name) ?? ['default']).slice(0, 1);
      for (const net of nets) {
        const key = `${net}\u0000${mac}`;
        const prior = seen.get(key);
        if (!prior) {
          seen.set(key, m);
          continue;
        }
        if (prior.service.name === m.service.name) continue;
        report({
          code: 'NET070',
          severity: 'warning',
          message: `MAC address ${m.mac.value} of service "${m.service.name}" is also used by service "${prior.service.name}" on network "${net}"; give each its own MAC`,
          at: m.mac.at,
          related: [{ at: prior.mac.at, message: `service "${prior.service.name}" uses ${prior.mac.value}` }],
        });
      }
    }
  },
};
