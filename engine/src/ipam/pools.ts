import { DEFAULT_LOCAL_POOLS, poolPrefixes } from '@switchyard/core';
import type { Prefix } from '@switchyard/core';

/**
 * Docker's default local pools (core's DEFAULT_LOCAL_POOLS, libnetwork ipamutils): 172.17-19/16, 172.20/14,
 * 172.24/14 and 172.28/14 cut into /16s, and 192.168.0.0/16 cut into /20s: 31 networks, taken first-free
 * in this order.
 */
export const DEFAULT_POOLS: readonly Prefix[] = poolPrefixes(DEFAULT_LOCAL_POOLS);

/** A ULA /64 for IPv6 networks without a subnet, derived from the network id so it is stable. */
export function ulaFor(networkId: string): Prefix {
  const hex = networkId.slice(0, 10);
  const v = (0xfdn << 120n) | (BigInt(`0x${hex}`) << 80n);
  return { addr: { family: 6, value: v }, bits: 64 };
}
