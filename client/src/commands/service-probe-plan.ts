// "Probe this service": where the requests can go (the service's virtual IP or name on each of its networks,
// or a published port on a host of the cluster) and where they are sent from. Pure.
import type { SandboxInfo, ServiceInfo } from '@switchyard/protocol';

export interface ProbeTarget {
  kind: 'vip' | 'name' | 'published';
  /** The address or name the requests go to, and the port (undefined: the service publishes none; ask). */
  host: string;
  port: number | undefined;
  /** vip/name: the network a sandbox must be on to reach it. */
  network?: string;
  /** published: the cluster host whose address it is. */
  onHost?: string;
  label: string;
  description: string;
}

/** A cluster host as the probe needs it: its `node ls` name and its advertise address. */
export interface ClusterHostAddress {
  name: string;
  address: string;
}

/**
 * Every way in: per network of the service (not the ingress one), its VIP (vip mode) or its name (dnsrr, a
 * different replica per lookup) on each target port; per published port, each host that answers on it
 * (every host for ingress, the hosts running a replica for host mode, as swarm publishes them).
 */
export function probeTargets(s: ServiceInfo, hosts: readonly ClusterHostAddress[]): ProbeTarget[] {
  const targets = [...new Set(s.ports.map((p) => p.target))];
  const ports: (number | undefined)[] = targets.length > 0 ? targets : [undefined];
  const out: ProbeTarget[] = [];
  for (const n of s.networks) {
    if (n.ingress) continue;
    const vip = n.vip?.split('/')[0];
    for (const port of ports) {
      const at = port === undefined ? '' : `:${port}`;
      if (s.endpointMode === 'vip' && vip) {
        out.push({
          kind: 'vip',
          host: vip,
          port,
          network: n.name,
          label: `VIP ${vip}${at}`,
          description: `on ${n.name}`,
        });
      } else {
        out.push({
          kind: 'name',
          host: s.name,
          port,
          network: n.name,
          label: `${s.name}${at}`,
          description: `on ${n.name}, DNS round robin`,
        });
      }
    }
  }
  const withReplica = new Set(s.tasks.filter((t) => t.state === 'running').map((t) => t.host));
  for (const p of s.ports) {
    for (const h of hosts) {
      if (p.mode === 'host' && !withReplica.has(h.name)) continue;
      out.push({
        kind: 'published',
        host: h.address,
        port: p.published,
        onHost: h.name,
        label: `${h.address}:${p.published}/${p.protocol}`,
        description: `published on ${h.name} (${p.mode === 'ingress' ? 'routing mesh' : 'host mode'})`,
      });
    }
  }
  return out;
}

/**
 * A sandbox on `network` to send from that is not a replica of the service (a replica would reach itself
 * through the VIP too and skew the spread); undefined when there is none (the command makes one).
 */
export function probeSandbox(
  sandboxes: readonly SandboxInfo[],
  network: string,
  s: ServiceInfo,
): SandboxInfo | undefined {
  const replicas = new Set(s.tasks.flatMap((t) => [t.name, ...(t.sandbox ? [t.sandbox] : [])]));
  return sandboxes.find(
    (b) =>
      !b.broken &&
      !replicas.has(b.name) &&
      !replicas.has(b.id) &&
      b.endpoints.some((e) => e.network === network),
  );
}

/** The throwaway sandbox's name: `probe-<service>-<random>`, within the engine's 64 characters. */
export function probeSandboxName(service: string, random: string): string {
  return `probe-${service.slice(0, 40)}-${random}`.replace(/[^a-zA-Z0-9_.-]/g, '_');
}

/** What is written on each connection: an HTTP/1.0 request (the server closes after answering), or nothing. */
export function probePayload(kind: 'http' | 'none', service: string): string | undefined {
  return kind === 'http' ? `GET / HTTP/1.0\r\nHost: ${service}\r\n\r\n` : undefined;
}
