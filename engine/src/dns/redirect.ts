// What a sandbox needs so that `nameserver 127.0.0.11` reaches our listener on its network's gateway:
// an nft DNAT in the sandbox's own namespace (Docker's DOCKER_OUTPUT, but to the gateway instead of a
// socket inside the namespace, which Node cannot open), a masquerade so the server sees the sandbox's
// address (that is how it scopes names), and route_localnet on the interface towards the gateway, without
// which the kernel refuses to route a packet whose source is still 127.0.0.1 out of a non-loopback device.
// route_localnet alone would let neighbours reach the sandbox's 127.0.0.0/8 services through that device
// (CVE-2020-8558 in kube-proxy), so the same table drops such packets before conntrack sees them.
// Pure builders: the engine runs the results with its exec runner inside the sandbox namespace.
import { parseIPv4 } from './addr';

export const EMBEDDED_DNS_ADDRESS = '127.0.0.11';

export interface DnsRedirect {
  /** For `nft -f -` inside the sandbox netns; idempotent (it replaces the table). */
  nftScript: string;
  /** `sysctl -w` arguments to run inside the sandbox netns before the script. */
  sysctls: string[];
  /** `nft delete table ...` argv to undo the redirect (the sysctl dies with the namespace). */
  undoArgv: string[];
}

export interface DnsRedirectOptions {
  /** Our listener: the gateway address of one of the sandbox's networks. */
  gateway: string;
  /** Usually 53. */
  port?: number;
  /** The sandbox's interface towards that gateway, e.g. "eth0". */
  device: string;
  /** nft table name, unique per engine prefix, e.g. "switchyard_dns". */
  table?: string;
}

export function sandboxDnsRedirect(o: DnsRedirectOptions): DnsRedirect {
  if (!parseIPv4(o.gateway)) throw new Error(`DNS redirect: gateway "${o.gateway}" is not an IPv4 address`);
  if (!/^[a-zA-Z0-9_.-]{1,15}$/.test(o.device))
    throw new Error(`DNS redirect: "${o.device}" is not an interface name`);
  const table = o.table ?? 'switchyard_dns';
  if (!/^[a-zA-Z][a-zA-Z0-9_]{0,63}$/.test(table))
    throw new Error(`DNS redirect: "${table}" is not an nft table name`);
  const to = `${o.gateway}:${o.port ?? 53}`;
  const nftScript = [
    `table ip ${table}`,
    `delete table ip ${table}`,
    `table ip ${table} {`,
    `  chain guard {`,
    `    type filter hook prerouting priority -300; policy accept;`,
    `    iifname != "lo" ip daddr 127.0.0.0/8 drop`,
    `  }`,
    `  chain output {`,
    `    type nat hook output priority -100; policy accept;`,
    `    ip daddr ${EMBEDDED_DNS_ADDRESS} udp dport 53 dnat to ${to}`,
    `    ip daddr ${EMBEDDED_DNS_ADDRESS} tcp dport 53 dnat to ${to}`,
    `  }`,
    `  chain postrouting {`,
    `    type nat hook postrouting priority 100; policy accept;`,
    `    ip saddr 127.0.0.0/8 oifname "${o.device}" masquerade`,
    `  }`,
    `}`,
    '',
  ].join('\n');
  return {
    nftScript,
    sysctls: [`net.ipv4.conf.${o.device}.route_localnet=1`],
    undoArgv: ['nft', 'delete', 'table', 'ip', table],
  };
}

/** The sandbox's /etc/resolv.conf, as Docker writes it for user-defined networks. */
export function sandboxResolvConf(searchDomains: readonly string[] = []): string {
  const lines = [`nameserver ${EMBEDDED_DNS_ADDRESS}`];
  if (searchDomains.length > 0) lines.push(`search ${searchDomains.join(' ')}`);
  lines.push('options ndots:0', '');
  return lines.join('\n');
}
