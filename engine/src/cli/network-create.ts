import type { NetworkCreateParams } from '@switchyard/protocol';
import {
  allValues,
  contains,
  keyValues,
  lastValue,
  plainAddrOf,
  prefixesOverlap,
  prefixOf,
  UsageError,
} from '@switchyard/core';
import type { ParsedFlags } from '@switchyard/core';

type IpamEntry = NetworkCreateParams['ipam'][number];

/** Docker CLI pairing: each --gateway/--ip-range/--aux-address goes to the --subnet that contains it. */
export function ipamFromFlags(p: ParsedFlags): IpamEntry[] {
  const entries: IpamEntry[] = allValues(p, '--subnet').map((subnet) => ({ subnet, auxAddresses: {} }));
  const home = (addr: string, what: string, isRange: boolean): IpamEntry => {
    const range = isRange ? prefixOf(addr) : undefined;
    const ip = isRange ? undefined : plainAddrOf(addr);
    const found = entries.find((e) => {
      const s = prefixOf(e.subnet as string);
      if (!s) return false;
      return range ? prefixesOverlap(s, range) : ip !== undefined && contains(s, ip);
    });
    if (!found) throw new UsageError(`no matching subnet for ${what} ${addr}`);
    return found;
  };
  for (const g of allValues(p, '--gateway')) {
    const e = home(g, 'gateway', false);
    if (e.gateway)
      throw new UsageError(`cannot configure multiple gateways (${e.gateway}, ${g}) for the same subnet`);
    e.gateway = g;
  }
  for (const r of allValues(p, '--ip-range')) {
    const e = home(r, 'range', true);
    if (e.ipRange)
      throw new UsageError(`cannot configure multiple ranges (${e.ipRange}, ${r}) on the same subnet`);
    e.ipRange = r;
  }
  for (const [k, v] of Object.entries(keyValues(allValues(p, '--aux-address'), '--aux-address'))) {
    home(v, 'aux-address', false).auxAddresses[k] = v;
  }
  if (entries.length === 0 && (p.values.has('--gateway') || p.values.has('--ip-range')))
    throw new UsageError('a --gateway or --ip-range needs a --subnet');
  return entries;
}

export function networkCreateParams(name: string, p: ParsedFlags): NetworkCreateParams {
  const driver = lastValue(p, '--driver') ?? 'bridge';
  return {
    name,
    driver,
    ipam: ipamFromFlags(p),
    internal: p.bools.has('--internal'),
    // Docker: overlay networks take standalone containers only with --attachable; local ones always.
    attachable: driver !== 'overlay' || p.bools.has('--attachable'),
    enableIPv6: p.bools.has('--ipv6'),
    labels: keyValues(allValues(p, '--label'), '--label'),
    // Docker takes `-o encrypted` without a value (the overlay's flag); every other option is key=value.
    options: keyValues(
      allValues(p, '--opt').map((o) => (o === 'encrypted' ? 'encrypted=' : o)),
      '--opt',
    ),
  };
}
