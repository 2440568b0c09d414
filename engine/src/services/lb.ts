/**
 * The load balancers, as nftables scripts run inside a sandbox's namespace (one `nft -f` per change of
 * what the sandbox should hold: the kernel swaps the whole table in one transaction). No IPVS: a VIP or a
 * published port is a DNAT whose target comes from an anonymous map indexed by `numgen inc mod N` (round
 * robin per new flow). NAT applies to a flow's first packet only, so conntrack keeps an established flow on
 * its replica whatever the table says later; only new flows see a new replica set.
 */
export const LB_TABLE = 'switchyard_svc';

/** One VIP as a client sandbox reaches it: the replicas' addresses on that network, in slot order. */
export interface VipEntry {
  vip: string;
  backends: readonly string[];
}

/** One published port as this host's ingress sandbox forwards it: `target` on every replica. */
export interface IngressEntry {
  protocol: 'tcp' | 'udp';
  target: number;
  backends: readonly string[];
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
function ip(a: string): string {
  // Values come from our own records, but they are written into a script: checked anyway.
  const m = IPV4.exec(a);
  if (!m || m.slice(1).some((o) => Number(o) > 255)) throw new Error(`load balancer: "${a}" is not IPv4`);
  return a;
}

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

/**
 * A host's ingress sandbox (the routing mesh's entry): the engine's published-port DNAT brings `P` to its
 * address at `target`; here each new flow is DNAT-ed to a replica over the ingress network and masqueraded
 * to this sandbox's address, so the reply comes back through it whichever host the replica runs on. The
 * replica therefore sees this sandbox's address, not the client's (as Docker's routing mesh; mode=host keeps
 * it). A port with no replica answers with a reset.
 */
export function ingressTable(entries: readonly IngressEntry[]): string {
  if (entries.length === 0) return head;
  const rules = [...entries]
    .sort((a, b) => a.protocol.localeCompare(b.protocol) || a.target - b.target)
    .map((e) =>
      e.backends.length === 0
        ? `\t\t${e.protocol} dport ${e.target} ${e.protocol === 'tcp' ? 'reject with tcp reset' : 'reject'}`
        : `\t\t${e.protocol} dport ${e.target} dnat to ${spread(e.backends)}`,
    );
  const nat = rules.filter((r) => r.includes('dnat'));
  const refuse = rules.filter((r) => !r.includes('dnat'));
  return (
    head +
    [
      `table ip ${LB_TABLE} {`,
      '\tchain prerouting {',
      '\t\ttype nat hook prerouting priority -100; policy accept;',
      ...nat,
      '\t}',
      '\tchain input {',
      '\t\ttype filter hook input priority 0; policy accept;',
      ...refuse,
      '\t}',
      '\tchain postrouting {',
      '\t\ttype nat hook postrouting priority 100; policy accept;',
      '\t\tct status dnat masquerade',
      '\t}',
      '}',
      '',
    ].join('\n')
  );
}
