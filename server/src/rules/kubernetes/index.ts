import type { K8sRule } from './rule';
import { K8S001 } from './K8S001-node-port-range';
import { K8S002 } from './K8S002-node-port-taken';
import { K8S003 } from './K8S003-node-port-on-cluster-ip';
import { K8S004 } from './K8S004-duplicate-host-port';
import { K8S005 } from './K8S005-host-port-clash';
import { K8S006 } from './K8S006-host-network-port-clash';
import { K8S008 } from './K8S008-ip-block';
import { K8S027 } from './K8S027-node-port-other-protocol';
import { K8S045 } from './K8S045-ip-block-host-bits';
import { K8S058 } from './K8S058-pod-service-cidr-overlap';
import { K8S061 } from './K8S061-service-selects-nothing';
import { K8S062 } from './K8S062-target-port-not-exposed';
import { K8S063 } from './K8S063-ingress-backend-missing';
import { K8S066 } from './K8S066-egress-cuts-dns';

/** Every Kubernetes rule, in catalogue order (reference/k8s-rules.md). */
export const kubernetesRules: K8sRule[] = [
  K8S001,
  K8S002,
  K8S003,
  K8S004,
  K8S005,
  K8S006,
  K8S008,
  K8S027,
  K8S045,
  K8S058,
  K8S061,
  K8S062,
  K8S063,
  K8S066,
].sort((a, b) => a.id.localeCompare(b.id));
