import { EngineError } from '../errors';
import { contains, networkOf, plainAddrOf } from '@switchyard/core';
import type { SubnetRecord } from '../model/types';

/** macvlan and ipvlan: endpoints are links stacked on a host interface (the parent), no bridge. */
export type L2Kind = 'macvlan' | 'ipvlan';

export const MACVLAN_MODES = ['bridge', 'private', 'vepa', 'passthru'] as const;
export const IPVLAN_MODES = ['l2', 'l3', 'l3s'] as const;
export const IPVLAN_FLAGS = ['bridge', 'private', 'vepa'] as const;
/** Our own option: a macvlan interface on the host with this address, so the host reaches the sandboxes. */
export const HOST_SHIM_OPT = 'switchyard.host-shim';

/** `-o` options of a macvlan/ipvlan network, checked with Docker's texts (macvlan_network.go, ipvlan_network.go). */
export interface L2Options {
  kind: L2Kind;
  /** As given; '' = none (a dummy parent is made and the network is internal). */
  parent: string;
  mode: string;
  /** ipvlan only: bridge, private or vepa. */
  flag?: string;
  /** The host shim's IPv4 address. */
  shim?: string;
}

export function parseL2Options(kind: L2Kind, opts: Record<string, string>): L2Options {
  const parent = opts['parent'] ?? '';
  if (kind === 'macvlan') {
    const mode = opts['macvlan_mode'] || 'bridge';
    if (!(MACVLAN_MODES as readonly string[]).includes(mode))
      throw EngineError.invalid(
        `requested macvlan mode '${mode}' is not valid, 'bridge' mode is the macvlan driver default`,
      );
    if (parent === 'lo') throw EngineError.invalid('loopback interface is not a valid macvlan parent link');
    return { kind, parent, mode, shim: opts[HOST_SHIM_OPT] };
  }
  const mode = opts['ipvlan_mode'] || 'l2';
  if (!(IPVLAN_MODES as readonly string[]).includes(mode))
    throw EngineError.invalid(
      `requested ipvlan mode '${mode}' is not valid, 'l2' mode is the ipvlan driver default`,
    );
  const flag = opts['ipvlan_flag'] || 'bridge';
  if (!(IPVLAN_FLAGS as readonly string[]).includes(flag))
    throw EngineError.invalid(
      `requested ipvlan flag '${flag}' is not valid, 'bridge' is the ipvlan driver default`,
    );
  if (parent === 'lo') throw EngineError.invalid('loopback interface is not a valid ipvlan parent link');
  return { kind, parent, mode, flag, shim: opts[HOST_SHIM_OPT] };
}

/**
 * `eth0.10` → base `eth0`, VLAN 10, with Docker's texts (macvlan_setup.go parseVlan / createVlanLink).
 * `baseExists` answers whether the base interface is on the host.
 */
export function parseVlanParent(
  name: string,
  baseExists: (n: string) => boolean,
): { base: string; id: number } {
  if (!name.includes('.'))
    throw EngineError.invalid(`invalid subinterface vlan name ${name}, example formatting is eth0.10`);
  const parts = name.split('.');
  if (parts.length !== 2)
    throw EngineError.invalid(
      `required interface name format is: name.vlan_id, ex. eth0.10 for vlan 10, instead received ${name}`,
    );
  const [base, vid] = parts as [string, string];
  if (!/^[+-]?\d+$/.test(vid))
    throw EngineError.invalid(`unable to parse a valid vlan id from: ${vid} (ex. eth0.10 for vlan 10)`);
  if (!baseExists(base)) throw EngineError.notFound(`-o parent interface was not found on the host: ${base}`);
  const id = Number(vid);
  if (id > 4094 || id < 1) throw EngineError.invalid(`vlan id must be between 1-4094, received: ${id}`);
  return { base, id };
}

/**
 * The host shim's address: IPv4, inside the network's IPv4 subnet, not its gateway. It is reserved as an aux
 * address (`switchyard-host-shim`) so IPAM never hands it to a sandbox.
 */
export function checkShimAddress(shim: string, subnets: SubnetRecord[], networkName: string): SubnetRecord {
  const ip = plainAddrOf(shim);
  const v4 = subnets.find((s) => !s.subnet.includes(':'));
  if (!ip || ip.family !== 4)
    throw EngineError.invalid(
      `invalid ${HOST_SHIM_OPT} "${shim}": give an IPv4 address inside the network's subnet`,
    );
  if (!v4 || !contains(networkOf(v4.subnet), ip))
    throw EngineError.invalid(
      `invalid ${HOST_SHIM_OPT} ${shim}: network ${networkName}'s subnet ${v4?.subnet ?? '(none)'} doesn't contain this address`,
    );
  if (v4.gateway === shim)
    throw EngineError.invalid(
      `invalid ${HOST_SHIM_OPT} ${shim}: it is the network's gateway (a router on the LAN); pick a free address`,
    );
  return v4;
}
