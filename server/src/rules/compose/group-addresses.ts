import type { Rule } from '../rule';
import { NET021 } from './host/NET021-external-network-missing';
import { NET030 } from './ipam/NET030-subnet-not-cidr';
import { NET031 } from './ipam/NET031-subnet-host-bits';
import { NET032 } from './ipam/NET032-config-without-subnet';
import { NET033 } from './ipam/NET033-ip-range';
import { NET034 } from './ipam/NET034-gateway';
import { NET035 } from './ipam/NET035-aux-address';
import { NET036 } from './ipam/NET036-subnet-overlap';
import { NET037 } from './ipam/NET037-subnet-in-default-pools';
import { NET038 } from './ipam/NET038-ipv6-subnet-without-enable';
import { NET039 } from './ipam/NET039-ipv4-disabled';
import { NET040 } from './addresses/NET040-ipv6-address-without-ipv6';
import { NET041 } from './drivers/NET041-ipam-driver-network-driver';
import { NET042 } from './drivers/NET042-unknown-driver';
import { NET043 } from './drivers/NET043-host-null-driver';
import { NET044 } from './drivers/NET044-attached-to-host-or-none';
import { NET045 } from './drivers/NET045-overlay-without-swarm';
import { NET046 } from './drivers/NET046-overlay-not-attachable';
import { NET047 } from './drivers/NET047-attachable-not-overlay';
import { NET048 } from './drivers/NET048-l2-without-parent';
import { NET049 } from './drivers/NET049-l2-loopback-parent';
import { NET050 } from './drivers/NET050-l2-mode';
import { NET051 } from './drivers/NET051-l2-shared-parent';
import { NET053 } from './ipam/NET053-empty-pool';
import { NET055 } from './addresses/NET055-interface-name-length';
import { NET056 } from './ports/NET056-ports-on-internal-only';
import { NET060 } from './addresses/NET060-ipv4-address-syntax';
import { NET061 } from './addresses/NET061-ipv6-address-syntax';
import { NET062 } from './addresses/NET062-static-ip-without-subnet';
import { NET063 } from './addresses/NET063-static-ip-outside-subnet';
import { NET064 } from './addresses/NET064-static-ip-in-use';
import { NET065 } from './addresses/NET065-static-ip-replicas';
import { NET066 } from './addresses/NET066-static-ip-in-ip-range';
import { NET067 } from './addresses/NET067-link-local-ip';
import { NET068 } from './addresses/NET068-mac-address-syntax';
import { NET069 } from './addresses/NET069-mac-differs-from-primary';
import { NET070 } from './addresses/NET070-duplicate-mac';
import { NET072 } from './addresses/NET072-interface-name-vs-ifname-opt';
import { NET073 } from './addresses/NET073-duplicate-interface-name';
import { NET074 } from './addresses/NET074-ambiguous-alias';
import { NET075 } from './addresses/NET075-gw-priority-tie';
import { HOST001 } from './host/HOST001-subnet-overlaps-host-network';
import { HOST004 } from './host/HOST004-subnet-overlaps-host-route';
import { HOST005 } from './host/HOST005-network-exists-with-other-subnet';
import { NET052 } from './host/NET052-parent-not-on-host';
import { NET054 } from './host/NET054-ipvlan-kernel';
import { NET071 } from './host/NET071-interface-name-engine';

/**
 * Drivers, IPAM and endpoint addresses (catalogue 4.3 and 4.4), in the order the engine meets them: the
 * network's driver and IPAM when it is created, then each endpoint; host-aware rules last.
 */
export const addressRules: Rule[] = [
  NET041,
  NET042,
  NET043,
  NET045,
  NET046,
  NET047,
  NET048,
  NET049,
  NET050,
  NET051,
  NET030,
  NET032,
  NET031,
  NET033,
  NET034,
  NET035,
  NET038,
  NET053,
  NET039,
  NET036,
  NET037,
  NET044,
  NET056,
  NET060,
  NET061,
  NET040,
  NET062,
  NET063,
  NET064,
  NET065,
  NET066,
  NET067,
  NET068,
  NET069,
  NET070,
  NET055,
  NET072,
  NET073,
  NET074,
  NET075,
  NET021,
  NET052,
  NET054,
  NET071,
  HOST001,
  HOST004,
  HOST005,
];
