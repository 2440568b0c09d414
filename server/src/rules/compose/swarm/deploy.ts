import { publishMode, resolutionMode } from '@switchyard/core';
import type { EndpointMode, PublishMode } from '@switchyard/protocol';
import type { ServiceModel } from '../../../compose/project';
import { at, get, str } from '../../../yaml/tree';
import type { PNode, PScalar } from '../../../yaml/tree';
import { isScalar } from '../../../yaml/tree';
import type { PortItem } from '../ports/items';

/**
 * What swarm reads of a service's `deploy` and `ports` (NET160-NET163): its endpoint mode and each port's
 * publish mode as docker/cli and moby take them (core/services/swarm.ts), with the nodes they are written at.
 */

/** `deploy.endpoint_mode` and what swarm makes of it; undefined when the service does not set it. */
export function endpointModeOf(
  svc: ServiceModel,
): { node: PScalar; mode: EndpointMode | undefined; error?: string } | undefined {
  const node = at(svc.node, 'deploy', 'endpoint_mode');
  if (!isScalar(node) || node.value === null) return undefined;
  const raw = String(node.value);
  if (raw.includes('$')) return undefined;
  const r = resolutionMode(raw);
  return 'mode' in r ? { node, mode: r.mode } : { node, mode: undefined, error: r.error };
}

/** A port item's publish mode for swarm, and the `mode` node when the long syntax writes one. */
export function publishModeOf(item: PortItem): { mode: PublishMode; node?: PScalar; raw?: string } {
  const node = item.long ? get(item.long.map, 'mode') : undefined;
  if (!isScalar(node) || node.value === null) return { mode: 'ingress' };
  const raw = String(node.value);
  return { mode: publishMode(raw), node, raw };
}

/** `deploy.mode` as written, and its node. */
export function deployModeOf(svc: ServiceModel): { node: PNode; mode: string } | undefined {
  const node = at(svc.node, 'deploy', 'mode');
  const mode = str(node);
  return node && mode !== undefined ? { node, mode } : undefined;
}
