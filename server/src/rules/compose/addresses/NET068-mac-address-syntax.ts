import { parseMac } from '@switchyard/core';
import type { Rule } from '../../rule';
import { macSettings } from './macs';

/** `mac_address` (service level or per network) that Go's `net.ParseMAC` refuses. */
export const NET068: Rule = {
  id: 'NET068',
  title: 'Invalid MAC address',
  scope: 'service',
  run({ project, report }) {
    for (const m of macSettings(project)) {
      const p = parseMac(m.mac.value);
      if (p.ok) continue;
      report({
        code: 'NET068',
        severity: 'error',
        message: `invalid MAC address: ${p.error}; write six hex pairs such as 02:42:ac:11:00:02`,
        at: m.mac.at,
      });
    }
  },
};
