// "Create these networks on HOST": the compose file's networks as create requests, pre-checked with core/
// (the engine's IPAM checks, and overlap with what the host already has) before anything is sent. Pure.
import { engineIpamError, prefixOf, prefixesOverlap, validateIpam } from '@switchyard/core';
import type { HostNetwork } from '@switchyard/protocol';
import type { ComposeNetwork, ComposeProjectModel as ComposeProject } from '@switchyard/protocol';
import type { NetworkRequest } from '../engine-control/network-request';

export type CreateTarget = 'docker' | 'engine';

/** A create request for one compose network, keyed by its compose key. */
export interface NetworkCreateRequest extends NetworkRequest {
  key: string;
}

export interface CreatePlanItem {
  request: NetworkCreateRequest;
  /** Why it will not be created: a refusal from core/, an overlap, or "already exists". */
  skip?: string;
  /** A refusal (as opposed to a benign skip such as "already exists"). */
  error: boolean;
}

/**
 * One item per non-external network. Labels are compose's own, so `docker compose up` later adopts the network
 * instead of warning that it "exists but was not created by compose".
 */
export function planNetworkCreates(
  project: ComposeProject,
  hostNetworks: readonly HostNetwork[],
  target: CreateTarget,
): CreatePlanItem[] {
  const items: CreatePlanItem[] = [];
  const planned: { name: string; subnet: string }[] = [];
  for (const net of project.networks.filter((n) => !n.external)) {
    const request = toRequest(project.name, net);
    const exists = hostNetworks.find((h) => h.name === net.name && h.source === target);
    const problem = exists
      ? undefined
      : (ipamProblem(net) ?? overlapProblem(net, hostNetworks) ?? overlapProblem(net, asHost(planned)));
    if (exists)
      items.push({ request, skip: `already exists on the host (${exists.id.slice(0, 12)})`, error: false });
    else if (problem) items.push({ request, skip: problem, error: true });
    else items.push({ request, error: false });
    if (!problem) for (const c of net.ipam) if (c.subnet) planned.push({ name: net.name, subnet: c.subnet });
  }
  return items;
}

function toRequest(project: string, net: ComposeNetwork): NetworkCreateRequest {
  return {
    key: net.key,
    name: net.name,
    driver: net.driver,
    internal: net.internal,
    enableIpv6: net.enableIpv6 ?? net.ipam.some((c) => c.subnet?.includes(':') === true),
    ipam: net.ipam,
    options: net.driverOpts,
    labels: { ...net.labels, 'com.docker.compose.network': net.key, 'com.docker.compose.project': project },
  };
}

/** The engine's own ValidateIPAM texts, errors only. */
function ipamProblem(net: ComposeNetwork): string | undefined {
  const loc = (value: string | undefined) => (value === undefined ? undefined : { value, at: net.key });
  const findings = validateIpam<string>({
    name: net.name,
    driver: net.driver,
    ...(net.enableIpv6 !== undefined && { enableIpv6: net.enableIpv6 }),
    configs: net.ipam.map((c) => {
      const subnet = loc(c.subnet);
      const gateway = loc(c.gateway);
      const ipRange = loc(c.ipRange);
      return {
        ...(subnet && { subnet }),
        ...(gateway && { gateway }),
        ...(ipRange && { ipRange }),
        auxAddresses: Object.entries(c.auxAddresses).map(([name, value]) => ({
          name,
          value: { value, at: net.key },
        })),
        at: net.key,
      };
    }),
  });
  return engineIpamError(findings);
}

/** macvlan/ipvlan share the LAN's subnet on purpose, so only bridge-like networks are checked for overlap. */
function overlapProblem(net: ComposeNetwork, others: readonly HostNetwork[]): string | undefined {
  if (net.driver === 'macvlan' || net.driver === 'ipvlan') return undefined;
  for (const c of net.ipam) {
    const mine = c.subnet ? prefixOf(c.subnet) : undefined;
    if (!mine) continue;
    for (const other of others) {
      if (other.driver === 'macvlan' || other.driver === 'ipvlan') continue;
      const hit = other.subnets.find((s) => {
        const theirs = prefixOf(s.subnet);
        return theirs !== undefined && prefixesOverlap(mine, theirs);
      });
      if (hit) {
        return `invalid pool request: Pool overlaps with other one on this address space (${c.subnet} overlaps ${hit.subnet} of "${other.name}"); pick a free subnet`;
      }
    }
  }
  return undefined;
}

function asHost(planned: { name: string; subnet: string }[]): HostNetwork[] {
  return planned.map((p) => ({
    id: p.name,
    name: p.name,
    driver: 'bridge',
    scope: 'local',
    internal: false,
    subnets: [{ subnet: p.subnet }],
    containers: [],
    source: 'engine',
    labels: {},
  }));
}
