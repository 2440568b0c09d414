import type { Rule } from '../../rule';
import { parsePortHostIp } from '@switchyard/core';
import type { PMap } from '../../../yaml/tree';
import { portModel, publishesPorts } from './model';
import { networkHasIpv6, serviceNetworkKeys } from './networks';

/**
 * A port published on an IPv6 host address while none of the service's networks has IPv6. Publishing still
 * works on the host side (the proxy forwards to the container's IPv4 address), which may surprise.
 */
export const NET116: Rule = {
  id: 'NET116',
  title: 'IPv6 host IP on an IPv4-only network',
  scope: 'service',
  run({ project, report }) {
    for (const item of portModel(project).items) {
      // Only a text with a colon can be IPv6; skip parsing the common '' and IPv4 cases.
      const b = item.bindings.find((x) => x.hostIp.includes(':') && parsePortHostIp(x.hostIp)?.family === 6);
      if (!b || !publishesPorts(item.service)) continue;
      const keys = serviceNetworkKeys(item.service);
      if (keys.some((k) => networkHasIpv6(project, k) !== false)) continue;
      report({
        code: 'NET116',
        severity: 'information',
        message: `port ${b.published || b.containerPort} is published on IPv6 address ${b.hostIp}, but network${keys.length > 1 ? 's' : ''} ${keys.join(', ')} of service "${item.service.name}" ${keys.length > 1 ? 'have' : 'has'} no IPv6: the host side still forwards to the container's IPv4 address`,
        at: hostIpSpan(item) ?? b.at,
      });
    }
  },
};

function hostIpSpan(item: { long?: { map: PMap } }) {
  const e = item.long?.map.entries.find((x) => x.key === 'host_ip');
  return e?.value?.span;
}
