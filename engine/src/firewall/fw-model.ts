import type { PortMapping } from '@switchyard/protocol';

/** What the firewall needs to know about one bridge network. */
export interface FwNetwork {
  device: string;
  subnets4: string[];
  subnets6: string[];
  internal: boolean;
  icc: boolean;
  masquerade: boolean;
}

/** A published port and the sandbox address it is forwarded to. */
export interface FwPort extends PortMapping {
  targetIp: string;
  /** The sandbox's IPv6 address when its network has IPv6: the port is then published on both families. */
  targetIp6?: string;
  device: string;
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
}
