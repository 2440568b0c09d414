// A network to create, from a compose file or the create wizard, in the two shapes the hosts take: the
// engine's `network.create` params and Docker's NetworkCreate body (dockerode). The one place either is
// built. Pure.
import type { EngineParams } from '@switchyard/protocol';

export interface NetworkRequestIpam {
  subnet?: string;
  gateway?: string;
  ipRange?: string;
  auxAddresses: Record<string, string>;
}

export interface NetworkRequest {
  name: string;
  driver: string;
  internal: boolean;
  enableIpv6: boolean;
  /** Overlay only: sandboxes may join by hand (the engine's default: true). */
  attachable?: boolean;
  ipam: NetworkRequestIpam[];
  options: Record<string, string>;
  labels: Record<string, string>;
}

export function engineCreateParams(r: NetworkRequest): EngineParams<'network.create'> {
  return {
    name: r.name,
    driver: r.driver,
    internal: r.internal,
    ...(r.attachable !== undefined && { attachable: r.attachable }),
    enableIPv6: r.enableIpv6,
    options: r.options,
    labels: r.labels,
    ipam: r.ipam.map((c) => ({
      ...(c.subnet && { subnet: c.subnet }),
      ...(c.gateway && { gateway: c.gateway }),
      ...(c.ipRange && { ipRange: c.ipRange }),
      auxAddresses: c.auxAddresses,
    })),
  };
}

/** Docker's `POST /networks/create` body, with every IPAM config (IPv4 and IPv6 alike). */
export function dockerCreateBody(r: NetworkRequest) {
  return {
    Name: r.name,
    Driver: r.driver,
    Internal: r.internal,
    EnableIPv6: r.enableIpv6,
    CheckDuplicate: true,
    Options: r.options,
    Labels: r.labels,
    IPAM: {
      Driver: 'default',
      Config: r.ipam.map((c) => ({
        ...(c.subnet && { Subnet: c.subnet }),
        ...(c.gateway && { Gateway: c.gateway }),
        ...(c.ipRange && { IPRange: c.ipRange }),
        ...(Object.keys(c.auxAddresses).length > 0 && { AuxiliaryAddresses: c.auxAddresses }),
      })),
    },
  };
}
