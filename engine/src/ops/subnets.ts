import type { NetworkCreateParams } from '@switchyard/protocol';
import { EngineError } from '../errors';
import {
  engineIpamError,
  formatAddr,
  formatPrefix,
  networkOf,
  plainAddrOf,
  prefixesOverlap,
  validateIpam,
} from '@switchyard/core';
import type { Prefix } from '@switchyard/core';
import { defaultGateway, pickSubnet } from '../ipam/allocate';
import { ulaFor } from '../ipam/pools';
import { overlappingPair } from '../ipam/validate';
import type { SubnetRecord } from '../model/types';

/** An address in canonical text; a zone or anything unparsable is refused (validateIpam said why first). */
function canonicalIp(text: string, what: string): string {
  const ip = plainAddrOf(text);
  if (!ip) throw EngineError.invalid(`invalid network config:\ninvalid ${what} ${JSON.stringify(text)}`);
  return formatAddr(ip);
}

/**
 * Turns `--subnet/--gateway/--ip-range/--aux-address` groups into subnet records: Docker's checks and texts
 * first, then an automatic IPv4 subnet from the default pools (and a ULA /64 for IPv6) when none was given.
 */
export function planSubnets(
  p: NetworkCreateParams,
  networkId: string,
  inUse: readonly Prefix[],
  reserved: readonly Prefix[],
): { subnets: SubnetRecord[]; enableIPv6: boolean } {
  // The same checks and texts the language server reports on compose files (core/src/net).
  const at = (value: string | undefined) => (value === undefined ? undefined : { value, at: 0 });
  const findings = validateIpam(
    {
      name: p.name,
      driver: p.driver,
      enableIpv6: p.enableIPv6 || undefined,
      configs: p.ipam.map((c) => ({
        subnet: at(c.subnet),
        gateway: at(c.gateway),
        ipRange: at(c.ipRange),
        auxAddresses: Object.entries(c.auxAddresses).map(([name, value]) => ({
          name,
          value: { value, at: 0 },
        })),
      })),
    },
    { texts: 'engine' },
  );
  const problem = engineIpamError(findings);
  if (problem) throw EngineError.invalid(problem);
  if (
    p.ipam.some(
      (c) => c.subnet === undefined && (c.gateway || c.ipRange || Object.keys(c.auxAddresses).length > 0),
    )
  )
    throw EngineError.invalid('invalid network config:\na gateway, ip-range or aux-address needs a subnet');
  const given = p.ipam.filter((c) => c.subnet !== undefined);
  const cidrs = given.map((c) => networkOf(c.subnet as string));
  const pair = overlappingPair(cidrs);
  if (pair)
    throw EngineError.conflict('invalid pool request: Pool overlaps with other one on this address space');
  if (cidrs.some((c) => inUse.some((u) => prefixesOverlap(c, u))))
    throw EngineError.conflict('invalid pool request: Pool overlaps with other one on this address space');
  if (
    cidrs.filter((c) => c.addr.family === 4).length > 1 ||
    cidrs.filter((c) => c.addr.family === 6).length > 1
  )
    throw EngineError.invalid("bridge driver doesn't support multiple subnets");
  // Stored canonical (RFC 5952, no zone), never as typed: these values go into kernel commands.
  const subnets: SubnetRecord[] = given.map((c, i) => ({
    subnet: formatPrefix(cidrs[i] as Prefix),
    gateway: c.gateway ? canonicalIp(c.gateway, 'gateway') : defaultGateway(cidrs[i] as Prefix),
    ipRange: c.ipRange ? formatPrefix(networkOf(c.ipRange)) : undefined,
    auxAddresses: Object.fromEntries(
      Object.entries(c.auxAddresses).map(([k, v]) => [k, canonicalIp(v, `auxiliary address ${k}`)]),
    ),
    auto: false,
  }));
  if (!cidrs.some((c) => c.addr.family === 4)) {
    const picked = pickSubnet([...inUse, ...reserved]);
    if (!picked) throw EngineError.conflict('all predefined address pools have been fully subnetted');
    const subnet = formatPrefix(picked);
    subnets.unshift({ subnet, gateway: defaultGateway(picked), auxAddresses: {}, auto: true });
  }
  const enableIPv6 = p.enableIPv6 || cidrs.some((c) => c.addr.family === 6);
  if (enableIPv6 && !cidrs.some((c) => c.addr.family === 6)) {
    const ula = ulaFor(networkId);
    subnets.push({ subnet: formatPrefix(ula), gateway: defaultGateway(ula), auxAddresses: {}, auto: true });
  }
  return { subnets, enableIPv6 };
}
