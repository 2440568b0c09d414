// A host's membership of an engine cluster, as the extension keeps it and turns it into the daemon's flags.
// Pure: no vscode, no I/O; the commands (form-cluster, leave-cluster) and deploy use it.
import { addrOf, isLoopbackHost, plainAddrOf } from '@switchyard/core';
import { z } from 'zod';

/** What the daemon is started with: `--cluster-store`, `--advertise-addr`, `--cluster-store-opt K=V`. */
export const ClusterMembershipSchema = z.object({
  /** `etcd://H:2379[,H:2379…]`. */
  store: z.string().max(2048),
  /** This host's address on the underlay: where peers send VXLAN (UDP 4789). */
  advertiseAddr: z.string().max(64),
  /** kv.cacertfile / kv.certfile / kv.keyfile (paths on the host), kv.insecure=true. */
  opts: z.record(z.string(), z.string()).default({}),
  /** Set when Form Cluster started an etcd member on this host: Leave Cluster stops it. */
  etcdMember: z.object({ name: z.string(), dataDir: z.string(), pidFile: z.string() }).optional(),
});
export type ClusterMembership = z.infer<typeof ClusterMembershipSchema>;

/** The daemon's flags for a membership (none without one: a single-host engine). */
export function clusterDaemonArgs(m: ClusterMembership | undefined): string[] {
  if (!m) return [];
  const opts = Object.entries(m.opts)
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([k, v]) => ['--cluster-store-opt', `${k}=${v}`]);
  return ['--cluster-store', m.store, '--advertise-addr', m.advertiseAddr, ...opts];
}

export interface StoreEndpoint {
  host: string;
  port: number;
}

/**
 * Parses `etcd://H:P[,H:P…]` (ports default to 2379, IPv6 in brackets); returns the endpoints or the reason
 * the text is not a store address.
 */
export function parseStore(text: string): StoreEndpoint[] | string {
  const m = /^etcd:\/\/(.+)$/.exec(text.trim());
  if (!m?.[1]) return 'write the store as etcd://HOST:2379[,HOST:2379…]';
  const out: StoreEndpoint[] = [];
  for (const part of m[1].split(',')) {
    const hp = /^(?:\[([0-9a-fA-F:.]+)\]|([A-Za-z0-9.-]+))(?::(\d{1,5}))?$/.exec(part.trim());
    const host = hp?.[1] ?? hp?.[2];
    const port = hp?.[3] ? Number(hp[3]) : 2379;
    if (!host || port < 1 || port > 65535) return `"${part.trim()}" is not HOST:PORT`;
    out.push({ host, port });
  }
  if (out.length > 16) return 'at most 16 etcd endpoints';
  return out;
}

export function formatStore(endpoints: StoreEndpoint[]): string {
  return `etcd://${endpoints.map((e) => `${addrOf(e.host)?.family === 6 ? `[${e.host}]` : e.host}:${e.port}`).join(',')}`;
}

/** True when every endpoint is on loopback, where a plain-text store is allowed without kv.insecure. */
export function storeIsLoopback(endpoints: StoreEndpoint[]): boolean {
  return endpoints.every((e) => isLoopbackHost(e.host));
}

/** The reason `text` cannot be an advertise address, or undefined. */
export function checkAdvertiseAddr(text: string): string | undefined {
  return plainAddrOf(text.trim()) === undefined
    ? 'an IP address of this host on the underlay, such as 10.0.0.5'
    : undefined;
}

export interface EtcdMember {
  /** The member's name: the host's label, made safe. */
  name: string;
  /** Its address on the underlay (client URL :2379, peer URL :2380). */
  address: string;
}

export const ETCD_CLIENT_PORT = 2379;
export const ETCD_PEER_PORT = 2380;
export const ETCD_DATA_DIR = '/var/lib/switchyard/etcd';
export const ETCD_PID_FILE = '/run/switchyard/etcd.pid';
export const ETCD_LOG_FILE = '/var/log/switchyard-etcd.log';

/** A member name etcd accepts and a reader recognises: the host label with anything odd made `-`. */
export function etcdMemberName(label: string): string {
  return (label.replace(/[^A-Za-z0-9_.-]/g, '-').replace(/^-+/, '') || 'host').slice(0, 63);
}

const url = (address: string, port: number) =>
  `http://${addrOf(address)?.family === 6 ? `[${address}]` : address}:${port}`;

/** `etcd` for one member of a new cluster of `members` (plain text: the caller has the user allow it). */
export function etcdMemberArgv(self: EtcdMember, members: EtcdMember[], dataDir = ETCD_DATA_DIR): string[] {
  const client = url(self.address, ETCD_CLIENT_PORT);
  const peer = url(self.address, ETCD_PEER_PORT);
  return [
    'etcd',
    `--name=${self.name}`,
    `--data-dir=${dataDir}`,
    // The underlay address only: Debian's etcd-server package may run its own etcd on localhost:2379.
    `--listen-client-urls=${client}`,
    `--advertise-client-urls=${client}`,
    `--listen-peer-urls=${peer}`,
    `--initial-advertise-peer-urls=${peer}`,
    `--initial-cluster=${members.map((m) => `${m.name}=${url(m.address, ETCD_PEER_PORT)}`).join(',')}`,
    '--initial-cluster-state=new',
    `--initial-cluster-token=switchyard-${members.map((m) => m.name).join('-')}`.slice(0, 200),
  ];
}

/** The store address of a cluster of etcd members started by Form Cluster. */
export function memberStore(members: EtcdMember[]): string {
  return formatStore(members.map((m) => ({ host: m.address, port: ETCD_CLIENT_PORT })));
}

/** IPv4 and IPv6 addresses of `ip -json addr` output, loopback and link-local left out. */
export function hostAddresses(ipJson: string): { address: string; ifname: string }[] {
  const Links = z.array(
    z.object({
      ifname: z.string(),
      addr_info: z.array(z.object({ local: z.string(), scope: z.string().optional() })).default([]),
    }),
  );
  let parsed: z.infer<typeof Links>;
  try {
    parsed = Links.parse(JSON.parse(ipJson));
  } catch {
    return [];
  }
  return parsed.flatMap((l) =>
    l.addr_info
      .filter((a) => a.scope === 'global' || a.scope === undefined)
      .map((a) => ({ address: a.local, ifname: l.ifname })),
  );
}
