import type { BatchLine } from '../exec/ip';
import { ipLine } from '../exec/ip';
import type { NetworkRecord } from '../model/types';

/**
 * How a sandbox's 127.0.0.11:53 (its resolv.conf nameserver) reaches the engine's DNS, without netfilter in
 * the sandbox. A route in its `local` table sends 127.0.0.11 out of its interface to the gateway, from its
 * own address on that network (so the server knows who asks and scopes the answer); the host DNATs the
 * query to the gateway where the server listens and conntrack turns the answer's source back into
 * 127.0.0.11 (firewall/render.ts, `dns4`). Docker DNATs inside the container instead (and the engine did,
 * with an nft table here): nat chains in a namespace make the kernel run conntrack and the nat hooks on
 * every packet of every flow, 1-2 points of a sender's CPU on the overlay (bench/README.md, 6th and 7th
 * passes). The host already has both for its masquerade and published ports.
 *
 * Sending to 127.0.0.11 out of an interface, and taking the answer from it, needs route_localnet in the
 * sandbox, which would also let a neighbour on the bridge send packets to 127.0.0.1 and reach the sandbox's
 * loopback-only services (CVE-2020-8558). The guard is policy routing (`GUARD_LINES`): lookups of locally
 * made packets (iif lo) see the local table first; anything else for 127.0.0.0/8 is blackholed; then the
 * local table for the rest. No netfilter hook, and the data path pays nothing: established flows keep
 * their cached routes.
 */

/** Where a sandbox's 127.0.0.11 is routed: a gateway where the engine listens, by the sandbox's interface. */
export interface DnsTarget {
  gateway: string;
  /** The sandbox's interface on that network, and its IPv4 address there (the queries' source). */
  ifname: string;
  address: string;
}

/** The IPv4 gateway a network's sandboxes send their 127.0.0.11 queries to (ours: a bridge or an overlay). */
export function dnsGateway(net: NetworkRecord): string | undefined {
  return net.dns && net.device ? net.subnets.find((x) => !x.subnet.includes(':'))?.gateway : undefined;
}

/** The route, replaced whole (idempotent): a sandbox has one, by its first network with name resolution. */
export function dnsRouteLines(t: DnsTarget | undefined): BatchLine[] {
  if (!t) return [ipLine`route del 127.0.0.11/32 table local`];
  return [ipLine`route replace 127.0.0.11/32 via ${t.gateway} dev ${t.ifname} src ${t.address} table local`];
}

/**
 * The guard, once per namespace (`ip rule add` refuses a rule that exists: run again, as at the daemon's
 * start, through `ip -force`, whose only errors are then `File exists` and, for the deletion, `No such
 * file or directory`: see `guardErrors`). The local table's rule at 0 goes last, so lookups never lack it.
 */
export const GUARD_LINES: readonly BatchLine[] = [
  ipLine`rule add pref 1 iif lo lookup local`,
  ipLine`rule add pref 2 to 127.0.0.0/8 blackhole`,
  ipLine`rule add pref 3 lookup local`,
  ipLine`rule del pref 0 lookup local`,
];

/** The errors of an `ip -force` run of the guard that are not "already so" (empty: the guard is in place). */
export function guardErrors(stderr: string): string[] {
  return stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^Command failed -:\d+$/.test(l))
    .filter((l) => !/^RTNETLINK answers: (File exists|No such file or directory)$/.test(l));
}

/**
 * What an older engine put in each sandbox (the DNAT table): removed at the daemon's start so namespaces
 * made before an upgrade lose their nat hooks too (a table that is not there is created, then deleted).
 */
export const LEGACY_DNS_TABLE = 'table ip switchyard_dns\ndelete table ip switchyard_dns\n';
