import type { Finding, Located } from '../finding';
import { formatAddr, parseAddr } from './addr';
import type { Family, IpAddr } from './addr';
import { contains, firstHost, formatPrefix, isMasked, masked, parsePrefix, prefixesOverlap } from './prefix';
import type { Prefix } from './prefix';

/** One `ipam.config[]` entry (the engine's `IPAMConfig`), each value with the caller's handle on it. */
export interface IpamConfigInput<R> {
  subnet?: Located<string, R>;
  gateway?: Located<string, R>;
  ipRange?: Located<string, R>;
  auxAddresses: { name: string; value: Located<string, R> }[];
  /** Where the entry itself is; used when it has no subnet (NET032). */
  at?: R;
}

export interface IpamNetworkInput<R> {
  name: string;
  /** Network driver; undefined or empty means `bridge`. */
  driver?: string;
  /** undefined means "not said": Engine ≥ 25 then enables IPv6 when an IPv6 subnet is given (moby#46455). */
  enableIpv6?: boolean;
  configs: IpamConfigInput<R>[];
  /** Fallback handle for findings about an entry that carries no value at all. */
  at?: R;
}

export interface IpamOptions {
  /**
   * `compose`: syntax errors read as `docker compose` prints them (its parseIPAMPool runs first);
   * `engine`: every text as the engine's ValidateIPAM returns it.
   */
  texts?: 'compose' | 'engine';
}

const familyName = (f: Family): string => (f === 4 ? 'IPv4' : 'IPv6');

/**
 * The checks the engine's `ValidateIPAM` makes on a network's IPAM configuration, in its order and with its
 * texts (NET030–NET035), then the macvlan/ipvlan empty-pool check (NET053) and the IPv6 hint (NET038).
 * Every problem is reported, as the engine does, not just the first.
 */
export function validateIpam<R>(network: IpamNetworkInput<R>, options: IpamOptions = {}): Finding<R>[] {
  const texts = options.texts ?? 'compose';
  const out: Finding<R>[] = [];
  for (const cfg of network.configs) {
    const syntaxBad = texts === 'compose' ? composeSyntax(cfg, out) : new Set<unknown>();
    engineChecks(network, cfg, syntaxBad, out);
  }
  return out;
}

/** The engine's whole error for a set of IPAM findings: `invalid network config:\n…`, errors only. */
export function engineIpamError<R>(findings: readonly Finding<R>[]): string | undefined {
  const errors = findings.filter((f) => f.severity === 'error');
  if (errors.length === 0) return undefined;
  return `invalid network config:\n${errors.map((f) => f.message).join('\n')}`;
}

const error = <R>(code: string, message: string, at: R, fix?: Finding<R>['fix']): Finding<R> => ({
  code,
  severity: 'error',
  message,
  at,
  ...(fix ? { fix } : {}),
});

/** Compose's parseIPAMPool: Go parse errors for each value; returns the values already reported. */
function composeSyntax<R>(cfg: IpamConfigInput<R>, out: Finding<R>[]): Set<unknown> {
  const bad = new Set<unknown>();
  const prefix = (v: Located<string, R> | undefined, code: string, label: string): void => {
    if (v === undefined || v.value === '') return;
    const r = parsePrefix(v.value);
    if (r.ok) return;
    bad.add(v);
    out.push(error(code, `invalid ${label}: ${r.error}`, v.at));
  };
  const addr = (v: Located<string, R> | undefined, code: string, label: string): void => {
    if (v === undefined || v.value === '') return;
    const r = parseAddr(v.value);
    if (r.ok) return;
    bad.add(v);
    out.push(error(code, `invalid ${label}: ${r.error}`, v.at));
  };
  prefix(cfg.subnet, 'NET030', 'subnet');
  prefix(cfg.ipRange, 'NET033', 'ip-range');
  addr(cfg.gateway, 'NET034', 'gateway address');
  for (const aux of cfg.auxAddresses) addr(aux.value, 'NET035', 'auxiliary address');
  return bad;
}

function entryHandle<R>(network: IpamNetworkInput<R>, cfg: IpamConfigInput<R>): R | undefined {
  return cfg.at ?? cfg.gateway?.at ?? cfg.ipRange?.at ?? cfg.auxAddresses[0]?.value.at ?? network.at;
}

function engineChecks<R>(
  network: IpamNetworkInput<R>,
  cfg: IpamConfigInput<R>,
  syntaxBad: Set<unknown>,
  out: Finding<R>[],
): void {
  const raw = cfg.subnet?.value ?? '';
  if (raw === '') {
    const at = cfg.subnet?.at ?? entryHandle(network, cfg);
    if (at !== undefined) out.push(error('NET032', 'invalid subnet : invalid CIDR block notation', at));
    return;
  }
  const subnetAt = (cfg.subnet as Located<string, R>).at;
  const parsed = parsePrefix(raw);
  if (!parsed.ok) {
    if (!syntaxBad.has(cfg.subnet)) {
      out.push(error('NET030', `invalid subnet ${raw}: invalid CIDR block notation`, subnetAt));
    }
    return;
  }
  const subnet = parsed.value;
  const family = subnet.addr.family;
  if (family === 6) ipv6Hint(network, subnet, subnetAt, out);
  if (family === 6 && network.enableIpv6 === false) return;
  if (!isMasked(subnet)) {
    const want = formatPrefix(masked(subnet));
    out.push(
      error('NET031', `invalid subnet ${formatPrefix(subnet)}: it should be ${want}`, subnetAt, {
        kind: 'replace',
        title: `Use ${want}`,
        text: want,
      }),
    );
  }
  if (cfg.ipRange && cfg.ipRange.value !== '' && !syntaxBad.has(cfg.ipRange)) {
    out.push(...ipRangeChecks(cfg.ipRange, subnet));
  }
  if (cfg.gateway && cfg.gateway.value !== '' && !syntaxBad.has(cfg.gateway)) {
    const why = addressProblem(cfg.gateway.value, subnet);
    if (why !== undefined) {
      const gw = formatAddr(firstHost(subnet));
      out.push(
        error('NET034', `invalid gateway ${cfg.gateway.value}: ${why}`, cfg.gateway.at, {
          kind: 'replace',
          title: `Use ${gw}`,
          text: gw,
        }),
      );
    }
  }
  for (const aux of cfg.auxAddresses) {
    if (aux.value.value === '' || syntaxBad.has(aux.value)) continue;
    const why = addressProblem(aux.value.value, subnet);
    if (why !== undefined) {
      out.push(error('NET035', `invalid auxiliary address ${aux.name}: ${why}`, aux.value.at));
    }
  }
  emptyPool(network, subnet, subnetAt, out);
}

/** moby `validateIPRange`: family, size, host bits, containment; several can hold at once. */
function ipRangeChecks<R>(range: Located<string, R>, subnet: Prefix): Finding<R>[] {
  const r = range.value;
  const parsed = parsePrefix(r);
  if (!parsed.ok) return [error('NET033', `invalid ip-range ${r}: invalid CIDR block notation`, range.at)];
  const p = parsed.value;
  if (p.addr.family !== subnet.addr.family) {
    return [
      error(
        'NET033',
        `invalid ip-range ${r}: parent subnet is an ${familyName(subnet.addr.family)} block`,
        range.at,
      ),
    ];
  }
  const out: Finding<R>[] = [];
  if (p.bits < subnet.bits) {
    out.push(
      error(
        'NET033',
        `invalid ip-range ${r}: CIDR block is bigger than its parent subnet ${formatPrefix(subnet)}`,
        range.at,
      ),
    );
  }
  if (!isMasked(p)) {
    const want = formatPrefix(masked(p));
    out.push(
      error('NET033', `invalid ip-range ${formatPrefix(p)}: it should be ${want}`, range.at, {
        kind: 'replace',
        title: `Use ${want}`,
        text: want,
      }),
    );
  }
  if (!prefixesOverlap(subnet, p)) {
    const s = formatPrefix(subnet);
    out.push(error('NET033', `invalid ip-range ${r}: parent subnet ${s} doesn't contain ip-range`, range.at));
  }
  return out;
}

/** moby `validateAddress`: the reason an address cannot sit in `subnet`, or undefined when it can. */
function addressProblem(value: string, subnet: Prefix): string | undefined {
  const parsed = parseAddr(value);
  if (!parsed.ok) return 'invalid address';
  const a: IpAddr = parsed.value;
  if (a.family !== subnet.addr.family) return `parent subnet is an ${familyName(subnet.addr.family)} block`;
  if (!contains(subnet, a)) return `parent subnet ${formatPrefix(subnet)} doesn't contain this address`;
  return undefined;
}

/** NET038: an IPv6 subnet without `enable_ipv6: true`. */
function ipv6Hint<R>(network: IpamNetworkInput<R>, subnet: Prefix, at: R, out: Finding<R>[]): void {
  if (network.enableIpv6 === true) return;
  const s = formatPrefix(subnet);
  const message =
    network.enableIpv6 === false
      ? `network "${network.name}" sets enable_ipv6: false but has IPv6 subnet ${s}; the subnet is ignored (older engines refuse the network); set enable_ipv6: true or remove the subnet`
      : `network "${network.name}" has IPv6 subnet ${s} without enable_ipv6: true; Engine 25 and later enable IPv6 for it, older engines refuse the network; set enable_ipv6: true`;
  out.push({
    code: 'NET038',
    severity: 'warning',
    message,
    at,
    fix: { kind: 'insert', title: 'Set enable_ipv6: true', text: 'enable_ipv6: true' },
  });
}

/** NET053: macvlan and ipvlan refuse a pool of the whole address space. */
function emptyPool<R>(network: IpamNetworkInput<R>, subnet: Prefix, at: R, out: Finding<R>[]): void {
  if (network.driver !== 'macvlan' && network.driver !== 'ipvlan') return;
  if (subnet.bits !== 0) return;
  out.push(error('NET053', subnet.addr.family === 4 ? 'ipv4 pool is empty' : 'ipv6 pool is empty', at));
}
