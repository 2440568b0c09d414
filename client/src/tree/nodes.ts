import type {
  DockerNetwork,
  NetworkInspect,
  OverlayPeer,
  SandboxInfo,
  ServiceInfo,
  ServiceReplica,
} from '@switchyard/protocol';
import type { Host } from '../hosts/host';
import type { ClusterGroup, ClusterNetwork } from './clusters';

/** A peer host of an overlay: name and address, and the engine's counts where it has them. */
export type PeerInfo = Pick<OverlayPeer, 'Name' | 'IP'> & Partial<OverlayPeer>;

/** Where a network lives: the host's Docker engine or Switchyard's engine. */
/**
 * `healthy`: every desired replica runs; `degraded`: some do; `down`: none of a non-zero number do;
 * `idle`: scaled to 0.
 */
export type Health = 'healthy' | 'degraded' | 'down' | 'idle';

/** One host's share of a service: its replicas, how many run, and the health that makes. */
export interface HostReplicas {
  host: string;
  hostAddress: string;
  replicas: ServiceReplica[];
  running: number;
  health: Health;
}

export type NetworkSource = 'docker' | 'engine';

/** What a row of the Switchyard tree stands for; `contextValue` for menus starts with the `kind`. */
export type TreeNode =
  | { kind: 'host'; host: Host }
  | { kind: 'group'; host: Host; source: NetworkSource }
  | {
      kind: 'network';
      host: Host;
      source: NetworkSource;
      network: DockerNetwork | NetworkInspect;
      /** An overlay drawn once under its cluster: its children are the hosts with endpoints on it. */
      cluster?: ClusterNetwork;
    }
  | { kind: 'cluster'; group: ClusterGroup }
  | { kind: 'clusterHost'; host: Host; network: NetworkInspect }
  | {
      kind: 'endpoint';
      host: Host;
      source: NetworkSource;
      network: DockerNetwork | NetworkInspect;
      endpointId: string;
    }
  /**
   * Another host with endpoints on an overlay network: for the engine's overlays with what this host has
   * programmed for it; for Docker's swarm overlays only its name and address.
   */
  | {
      kind: 'peer';
      host: Host;
      source: NetworkSource;
      network: DockerNetwork | NetworkInspect;
      peer: PeerInfo;
    }
  /** A cluster's services: each with its VIPs and health, then its replicas per host. */
  | { kind: 'services'; group: ClusterGroup }
  | { kind: 'service'; group: ClusterGroup; service: ServiceInfo }
  | { kind: 'serviceHost'; group: ClusterGroup; service: ServiceInfo; replicas: HostReplicas }
  | { kind: 'replica'; group: ClusterGroup; service: ServiceInfo; replica: ServiceReplica }
  | { kind: 'sandboxes'; host: Host }
  | { kind: 'sandbox'; host: Host; sandbox: SandboxInfo }
  | { kind: 'message'; text: string; error: boolean; command?: { id: string; title: string; host: Host } };
