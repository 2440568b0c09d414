import { checkStaticAddress } from '@switchyard/core';
import type { Finding, IpamNetworkInput } from '@switchyard/core';
import type { HostSnapshot } from '@switchyard/protocol';
import type { ComposeProject } from '../../../compose/project';
import type { Span } from '../../../yaml/tree';
import { attachmentEntry, attachments, located } from '../model';

const FIELDS = [
  ['ipv4_address', 4],
  ['ipv6_address', 6],
] as const;

/**
 * Static addresses on `external` networks, checked against the subnets the connected host reports for
 * them: the files do not say those subnets, the host does. Only containment and reservations are judged
 * here (NET063, NET064); syntax is the file-only rules' job.
 */
export function externalStaticFindings(project: ComposeProject, host: HostSnapshot | null): Finding<Span>[] {
  if (!host) return [];
  const out: Finding<Span>[] = [];
  for (const a of attachments(project)) {
    if (!a.network?.external) continue;
    const onHost = host.networks.find((h) => h.name === a.network?.engineName);
    if (!onHost || onHost.subnets.length === 0) continue;
    for (const [field, family] of FIELDS) {
      const address = located(attachmentEntry(a, field)?.value);
      if (!address || address.value === '') continue;
      // The host's subnets have no place in the files; findings never point at them, so any span will do.
      const network: IpamNetworkInput<Span> = {
        name: onHost.name,
        driver: onHost.driver,
        enableIpv6: true,
        configs: onHost.subnets.map((s) => ({
          subnet: { value: s.subnet, at: address.at },
          ...(s.gateway ? { gateway: { value: s.gateway, at: address.at } } : {}),
          auxAddresses: [],
        })),
      };
      const found = checkStaticAddress({ service: a.service.name, network, family, address });
      for (const f of found) if (f.code === 'NET063' || f.code === 'NET064') out.push(f);
    }
  }
  return out;
}
