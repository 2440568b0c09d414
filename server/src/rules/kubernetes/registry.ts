import type { K8sRule } from './rule';
import { K8S001 } from './node-ports/K8S001-node-port-range';
import { K8S002 } from './node-ports/K8S002-node-port-taken';
import { K8S003 } from './node-ports/K8S003-node-port-on-cluster-ip';
import { K8S004 } from './host-ports/K8S004-duplicate-host-port';
import { K8S005 } from './host-ports/K8S005-host-port-clash';
import { K8S006 } from './host-ports/K8S006-host-network-port-clash';
import { K8S007 } from './services/K8S007-duplicate-service-port';
import { K8S008 } from './network-policy/K8S008-ip-block';
import { K8S009 } from './services/K8S009-service-name';
import { K8S010 } from './services/K8S010-service-port-range';
import { K8S011 } from './services/K8S011-target-port-invalid';
import { K8S012 } from './services/K8S012-service-port-name';
import { K8S013 } from './services/K8S013-protocol';
import { K8S014 } from './services/K8S014-service-type';
import { K8S015 } from './services/K8S015-service-without-ports';
import { K8S016 } from './services/K8S016-headless-node-port';
import { K8S017 } from './cluster-ips/K8S017-cluster-ip-invalid';
import { K8S018 } from './cluster-ips/K8S018-ip-families';
import { K8S019 } from './services/K8S019-external-name';
import { K8S020 } from './services/K8S020-external-ip-special';
import { K8S021 } from './services/K8S021-load-balancer-fields';
import { K8S022 } from './services/K8S022-source-ranges';
import { K8S023 } from './services/K8S023-external-traffic-policy';
import { K8S024 } from './services/K8S024-session-affinity';
import { K8S025 } from './services/K8S025-headless-ignored';
import { K8S026 } from './services/K8S026-port-two-protocols';
import { K8S027 } from './node-ports/K8S027-node-port-other-protocol';
import { K8S028 } from './cluster-ips/K8S028-cluster-ip-out-of-range';
import { K8S029 } from './cluster-ips/K8S029-duplicate-cluster-ip';
import { K8S030 } from './cluster-ips/K8S030-ip-family-not-configured';
import { K8S031 } from './cluster-ips/K8S031-cluster-dns-address';
import { K8S032 } from './pods/K8S032-container-port-range';
import { K8S033 } from './pods/K8S033-container-port-name';
import { K8S034 } from './host-ports/K8S034-host-network-host-port';
import { K8S035 } from './pods/K8S035-duplicate-container-port';
import { K8S036 } from './host-ports/K8S036-host-ip-without-host-port';
import { K8S037 } from './selectors/K8S037-selector-template-mismatch';
import { K8S038 } from './host-ports/K8S038-host-port-replicas';
import { K8S039 } from './pods/K8S039-probe-port';
import { K8S040 } from './pods/K8S040-pod-dns-fields';
import { K8S041 } from './pods/K8S041-host-network-dns-policy';
import { K8S042 } from './network-policy/K8S042-peer-shape';
import { K8S043 } from './network-policy/K8S043-policy-ports';
import { K8S044 } from './network-policy/K8S044-policy-types';
import { K8S045 } from './network-policy/K8S045-ip-block-host-bits';
import { K8S046 } from './network-policy/K8S046-policy-types-ignore-rules';
import { K8S047 } from './network-policy/K8S047-ip-block-cluster-range';
import { K8S048 } from './ingress/K8S048-ingress-no-rules';
import { K8S049 } from './ingress/K8S049-ingress-path';
import { K8S050 } from './ingress/K8S050-ingress-backend-shape';
import { K8S051 } from './ingress/K8S051-ingress-host';
import { K8S052 } from './ingress/K8S052-ingress-class-conflict';
import { K8S053 } from './ingress/K8S053-ingress-host-path-clash';
import { K8S054 } from './ingress/K8S054-gateway-cel';
import { K8S055 } from './cluster/K8S055-kubeadm-subnet';
import { K8S056 } from './cluster/K8S056-kubeadm-subnet-size';
import { K8S057 } from './cluster/K8S057-kind-networking';
import { K8S058 } from './cluster/K8S058-pod-service-cidr-overlap';
import { K8S059 } from './cluster/K8S059-cidr-overlaps-node';
import { K8S060 } from './cluster/K8S060-cni-pool-mismatch';
import { K8S061 } from './selectors/K8S061-service-selects-nothing';
import { K8S062 } from './selectors/K8S062-target-port-not-exposed';
import { K8S063 } from './ingress/K8S063-ingress-backend-missing';
import { K8S064 } from './ingress/K8S064-route-backend-missing';
import { K8S065 } from './network-policy/K8S065-policy-selects-nothing';
import { K8S066 } from './network-policy/K8S066-egress-cuts-dns';
import { K8S067 } from './objects/K8S067-duplicate-object';
import { K8S068 } from './selectors/K8S068-service-name-not-headless';
import { K8S069 } from './selectors/K8S069-service-without-backends';
import { K8S070 } from './host-ports/K8S070-k3s-servicelb-host-port';
import { K8S071 } from './objects/K8S071-unknown-field';
import { K8S072 } from './objects/K8S072-missing-kind';

/** Every Kubernetes rule, in catalogue order (reference/k8s-rules.md). */
export const kubernetesRules: K8sRule[] = [
  K8S001,
  K8S002,
  K8S003,
  K8S004,
  K8S005,
  K8S006,
  K8S007,
  K8S008,
  K8S009,
  K8S010,
  K8S011,
  K8S012,
  K8S013,
  K8S014,
  K8S015,
  K8S016,
  K8S017,
  K8S018,
  K8S019,
  K8S020,
  K8S021,
  K8S022,
  K8S023,
  K8S024,
  K8S025,
  K8S026,
  K8S027,
  K8S028,
  K8S029,
  K8S030,
  K8S031,
  K8S032,
  K8S033,
  K8S034,
  K8S035,
  K8S036,
  K8S037,
  K8S038,
  K8S039,
  K8S040,
  K8S041,
  K8S042,
  K8S043,
  K8S044,
  K8S045,
  K8S046,
  K8S047,
  K8S048,
  K8S049,
  K8S050,
  K8S051,
  K8S052,
  K8S053,
  K8S054,
  K8S055,
  K8S056,
  K8S057,
  K8S058,
  K8S059,
  K8S060,
  K8S061,
  K8S062,
  K8S063,
  K8S064,
  K8S065,
  K8S066,
  K8S067,
  K8S068,
  K8S069,
  K8S070,
  K8S071,
  K8S072,
];
