import type { DockerNetwork } from '@switchyard/protocol';
import type { Host } from '../hosts/host';

/** What a row of the Switchyard tree stands for; `contextValue` for menus is the `kind`. */
export type TreeNode =
  | { kind: 'host'; host: Host }
  | { kind: 'dockerNetworks'; host: Host }
  | { kind: 'network'; host: Host; network: DockerNetwork }
  | { kind: 'endpoint'; host: Host; network: DockerNetwork; endpointId: string }
  | { kind: 'message'; text: string; error: boolean };
