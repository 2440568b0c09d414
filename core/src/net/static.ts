import type { Finding, Located } from '../finding';
import { formatAddr, isUnspecified, parseAddr, sameAddr } from './addr';
import type { Family, IpAddr } from './addr';
import {
  contains,
  firstFreeAddress,
  firstHost,
  formatPrefix,
  masked,
  prefixOf,
  reservedAddresses,
  networkAddress,
} from './prefix';
import type { Prefix } from './prefix';
import type { IpamNetworkInput } from './ipam';

export interface StaticAddressInput<R> {
  service: string;
  /** The network as the engine names it (`<project>_<key>`), for Docker's texts. */
  network: IpamNetworkInput<R>;
  family: Family;
  address: Located<string, R>;
  texts?: 'compose' | 'engine';
  /** Static addresses other endpoints of the network hold, kept out of the suggested replacement. */
  taken?: readonly string[];
}

/** Drivers that do not take a gateway address from the pool (libnetwork `GetSkipGwAlloc`). */
const SKIP_GATEWAY = new Set(['macvlan', 'ipvlan', 'host', 'null']);

const key = (f: Family): string => (f === 4 ? 'ipv4_address' : 'ipv6_address');

/**
 * Checks one `ipv4_address`/`ipv6_address` against its network, in the engine's order: syntax
 * (NET060/NET061), a user subnet at all (NET062, or NET040 for IPv6 on a network without IPv6), containment
 * (NET063), reserved addresses (NET064) and the dynamic range (NET066). Stops at the first failing step,
 * as the engine does.
 */
export function checkStaticAddress<R>(input: StaticAddressInput<R>): Finding<R>[] {
  const { address, family, network } = input;
  const addr = syntax(input);
  if ('finding' in addr) return [addr.finding];
  const subnets = configsOfFamily(network, family);
  if (subnets.length === 0) return [noSubnet(input)];
  const home = subnets.find((c) => contains(c.subnet, addr.ip));
  if (!home) {
    const list = subnets.map((c) => formatPrefix(masked(c.subnet))).join(', ');
    return [
      withFix(
        err(
          'NET063',
          `invalid config for network ${network.name}: invalid endpoint settings: no configured subnet contains IP address ${address.value}; use an address inside ${list}`,
          address.at,
        ),
        suggestAddress(subnets[0], input),
      ),
    ];
  }
  const reserved = reservedReason(network, home, addr.ip);
  if (reserved) {
    return [
      withFix(
        err(
          'NET064',
          `Address already in use: ${key(family)} ${address.value} is ${reserved} of network "${network.name}"; pick another address in ${formatPrefix(masked(home.subnet))}`,
          address.at,
        ),
        suggestAddress(home, input),
      ),
    ];
  }
  const range = home.range;
  if (range && contains(range, addr.ip)) {
    return [
      {
        code: 'NET066',
        severity: 'warning',
        message: `${key(family)} ${address.value} lies inside ip_range ${formatPrefix(range)} of network "${network.name}", where the engine hands out dynamic addresses; another container may take it first. Use an address in ${formatPrefix(masked(home.subnet))} outside ${formatPrefix(range)}`,
        at: address.at,
      },
    ];
  }
  return [];
}

const err = <R>(code: string, message: string, at: R): Finding<R> => ({
  code,
  severity: 'error',
  message,
  at,
});

function withFix<R>(f: Finding<R>, address: string | undefined): Finding<R> {
  return address ? { ...f, fix: { kind: 'replace', title: `Use ${address}`, text: address } } : f;
}

/** The first address of `cfg` that is free of reservations, of `taken` and of the dynamic range. */
function suggestAddress<R>(cfg: ConfigView | undefined, input: StaticAddressInput<R>): string | undefined {
  if (!cfg) return undefined;
  const taken = [
    ...(input.taken ?? []).flatMap((t) => {
      const p = parseAddr(t);
      return p.ok ? [p.value] : [];
    }),
    ...(cfg.gateway ? [cfg.gateway] : []),
    ...cfg.aux.map((a) => a.ip),
  ];
  if (!cfg.gateway && !SKIP_GATEWAY.has(input.network.driver ?? 'bridge')) taken.push(firstHost(cfg.subnet));
  const free = firstFreeAddress(cfg.subnet, taken, cfg.range);
  return free ? formatAddr(free) : undefined;
}

function syntax<R>(input: StaticAddressInput<R>): { ip: IpAddr } | { finding: Finding<R> } {
  const { family, address } = input;
  const code = family === 4 ? 'NET060' : 'NET061';
  const label = family === 4 ? 'IPv4' : 'IPv6';
  const parsed = parseAddr(address.value);
  if (!parsed.ok) {
    const why = (input.texts ?? 'compose') === 'compose' ? parsed.error : address.value;
    return { finding: err(code, `invalid ${label} address: ${why}`, address.at) };
  }
  const ip = parsed.value;
  const mapped = ip.family === 6 && ip.value >> 32n === 0xffffn;
  if (ip.family !== family || isUnspecified(ip) || (family === 6 && mapped) || ip.zone !== undefined) {
    return { finding: err(code, `invalid ${label} address: ${address.value}`, address.at) };
  }
  return { ip };
}

interface ConfigView {
  subnet: Prefix;
  /** `reservedAddresses(subnet)` and `firstHost(subnet)`, computed once per view. */
  reserved: IpAddr[];
  firstHost: IpAddr;
  gateway?: IpAddr;
  range?: Prefix;
  aux: { name: string; ip: IpAddr }[];
}

/** Parsed configs per network object: callers check many endpoints of one network against it. */
const parsedConfigs = new WeakMap<object, Map<Family, ConfigView[]>>();

function configsOfFamily<R>(network: IpamNetworkInput<R>, family: Family): ConfigView[] {
  let byFamily = parsedConfigs.get(network);
  if (!byFamily) {
    byFamily = new Map();
    parsedConfigs.set(network, byFamily);
  }
  let views = byFamily.get(family);
  if (!views) {
    views = readConfigs(network, family);
    byFamily.set(family, views);
  }
  return views;
}

function readConfigs<R>(network: IpamNetworkInput<R>, family: Family): ConfigView[] {
  const out: ConfigView[] = [];
  for (const cfg of network.configs) {
    const subnet = cfg.subnet ? prefixOf(cfg.subnet.value) : undefined;
    if (!subnet || subnet.addr.family !== family) continue;
    const gw = cfg.gateway ? parseAddr(cfg.gateway.value) : undefined;
    const range = cfg.ipRange ? prefixOf(cfg.ipRange.value) : undefined;
    out.push({
      subnet,
      reserved: reservedAddresses(subnet),
      firstHost: firstHost(subnet),
      ...(gw?.ok ? { gateway: gw.value } : {}),
      ...(range ? { range: masked(range) } : {}),
      aux: cfg.auxAddresses.flatMap((a) => {
        const p = parseAddr(a.value.value);
        return p.ok ? [{ name: a.name, ip: p.value }] : [];
      }),
    });
  }
  return out;
}

/** NET040 when the network has no IPv6 at all, NET062 when the family is on but its subnet is automatic. */
function noSubnet<R>(input: StaticAddressInput<R>): Finding<R> {
  const { family, network, address } = input;
  const hasV6Subnet = configsOfFamily(network, 6).length > 0;
  if (family === 6 && network.enableIpv6 !== true && !hasV6Subnet) {
    return err(
      'NET040',
      `ipv6_address ${address.value} on network "${network.name}", which has no IPv6: set enable_ipv6: true and add an IPv6 subnet to its ipam.config`,
      address.at,
    );
  }
  return {
    code: 'NET062',
    severity: 'warning',
    message: `user specified IP address is supported only when connecting to networks with user configured subnets: network "${network.name}" has no ${family === 4 ? 'IPv4' : 'IPv6'} subnet in ipam.config, so whether ${address.value} is accepted depends on the engine version and the subnet it picks; add a subnet`,
    at: address.at,
  };
}

/** Why the engine's IPAM already holds `ip`, or undefined when it is free. */
function reservedReason<R>(network: IpamNetworkInput<R>, cfg: ConfigView, ip: IpAddr): string | undefined {
  if (cfg.reserved.some((r) => sameAddr(r, ip))) {
    return sameAddr(networkAddress(cfg.subnet), ip) ? 'the network address' : 'the broadcast address';
  }
  if (cfg.gateway && sameAddr(cfg.gateway, ip)) return 'the gateway';
  if (!cfg.gateway && !SKIP_GATEWAY.has(network.driver ?? 'bridge') && sameAddr(cfg.firstHost, ip)) {
    return `the gateway the engine assigns by default (${formatAddr(ip)})`;
  }
  const aux = cfg.aux.find((a) => sameAddr(a.ip, ip));
  return aux ? `aux_addresses "${aux.name}"` : undefined;
}

export interface StaticAssignment<R> {
  service: string;
  /** Network key or engine name; assignments are compared within one network. */
  network: string;
  address: Located<string, R>;
  /** Replica count of the service (compose-go GetScale). */
  replicas: number;
}

/** Whether two services run at the same time: always, only under some profiles, or never. */
export type Together = 'always' | 'sometimes' | 'never';

export interface DuplicateOptions<R> {
  /** Default: every pair of services runs together. The language server answers from profiles. */
  together?: (a: StaticAssignment<R>, b: StaticAssignment<R>) => Together;
}

/**
 * NET064 for a static address given to two services on one network (the second fails with `Address already
 * in use`; a warning when the two only meet under some profiles), NET065 for a static address on a service
 * that runs more than one replica.
 */
export function duplicateStaticAddresses<R>(
  assignments: readonly StaticAssignment<R>[],
  options: DuplicateOptions<R> = {},
): Finding<R>[] {
  const together = options.together ?? (() => 'always' as const);
  const out: Finding<R>[] = [];
  const holders = new Map<string, StaticAssignment<R>[]>();
  for (const a of assignments) {
    const k = staticAddressKey(a);
    if (k === undefined) continue;
    const prior = holders.get(k) ?? [];
    const clash = clashWith(a, prior, together);
    if (clash) out.push(duplicateFinding(a, clash.prior, clash.when));
    holders.set(k, [...prior, a]);
    if (a.replicas > 1) {
      out.push({
        code: 'NET065',
        severity: 'error',
        message: `Address already in use: service "${a.service}" runs ${a.replicas} replicas with the one static address ${a.address.value} on network "${a.network}", so replicas 2 to ${a.replicas} fail; remove the static address or run one replica`,
        at: a.address.at,
      });
    }
  }
  return out;
}

/**
 * Which assignments `duplicateStaticAddresses` compares with each other: the network and the address in
 * canonical form; undefined for an address that does not parse (it reports nothing about those). Its
 * findings about one key depend only on the assignments with that key, in order.
 */
export function staticAddressKey<R>(a: StaticAssignment<R>): string | undefined {
  const p = parseAddr(a.address.value);
  return p.ok ? `${a.network}\u0000${p.value.family}:${p.value.value}` : undefined;
}

/** The earlier holder `a` clashes with, preferring one that always runs with it. */
function clashWith<R>(
  a: StaticAssignment<R>,
  prior: readonly StaticAssignment<R>[],
  together: (x: StaticAssignment<R>, y: StaticAssignment<R>) => Together,
): { prior: StaticAssignment<R>; when: Together } | undefined {
  let found: { prior: StaticAssignment<R>; when: Together } | undefined;
  for (const p of prior) {
    if (p.service === a.service) continue;
    const when = together(p, a);
    if (when === 'always') return { prior: p, when };
    if (when === 'sometimes' && !found) found = { prior: p, when };
  }
  return found;
}

function duplicateFinding<R>(a: StaticAssignment<R>, prior: StaticAssignment<R>, when: Together): Finding<R> {
  const base = `Address already in use: ${a.address.value} on network "${a.network}" is also the static address of service "${prior.service}"`;
  return {
    code: 'NET064',
    severity: when === 'always' ? 'error' : 'warning',
    message:
      when === 'always'
        ? `${base}; give each service its own address`
        : `${base} when their profiles are active together; give each service its own address`,
    at: a.address.at,
    related: [{ at: prior.address.at, message: `service "${prior.service}" takes ${prior.address.value}` }],
  };
}
