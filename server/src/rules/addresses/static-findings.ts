import { checkStaticAddress, duplicateStaticAddresses } from '@switchyard/core';
import type { Finding, Family, IpamNetworkInput, Located, StaticAssignment } from '@switchyard/core';
import type { ComposeProject, NetworkModel } from '../../compose/project';
import type { Span } from '../../compose/tree';
import { memoByProject } from './cache';
import { byPosition } from './order';
import { attachmentEntry, attachments, ipamOf, located } from './model';
import type { Attachment } from './model';

const FIELDS: [string, Family][] = [
  ['ipv4_address', 4],
  ['ipv6_address', 6],
];

/**
 * Every static address (`services.*.networks.*.ipv4_address|ipv6_address`) checked against its network
 * (NET040, NET060–NET064, NET066), then against the other services and the replicas (NET064, NET065).
 * Networks that are external or undeclared are skipped: their subnets are not in the files.
 */
function compute(project: ComposeProject): Finding<Span>[] {
  const out: Finding<Span>[] = [];
  const assignments: StaticAssignment<Span>[] = [];
  const all = attachments(project);
  const takenOn = new Map<string, string[]>();
  // Each address is read once: the attachments are many (every service on every network it joins).
  const written: { a: Attachment; family: Family; address: Located<string, Span> }[] = [];
  for (const a of all) {
    for (const [field, family] of FIELDS) {
      const address = located(attachmentEntry(a, field)?.value);
      if (!address) continue;
      const taken = takenOn.get(a.key);
      if (taken) taken.push(address.value);
      else takenOn.set(a.key, [address.value]);
      written.push({ a, family, address });
    }
  }
  const named = new Map<NetworkModel, IpamNetworkInput<Span>>();
  for (const { a, family, address } of written) {
    if (!a.network || a.network.external || address.value === '') continue;
    const model = a.network;
    // One object per network, so core's per-network parse of the subnets is reused across endpoints.
    let network = named.get(model);
    if (!network) named.set(model, (network = { ...ipamOf(model), name: model.engineName }));
    const taken = takenOn.get(a.key) ?? [];
    const found = checkStaticAddress({ service: a.service.name, network, family, address, taken });
    for (const f of found) out.push(f);
    if (!found.some((f) => f.severity === 'error')) {
      assignments.push({ service: a.service.name, network: a.key, address, replicas: a.service.replicas });
    }
  }
  const order = byPosition(project);
  const profiled = new Set(project.services.filter((s) => s.profiles.length > 0).map((s) => s.name));
  // Two services without profiles always run together; otherwise only when the right profiles are on.
  const together = (x: StaticAssignment<Span>, y: StaticAssignment<Span>) =>
    profiled.has(x.service) || profiled.has(y.service) ? ('sometimes' as const) : ('always' as const);
  const sorted = assignments.sort((x, y) => order(x.address.at, y.address.at));
  for (const f of duplicateStaticAddresses(sorted, { together })) out.push(f);
  return out;
}

export const staticFindings = memoByProject(compute);
