import { DEFAULT_LOCAL_POOLS, poolSubnets } from '@switchyard/core';
import type { Cidr } from './addr';
import { mustCidr } from './addr';

/**
 * Docker's default local pools (core's DEFAULT_LOCAL_POOLS, libnetwork ipamutils): 172.17-19/16, 172.20/14,
 * 172.24/14 and 172.28/14 cut into /16s, and 192.168.0.0/16 cut into /20s: 31 networks, taken first-free
 * in this order.
 */
export const DEFAULT_POOLS: readonly Cidr[] = poolSubnets(DEFAULT_LOCAL_POOLS).map(mustCidr);

/** A ULA /64 for IPv6 networks without a subnet, derived from the network id so it is stable. */
export function ulaFor(networkId: string): Cidr {
  const hex = networkId.slice(0, 10);
  const v = (0xfdn << 120n) | (BigInt(`0x${hex}`) << 80n);
  return { family: 6, base: v, bits: 64 };
}
