import { canonicalMac } from '@switchyard/core';
import type { Rule } from '../../rule';
import { attachments } from '../network-facts';
import { macSettings } from './macs';
import type { MacSetting } from './macs';
import { attachmentReads } from '../../reads';

/**
 * One MAC on two services that share a network: both end up on one L2 segment with the same address.
 * A service-level MAC counts on the service's first network (where Compose applies it).
 */
export const NET070: Rule = {
  id: 'NET070',
  title: 'Same MAC on two services of one network',
  reads: [...attachmentReads('mac_address'), 'mac_address'],
  run({ project, report }) {
    // Each service's first network, read on the first service-level MAC: not a list of every network of
    // every service (one service on 640,000 networks made one).
    let firstNet: Map<string, string> | undefined;
    const firstNetOf = (service: string): string => {
      if (firstNet === undefined) {
        firstNet = new Map();
        for (const a of attachments(project)) {
          if (!firstNet.has(a.service.name)) firstNet.set(a.service.name, a.key);
        }
      }
      return firstNet.get(service) ?? 'default';
    };
    const seen = new Map<string, MacSetting>();
    for (const m of macSettings(project)) {
      const mac = canonicalMac(m.mac.value);
      if (!mac) continue;
      const nets = [m.network ?? firstNetOf(m.service.name)];
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
