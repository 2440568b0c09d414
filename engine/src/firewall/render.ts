import type { PortMapping } from '@switchyard/protocol';

/** What the firewall needs to know about one bridge network. */
export interface FwNetwork {
  device: string;
  subnets4: string[];
  subnets6: string[];
  internal: boolean;
  icc: boolean;
  masquerade: boolean;
}

/** A published port and the sandbox address it is forwarded to. */
export interface FwPort extends PortMapping {
  targetIp: string;
  /** The sandbox's IPv6 address when its network has IPv6: the port is then published on both families. */
  targetIp6?: string;
  device: string;
}

export interface FwModel {
  table: string;
  /** Glob matching all our bridges, e.g. `sy-b*`. */
  bridgeGlob: string;
  networks: FwNetwork[];
  ports: FwPort[];
}

const q = (s: string) => JSON.stringify(s);

/**
 * The engine's whole nftables table, rendered from the model. Applied as one `nft -f` transaction that
 * replaces the table, so the kernel always holds exactly what the store says (no drift, nothing leaked).
 * Layout follows moby ≥ 28: drop new inbound to a bridge unless it was DNAT-ed (published ports are reachable
 * from other networks), internal = nothing in or out, masquerade what leaves a non-internal network.
 */
export function renderTable(m: FwModel): string {
  const fwd: string[] = ['ct state established,related accept', 'ct status dnat accept'];
  const post: string[] = [];
  const guard: string[] = [];
  for (const n of m.networks) {
    const br = q(n.device);
    // route_localnet is on for the bridge (below): without this a sandbox could send packets for 127.0.0.1
    // to its gateway and reach the host's loopback-only services (CVE-2020-8558). Before conntrack, so a
    // reply to localhost -> published port (still addressed to the gateway here) passes.
    guard.push(`iifname ${br} ip daddr 127.0.0.0/8 drop`);
    if (n.internal) fwd.push(`iifname ${br} oifname != ${br} drop`);
    if (!n.icc) fwd.push(`iifname ${br} oifname ${br} drop`);
    fwd.push(`oifname ${br} iifname != ${br} drop`);
    for (const s of n.subnets4) {
      // Hairpin: a sandbox reaching a published port on its own network must see replies come back via NAT.
      post.push(`oifname ${br} ip saddr ${s} ip daddr ${s} ct status dnat masquerade`);
      if (n.masquerade && !n.internal) post.push(`ip saddr ${s} oifname != ${br} masquerade`);
    }
    for (const s of n.subnets6)
      if (n.masquerade && !n.internal) post.push(`ip6 saddr ${s} oifname != ${br} masquerade`);
    // Localhost → published port: the 127/8 source must be rewritten before it can leave on the bridge.
    post.push(`oifname ${br} ip saddr 127.0.0.0/8 masquerade`);
  }
  const dnat = m.ports.flatMap(dnatRules);
  return [
    `table inet ${m.table}`,
    `delete table inet ${m.table}`,
    `table inet ${m.table} {`,
    chain('forward', 'type filter hook forward priority -10; policy accept;', fwd),
    chain('ports', '', dnat),
    chain('prerouting', 'type nat hook prerouting priority -110; policy accept;', [
      'fib daddr type local jump ports',
    ]),
    chain('output', 'type nat hook output priority -110; policy accept;', [
      'fib daddr type local jump ports',
    ]),
    chain('postrouting', 'type nat hook postrouting priority 90; policy accept;', post),
    chain('guard', 'type filter hook prerouting priority -300; policy accept;', guard),
    '}',
    '',
  ].join('\n');
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

/** Removes the table (engine shutdown with --cleanup, tests). Idempotent: creates it first. */
export const dropTable = (table: string): string => `table inet ${table}\ndelete table inet ${table}\n`;
