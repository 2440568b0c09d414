import type { DockerNetwork, NetworkInspect, SandboxInfo } from '@switchyard/protocol';
import type { Host } from '../hosts/host';
import type { ClusterGroup, ClusterNetwork } from './clusters';

/** Where a network lives: the host's Docker engine or Switchyard's engine. */
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
  | { kind: 'sandboxes'; host: Host }
  | { kind: 'sandbox'; host: Host; sandbox: SandboxInfo }
  | { kind: 'message'; text: string; error: boolean; command?: { id: string; title: string; host: Host } };
