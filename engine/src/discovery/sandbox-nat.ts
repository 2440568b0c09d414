import { parseIPv4 } from '../dns/addr';

/**
 * Inside a sandbox: 127.0.0.11:53 (its resolv.conf nameserver) is DNAT-ed to the gateway where the engine's
 * DNS server listens, and the source is masqueraded to the sandbox's own address on that network, so the
 * server knows who asks and scopes the answer. One table, replaced whole (one `nft -f` per change).
 * The DNAT-ed query needs route_localnet in the sandbox, which would also let a neighbour on the bridge send
 * packets to 127.0.0.1 and reach the sandbox's loopback-only services (CVE-2020-8558): the guard chain drops
 * anything for 127.0.0.0/8 that did not come from lo, before conntrack. `gateway` undefined: the table goes.
 */
export function sandboxDnsTable(gateway: string | undefined, port = 53): string {
  // Our own record's address, but checked anyway: it is written into a script.
  if (gateway !== undefined && !parseIPv4(gateway))
    throw new Error(`DNS redirect: gateway "${gateway}" is not an IPv4 address`);
  const head = 'table ip switchyard_dns\ndelete table ip switchyard_dns\n';
  if (!gateway) return head;
  return (
    head +
    [
      'table ip switchyard_dns {',
      '\tchain guard {',
      '\t\ttype filter hook prerouting priority -300; policy accept;',
      '\t\tiifname != "lo" ip daddr 127.0.0.0/8 drop',
      '\t}',
      '\tchain output {',
      '\t\ttype nat hook output priority -100; policy accept;',
      `\t\tip daddr 127.0.0.11 udp dport 53 dnat to ${gateway}:${port}`,
      `\t\tip daddr 127.0.0.11 tcp dport 53 dnat to ${gateway}:${port}`,
      '\t}',
      '\tchain postrouting {',
      '\t\ttype nat hook postrouting priority 100; policy accept;',
      `\t\tip saddr 127.0.0.0/8 ip daddr ${gateway} meta l4proto { tcp, udp } th dport ${port} masquerade`,
      '\t}',
      '}',
      '',
    ].join('\n')
  );
}
