// What the tree shows of a cluster's services (issue 13): each service with its virtual IPs, its replicas per
// host and its health, from the engine's `service ls`. Pure: render.ts turns these into tree items.
import type { ServiceInfo, ServiceReplica } from '@switchyard/protocol';
import type { Health, HostReplicas } from './nodes';
import { code, text } from './tooltip';

/** `vscode.l10n.t`'s shape: render.ts passes it; the default fills `{0}`… in as written (tests, English). */
export type Translate = (message: string, ...args: (string | number)[]) => string;
const asWritten: Translate = (message, ...args) =>
  message.replace(/\{(\d+)\}/g, (m, i: string) => String(args[Number(i)] ?? m));

export function healthOf(running: number, desired: number): Health {
  if (desired === 0) return running === 0 ? 'idle' : 'degraded';
  if (running >= desired) return 'healthy';
  return running > 0 ? 'degraded' : 'down';
}

/** The service's replicas grouped by host (hosts by name), each host's replicas by slot. */
export function replicasByHost(s: ServiceInfo): HostReplicas[] {
  const byHost = new Map<string, ServiceReplica[]>();
  for (const t of s.tasks) byHost.set(t.host, [...(byHost.get(t.host) ?? []), t]);
  return [...byHost.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([host, replicas]) => {
      const sorted = [...replicas].sort((a, b) => a.slot - b.slot);
      const running = sorted.filter((r) => r.state === 'running').length;
      return {
        host,
        hostAddress: sorted[0]?.hostAddress ?? '',
        replicas: sorted,
        running,
        health: healthOf(running, sorted.length),
      };
    });
}

/** The service's virtual IPs, one per network (none in dnsrr mode; the ingress network's is left out). */
export function vipsOf(s: ServiceInfo): { network: string; vip: string }[] {
  return s.networks.flatMap((n) =>
    n.vip && !n.ingress ? [{ network: n.name, vip: n.vip.split('/')[0] ?? n.vip }] : [],
  );
}

const portText = (p: ServiceInfo['ports'][number]): string =>
  `${p.published}→${p.target}/${p.protocol} (${p.mode})`;

/** The service row: `VIP 10.0.9.2 · 3/3 running · 2 hosts`, its health, and a Markdown tooltip. */
export function serviceRow(
  s: ServiceInfo,
  t: Translate = asWritten,
): { description: string; health: Health; tooltip: string } {
  const vips = vipsOf(s);
  const hosts = replicasByHost(s).length;
  const where =
    s.endpointMode === 'dnsrr'
      ? 'dnsrr'
      : vips.length > 0
        ? t('VIP {0}', vips.map((v) => v.vip).join(', '))
        : 'vip';
  const description = [
    where,
    t('{0}/{1} running', s.running, s.replicas),
    hosts === 0 ? '' : hosts === 1 ? t('1 host') : t('{0} hosts', hosts),
  ]
    .filter(Boolean)
    .join(' · ');
  const lines = [
    `**${text(s.name)}** ${code(s.id.slice(0, 12))} · endpoint mode ${code(s.endpointMode)}`,
    '',
    ...s.networks.map(
      (n) => `- network ${code(n.name)}${n.vip ? ` VIP ${code(n.vip)}` : ''}${n.ingress ? ' (ingress)' : ''}`,
    ),
    ...(s.ports.length > 0 ? ['', `ports ${s.ports.map((p) => code(portText(p))).join(', ')}`] : []),
    ...(s.constraints.length > 0 ? ['', `constraints ${s.constraints.map(code).join(', ')}`] : []),
    '',
    ...replicasByHost(s).map(
      (h) => `- ${text(h.host)} ${code(h.hostAddress)}: ${h.running}/${h.replicas.length} running`,
    ),
  ];
  return { description, health: healthOf(s.running, s.replicas), tooltip: lines.join('\n') };
}

/** A host row under a service: `2 replicas · 2 running`. */
export function hostRow(h: HostReplicas, t: Translate = asWritten): { label: string; description: string } {
  const n = h.replicas.length;
  const description =
    n === 1 ? t('1 replica · {0} running', h.running) : t('{0} replicas · {1} running', n, h.running);
  return { label: h.host, description };
}

/**
 * A replica row: its addresses and state (with its health check's verdict: a running replica that is not
 * healthy takes no new flows), and the error of a failed one.
 */
export function replicaRow(r: ServiceReplica): {
  label: string;
  description: string;
  health: Health;
  tooltip: string;
} {
  const addresses = r.addresses.map((a) => (a.ipv4 ?? a.ipv6 ?? '').split('/')[0]).filter(Boolean);
  const shown = r.health ? `${r.state} (${r.health})` : r.state;
  const state = r.error ? `${shown}: ${r.error}` : shown;
  const checked: Health =
    r.health === 'unhealthy' ? 'down' : r.health === 'starting' ? 'degraded' : 'healthy';
  return {
    label: r.name,
    description: [...addresses, state].join(' · '),
    health: r.state === 'running' ? checked : r.state === 'pending' ? 'degraded' : 'down',
    tooltip: [
      `${r.name} on ${r.host} (${r.hostAddress})`,
      ...r.addresses.map((a) => `${a.network}: ${a.ipv4 ?? '—'} ${a.ipv6 ?? ''}`.trim()),
      `sandbox ${r.sandbox ?? '—'}`,
      state,
    ].join('\n'),
  };
}
