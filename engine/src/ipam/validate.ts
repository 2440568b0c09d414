import type { Cidr } from './addr';
import { contains, formatCidr, overlaps, parseCidr, parseIp } from './addr';

export interface IpamRequest {
  subnet?: string;
  gateway?: string;
  ipRange?: string;
  auxAddresses: Record<string, string>;
}

/**
 * Checks one `--subnet/--gateway/--ip-range/--aux-address` group and returns Docker's error text
 * (daemon/network.go: "invalid network config:\n...") or undefined. Pure.
 */
export function validateIpamConfig(req: IpamRequest): string | undefined {
  const problems: string[] = [];
  let subnet: Cidr | undefined;
  if (req.subnet !== undefined) {
    const p = parseCidr(req.subnet);
    if (!p) problems.push(`invalid subnet ${req.subnet}: not a CIDR address`);
    else if (p.hostBitsSet) problems.push(`invalid subnet ${req.subnet}: it should be ${formatCidr(p.cidr)}`);
    else subnet = p.cidr;
  } else if (req.gateway || req.ipRange || Object.keys(req.auxAddresses).length > 0) {
    problems.push('user specified gateway, ip-range or aux-address requires a subnet (--subnet)');
  }
  if (subnet && req.ipRange !== undefined) {
    const r = parseCidr(req.ipRange);
    if (!r || r.hostBitsSet) problems.push(`invalid ip-range ${req.ipRange}: it should be a network address`);
    else if (r.cidr.bits < subnet.bits || !overlaps(r.cidr, subnet))
      problems.push(`invalid ip-range ${req.ipRange}: parent subnet ${req.subnet} doesn't contain ip-range`);
  }
  if (subnet && req.gateway !== undefined) {
    const g = parseIp(req.gateway);
    if (!g) problems.push(`invalid gateway ${req.gateway}: not an IP address`);
    else if (!contains(subnet, g))
      problems.push(
        `invalid gateway ${req.gateway}: parent subnet ${req.subnet} doesn't contain this address`,
      );
  }
  for (const [name, addr] of Object.entries(req.auxAddresses)) {
    const a = parseIp(addr);
    if (!a) problems.push(`invalid auxiliary address ${name}: ${addr} is not an IP address`);
    else if (subnet && !contains(subnet, a))
      problems.push(
        `invalid auxiliary address ${name}: parent subnet ${req.subnet} doesn't contain this address`,
      );
  }
  return problems.length > 0 ? `invalid network config:\n${problems.join('\n')}` : undefined;
}

/** Subnets of one request list that overlap each other (Docker refuses those too). */
export function overlappingPair(subnets: Cidr[]): [Cidr, Cidr] | undefined {
  for (let i = 0; i < subnets.length; i++)
    for (let j = i + 1; j < subnets.length; j++) {
      const a = subnets[i] as Cidr;
      const b = subnets[j] as Cidr;
      if (overlaps(a, b)) return [a, b];
    }
  return undefined;
}
