// The networking part of a loaded project (override files, include, extends, `.env` and interpolation
// already applied) in protocol's `ComposeProjectModel` shape: what the extension's code lens, dry run and
// "create these networks" work from, so they read the project exactly as the diagnostics do. Pure.
import { publishMode } from '@switchyard/core';
import type {
  ComposeIpamConfig,
  ComposeNetwork,
  ComposePort,
  ComposeProjectModel,
  ComposeService,
  ServiceAttachment,
} from '@switchyard/protocol';
import type { ComposeProject, NetworkModel, ServiceModel } from './project';
import { bool, entry, get, isMap, isScalar, isSeq, str } from '../yaml/tree';
import type { PNode } from '../yaml/tree';

/** The model, with the offsets of the top-level `networks:` and `services:` keys in the file `path`. */
export type ProjectNetworkModel = Omit<ComposeProjectModel, 'networksKey' | 'servicesKey'> & {
  networksKeyOffset?: number;
  servicesKeyOffset?: number;
};

export function networkModel(project: ComposeProject, path: string): ProjectNetworkModel {
  const root = project.sources.get(path)?.root ?? null;
  const networksKeyOffset = entry(root, 'networks')?.keySpan.start;
  const servicesKeyOffset = entry(root, 'services')?.keySpan.start;
  return {
    name: project.name,
    files: [...project.sources.keys()],
    networks: project.networks.map(network),
    services: project.services.filter((s) => s.enabled).map(service),
    ...(networksKeyOffset !== undefined && { networksKeyOffset }),
    ...(servicesKeyOffset !== undefined && { servicesKeyOffset }),
  };
}

function network(n: NetworkModel): ComposeNetwork {
  const body = n.node;
  const ipv6 = bool(get(body, 'enable_ipv6'));
  const configs = get(get(body, 'ipam'), 'config');
  return {
    key: n.key,
    name: n.engineName,
    driver: str(get(body, 'driver')) ?? 'bridge',
    external: n.external,
    internal: bool(get(body, 'internal')) === true,
    ...(ipv6 !== undefined && { enableIpv6: ipv6 }),
    ipam: isSeq(configs) ? configs.items.filter(isMap).map(ipam) : [],
    driverOpts: stringMap(get(body, 'driver_opts')),
    labels: labelMap(get(body, 'labels')),
  };
}

function ipam(c: PNode): ComposeIpamConfig {
  const subnet = str(get(c, 'subnet'));
  const gateway = str(get(c, 'gateway'));
  const ipRange = str(get(c, 'ip_range'));
  return {
    ...(subnet !== undefined && { subnet }),
    ...(gateway !== undefined && { gateway }),
    ...(ipRange !== undefined && { ipRange }),
    auxAddresses: stringMap(get(c, 'aux_addresses')),
  };
}

function service(s: ServiceModel): ComposeService {
  const mode = str(get(s.node, 'network_mode'));
  const deploy = get(s.node, 'deploy');
  const endpointMode = str(get(deploy, 'endpoint_mode'));
  const ports = get(s.node, 'ports');
  return {
    name: s.name,
    ...(mode !== undefined && { networkMode: mode }),
    networks: mode === undefined ? attachments(get(s.node, 'networks')) : [],
    ports: isSeq(ports) ? ports.items.flatMap(port) : [],
    // A global service runs one replica per host, so one on the host a dry run uses.
    replicas: str(get(deploy, 'mode'))?.startsWith('global') ? 1 : Math.max(0, s.replicas),
    ...(endpointMode !== undefined && { endpointMode }),
  };
}

/** A service without networks (or with an empty list) is on `default`, as Compose puts it there. */
function attachments(nets: PNode | null | undefined): ServiceAttachment[] {
  const out: ServiceAttachment[] = [];
  if (isSeq(nets))
    for (const k of nets.items) if (str(k) !== undefined) out.push({ key: str(k) as string, aliases: [] });
  if (isMap(nets)) for (const e of nets.entries) out.push(attachment(e.key, e.value));
  return out.length > 0 ? out : [{ key: 'default', aliases: [] }];
}

function attachment(key: string, v: PNode | null): ServiceAttachment {
  const aliases = get(v, 'aliases');
  const ipv4 = str(get(v, 'ipv4_address'));
  const ipv6 = str(get(v, 'ipv6_address'));
  return {
    key,
    aliases: isSeq(aliases) ? aliases.items.flatMap((a) => str(a) ?? []) : [],
    ...(ipv4 && { ipv4 }),
    ...(ipv6 && { ipv6 }),
  };
}

/** Short syntax passes through; the long syntax becomes `[host_ip:]published:target/protocol`. */
function port(p: PNode): ComposePort[] {
  const short = str(p);
  if (short !== undefined) return [{ spec: short, mode: publishMode(undefined) }];
  const target = str(get(p, 'target'));
  if (!isMap(p) || target === undefined) return [];
  const head = [str(get(p, 'host_ip')), str(get(p, 'published'))].filter((x) => x !== undefined).join(':');
  const proto = str(get(p, 'protocol'));
  return [
    {
      spec: `${head ? `${head}:` : ''}${target}${proto ? `/${proto}` : ''}`,
      mode: publishMode(str(get(p, 'mode'))),
    },
  ];
}

function stringMap(n: PNode | null | undefined): Record<string, string> {
  if (!isMap(n)) return {};
  return Object.fromEntries(
    n.entries.flatMap((e) =>
      isScalar(e.value) && str(e.value) !== undefined ? [[e.key, str(e.value) as string]] : [],
    ),
  );
}

/** Labels as a map or as a `key=value` list. */
function labelMap(n: PNode | null | undefined): Record<string, string> {
  if (!isSeq(n)) return stringMap(n);
  return Object.fromEntries(
    n.items.flatMap((i) => {
      const s = str(i);
      if (!s) return [];
      const eq = s.indexOf('=');
      return [eq < 0 ? [s, ''] : [s.slice(0, eq), s.slice(eq + 1)]];
    }),
  );
}
