import type { Elements } from './elements';
import { NAMED, elementDelta, elementsOf } from './elements';
import type { FwMeshPort, FwMeshSnat, FwModel, FwPort } from './fw-model';

export type { FwMeshPort, FwMeshSnat, FwModel, FwNetwork, FwPort } from './fw-model';

/** What one model puts in the kernel: the sets' elements and the DNAT rules of the `ports` chain. */
export interface FwState {
  table: string;
  elements: Elements;
  ports: string[];
  /** The routing mesh's SNAT rules (chain `mesh`, before the masquerades). */
  mesh: string[];
}

export const stateOf = (m: FwModel): FwState => ({
  table: m.table,
  elements: elementsOf(m),
  // Once each: a publish without a host IP is two mappings (0.0.0.0 and ::) that need the same rules.
  ports: [...new Set([...m.ports.flatMap(dnatRules), ...(m.mesh?.ports ?? []).flatMap(meshDnat)])],
  mesh: meshSnat(m.mesh?.snat),
});

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
/**
 * An IPv4 address about to be written into an nft script, checked (load balancer backends come from other
 * hosts' rows): the address, or an error naming `what` (the routing mesh, a VIP table).
 */
export function checkedIpv4(a: string, what = 'routing mesh'): string {
  const m = IPV4.exec(a);
  if (!m || m.slice(1).some((o) => Number(o) > 255)) throw new Error(`${what}: "${a}" is not IPv4`);
  return a;
}
const ip4 = (a: string) => checkedIpv4(a);

/**
 * A routing-mesh port: each new flow to `port` on any local address is DNAT-ed to one replica by
 * `numgen inc mod N map` (round robin per new flow, as the VIP's), at its target port. Conntrack keeps an
 * established flow on its replica whatever the map says later.
 */
function meshDnat(p: FwMeshPort): string[] {
  if (p.backends.length === 0) return [];
  const to =
    p.backends.length === 1
      ? `${ip4(p.backends[0] as string)}`
      : `numgen inc mod ${p.backends.length} map { ${p.backends.map((b, i) => `${i} : ${ip4(b)}`).join(', ')} }`;
  return [`meta nfproto ipv4 ${p.protocol} dport ${p.port} dnat ip to ${to}:${p.target}`];
}

/**
 * What the mesh sends onto the ingress network leaves from this host's own address on it, so a replica on
 * another host answers here (the hosts share the gateway address): flows it DNAT-ed, and what the host
 * itself sends there (the reserving socket's proxy, localhost).
 */
function meshSnat(s: FwMeshSnat | undefined): string[] {
  if (!s) return [];
  const dev = JSON.stringify(s.device);
  return [
    `oifname ${dev} ct status dnat snat ip to ${ip4(s.address)}`,
    `oifname ${dev} fib saddr type local snat ip to ${s.address}`,
  ];
}

/**
 * The fixed chains. Layout follows moby ≥ 28: drop new inbound to a bridge unless it was DNAT-ed (published
 * ports are reachable from other networks), internal = nothing in or out, masquerade what leaves a
 * non-internal network. Per network it is the same as one rule per bridge (`oifname br iifname != br drop`
 * …), with the bridges and subnets held in sets (elements.ts).
 */
const FORWARD = [
  'ct state established,related accept',
  'ct status dnat accept',
  // ICC off: nothing routed from the bridge back into it (bridged traffic is stopped by port isolation).
  'iifname @icc_off iifname . oifname @same drop',
  // Within one network (e.g. between its IPv4 and IPv6 subnets) nothing below applies.
  'iifname . oifname @same accept',
  'iifname @internal drop',
  'oifname @bridges drop',
  // Forwarding the engine turned on is for its bridges only: the host's other interfaces are not routed.
  'meta nfproto @fwd_guard iifname != @bridges oifname != @bridges drop',
];
const POSTROUTING = [
  // Hairpin: a sandbox reaching a published port on its own network must see replies come back via NAT.
  'ct status dnat oifname . ip saddr . ip daddr @hairpin4 masquerade',
  // Localhost → published port: the 127/8 source must be rewritten before it can leave on the bridge.
  'oifname @bridges ip saddr 127.0.0.0/8 masquerade',
  'ip saddr @masq4 ip saddr . oifname != @own4 masquerade',
  'ip6 saddr @masq6 ip6 saddr . oifname != @own6 masquerade',
];
/** A sandbox's DNS query: routed to its gateway still addressed to 127.0.0.11 (sandbox/dns-route.ts). */
const DNS_QUERY = 'ip daddr 127.0.0.11 meta l4proto { tcp, udp } th dport 53';
// route_localnet is on for each bridge: without this a sandbox could send packets for 127.0.0.1 to its
// gateway and reach the host's loopback-only services (CVE-2020-8558). Before conntrack, so a reply to
// localhost -> published port (still addressed to the gateway here) passes. The one exception is a DNS
// query from a network with name resolution, which the prerouting chain DNATs to the gateway at once.
const GUARD = [`iifname @dns4 ${DNS_QUERY} accept`, 'iifname @bridges ip daddr 127.0.0.0/8 drop'];

/**
 * The engine's whole nftables table, rendered from the model. Applied as one `nft -f` transaction that
 * replaces the table: used at start, after drift, and whenever a delta cannot be applied.
 */
export function renderTable(m: FwModel): string {
  const s = stateOf(m);
  const sets = Object.entries(NAMED).map(([name, { kind, spec }]) => {
    const elems = s.elements[name as keyof Elements];
    const list = elems.length > 0 ? ` elements = { ${elems.join(', ')} };` : '';
    return `\t${kind} ${name} { ${spec}${list} }`;
  });
  return [
    `table inet ${m.table}`,
    `delete table inet ${m.table}`,
    `table inet ${m.table} {`,
    ...sets,
    chain('forward', 'type filter hook forward priority -10; policy accept;', FORWARD),
    chain('ports', '', s.ports),
    // The DNS query first: a published port 53 must not take a sandbox's own name lookups.
    chain('prerouting', 'type nat hook prerouting priority -110; policy accept;', [
      `${DNS_QUERY} dnat ip to iifname map @dns4`,
      'fib daddr type local jump ports',
    ]),
    // ::1 is left to the reserving socket's proxy (ports/proxy.ts): a DNAT-ed packet from ::1 may not
    // leave the host (IPv6 has no route_localnet).
    chain('output', 'type nat hook output priority -110; policy accept;', [
      'ip6 daddr ::1 return',
      'fib daddr type local jump ports',
    ]),
    chain('mesh', 'type nat hook postrouting priority 80; policy accept;', s.mesh),
    chain('postrouting', 'type nat hook postrouting priority 90; policy accept;', POSTROUTING),
    chain('guard', 'type filter hook prerouting priority -300; policy accept;', GUARD),
    '}',
    '',
  ].join('\n');
}

/**
 * One transaction that turns the kernel's table from `from` into `to`: set elements added and deleted, and
 * the `ports` chain rewritten only when its rules changed. '' when nothing changed. Deletes cost the kernel
 * an RCU grace period (about 15 ms here), adds do not, so a network create pays only for a process.
 */
export function renderDelta(from: FwState, to: FwState): string {
  const lines = elementDelta(to.table, from.elements, to.elements);
  if (from.ports.join('\n') !== to.ports.join('\n')) {
    lines.push(`flush chain inet ${to.table} ports`);
    for (const r of to.ports) lines.push(`add rule inet ${to.table} ports ${r}`);
  }
  if (from.mesh.join('\n') !== to.mesh.join('\n')) {
    lines.push(`flush chain inet ${to.table} mesh`);
    for (const r of to.mesh) lines.push(`add rule inet ${to.table} mesh ${r}`);
  }
  return lines.length === 0 ? '' : lines.join('\n') + '\n';
}

/** IPv4 DNAT, and IPv6 DNAT too when the sandbox has an IPv6 address and the host address allows it. */
function dnatRules(p: FwPort): string[] {
  const any = p.hostIp === '0.0.0.0' || p.hostIp === '::';
  const v6Host = p.hostIp.includes(':');
  const out: string[] = [];
  if (!v6Host || p.hostIp === '::') {
    const dst = any ? '' : `ip daddr ${p.hostIp} `;
    out.push(
      `meta nfproto ipv4 ${dst}${p.protocol} dport ${p.hostPort} dnat ip to ${p.targetIp}:${p.containerPort}`,
    );
  }
  if (p.targetIp6 && (any || v6Host)) {
    const dst = any ? '' : `ip6 daddr ${p.hostIp} `;
    out.push(
      `meta nfproto ipv6 ${dst}${p.protocol} dport ${p.hostPort} dnat ip6 to [${p.targetIp6}]:${p.containerPort}`,
    );
  }
  return out;
}

function chain(name: string, hook: string, rules: string[]): string {
  const body = [hook, ...rules].filter((l) => l !== '').map((l) => `\t\t${l}`);
  return [`\tchain ${name} {`, ...body, '\t}'].join('\n');
}

/** Removes the table (`switchyard-engine uninstall`, tests). Idempotent: creates it first. */
export const dropTable = (table: string): string => `table inet ${table}\ndelete table inet ${table}\n`;
