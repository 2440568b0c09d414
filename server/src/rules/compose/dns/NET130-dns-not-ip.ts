import type { Rule } from '../../rule';
import { get, isScalar, isSeq, str } from '../../../yaml/tree';
import type { PNode } from '../../../yaml/tree';
import { parseAddrError } from './goaddr';

/** A `dns` entry that is not an IP address: docker compose parses each with Go's netip.ParseAddr. */
export const NET130: Rule = {
  id: 'NET130',
  title: 'DNS server is not an IP address',
  scope: 'service',
  run({ project, report }) {
    for (const svc of project.services) {
      if (!svc.enabled) continue;
      const dns = get(svc.node, 'dns');
      const items: PNode[] = isSeq(dns) ? dns.items : dns ? [dns] : [];
      for (const item of items) {
        const value = str(item);
        if (!isScalar(item) || value === undefined) continue;
        const problem = parseAddrError(value);
        if (problem === null) continue;
        report({
          code: 'NET130',
          severity: 'error',
          message: `invalid DNS address: ${problem}; dns takes IP addresses only (use dns_search for domains)`,
          at: item.span,
        });
      }
    }
  },
};
