import type { Etcd3, ICompare, ITxnResponse } from 'etcd3';
import { CompareResult, CompareTarget } from 'etcd3';
import type { GlobalNetwork } from './records';
import { keys } from './records';
import { parseClaim } from './sync';

/**
 * The store transactions that decide who wins a race between hosts. etcd runs transactions one after the
 * other, so a network's removal and an address claim on it cannot interleave: the claim compares that the
 * network's row exists, and the removal compares that no address claim and no endpoint row exists under
 * the network (etcd ≥ 3.3 compares a whole key range). Whichever commits first, the other fails.
 */

const key = (k: string) => Buffer.from(k);
/** The end of a prefix's key range: the prefix with its last byte one higher. */
function prefixEnd(prefix: string): Buffer {
  const b = Buffer.from(prefix);
  b[b.length - 1] = (b[b.length - 1] as number) + 1;
  return b;
}
const exists = (k: string): ICompare => ({
  key: key(k),
  target: CompareTarget.Create,
  result: CompareResult.Greater,
  create_revision: 0,
});
/** True when no key has the prefix (over a range, etcd compares every key; none = a zero revision). */
const noneUnder = (prefix: string): ICompare => ({
  key: key(prefix),
  range_end: prefixEnd(prefix),
  target: CompareTarget.Create,
  result: CompareResult.Equal,
  create_revision: 0,
});

/** A network's claims (name, VNI, subnets) and its row in one transaction; on failure, the owners. */
export function claimNetwork(c: Etcd3, g: GlobalNetwork): Promise<ITxnResponse> {
  const claims = [keys.name(g.name), keys.vni(g.vni), ...g.subnets.map((s) => keys.subnet(s.subnet))];
  let txn = c.if(claims[0] as string, 'Create', '==', 0);
  for (const k of claims.slice(1)) txn = txn.and(k, 'Create', '==', 0);
  return txn
    .then(...claims.map((k) => c.put(k).value(g.id)), c.put(keys.network(g.id)).value(JSON.stringify(g)))
    .else(...claims.map((k) => c.get(k)))
    .commit();
}

/** The keys a network owns besides its row and address claims: name, VNI, subnets. */
export function networkClaims(net: { name: string; vni?: number; subnets: { subnet: string }[] }): string[] {
  return [
    keys.name(net.name),
    ...(net.vni !== undefined ? [keys.vni(net.vni)] : []),
    ...net.subnets.map((s) => keys.subnet(s.subnet)),
  ];
}

export type RemoveOutcome =
  { removed: true } | { removed: false; gone: true } | { removed: false; gone: false; hosts: string[] };

/**
 * Removes a network in one transaction, only while it has no address claim and no endpoint row anywhere.
 * Otherwise nothing changes and the answer says which hosts hold its endpoints (or that it is gone).
 */
export async function removeNetworkTxn(
  c: Etcd3,
  net: { id: string; name: string; vni?: number; subnets: { subnet: string }[] },
): Promise<RemoveOutcome> {
  const ips = keys.ips(net.id);
  const eps = keys.endpoints(net.id);
  const res = await c.kv.txn({
    compare: [exists(keys.network(net.id)), noneUnder(ips), noneUnder(eps)],
    success: [keys.network(net.id), ...networkClaims(net)].map((k) => ({
      request_delete_range: { key: key(k) },
    })),
    failure: [
      { request_range: { key: key(keys.network(net.id)), keys_only: true } },
      { request_range: { key: key(ips), range_end: prefixEnd(ips) } },
    ],
  });
  if (res.succeeded) return { removed: true };
  const [row, claims] = res.responses;
  if (Number(row?.response_range?.count ?? 0) === 0) return { removed: false, gone: true };
  const hosts = new Set<string>();
  for (const kv of claims?.response_range?.kvs ?? []) {
    const host = parseClaim(kv.value.toString())?.host;
    if (host) hosts.add(host);
  }
  return { removed: false, gone: false, hosts: [...hosts].sort() };
}

/**
 * Claims `ip` on a network under `lease`, only while the network's row exists (a removal that commits
 * first makes this fail). `taken`: someone holds the address; `gone`: the network was removed.
 */
export async function claimAddressTxn(
  c: Etcd3,
  networkId: string,
  ip: string,
  value: string,
  /** The host's lease; undefined for a claim owned by a service (a VIP), which lives until it is released. */
  lease: string | undefined,
): Promise<'ok' | 'taken' | 'gone'> {
  const ipKey = keys.ip(networkId, ip);
  const put = c.put(ipKey).value(value);
  const res = await c
    .if(keys.network(networkId), 'Create', '>', 0)
    .and(ipKey, 'Create', '==', 0)
    .then(lease === undefined ? put : put.lease(lease))
    .else(c.get(keys.network(networkId)))
    .commit();
  if (res.succeeded) return 'ok';
  return Number(res.responses[0]?.response_range?.count ?? 0) === 0 ? 'gone' : 'taken';
}

export type ClaimAnnounceOutcome =
  { ok: true } | { ok: false; gone: true } | { ok: false; gone: false; held: Map<string, string> };

/**
 * A new endpoint's address claims and its row in one transaction (one round trip instead of a claim before
 * the kernel work and an announce after it), all under the host's lease: only while the network's row
 * exists and no key holds any of `ips`. Otherwise nothing is written and the answer says whether the
 * network is gone or which addresses are held, with their holders' values (one of them may be this very
 * endpoint's: a resync claimed it meanwhile).
 */
export async function claimAndAnnounceTxn(
  c: Etcd3,
  networkId: string,
  ips: string[],
  claim: string,
  row: { key: string; value: string },
  lease: string,
): Promise<ClaimAnnounceOutcome> {
  const ipKeys = ips.map((ip) => keys.ip(networkId, ip));
  const res = await c.kv.txn({
    compare: [
      exists(keys.network(networkId)),
      ...ipKeys.map((k) => ({
        key: key(k),
        target: CompareTarget.Create,
        result: CompareResult.Equal,
        create_revision: 0,
      })),
    ],
    success: [...ipKeys.map((k) => ({ k, v: claim })), { k: row.key, v: row.value }].map(({ k, v }) => ({
      request_put: { key: key(k), value: Buffer.from(v), lease },
    })),
    failure: [
      { request_range: { key: key(keys.network(networkId)), keys_only: true } },
      ...ipKeys.map((k) => ({ request_range: { key: key(k) } })),
    ],
  });
  if (res.succeeded) return { ok: true };
  const [net, ...held] = res.responses;
  if (Number(net?.response_range?.count ?? 0) === 0) return { ok: false, gone: true };
  const out = new Map<string, string>();
  held.forEach((r, i) => {
    const kv = r.response_range?.kvs?.[0];
    if (kv) out.set(ips[i] as string, kv.value.toString());
  });
  return { ok: false, gone: false, held: out };
}
