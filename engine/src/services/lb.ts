import { checkedIpv4 } from '../firewall/render';

/**
 * The load balancers, as nftables scripts run inside a sandbox's namespace (one `nft -f` per change of
 * what the sandbox should hold: the kernel swaps the whole table in one transaction). No IPVS: a VIP is a
 * DNAT whose target comes from an anonymous map indexed by `numgen inc mod N` (round
 * robin per new flow). NAT applies to a flow's first packet only, so conntrack keeps an established flow on
 * its replica whatever the table says later; only new flows see a new replica set.
 */
export const LB_TABLE = 'switchyard_svc';

/** One VIP as a client sandbox reaches it: the replicas' addresses on that network, in slot order. */
export interface VipEntry {
  vip: string;
  backends: readonly string[];
}

// Values come from our own records, but they are written into a script: checked anyway.
const ip = (a: string) => checkedIpv4(a, 'load balancer');

/** `numgen inc mod N map { 0 : a, 1 : b }`: N new flows in a row go to N different replicas. */
function spread(backends: readonly string[]): string {
  const elems = backends.map((b, i) => `${i} : ${ip(b)}`).join(', ');
  return `numgen inc mod ${backends.length} map { ${elems} }`;
}

const head = `table ip ${LB_TABLE}\ndelete table ip ${LB_TABLE}\n`;

/**
 * A client sandbox: every flow to a VIP is DNAT-ed in `output` (its own namespace, so replies come back to
 * it and conntrack undoes the translation; no SNAT, the replica sees the client's own address). A VIP with
 * no replica refuses at once (TCP reset, ICMP port unreachable) rather than letting the client time out.
 * Empty: the table goes.
 */
export function vipTable(entries: readonly VipEntry[]): string {
  if (entries.length === 0) return head;
  const sorted = [...entries].sort((a, b) => a.vip.localeCompare(b.vip));
  const nat = sorted
    .filter((e) => e.backends.length > 0)
    .map((e) => `\t\tip daddr ${ip(e.vip)} meta l4proto { tcp, udp } dnat to ${spread(e.backends)}`);
  const refuse = sorted
    .filter((e) => e.backends.length === 0)
    .flatMap((e) => [
      `\t\tip daddr ${ip(e.vip)} meta l4proto tcp reject with tcp reset`,
      `\t\tip daddr ${e.vip} reject`,
    ]);
  return (
    head +
    [
      `table ip ${LB_TABLE} {`,
      '\tchain output {',
      '\t\ttype nat hook output priority -100; policy accept;',
      ...nat,
      '\t}',
      '\tchain refuse {',
      '\t\ttype filter hook output priority 0; policy accept;',
      ...refuse,
      '\t}',
      '}',
      '',
    ].join('\n')
  );
}
