import type { Rule } from '../rule';
import { NET087 } from './network-mode/NET087-host-mode-ports-discarded';
import { NET089 } from './network-mode/NET089-none-mode-no-effect';
import { NET090 } from './ports/NET090-host-mode-port-clash';
import { NET100 } from './ports/NET100-port-syntax';
import { NET101 } from './ports/NET101-unquoted-port';
import { NET102 } from './ports/NET102-port-type';
import { NET103 } from './ports/NET103-port-host-ip';
import { NET104 } from './ports/NET104-port-missing-target';
import { NET105 } from './ports/NET105-port-target-invalid';
import { NET106 } from './ports/NET106-port-published-invalid';
import { NET107 } from './ports/NET107-port-protocol';
import { NET108 } from './ports/NET108-port-mode';
import { NET109 } from './ports/NET109-host-port-conflict';
import { NET110 } from './ports/NET110-replica-port-conflict';
import { NET111 } from './ports/NET111-port-range-exhausted';
import { NET112 } from './ports/NET112-fixed-port-in-range';
import { NET113 } from './ports/NET113-duplicate-port';
import { NET114 } from './ports/NET114-unbracketed-ipv6';
import { NET115 } from './ports/NET115-privileged-port';
import { NET116 } from './ports/NET116-ipv6-host-ip-without-ipv6';
import { NET117 } from './ports/NET117-expose-syntax';
import { NET118 } from './ports/NET118-container-name-scale';
import { NET119 } from './ports/NET119-scale-replicas';
import { NET151 } from './multi-file/NET151-override-port-added';
import { NET158 } from './ports/NET158-profile-port-conflict';
import { NET159 } from './ports/NET159-empty-host-port';
import { NET160 } from './swarm/NET160-dnsrr-ingress-port';
import { NET161 } from './swarm/NET161-host-mode-port-replicas';
import { NET162 } from './swarm/NET162-endpoint-mode';
import { NET163 } from './swarm/NET163-deploy-mode-replicas';
import { HOST003 } from './host/HOST003-host-port-in-use';

/**
 * Ports, replicas and network_mode side effects (catalogue 4.5, 4.6, 4.8, §5), in the order Compose meets
 * them: load-time syntax, then the engine's checks, then the allocator's conflicts, then the host. What only
 * swarm reads (endpoint_mode, deploy.mode, ports[].mode: NET160-NET163) follows the checks of the same fields.
 */
export const portRules: Rule[] = [
  NET102,
  NET100,
  NET104,
  NET103,
  NET119,
  NET118,
  NET117,
  NET105,
  NET106,
  NET107,
  NET108,
  NET162,
  NET163,
  NET160,
  NET101,
  NET113,
  NET114,
  NET115,
  NET116,
  NET159,
  NET151,
  NET087,
  NET089,
  NET109,
  NET110,
  NET158,
  NET111,
  NET112,
  NET090,
  NET161,
  HOST003,
];
