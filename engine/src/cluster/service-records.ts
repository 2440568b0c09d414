import { ServiceCreateParamsSchema, ServiceNetworkSchema } from '@switchyard/protocol';
import { z } from 'zod';
import { ROOT } from './records';

/**
 * What services keep in etcd, beside the overlay's keys (cluster/records.ts):
 *
 *   services/<id>            ServiceRecord (spec, networks with their VIPs); no lease: it outlives hosts
 *   svcnames/<name>          service id (name claim)
 *   svcports/<proto>/<port>  service id (an ingress-mode published port, claimed cluster-wide)
 *   tasks/<id>/<slot>        TaskRow: which host runs replica <slot>; no lease (re-placed when its host goes)
 *   ipam/<network id>/<vip>  {host: "service", endpoint: "vip:<id>"}: the VIP, claimed as any address, no lease
 *
 * A replica's endpoint rows (endpoints/<network>/<id>, under its host's lease) carry a `service` tag: they
 * are the load balancers' backends, so a replica whose host stops renewing its lease leaves every set.
 */
export const svcKeys = {
  service: (id: string) => `${ROOT}services/${id}`,
  services: `${ROOT}services/`,
  name: (name: string) => `${ROOT}svcnames/${name}`,
  port: (proto: string, port: number) => `${ROOT}svcports/${proto}/${port}`,
  task: (id: string, slot: number) => `${ROOT}tasks/${id}/${slot}`,
  tasks: (id: string) => `${ROOT}tasks/${id}/`,
};

/** The owner written into a VIP's address claim (never a host address, so no resync takes it back). */
export const VIP_OWNER = 'service';
export const vipClaimEndpoint = (serviceId: string) => `vip:${serviceId}`;

export const ServiceRecordSchema = z.object({
  id: z.string(),
  name: z.string(),
  created: z.string(),
  spec: ServiceCreateParamsSchema,
  /** The spec's networks resolved to ids (in its order), then the ingress network when ports need it. */
  networks: z.array(ServiceNetworkSchema),
});
export type ServiceRecord = z.infer<typeof ServiceRecordSchema>;

/** Where a replica runs: a host's advertise address, or '' while no host fits (then `why`). */
export const TaskRowSchema = z.object({
  slot: z.number().int(),
  host: z.string(),
  why: z.string().optional(),
});
export type TaskRow = z.infer<typeof TaskRowSchema>;

export { ServiceTagSchema, type ServiceTag } from '../model/types';

/** Docker's own ingress network: its name and default subnet. */
export const INGRESS_NETWORK = 'ingress';
export const INGRESS_SUBNET = '10.255.0.0/16';

export const replicaName = (service: string, slot: number) => `${service}.${slot}`;
