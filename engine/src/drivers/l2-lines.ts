import type { EndpointRecord, NetworkRecord, SandboxRecord } from '../model/types';
import { addressing } from './bridge';
import { ipLine, ipWords } from '../exec/ip';
import type { BatchLine } from '../exec/ip';
import type { L2Options } from './l2-options';

/**
 * The `ip -batch` lines of macvlan/ipvlan networks and endpoints, as data (unit-tested without a kernel).
 * `parent` is the link the endpoints stack on: `-o parent`, or the network's own dummy link.
 */
export interface L2Network {
  net: NetworkRecord;
  o: L2Options;
  parent: string;
  /** Our names for what the network owns in the engine's namespace. */
  shimName: string;
  dummyName: string;
}

/** `type macvlan mode bridge` / `type ipvlan mode l2 bridge`. */
export function kindArgs(o: L2Options): BatchLine {
  return o.kind === 'macvlan'
    ? ipWords('type', 'macvlan', 'mode', o.mode)
    : ipWords('type', 'ipvlan', 'mode', o.mode, o.flag ?? 'bridge');
}

/** The route the host shim carries: the ip-range when given (the LAN's own subnet is the parent's), else the subnet. */
export function shimRoute(net: NetworkRecord): string | undefined {
  const v4 = net.subnets.find((s) => !s.subnet.includes(':'));
  return v4 ? (v4.ipRange ?? v4.subnet) : undefined;
}

/**
 * What the network owns in the engine's namespace and is missing from `present`, parent first: the dummy
 * parent or the VLAN sub-interface (`eth0.10`: VLAN 10 on eth0, as Docker makes it), then the host shim (a
 * bridge-mode macvlan with the shim address as a /32 and a route to the sandboxes).
 */
export function networkLines(l: L2Network, present: Set<string>): BatchLine[] {
  const { net, o, parent } = l;
  const lines: BatchLine[] = [];
  if (net.createdLinks.includes(parent) && !present.has(parent)) {
    if (parent === l.dummyName) lines.push(ipLine`link add ${parent} type dummy`);
    else {
      const [base, vid] = parent.split('.');
      lines.push(ipLine`link add link ${base ?? ''} name ${parent} type vlan id ${Number(vid)}`);
    }
    lines.push(ipLine`link set ${parent} up`);
  }
  const route = shimRoute(net);
  if (o.shim && net.createdLinks.includes(l.shimName) && !present.has(l.shimName) && route)
    lines.push(
      ipLine`link add link ${parent} name ${l.shimName} type macvlan mode bridge`,
      ipLine`addr add ${o.shim}/32 dev ${l.shimName}`,
      ipLine`link set ${l.shimName} up`,
      ipLine`route add ${route} dev ${l.shimName}`,
    );
  return lines;
}

/** Removal, shim first; a VLAN sub-interface only when no remaining network stacks on it. */
export function deleteLines(l: L2Network, remaining: NetworkRecord[]): BatchLine[] {
  const lines: BatchLine[] = [];
  if (l.net.createdLinks.includes(l.shimName)) lines.push(ipLine`link del ${l.shimName}`);
  const shared = remaining.some((n) => n.id !== l.net.id && n.createdLinks.includes(l.parent));
  if (l.net.createdLinks.includes(l.parent) && !shared) lines.push(ipLine`link del ${l.parent}`);
  return lines;
}

/**
 * Engine side of a join: the link is made on the parent and created straight inside the sandbox's namespace
 * (`netns`), under its final name. macvlan gets the endpoint's MAC, except passthru (the link takes the
 * parent's, and setting one would change the parent's own); ipvlan links always share the parent's MAC.
 */
export function joinHostLines(
  l: L2Network,
  ep: EndpointRecord,
  sb: SandboxRecord,
  newNamespace: boolean,
): BatchLine[] {
  const mac = l.o.kind === 'macvlan' && l.o.mode !== 'passthru' ? [ipLine` address ${ep.mac}`] : [];
  return [
    ...(newNamespace ? [ipLine`netns add ${sb.netns}`] : []),
    ipLine`link add link ${l.parent} name ${ep.ifname}${mac} mtu ${l.net.mtu} netns ${sb.netns} ${kindArgs(l.o)}`,
  ];
}

/**
 * Inside the sandbox: loopback (new namespace), addresses, up, the default route (via the gateway when the
 * network has one; on the link itself when it has none but is not internal, as Docker's ForceGw4 and ipvlan
 * L3). No `link show` here: for a link whose parent is in another namespace, plain `ip link show` looks up
 * every /run/netns entry to name it, and fails ("Peer netns reference is invalid") whenever anyone on the
 * host is half-way through `ip netns add`; `ip -json` prints the id only (see `keepsParentMac`).
 */
export function joinInsideLines(
  l: L2Network,
  ep: EndpointRecord,
  newNamespace: boolean,
  defaultRoute: boolean,
): BatchLine[] {
  const hasGw4 = l.net.subnets.some((s) => !s.subnet.includes(':') && s.gateway);
  const l3 = l.o.kind === 'ipvlan' && l.o.mode !== 'l2';
  const onLink = defaultRoute && ep.ipv4 && (!hasGw4 || l3);
  const lines = [
    ...(newNamespace ? [ipLine`link set lo up`] : []),
    ...addressing(l.net, ep, defaultRoute && !onLink),
    ...(onLink ? [ipLine`route replace default dev ${ep.ifname}`] : []),
  ];
  return lines;
}

/** passthru macvlan and every ipvlan link carry the parent's MAC, not the one the endpoint was given. */
export function keepsParentMac(o: L2Options): boolean {
  return o.kind === 'ipvlan' || o.mode === 'passthru';
}
