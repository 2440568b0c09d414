import type { NetworkCreateParams } from '@switchyard/protocol';
import { EngineError } from '../errors';
import type { Cidr } from '../ipam/addr';
import { formatCidr, mustCidr, overlaps, parseCidr } from '../ipam/addr';
import { defaultGateway, pickSubnet } from '../ipam/allocate';
import { ulaFor } from '../ipam/pools';
import { overlappingPair, validateIpamConfig } from '../ipam/validate';
import type { SubnetRecord } from '../model/types';

/**
 * Turns `--subnet/--gateway/--ip-range/--aux-address` groups into subnet records: Docker's checks and texts
 * first, then an automatic IPv4 subnet from the default pools (and a ULA /64 for IPv6) when none was given.
 */
export function planSubnets(
  p: NetworkCreateParams,
  networkId: string,
  inUse: Cidr[],
  reserved: Cidr[],
): { subnets: SubnetRecord[]; enableIPv6: boolean } {
  for (const cfg of p.ipam) {
    const problem = validateIpamConfig(cfg);
    if (problem) throw EngineError.invalid(problem);
  }
  const given = p.ipam.filter((c) => c.subnet !== undefined);
  const cidrs = given.map((c) => mustCidr(c.subnet as string));
  const pair = overlappingPair(cidrs);
  if (pair)
    throw EngineError.conflict('invalid pool request: Pool overlaps with other one on this address space');
  if (cidrs.some((c) => inUse.some((u) => overlaps(c, u))))
    throw EngineError.conflict('invalid pool request: Pool overlaps with other one on this address space');
  if (cidrs.filter((c) => c.family === 4).length > 1 || cidrs.filter((c) => c.family === 6).length > 1)
    throw EngineError.invalid("bridge driver doesn't support multiple subnets");
  const subnets: SubnetRecord[] = given.map((c) => ({
    subnet: formatCidr((parseCidr(c.subnet as string) as { cidr: Cidr }).cidr),
    gateway: c.gateway ?? defaultGateway(c.subnet as string),
    ipRange: c.ipRange,
    auxAddresses: c.auxAddresses,
    auto: false,
  }));
  if (!cidrs.some((c) => c.family === 4)) {
    const picked = pickSubnet([...inUse, ...reserved]);
    if (!picked) throw EngineError.conflict('all predefined address pools have been fully subnetted');
    const subnet = formatCidr(picked);
    subnets.unshift({ subnet, gateway: defaultGateway(subnet), auxAddresses: {}, auto: true });
  }
  const enableIPv6 = p.enableIPv6 || cidrs.some((c) => c.family === 6);
  if (enableIPv6 && !cidrs.some((c) => c.family === 6)) {
    const subnet = formatCidr(ulaFor(networkId));
    subnets.push({ subnet, gateway: defaultGateway(subnet), auxAddresses: {}, auto: true });
  }
  return { subnets, enableIPv6 };
}
