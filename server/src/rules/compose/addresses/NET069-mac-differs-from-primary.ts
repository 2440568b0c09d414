import { canonicalMac } from '@switchyard/core';
import type { Rule } from '../../rule';
import { get } from '../../../yaml/tree';
import { attachmentEntry, attachments, located, pushTo } from '../model';
import type { Attachment } from '../model';
import { byPriority } from './priority';

/**
 * Service-level `mac_address` and a different `mac_address` on the service's primary network (the one
 * compose-go sorts first by `priority`, then by name): Compose refuses the service.
 */
export const NET069: Rule = {
  id: 'NET069',
  title: 'Service MAC differs from the primary network MAC',
  scope: 'service',
  run({ project, report }) {
    const bySvc = new Map<string, Attachment[]>();
    for (const a of attachments(project)) pushTo(bySvc, a.service.name, a);
    for (const list of bySvc.values()) {
      const primary = byPriority(list)[0];
      if (!primary) continue;
      const svcMac = located(get(primary.service.node, 'mac_address'));
      const netMac = located(attachmentEntry(primary, 'mac_address')?.value);
      if (!svcMac || !netMac || svcMac.value === '' || netMac.value === '') continue;
      if ((canonicalMac(svcMac.value) ?? svcMac.value) === (canonicalMac(netMac.value) ?? netMac.value))
        continue;
      report({
        code: 'NET069',
        severity: 'error',
        message: `the service-level mac_address should have the same value as network ${primary.key} (service "${primary.service.name}": ${svcMac.value} vs ${netMac.value}); keep only one of them`,
        at: netMac.at,
        related: [{ at: svcMac.at, message: `service-level mac_address ${svcMac.value}` }],
      });
    }
  },
};
