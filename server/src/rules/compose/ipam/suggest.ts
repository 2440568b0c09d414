import { SUGGESTED_IPV6_POOLS, SUGGESTION_POOLS, tryFreeSubnet } from '@switchyard/core';
import type { HostSnapshot } from '@switchyard/protocol';
import type { ComposeProject } from '../../../compose/project';
import { ipamOf, managedNetworks } from '../model';

/** Every subnet written in the project, plus what the connected host already uses. */
export function usedSubnets(project: ComposeProject, host: HostSnapshot | null): string[] {
  const own = managedNetworks(project).flatMap((n) =>
    ipamOf(n).configs.flatMap((c) => (c.subnet ? [c.subnet.value] : [])),
  );
  const onHost = host
    ? [
        ...host.networks.flatMap((n) => n.subnets.map((s) => s.subnet)),
        ...host.routes.filter((r) => !r.endsWith('/0')),
      ]
    : [];
  return [...own, ...onHost];
}

/** A subnet of `bits` and the given family that overlaps nothing in the project or on the host. */
export function suggestSubnet(
  project: ComposeProject,
  host: HostSnapshot | null,
  family: 4 | 6,
  bits: number,
): string | undefined {
  return tryFreeSubnet(
    usedSubnets(project, host),
    bits,
    family === 4 ? SUGGESTION_POOLS : SUGGESTED_IPV6_POOLS,
  );
}
