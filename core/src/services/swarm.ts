// What Docker's swarm (docker/cli's stack conversion, moby's service conversion, swarmkit's control API and
// scheduler) does with a service's endpoint mode, its port publish modes and its replica count, in their own
// words. Shared by the language server's rules, the compose dry run and whoever creates services. Pure.

import { DockerInfoSwarmSchema } from '@switchyard/protocol';
import type { EndpointMode, NodeLsResult, PublishMode } from '@switchyard/protocol';

/** swarmkit's `validateEndpointSpec`, as `docker stack deploy` prints it. */
export const DNSRR_INGRESS_CLASH =
  "EndpointSpec: port published with ingress mode can't be used with dnsrr mode";

/**
 * `deploy.endpoint_mode` as swarm takes it: docker/cli lower-cases it, an absent or empty value is `vip`, and
 * moby refuses anything else with `invalid resolution mode: "<v>"`.
 */
export function resolutionMode(raw: string | undefined): { mode: EndpointMode } | { error: string } {
  const v = (raw ?? '').toLowerCase();
  if (v === '' || v === 'vip') return { mode: 'vip' };
  if (v === 'dnsrr') return { mode: 'dnsrr' };
  return { error: `invalid resolution mode: ${JSON.stringify(v)}` };
}

/**
 * `ports[].mode` as swarm takes it: moby looks the upper-cased value up in swarmkit's enum, and a value that
 * is not there (a typo such as `hots`) silently becomes 0, which is `ingress`. The short syntax is `ingress`.
 */
export function publishMode(raw: string | undefined): PublishMode {
  return (raw ?? '').toLowerCase() === 'host' ? 'host' : 'ingress';
}

/** The value swarm would pick for a bad `endpoint_mode`: the one the user most likely meant. */
export function likelyEndpointMode(raw: string): EndpointMode {
  return /dns|rr|round/i.test(raw) ? 'dnsrr' : 'vip';
}

/**
 * How many replicas of a service that binds a fixed host port in `mode: host` the scheduler can place: one
 * per node (the port is taken on a node once one replica holds it). The rest stay pending.
 */
export function unplacedHostModeReplicas(replicas: number, nodes: number): number {
  return Math.max(0, replicas - Math.max(1, nodes));
}

/** swarmkit's `HostPortFilter.Explain`, as a pending task's status says it. */
export function hostModePending(nodes: number): string {
  const n = Math.max(1, nodes);
  return `no suitable node (host-mode port already in use on ${n} node${n === 1 ? '' : 's'})`;
}

/**
 * `deploy.mode` as docker/cli's `convertDeployMode` takes it: replicated (the default), global, and the two
 * job modes; `replicas` only with the replicated ones.
 */
export function deployModeError(mode: string | undefined, hasReplicas: boolean): string | undefined {
  const m = mode ?? '';
  if (m === 'global' || m === 'global-job') {
    return hasReplicas ? 'replicas can only be used with replicated or replicated-job mode' : undefined;
  }
  if (m === '' || m === 'replicated' || m === 'replicated-job') return undefined;
  return `unknown mode: ${m}`;
}

/**
 * How many hosts a service's replicas can be placed on, for the host snapshot (NET161): the Docker swarm's
 * nodes when the host is in one (what `docker stack deploy` schedules on), else the engine cluster's live
 * hosts; undefined when the host stands alone.
 */
export function placementNodes(
  swarmNodes: number | undefined,
  cluster: Pick<NodeLsResult, 'nodes'> | undefined,
): number | undefined {
  if (swarmNodes !== undefined) return swarmNodes;
  const alive = cluster?.nodes.filter((n) => n.state === 'alive').length ?? 0;
  return alive > 0 ? alive : undefined;
}

/** The node count of the swarm a Docker engine is an active node of (`GET /info`), or undefined when none. */
export function swarmNodesFromInfo(reply: unknown): number | undefined {
  const r = DockerInfoSwarmSchema.safeParse(reply);
  const swarm = r.success ? r.data.Swarm : undefined;
  return swarm?.LocalNodeState === 'active' && (swarm.Nodes ?? 0) > 0 ? swarm.Nodes : undefined;
}
