import type { FwModel, FwNetwork } from './fw-model';

/**
 * The named sets of the engine's table. The chains are fixed (render.ts); everything that differs from one
 * network to the next is an element of one of these sets, so creating a network only adds elements and
 * removing one only deletes its own: a small `nft -f` delta instead of a rebuilt table.
 */
export const SETS = {
  /** Every bridge of the store. */
  bridges: 'type ifname;',
  /** Bridges of internal networks: nothing leaves them. */
  internal: 'type ifname;',
  /** Bridges with ICC off: nothing is routed from the bridge back into it. */
  icc_off: 'type ifname;',
  /** `bridge . bridge` for every bridge: traffic routed within one network (between its subnets). */
  same: 'type ifname . ifname;',
  /** `bridge . subnet . subnet`: a published port reached from its own network comes back through NAT. */
  hairpin4: 'type ifname . ipv4_addr . ipv4_addr; flags interval;',
  /** Subnets whose traffic is masqueraded when it leaves for anywhere but their own bridge. */
  masq4: 'type ipv4_addr; flags interval;',
  masq6: 'type ipv6_addr; flags interval;',
  /** `subnet . bridge` for every subnet: the one way out that is not masqueraded. */
  own4: 'type ipv4_addr . ifname; flags interval;',
  own6: 'type ipv6_addr . ifname; flags interval;',
  /** Families (ipv4, ipv6) whose forwarding the engine turned on: only our bridges' traffic is routed. */
  fwd_guard: 'type nf_proto;',
} as const;

/** The maps: looked up by the fixed rules like the sets, one element per network. */
export const MAPS = {
  /**
   * `bridge : gateway` of each network with name resolution: a sandbox's query for 127.0.0.11:53 (routed to
   * its gateway, sandbox/dns-route.ts) is DNAT-ed to that network's gateway, where the DNS listens.
   */
  dns4: 'type ifname : ipv4_addr;',
} as const;

export type SetName = keyof typeof SETS | keyof typeof MAPS;
export type Elements = Record<SetName, string[]>;
/** Every set and map, in the order the table declares them. */
export const NAMED: Record<SetName, { kind: 'set' | 'map'; spec: string }> = {
  ...(Object.fromEntries(Object.entries(SETS).map(([k, spec]) => [k, { kind: 'set', spec }])) as Record<
    keyof typeof SETS,
    { kind: 'set'; spec: string }
  >),
  ...(Object.fromEntries(Object.entries(MAPS).map(([k, spec]) => [k, { kind: 'map', spec }])) as Record<
    keyof typeof MAPS,
    { kind: 'map'; spec: string }
  >),
};

const q = (s: string) => JSON.stringify(s);
/** Our own record's gateway, checked anyway: it is written into a script. */
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

function addNetwork(e: Elements, n: FwNetwork): void {
  const br = q(n.device);
  e.bridges.push(br);
  e.same.push(`${br} . ${br}`);
  if (n.internal) e.internal.push(br);
  if (!n.icc) e.icc_off.push(br);
  const masq = n.masquerade && !n.internal;
  for (const s of n.subnets4) {
    e.hairpin4.push(`${br} . ${s} . ${s}`);
    e.own4.push(`${s} . ${br}`);
    if (masq) e.masq4.push(s);
  }
  for (const s of n.subnets6) {
    e.own6.push(`${s} . ${br}`);
    if (masq) e.masq6.push(s);
  }
  if (n.dnsGateway && IPV4.test(n.dnsGateway)) e.dns4.push(`${br} : ${n.dnsGateway}`);
}

/** The elements every set must hold for this model (element text as nft reads it). */
export function elementsOf(m: FwModel): Elements {
  const e = Object.fromEntries(Object.keys(NAMED).map((k) => [k, []])) as unknown as Elements;
  for (const n of m.networks) addNetwork(e, n);
  e.fwd_guard.push(...(m.forwardGuard ?? []));
  return e;
}

/** `delete element` / `add element` lines that turn `from` into `to` (deletes first); [] when equal. */
export function elementDelta(table: string, from: Elements, to: Elements): string[] {
  const del: string[] = [];
  const add: string[] = [];
  for (const name of Object.keys(NAMED) as SetName[]) {
    const before = new Set(from[name]);
    const after = new Set(to[name]);
    const gone = [...before].filter((x) => !after.has(x));
    const added = [...after].filter((x) => !before.has(x));
    if (gone.length > 0) del.push(`delete element inet ${table} ${name} { ${gone.join(', ')} }`);
    if (added.length > 0) add.push(`add element inet ${table} ${name} { ${added.join(', ')} }`);
  }
  return [...del, ...add];
}
