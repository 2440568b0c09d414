import type { PortMapping } from '@switchyard/protocol';

/** What the firewall needs to know about one bridge network. */
export interface FwNetwork {
  device: string;
  subnets4: string[];
  subnets6: string[];
  internal: boolean;
  icc: boolean;
  masquerade: boolean;
  /**
   * The gateway where the engine's DNS listens, for a network with name resolution: its sandboxes route
   * 127.0.0.11 to it (sandbox/dns-route.ts) and the host DNATs those queries to this address.
   */
  dnsGateway?: string;
}

/** A published port and the sandbox address it is forwarded to. */
export interface FwPort extends PortMapping {
  targetIp: string;
  /** The sandbox's IPv6 address when its network has IPv6: the port is then published on both families. */
  targetIp6?: string;
  device: string;
}

/**
 * A port of the routing mesh (services' `mode=ingress`): published on this host, each new flow DNAT-ed
 * straight to one replica (`numgen` map, as a VIP) at `target`. No backend: no rule (the reserving socket
 * answers, and closes).
 */
export interface FwMeshPort {
  protocol: 'tcp' | 'udp';
  port: number;
  target: number;
  /** The replicas' addresses (in slot order): a local one's on its own network, a remote one's on ingress. */
  backends: string[];
}

/** What leaves for the ingress network after the mesh's DNAT is SNAT-ed to this host's own address on it. */
export interface FwMeshSnat {
  device: string;
  address: string;
}

export interface FwModel {
  table: string;
  /** Glob matching all our bridges, e.g. `sy-b*`. */
  bridgeGlob: string;
  networks: FwNetwork[];
  ports: FwPort[];
  /** Families whose forwarding the engine turned on: forwarded traffic that touches none of our bridges
   *  is dropped, so the engine never turns a multi-homed host into a router. */
  forwardGuard?: ('ipv4' | 'ipv6')[];
  /** The routing mesh's ports and its SNAT (services/mesh.ts); absent without services. */
  mesh?: { ports: FwMeshPort[]; snat?: FwMeshSnat };
}
