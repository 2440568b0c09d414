import { addrFrom, addrOf, formatAddr, networkAddress, parsePrefix } from '@switchyard/core';
import type { IpAddr, Prefix } from '@switchyard/core';
import { at, get, isMap, isScalar, isSeq, str } from '../yaml/tree';
import type { PMap, PNode, Span } from '../yaml/tree';

/** One CIDR of the cluster's configuration, with where it was written (none for a default). */
export interface CidrSetting {
  text: string;
  /** Undefined when the text is not a CIDR (K8S055/K8S057 report it). */
  prefix: Prefix | undefined;
  span: Span | undefined;
}

/** What the cluster's bootstrap tool says about its networks; the apiserver's defaults otherwise. */
export interface ClusterConfig {
  source: 'kubeadm' | 'kind' | 'k3s' | 'default';
  file: string | undefined;
  /** The config's root map (kubeadm ClusterConfiguration, kind Cluster, k3s config), for K8S055–K8S058. */
  node: PMap | undefined;
  serviceCIDRs: CidrSetting[];
  podCIDRs: CidrSetting[];
  /** True when the service range comes from the project, not a default (K8S028 is then an error). */
  serviceDefined: boolean;
  nodePorts: { min: number; max: number; span: Span | undefined };
  /** The cluster DNS Service's address: `cluster-dns`, else the 10th address of the service range. */
  dnsIP: { text: string; span: Span | undefined } | undefined;
  /**
   * Node addresses the configuration names (K8S059): kubeadm `advertiseAddress` and `controlPlaneEndpoint`,
   * k3s `node-ip`, `node-external-ip` and `advertise-address`. Only IP literals; host names are skipped.
   */
  nodeAddresses: NodeAddress[];
}

export interface NodeAddress {
  /** Where it is written, as the user would name it (`localAPIEndpoint.advertiseAddress`). */
  what: string;
  addr: IpAddr;
  text: string;
  span: Span;
}

export const DEFAULT_NODE_PORTS = { min: 30000, max: 32767 };

const setting = (text: string, span?: Span): CidrSetting => {
  const p = parsePrefix(text.trim());
  return { text: text.trim(), prefix: p.ok ? p.value : undefined, span };
};

/** The apiserver's defaults: service CIDR 10.96.0.0/12, nodePorts 30000–32767, no pod CIDR known. */
export function defaultClusterConfig(): ClusterConfig {
  const serviceCIDRs = [setting('10.96.0.0/12')];
  return {
    source: 'default',
    file: undefined,
    node: undefined,
    serviceCIDRs,
    podCIDRs: [],
    serviceDefined: false,
    nodePorts: { ...DEFAULT_NODE_PORTS, span: undefined },
    dnsIP: tenthAddress(serviceCIDRs),
    nodeAddresses: [],
  };
}

/** kubeadm's "the DNS service is always at the tenth cluster clusterIP". */
function tenthAddress(cidrs: CidrSetting[]): ClusterConfig['dnsIP'] {
  const p = cidrs[0]?.prefix;
  if (p === undefined) return undefined;
  const base = networkAddress(p);
  return { text: formatAddr(addrFrom(base.family, base.value + 10n)), span: undefined };
}

/** A comma-separated CIDR list (`10.42.0.0/16,fd00::/56`) as settings pointing into the scalar. */
function cidrList(n: PNode | null | undefined, fallback: string[]): CidrSetting[] {
  if (isSeq(n)) return n.items.flatMap((i) => (isScalar(i) ? cidrList(i, []) : []));
  const text = str(n);
  if (text === undefined) return fallback.map((t) => setting(t));
  const span = n?.span;
  return text.split(',').map((part) => setting(part, span));
}

function nodePortRange(n: PNode | null | undefined): ClusterConfig['nodePorts'] {
  const m = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(str(n) ?? '');
  if (m === null) return { ...DEFAULT_NODE_PORTS, span: undefined };
  return { min: Number(m[1]), max: Number(m[2]), span: n?.span };
}

/** kubeadm `extraArgs`: a map in v1beta3, a list of `{name, value}` in v1beta4. */
function extraArg(args: PNode | null | undefined, name: string): PNode | null | undefined {
  if (isMap(args)) return get(args, name);
  if (isSeq(args)) {
    for (const a of args.items) if (str(get(a, 'name')) === name) return get(a, 'value');
  }
  return undefined;
}

/** Recognises a cluster configuration document; undefined for anything else. */
export function clusterConfigOf(root: PMap, file: string, k3sFile: boolean): ClusterConfig | undefined {
  const apiVersion = str(get(root, 'apiVersion')) ?? '';
  const kind = str(get(root, 'kind'));
  if (kind === 'ClusterConfiguration' && apiVersion.startsWith('kubeadm.k8s.io/')) {
    const net = get(root, 'networking');
    const args = at(root, 'apiServer', 'extraArgs');
    const range = extraArg(args, 'service-cluster-ip-range') ?? get(net, 'serviceSubnet');
    const serviceCIDRs = cidrList(range, ['10.96.0.0/12']);
    return {
      source: 'kubeadm',
      file,
      node: root,
      serviceCIDRs,
      podCIDRs: cidrList(get(net, 'podSubnet'), []),
      serviceDefined: range !== undefined && range !== null,
      nodePorts: nodePortRange(extraArg(args, 'service-node-port-range')),
      dnsIP: tenthAddress(serviceCIDRs),
      nodeAddresses: kubeadmNodeAddresses(root),
    };
  }
  if (kind === 'Cluster' && apiVersion.startsWith('kind.x-k8s.io/')) {
    const net = get(root, 'networking');
    const family = str(get(net, 'ipFamily'));
    const pick = (v4: string, v6: string): string[] =>
      family === 'ipv6' ? [v6] : family === 'dual' ? [v4, v6] : [v4];
    const serviceCIDRs = cidrList(get(net, 'serviceSubnet'), pick('10.96.0.0/16', 'fd00:10:96::/112'));
    return {
      source: 'kind',
      file,
      node: root,
      serviceCIDRs,
      podCIDRs: cidrList(get(net, 'podSubnet'), pick('10.244.0.0/16', 'fd00:10:244::/56')),
      serviceDefined: true,
      nodePorts: { ...DEFAULT_NODE_PORTS, span: undefined },
      dnsIP: tenthAddress(serviceCIDRs),
      nodeAddresses: [],
    };
  }
  if (k3sFile && apiVersion === '') {
    const serviceCIDRs = cidrList(get(root, 'service-cidr'), ['10.43.0.0/16']);
    const dns = get(root, 'cluster-dns');
    return {
      source: 'k3s',
      file,
      node: root,
      serviceCIDRs,
      podCIDRs: cidrList(get(root, 'cluster-cidr'), ['10.42.0.0/16']),
      serviceDefined: true,
      nodePorts: nodePortRange(get(root, 'service-node-port-range')),
      dnsIP: str(dns) !== undefined ? { text: str(dns) ?? '', span: dns?.span } : tenthAddress(serviceCIDRs),
      nodeAddresses: ['node-ip', 'node-external-ip', 'advertise-address'].flatMap((k) =>
        addressesIn(get(root, k), k),
      ),
    };
  }
  return undefined;
}

/** IP literals in a scalar (a comma-separated list, or `host:port`), each pointing at its own text. */
function addressesIn(n: PNode | null | undefined, what: string): NodeAddress[] {
  if (isSeq(n)) return n.items.flatMap((i) => addressesIn(i, what));
  const text = str(n);
  if (text === undefined || !n) return [];
  const out: NodeAddress[] = [];
  let offset = 0;
  for (const part of text.split(',')) {
    const at = offset;
    offset += part.length + 1;
    const trimmed = part.trim();
    // `controlPlaneEndpoint` is `host[:port]`, IPv6 bracketed.
    const host = /^\[(.*)\](:\d+)?$/.exec(trimmed)?.[1] ?? trimmed.replace(/^([^:]+):\d+$/, '$1');
    const addr = addrOf(host);
    if (addr === undefined) continue;
    const quoted = isScalar(n) && n.span.end - n.span.start !== n.source.length;
    const start = n.span.start + (quoted ? 1 : 0) + at + part.indexOf(host);
    out.push({ what, addr, text: host, span: { file: n.span.file, start, end: start + host.length } });
  }
  return out;
}

/** kubeadm: `controlPlaneEndpoint` of a ClusterConfiguration, `advertiseAddress` of an Init/JoinConfiguration. */
export function kubeadmNodeAddresses(root: PMap): NodeAddress[] {
  const apiVersion = str(get(root, 'apiVersion')) ?? '';
  if (!apiVersion.startsWith('kubeadm.k8s.io/')) return [];
  return [
    ...addressesIn(get(root, 'controlPlaneEndpoint'), 'controlPlaneEndpoint'),
    ...addressesIn(at(root, 'localAPIEndpoint', 'advertiseAddress'), 'localAPIEndpoint.advertiseAddress'),
    ...addressesIn(
      at(root, 'controlPlane', 'localAPIEndpoint', 'advertiseAddress'),
      'controlPlane.localAPIEndpoint.advertiseAddress',
    ),
  ];
}

/** Kinds that configure the cluster and are never sent to the apiserver. */
export function isClusterConfigKind(apiVersion: string): boolean {
  return apiVersion.startsWith('kubeadm.k8s.io/') || apiVersion.startsWith('kind.x-k8s.io/');
}
