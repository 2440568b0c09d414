import type { ServiceInfo, ServiceReplica } from '@switchyard/protocol';
import type { EndpointRow } from '../cluster/records';
import type { ClusterView } from '../cluster/view';
import type { ServiceRecord } from '../cluster/service-records';

/** A replica's rows (one per network) as the cluster sees them: the load balancers' backends. */
export function replicaRows(view: ClusterView, rec: ServiceRecord, networkId: string): EndpointRow[] {
  return view
    .rowsOf(networkId)
    .filter((r) => r.service?.id === rec.id && r.service.role === 'replica' && r.ipv4)
    .sort((a, b) => (a.service?.slot ?? 0) - (b.service?.slot ?? 0) || a.id.localeCompare(b.id));
}

/**
 * The replicas that take new flows (the load balancers' backends): still placed (a replica whose task went,
 * by a scale down or rm, is draining: out of every set at once, wherever the watch brings the change), on
 * the host its task names, and healthy when the service has a health check.
 */
export function backendRows(view: ClusterView, rec: ServiceRecord, networkId: string): EndpointRow[] {
  const tasks = view.tasks.get(rec.id);
  return replicaRows(view, rec, networkId).filter((r) => {
    const t = tasks?.get(r.service?.slot ?? -1);
    const health = r.service?.health;
    return t !== undefined && t.host === r.vtep && (health === undefined || health === 'healthy');
  });
}

/** Replicas of a service, from its placements and the rows their hosts announced (pure). */
export function replicasOf(
  view: ClusterView,
  rec: ServiceRecord,
  localErrors: ReadonlyMap<string, string>,
): ServiceReplica[] {
  const rows = rec.networks.flatMap((n) => replicaRows(view, rec, n.id));
  const tasks = [...(view.tasks.get(rec.id)?.values() ?? [])].sort((a, b) => a.slot - b.slot);
  return tasks.map((t) => {
    const mine = rows.filter((r) => r.service?.slot === t.slot && (!t.host || r.vtep === t.host));
    const host = view.hosts.get(t.host);
    const error = localErrors.get(`${rec.id}/${t.slot}`) ?? t.why;
    const state: ServiceReplica['state'] =
      mine.length > 0 ? 'running' : !t.host ? 'pending' : !host ? 'orphaned' : error ? 'failed' : 'pending';
    return {
      name: `${rec.name}.${t.slot}`,
      slot: t.slot,
      host: host?.name ?? t.host,
      hostAddress: t.host,
      sandbox: mine[0]?.sandboxId,
      addresses: mine.map((r) => ({
        network: rec.networks.find((n) => n.id === r.networkId)?.name ?? r.networkId,
        ipv4: r.ipv4,
        ipv6: r.ipv6,
      })),
      state,
      ...(mine[0]?.service?.health ? { health: mine[0].service.health } : {}),
      ...(error && state !== 'running' ? { error } : {}),
    };
  });
}

export function serviceInfo(
  view: ClusterView,
  rec: ServiceRecord,
  localErrors: ReadonlyMap<string, string> = new Map(),
): ServiceInfo {
  const tasks = replicasOf(view, rec, localErrors);
  return {
    id: rec.id,
    name: rec.name,
    created: rec.created,
    endpointMode: rec.spec.endpointMode,
    replicas: rec.spec.replicas,
    running: tasks.filter((t) => t.state === 'running').length,
    networks: rec.networks.map((n) => ({ name: n.name, id: n.id, vip: n.vip, ingress: n.ingress })),
    ports: rec.spec.ports,
    constraints: rec.spec.constraints,
    aliases: rec.spec.aliases,
    ...(rec.spec.command ? { command: rec.spec.command } : {}),
    labels: rec.spec.labels,
    tasks,
  };
}
